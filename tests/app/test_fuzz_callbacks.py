"""Hostile and random input to every server callback, delivered the way Dash delivers it.

Every callback in the app's callback map is driven through Dash's own endpoint: no input may
give a 500, a stack trace, or user text where the browser would read it as HTML. A value of a
shape no page sends is refused with a Dutch 400 (app/verzoekcontrole.py) before any callback
runs: no request of this module may reach the generic error handling (counted, must be zero).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plotly.utils import PlotlyJSONEncoder
from werkzeug.test import TestResponse

from app import config as app_config
from app import errors, queries
from app.queries import WarehouseMissing, WarehouseUnreadable

# Hostile text: SQL and HTML injection, template and path tricks, control characters, huge text.
INJECTIES = (
    "' OR '1'='1", "x'); DROP TABLE fact_waarde; --", "1; SELECT * FROM etl_reject",
    "<script>alert('xss')</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>",
    "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x/a}", "../../etc/passwd", "%00", "\x00",
    "\u202egnp.exe", "é漢字🙂", "NaN", "-1", "1e309", "9" * 40, "2023.5", " ", "",
    "WK030701' --", "thema:", "doel:", "thema:Preventie' OR 1=1 --", "A" * 100_000,
)
# The short lists for the exhaustive tests: every URL parameter, every input of every callback.
KERN_INJECTIES = ("' OR '1'='1", "x'); DROP TABLE fact_waarde; --", "<script>alert('xss')</script>",
                  "<img src=x onerror=alert(1)>", "\x00", "é漢字🙂", "9" * 40, "A" * 100_000)
INPUT_INJECTIES = ("x' OR '1'='1", "<img src=x onerror=alert(1)>", "\x00", "A" * 100_000)
# In a store every key of a real state gets each value (queries are attacked in test_sql_injection).
STATE_INJECTIES = ("<img src=x onerror=alert(1)>", "A" * 100_000)
# Markers of injected markup: they may appear in plain text, never where the browser reads HTML.
HTML_MARKERS = ("<script", "<img", "<svg", "onerror=", "onload=", "javascript:")
# Attributes the browser follows or loads: markup or a javascript: URL there is never text.
LINK_PROPS = {"href", "src", "srcDoc", "action", "formAction", "data-href"}
ONVERWACHT = re.compile(r"foutcode [0-9a-f]{8}")  # errors.friendly_message: unexpected exception
# Exceptions errors.friendly_message words itself (a page's own check, a missing warehouse); any
# other exception that reaches Dash's on_error gets the generic message with a foutcode.
BENOEMD = (errors.OnbekendeWaarde, WarehouseMissing, WarehouseUnreadable)
# The longest URL a page can be opened with: gunicorn's limit_request_line (deploy/
# gunicorn.conf.py). A browser's query string, and so a Location's 'search', is never longer.
LANGSTE_ADRES = 8190
# A dropdown holds one of its options: codes and theme names, all far under this length.
LANGSTE_KEUZE = 200

# Real values from the fixture warehouse, so that random states often reach the deep paths.
INDICATOREN = ("test_weerbaar", "test_eenzaam", "cbs_aantal_inwoners", "cbs_pct_65_jaar_en_ouder")
GEBIEDEN = ("WK030701", "WK030703", "WK030704", "GM0307", "BU03070101")
INDELINGEN = ("wijk2024", "wijk2019", "buurt2024", "cluster", "vast")
KEUZES = ("", "thema:Preventie", "thema:Bevolking", "doel:RD-05", "doel:ME-A")
NIVEAUS = ("wijk", "buurt", "gebiedscluster")

# The URL parameters of each page (docs/app.md) and the store its state lives in.
PAGINAS = {
    "verkenner": ("/verkenner", "verkenner", ("thema", "doel", "indicator", "jaar", "niveau", "gebied",
                                     "weergave")),
}
# Invalid values these parameters get are replaced by the default without a notice (the view
# stays valid). A browser never sends them: app/params.py refuses such a link with a 4xx first.
STIL_VERVANGEN = {("verkenner", "weergave")}
# States the pages themselves make from these links: what a browser's store sends back.
STAAT_LINKS = {
    "verkenner": [{}, {"indicator": "test_weerbaar", "gebied": "WK030701"},
                  {"indicator": "test_eenzaam"}, {"doel": "RD-05"},
                  {"indicator": "cbs_aantal_inwoners", "niveau": "buurt"},
                  {"indicator": "cbs_pct_65_jaar_en_ouder", "weergave": "verschil",
                   "niveau": "gebiedscluster"},
                  {"indicator": "test_weerbaar", "jaar": "2019", "gebied": "WK030704"}],
}
STATEN: dict[str, list[dict]] = {}  # store id -> states, filled by the `client` fixture

# Concrete components behind the pattern-matching (ALL) ids, as the verkenner layout has them.
PATRONEN = {"verkenner-niveau": NIVEAUS, "verkenner-weergave": ("waarde", "verschil")}

# -- strategies --------------------------------------------------------------------------------

nasty = st.sampled_from(INJECTIES) | st.text(max_size=40)
tekst = nasty | st.sampled_from(INDICATOREN + GEBIEDEN + INDELINGEN + KEUZES + NIVEAUS)
scalair = st.none() | tekst | st.integers(-(2**70), 2**70) | st.booleans() | \
    st.floats(allow_nan=False, allow_infinity=False)


def _json(blad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(blad, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)


# Any JSON a browser can send (JSON.stringify writes no NaN or Infinity), kept small; a tampered
# request may also carry those literals, which the server refuses (400, app/security.py).
json_waarde = _json(scalair)
json_getampt = _json(scalair | st.floats())
state = st.fixed_dictionaries({}, optional={
    "keuze": st.none() | tekst, "indicator": st.none() | tekst,
    "jaar": st.none() | st.sampled_from([2019, 2021, 2023, 2024]) | scalair,
    "niveau": st.none() | tekst, "indeling": st.none() | tekst, "gebied": st.none() | tekst,
    "weergave": st.sampled_from(["waarde", "verschil"]) | tekst, "thema": st.none() | tekst,
})
# A plotly click: one point (or none) per trace under the cursor, with any customdata.
klik = st.none() | st.fixed_dictionaries({"points": st.lists(st.fixed_dictionaries(
    {}, optional={"customdata": tekst | st.lists(tekst, max_size=3), "curveNumber": st.integers()}),
    max_size=2)})


@st.composite
def zoekstring(draw: st.DrawFn) -> str:
    """A query string: known and unknown names (each once), hostile and valid values.

    A name given twice never reaches a page from a browser: app/params.py refuses the link.
    """
    namen = st.sampled_from(sorted({p for _, _, ps in PAGINAS.values() for p in ps})) | \
        st.text(max_size=10)
    waarden = tekst | st.integers(1900, 2100).map(str)
    paren = draw(st.lists(st.tuples(namen, waarden), max_size=5, unique_by=lambda p: p[0]))
    if draw(st.booleans()):
        return "?" + urlencode(paren)
    return draw(st.sampled_from(["", "?", "?&&", "?=x", "?a"])) + "".join(
        f"&{quote(k, safe='')}={v}" for k, v in paren)  # values unencoded, as a hand-edited link


def waarden(component: str, prop: str, realistisch: bool) -> st.SearchStrategy[Any]:
    """The values Dash can deliver for a property; `realistisch`: what a browser can send.

    A browser sends any URL text a page opens with, any value a control ever held (an option)
    and a plotly click; a store's data comes back as the server made it. A tampered request can
    send any JSON anywhere.
    """
    if prop == "search":
        zoek = st.none() | zoekstring()
        return (zoek.filter(lambda z: z is None or len(z) <= LANGSTE_ADRES) if realistisch
                else zoek | json_getampt)
    if prop == "pathname":
        pad = st.sampled_from(["/", "/verkenner", "/wijkprofiel", "/monitor", "/404",
                               "/bestaat-niet"]) | nasty.map(lambda t: "/" + t)
        return (pad.filter(lambda p: len(p) <= LANGSTE_ADRES) if realistisch
                else pad | json_getampt)
    if prop == "n_clicks":
        return st.none() | st.integers(0, 10**6) if realistisch else json_getampt
    if prop == "clickData":
        return klik if realistisch else klik | json_getampt
    if prop == "data":
        return st.sampled_from(STATEN[component]) if realistisch else (st.none() | state | json_getampt)
    if prop == "value" and realistisch:  # dropdowns: the year list holds numbers, others text
        if component.endswith("-jaar"):
            return st.none() | st.integers(1900, 2100)
        return st.none() | tekst.filter(lambda t: len(t) <= LANGSTE_KEUZE)
    return json_waarde if realistisch else json_getampt


# -- the callbacks and their request bodies ----------------------------------------------------


def callbacks(dash_app: Any) -> list[tuple[str, dict]]:
    """Every server-side callback of the app (clientside ones run no Python), by output key."""
    return sorted((key, spec) for key, spec in dash_app.callback_map.items() if "callback" in spec)


def naam(spec: dict) -> str:
    """'verkenner.render_kaart', 'dash.update' (the pages router), ..."""
    func = spec["callback"]
    return func.__module__.rsplit(".", 1)[-1] + "." + func.__name__


def _concreet(spec_id: str) -> list[dict] | None:
    """The concrete ids of an ALL pattern id ('{"type":...,"value":["ALL"]}'), else None."""
    if not spec_id.startswith("{"):
        return None
    pattern = json.loads(spec_id)
    return [{"type": pattern["type"], "value": v} for v in PATRONEN[pattern["type"]]]


def _outputs(spec: dict) -> Any:
    outputs = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    result: list = []
    for output in outputs:
        concreet = _concreet(output.component_id_str())
        if concreet is None:
            result.append({"id": output.component_id, "property": output.component_property})
        else:
            result.append([{"id": c, "property": output.component_property} for c in concreet])
    return result if isinstance(spec["output"], list) else result[0]


def body(key: str, spec: dict, waarde: Any, trigger: dict | None = None) -> dict:
    """The request Dash's renderer sends; `waarde(entry, concrete id)` gives each value."""
    def item(entry: dict) -> Any:
        concreet = _concreet(entry["id"])
        if concreet is None:
            return {"id": entry["id"], "property": entry["property"],
                    "value": waarde(entry, entry["id"])}
        return [{"id": c, "property": entry["property"], "value": waarde(entry, c)}
                for c in concreet]

    trigger = trigger or spec["inputs"][0]
    concreet = _concreet(trigger["id"])
    trigger_id = (json.dumps(concreet[0], sort_keys=True, separators=(",", ":")) if concreet
                  else trigger["id"])
    return {"output": key, "outputs": _outputs(spec), "inputs": [item(e) for e in spec["inputs"]],
            "state": [item(e) for e in spec["state"]],
            "changedPropIds": [f"{trigger_id}.{trigger['property']}"]}


@st.composite
def verzoek(draw: st.DrawFn, key: str, spec: dict, realistisch: bool) -> dict:
    """A request for one callback with drawn input and state values and a drawn trigger."""
    trigger = draw(st.sampled_from(spec["inputs"]))
    return body(key, spec, lambda e, _c: draw(waarden(e["id"], e["property"], realistisch)),
                trigger)


def rustig(entry: dict, _component: Any) -> Any:
    """A neutral value: the first stored state for stores, nothing for the rest."""
    if entry["property"] == "data":
        return STATEN[entry["id"]][0]
    if entry["property"] == "pathname":
        return "/"
    return None


# -- checks ------------------------------------------------------------------------------------


def html_plekken(node: Any, pad: str = "", component: str = "") -> Iterator[str]:
    """Paths of injected markup where the browser would read it as HTML or follow it as a link.

    Strings in a component's children or ordinary attributes are text (React escapes them);
    Markdown, `dangerously_allow_html`, link and source attributes and Plotly figures (which
    render a subset of HTML in titles, labels and hover text) are not.
    """
    if isinstance(node, dict):
        soort = node.get("type", component) if "props" in node else component
        # Server-escaped HTML (components.ruwe_html: the tables of components.html_tabel, the
        # ranking of app/onderdelen/rangorde.py, in `data-html`, which the browser parses; or a
        # Markdown with dangerously_allow_html): only their tags, without attributes that run
        # code; all text between them escaped (no '<' of its own).
        ruw = ("data-html" if isinstance(node.get("data-html"), str) and "props" not in node
               else "children" if soort == "Markdown" and node.get("dangerously_allow_html")
               else None)
        if ruw is not None:
            tekst = node.get(ruw) if isinstance(node.get(ruw), str) else ""
            for tag in re.findall(r"<[^>]*>", tekst):
                naam_ = re.match(r"</?([a-zA-Z0-9]+)", tag)
                if (not naam_ or naam_.group(1).lower() not in HTML_BLOK_TAGS
                        or re.search(r"\son\w+\s*=|javascript:", tag, re.IGNORECASE)):
                    yield f"{pad}.{ruw} ({soort}, html): {tag[:60]!r}"
            node = {k: v for k, v in node.items() if k != ruw}
        for k, v in node.items():
            if k == "figure" or (k == "layout" and isinstance(v, dict) and "data" in node):
                if _markup(json.dumps(v, default=str)):
                    yield f"{pad}.{k}: markup in a figure"
                continue
            if isinstance(v, str) and _markup(v) and (soort == "Markdown" or k in LINK_PROPS):
                yield f"{pad}.{k} ({soort or '?'}): {v[:60]!r}"
            yield from html_plekken(v, f"{pad}.{k}", soort)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from html_plekken(v, f"{pad}[{i}]", component)
    elif isinstance(node, str) and component == "Markdown" and _markup(node):
        yield f"{pad} (Markdown): {node[:60]!r}"


# The tags components.html_tabel and rangorde.rangorde_html write: the only HTML a ruwe_html
# component (or a dangerously_allow_html Markdown) may hold.
HTML_BLOK_TAGS = {"table", "caption", "thead", "tbody", "tr", "th", "td",
                  "p", "strong", "span", "ol", "li", "a"}


def _markup(text: str) -> bool:
    lower = text.lower()
    return any(m in lower for m in HTML_MARKERS)


def _antwoord_plekken(data: dict) -> Iterator[str]:
    """html_plekken over a callback answer; stores ('data') are never rendered, so skipped."""
    for deel in ("response", "sideUpdate"):
        for component_id, props in (data.get(deel) or {}).items():
            for prop, waarde in props.items():
                if prop == "data":
                    continue
                pad = f"{deel}.{component_id}.{prop}"
                if prop == "figure":
                    if _markup(json.dumps(waarde, default=str)):
                        yield f"{pad}: markup in a figure"
                elif prop in LINK_PROPS and isinstance(waarde, str) and _markup(waarde):
                    yield f"{pad}: {waarde[:60]!r}"
                else:
                    yield from html_plekken(waarde, pad)


# -- the app, its callbacks and the requests ---------------------------------------------------

# 150 examples per kind of request; a request that renders a 100 kB value may take a while.
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
# The titles of the server's own Dutch error pages (errors.install_http_handlers).
FOUTPAGINA_TITELS = (*errors.HTTP_TITELS.values(), "Dit verzoek kan niet worden verwerkt")
# The iframe code a page offers to copy: one element, every attribute value quoted and escaped.
IFRAME = re.compile(r'<iframe(?: [a-z-]+="[^"<>]*")*></iframe>')


def _op_het_kleine_warehouse(warehouse_path: Path) -> None:
    app_config.activate(app_config.Config(warehouse=warehouse_path))
    queries.configure(warehouse_path)


@pytest.fixture(scope="module")
def client(dash_app: Any, warehouse_path: Path) -> Iterator[FlaskClient]:
    """The real app's test client; fills STATEN with the states the pages make from STAAT_LINKS."""
    _op_het_kleine_warehouse(warehouse_path)
    test_client = dash_app.server.test_client()
    # Dash finishes its set-up (the pages' callbacks join the callback map) on the first request.
    assert test_client.get("/").status_code == 200
    alle = dict(callbacks(dash_app))
    for pagina, links in STAAT_LINKS.items():
        pad, p, _ = PAGINAS[pagina]
        staten = []
        for link in links:
            layout = open_pagina(test_client, alle, pad, "?" + urlencode(link) if link else "")
            melding = zichtbare_tekst(onderdeel(layout, f"{p}-melding"))
            assert melding == "", (pagina, link, melding)  # the links themselves are valid
            staten.append(onderdeel(layout, f"{p}-state")["props"]["data"])
        STATEN[f"{p}-state"] = staten
    yield test_client
    STATEN.clear()


@pytest.fixture(scope="module")
def specs(client: FlaskClient, dash_app: Any) -> dict[str, dict]:
    """The server callbacks by output key, read from the app at run time (new ones included)."""
    return dict(callbacks(dash_app))


@pytest.fixture(autouse=True)
def _kleine_warehouse(client: FlaskClient, warehouse_path: Path) -> None:
    """Each test reads the small warehouse, whatever a test of another module configured."""
    _op_het_kleine_warehouse(warehouse_path)


@pytest.fixture(params=[True, False], ids=["browser", "tampered"])
def realistisch(request: pytest.FixtureRequest) -> bool:
    """True: values a browser can send; False: a hand-made request with any JSON anywhere."""
    return request.param


@dataclass
class Toezicht:
    """What one test's requests did; everything but the counts of answers must stay empty."""

    verzoeken: int = 0
    geweigerd: int = 0  # answered with 400 (app/verzoekcontrole.py, app/security.py)
    onverwacht: int = 0  # answers with the generic message (ONVERWACHT)
    generiek: list[str] = field(default_factory=list)  # on_error with an unworded exception
    benoemd: list[str] = field(default_factory=list)  # on_error with a page's own Dutch message
    flask: list[str] = field(default_factory=list)  # Flask's handler of unexpected exceptions


TOEZICHT: list[Toezicht] = []  # the running test's record (the module's client fixture: none)


@pytest.fixture(autouse=True)
def geen_generieke_fout(dash_app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Toezicht]:
    """Count every call of Dash's on_error and of Flask's handler of unexpected exceptions
    during the test; after it, none may have met an exception without a message of its own."""
    toezicht = Toezicht()
    on_error = dash_app._on_error  # what Dash calls (app_on_error), errors.on_error

    def tel_on_error(exc: Exception) -> Any:
        (toezicht.benoemd if isinstance(exc, BENOEMD) else toezicht.generiek).append(
            f"{type(exc).__name__}: {str(exc)[:120]}")
        return on_error(exc)

    handlers = dash_app.server.error_handler_spec[None][None]
    onverwacht = handlers[Exception]  # errors.install_http_handlers' _onverwacht

    def tel_flask(exc: Exception) -> Any:
        toezicht.flask.append(f"{type(exc).__name__}: {str(exc)[:120]}")
        return onverwacht(exc)

    monkeypatch.setattr(dash_app, "_on_error", tel_on_error)
    monkeypatch.setitem(handlers, Exception, tel_flask)
    TOEZICHT.append(toezicht)
    yield toezicht
    TOEZICHT.remove(toezicht)
    assert (toezicht.onverwacht, toezicht.generiek, toezicht.flask) == (0, [], []), \
        f"{toezicht.verzoeken} requests reached the generic error handling: {toezicht}"
    # nor does any reach on_error with a page's own message: a store naming an indicator or area
    # the warehouse does not hold is refused by the request check (app/viewstate.py)
    assert toezicht.benoemd == [], f"requests reached on_error: {toezicht.benoemd}"


def post(client: FlaskClient, request_body: dict) -> TestResponse:
    """Send a callback request to Dash's endpoint, as the renderer in the browser does."""
    response = client.post("/_dash-update-component", json=request_body)
    for toezicht in TOEZICHT:
        toezicht.verzoeken += 1
        toezicht.geweigerd += response.status_code == 400
        toezicht.onverwacht += bool(ONVERWACHT.search(response.get_data(as_text=True)))
    return response


def sleutel(specs: dict[str, dict], functie: str) -> str:
    """The output key of the callback `functie` ('monitor.sync_state', 'dash.update')."""
    return next(key for key, spec in specs.items() if naam(spec) == functie)


def met(entry: dict, waarde: Any) -> Callable[[dict, Any], Any]:
    """Values for body(): `waarde` in `entry` (every concrete component of it), else neutral."""
    return lambda e, component: waarde if e is entry else rustig(e, component)


def onderdeel(node: Any, component_id: str) -> dict:
    """The component with this id in a layout as JSON; fails when there is none."""
    gevonden = _zoek(node, component_id)
    assert gevonden is not None, f"no component {component_id!r}"
    return gevonden


def _zoek(node: Any, component_id: str) -> dict | None:
    if isinstance(node, dict):
        if isinstance(node.get("props"), dict) and node["props"].get("id") == component_id:
            return node
        nodes = list(node.values())
    elif isinstance(node, list):
        nodes = node
    else:
        return None
    for kind in nodes:
        gevonden = _zoek(kind, component_id)
        if gevonden is not None:
            return gevonden
    return None


def zichtbare_tekst(node: Any) -> str:
    """The text of a component's children (what the reader sees)."""
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "".join(zichtbare_tekst(n) for n in node)
    if isinstance(node, dict):
        return zichtbare_tekst(node["props"].get("children")) if "props" in node else ""
    return ""


def open_pagina(client: FlaskClient, specs: dict[str, dict], pad: str, search: str) -> Any:
    """The layout the pages router returns for a URL (how a browser opens a page)."""
    key = sleutel(specs, "dash.update")
    response = post(client, body(key, specs[key], lambda e, _c: pad if e["property"] == "pathname"
                                 else search))
    controleer(response, realistisch=True)
    return response.get_json()["response"]["_pages_content"]["children"]


def _nederlandse_foutpagina(text: str) -> bool:
    return '<html lang="nl">' in text and any(t in text for t in FOUTPAGINA_TITELS)


def controleer(response: TestResponse, realistisch: bool) -> None:
    """No 500, no trace, no injected markup where the browser reads HTML or follows a link.

    A browser's request is answered (200) or left alone (204, PreventUpdate); a tampered one may
    also be refused with a Dutch error page (400, app/verzoekcontrole.py). No request reaches an
    unexpected exception (the generic message with a foutcode).
    """
    text = response.get_data(as_text=True)
    status = response.status_code
    samenvatting = f"{status}: {text[:300]!r}"
    if realistisch:
        assert status in (200, 204), samenvatting
    else:
        assert status in (200, 204) or (status == 400 and _nederlandse_foutpagina(text)), \
            samenvatting
    assert not ONVERWACHT.search(text), samenvatting
    assert "Traceback" not in text and 'File "' not in text, samenvatting
    if status == 200 and response.is_json:
        plekken = list(_antwoord_plekken(response.get_json()))
        assert not plekken, plekken[:5]


def link_fouten(data: dict) -> list[str]:
    """Links in a callback answer that carry markup or unescaped text (query strings, iframes)."""
    fouten = []
    for pad, link in _links({deel: data.get(deel) for deel in ("response", "sideUpdate")}):
        if "<iframe" in link:  # text to paste into another site: all of it is HTML there
            attributen = dict(re.findall(r' ([a-z-]+)="([^"]*)"', link))
            goed = (IFRAME.fullmatch(link) is not None
                    and _schone_url(unescape(attributen.get("src", ""))))
        else:
            goed = _schone_url(link)
        if not goed:
            fouten.append(f"{pad}: {link[:80]!r}")
    return fouten


def _schone_url(url: str) -> bool:
    """No markup, no javascript: and nothing that ends an attribute: user text is %-encoded."""
    return not _markup(url) and not re.search(r"[<>\"'`\s]", url)


def _links(node: Any, pad: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            # 'search' is dcc.Location's query string, except in a dropdown's options, where
            # it is the text the option is found by (app/zoeken.py)
            zoektekst = k == "search" and ".options[" in pad
            if isinstance(v, str) and (k in LINK_PROPS or (k == "search" and not zoektekst)
                                       or "<iframe" in v):
                yield f"{pad}.{k}", v
            else:
                yield from _links(v, f"{pad}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _links(v, f"{pad}[{i}]")


def bevinding(response: TestResponse) -> str | None:
    """What is wrong with the answer to a hostile request, or None.

    controleer() for a tampered request, and stricter: one hostile value amid neutral ones is
    turned away by the page's own checks, never by an unexpected exception (a foutcode).
    """
    try:
        controleer(response, realistisch=False)
        assert not ONVERWACHT.search(response.get_data(as_text=True)), "unexpected error"
    except AssertionError as exc:
        return str(exc)[:400]
    return None


def _kort(waarde: Any) -> str:
    return repr(waarde)[:40]


def _zoals_de_browser(entry: dict, waarde: str) -> str:
    """Location values as a browser has them: a path starts with '/', a query with '?'."""
    return {"pathname": "/", "search": "?"}.get(entry["property"], "") + waarde


# -- hostile values in every input, every store key and every URL parameter --------------------


def test_hostile_value_in_every_input_of_every_callback(client: FlaskClient,
                                                        specs: dict[str, dict]) -> None:
    """Each input and state (stores aside) of each callback gets each hostile value in turn."""
    fouten: list[str] = []
    for key, spec in specs.items():
        for entry in spec["inputs"] + spec["state"]:
            if entry["property"] == "data":
                continue  # stores: every key of a real state, in the next test
            trigger = entry if entry in spec["inputs"] else None
            for waarde in INPUT_INJECTIES:
                waarde = _zoals_de_browser(entry, waarde)
                fout = bevinding(post(client, body(key, spec, met(entry, waarde), trigger)))
                if fout:
                    fouten.append(f"{naam(spec)} {entry['id']}.{entry['property']}="
                                  f"{_kort(waarde)}: {fout}")
    assert not fouten, "\n".join(fouten[:20])


def test_hostile_value_in_every_key_of_a_state_never_reaches_html_or_a_link(
        client: FlaskClient, specs: dict[str, dict]) -> None:
    """Every key of a real state gets each hostile value; the links built from it stay clean.

    The real states take turns (a map costs a third of a second to draw): every key gets every
    value in every callback that reads the store, each time in another of the page's states.
    """
    fouten: list[str] = []
    for n, (key, spec) in enumerate(sorted(specs.items())):
        for entry in spec["inputs"] + spec["state"]:
            if entry["property"] != "data":
                continue
            # A store as input triggers; as state, a changed control makes the callback read it.
            trigger = entry if entry in spec["inputs"] else next(
                (e for e in spec["inputs"] if e["property"] in ("value", "n_clicks")), None)
            staten = STATEN[entry["id"]]
            sleutels = sorted({k for staat in staten for k in staat})
            for i, (sleutel_, waarde) in enumerate(
                    (k, v) for k in sleutels for v in STATE_INJECTIES):
                staat = staten[(n + i) % len(staten)]
                getampt = {**staat, sleutel_: waarde}
                response = post(client, body(key, spec, met(entry, getampt), trigger))
                wat = f"{naam(spec)} {sleutel_}={_kort(waarde)} in {_kort(staat)}"
                fout = bevinding(response)
                if fout:
                    fouten.append(f"{wat}: {fout}")
                elif response.status_code == 200 and response.is_json:
                    fouten += [f"{wat}: {f}" for f in link_fouten(response.get_json())]
    assert not fouten, "\n".join(fouten[:20])


@pytest.mark.parametrize("pagina", sorted(PAGINAS))
def test_a_bad_url_parameter_gets_a_notice_on_the_page(client: FlaskClient, specs: dict[str, dict],
                                                       pagina: str) -> None:
    """A changed URL (sync_state) and an opened page (the router): a Dutch notice for each bad
    parameter, except the known ones that fall back to the default view without a word.

    A query string longer than any URL a page opens with (the 100,000-character value) is no
    browser's: the request check refuses it with a Dutch 400, whatever the parameter.
    """
    pad, p, params = PAGINAS[pagina]
    sync = sleutel(specs, f"{pagina}.sync_state")
    router = sleutel(specs, "dash.update")
    url = next(e for e in specs[sync]["inputs"] if e["property"] == "search")
    standaard = STATEN[f"{p}-state"][0]  # the state of the page without parameters
    fouten: list[str] = []
    for j, param in enumerate(params):
        for k, waarde in enumerate(KERN_INJECTIES):
            search = "?" + urlencode({param: waarde})
            if len(search) > LANGSTE_ADRES:
                for key, waarde_van in ((sync, met(url, search)), (router, lambda e, _c, z=search: (
                        pad if e["property"] == "pathname" else z))):
                    response = post(client, body(key, specs[key], waarde_van))
                    tekst = response.get_data(as_text=True)
                    if response.status_code != 400 or not _nederlandse_foutpagina(tekst):
                        fouten.append(f"{naam(specs[key])} {param}={_kort(waarde)}: not refused "
                                      f"({response.status_code})")
                continue
            response = post(client, body(sync, specs[sync], met(url, search), url))
            controleer(response, realistisch=True)
            antwoord = response.get_json()["response"]
            uitkomsten = [("sync_state", zichtbare_tekst(antwoord[f"{p}-melding"]["children"]),
                           antwoord[f"{p}-state"]["data"])]
            # Opening a page costs more: each parameter once, with the values in turn.
            if k == (len(KERN_INJECTIES) - 1 - j) % len(KERN_INJECTIES):
                layout = open_pagina(client, specs, pad, search)
                uitkomsten.append(("layout", zichtbare_tekst(onderdeel(layout, f"{p}-melding")),
                                   onderdeel(layout, f"{p}-state")["props"]["data"]))
            for bron, melding, staat in uitkomsten:
                wat = f"{bron} {param}={_kort(waarde)}"
                if (pagina, param) in STIL_VERVANGEN:
                    if melding or staat != standaard:
                        fouten.append(f"{wat}: not the default: {melding[:80]!r} {staat}")
                elif not re.search(r"\b(niet|geen)\b", melding):
                    fouten.append(f"{wat}: no notice ({melding[:80]!r})")
    assert not fouten, "\n".join(fouten[:20])


def test_random_input_to_any_callback_raises_nothing_unhandled(client: Any, specs: dict[str, dict],
                                                               realistisch: bool) -> None:
    @SETTINGS
    @given(request_body=st.sampled_from(sorted(specs)).flatmap(
        lambda key: verzoek(key, specs[key], realistisch)))
    def run(request_body: dict) -> None:
        controleer(post(client, request_body), realistisch)

    run()


def test_a_map_click_outside_an_area_is_ignored(client: Any, specs: dict[str, dict]) -> None:
    key = next(k for k, s in specs.items() if naam(s) == "verkenner.sync_state")
    klik = next(e for e in specs[key]["inputs"] if e["property"] == "clickData")

    def waarde(entry: dict, component: Any) -> Any:
        return {"points": [{"curveNumber": 40}]} if entry is klik else rustig(entry, component)

    response = post(client, body(key, specs[key], waarde, klik))
    assert response.status_code == 204  # nothing to update, and no error


def test_the_html_check_reads_server_escaped_html_blocks() -> None:
    """html_plekken reads a ruwe_html block's `data-html` as HTML: foreign tags and attributes
    that run code are reported, the ranking's and tables' own tags are not."""
    from app import components

    def plekken(tekst: str) -> list[str]:
        return list(html_plekken(json.loads(json.dumps(components.ruwe_html(tekst, "x"),
                                                       cls=PlotlyJSONEncoder))))

    assert plekken('<table class="datatabel"><tr><td class="num">1</td></tr></table>') == []
    assert plekken('<ol class="rang-lijst"><li><a href="?gebied=WK1">x</a></li></ol>') == []
    assert plekken("<td><script>alert(1)</script></td>")
    assert plekken('<span onmouseover="alert(1)">x</span>')
    assert plekken('<a href="javascript:alert(1)">x</a>')
