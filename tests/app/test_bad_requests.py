"""Malformed requests get a short Dutch 4xx page, never a 500 or a traceback (app/security.py).

The real app through Flask's test client on the small fixture warehouse: callback requests that
are not what Dash's renderer sends (shape, ids, NaN, surrogates, size, nesting, encodings),
component-suite and asset paths that name no file, odd methods; plus a hypothesis fuzz of bodies.
The valid requests the malformed ones are made from are answered normally (the checks refuse
nothing a browser sends).
"""

from __future__ import annotations

import copy
import gzip
import io
import json
import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import orjson
import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from app import config as app_config
from app import verzoekcontrole

URL = "/_dash-update-component"
MELDING = re.compile(r'<p class="melding-tekst">(.*?)</p>', re.S)
# Fragments of what must never reach a user: a trace, a source path, werkzeug's English texts.
LEKKEN = ("Traceback", 'File "', "site-packages", "werkzeug", "The browser", "Failed to decode",
          "KeyError", "TypeError", "AttributeError", "RecursionError")
MAX_MELDING = 200  # characters: "short"


@pytest.fixture()
def client(dash_app, app_env) -> FlaskClient:
    test_client = dash_app.server.test_client()
    assert test_client.get("/").status_code == 200  # Dash's set-up fills the callback map
    return test_client


@pytest.fixture()
def geldig(client: FlaskClient, dash_app) -> dict:
    """A request exactly as the renderer sends it: Dash's pages router opening '/'.

    The router is Dash's own callback, so the cases below do not depend on the pages' callbacks.
    """
    key = next(k for k, spec in dash_app.callback_map.items()
               if [i["id"] for i in spec["inputs"]] == ["_pages_location", "_pages_location"])
    return {
        "output": key,
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
                   {"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": ["_pages_location.pathname"],
        "parsedChangedPropsIds": ["_pages_location.pathname"],
    }


def nederlandse_weigering(response: TestResponse, status: int) -> str:
    """The one Dutch message of a refusal page with `status`; fails on a trace or a long text."""
    text = response.get_data(as_text=True)
    assert response.status_code == status, f"{response.status_code}: {text[:300]!r}"
    assert response.mimetype == "text/html" and '<html lang="nl">' in text
    for lek in LEKKEN:
        assert lek not in text, lek
    meldingen = MELDING.findall(text)
    assert len(meldingen) == 1, text[:500]
    melding = meldingen[0].strip()
    assert 0 < len(melding) <= MAX_MELDING, melding
    assert re.search(r"\b(het|de|dit|niet|geen|kan|verzoek|pagina)\b", melding), melding
    return melding


def post_raw(client: FlaskClient, data: bytes | str, **kwargs: Any) -> TestResponse:
    kwargs.setdefault("content_type", "application/json")
    return client.post(URL, data=data, **kwargs)


def test_the_valid_request_the_cases_are_made_from_is_answered(client, geldig) -> None:
    response = client.post(URL, json=geldig)
    assert response.status_code == 200
    assert "_pages_content" in response.get_json()["response"]


# -- callback requests: one parametrized case list per class -----------------------------------

def _zet(pad: tuple, waarde: Any) -> Callable[[dict], Any]:
    """A change of the valid request: the value at `pad` (keys and indexes) becomes `waarde`."""
    def wijzig(body: dict) -> Any:
        node = body
        for stap in pad[:-1]:
            node = node[stap]
        node[pad[-1]] = waarde
        return body
    return wijzig


def _zonder(sleutel: str) -> Callable[[dict], Any]:
    def wijzig(body: dict) -> Any:
        del body[sleutel]
        return body
    return wijzig


def _erbij(deel: str, item: Any) -> Callable[[dict], Any]:
    def wijzig(body: dict) -> Any:
        body[deel] = [*body[deel], item]
        return body
    return wijzig


VORM = {
    # The body is not an object.
    "list": lambda b: [b],
    "text": lambda _b: "output",
    "number": lambda _b: 1,
    "null": lambda _b: None,
    "true": lambda _b: True,
    # 'output' missing, of the wrong type, or naming no callback.
    "no output": _zonder("output"),
    "output number": _zet(("output",), 5),
    "output null": _zet(("output",), None),
    "output list": _zet(("output",), ["_pages_content.children"]),
    "output object": _zet(("output",), {"id": "x"}),
    "unknown output": _zet(("output",), "bestaat-niet.children"),
    "output of one half": _zet(("output",), "_pages_content.children"),
    # 'outputs' missing or not the callback's.
    "no outputs": _zonder("outputs"),
    "outputs text": _zet(("outputs",), "_pages_content.children"),
    "outputs object for two": _zet(("outputs",), {"id": "_pages_content", "property": "children"}),
    "outputs one short": _zet(("outputs",), [{"id": "_pages_content", "property": "children"}]),
    "outputs unknown id": _zet(("outputs", 0, "id"), "bestaat-niet"),
    "outputs other property": _zet(("outputs", 1, "property"), "style"),
    # 'inputs' missing, of the wrong type, of the wrong length, with unknown component ids.
    "no inputs": _zonder("inputs"),
    "inputs null": _zet(("inputs",), None),
    "inputs object": _zet(("inputs",), {"id": "_pages_location", "property": "pathname"}),
    "inputs text": _zet(("inputs",), "x"),
    "inputs one short": lambda b: {**b, "inputs": b["inputs"][:1]},
    "inputs one extra": _erbij("inputs", {"id": "_pages_location", "property": "hash"}),
    "input unknown id": _zet(("inputs", 0, "id"), "bestaat-niet"),
    "input pattern id": _zet(("inputs", 0, "id"), {"type": "_pages_location"}),
    "input id number": _zet(("inputs", 0, "id"), 7),
    "input other property": _zet(("inputs", 1, "property"), "hash"),
    "input no property": lambda b: {**b, "inputs": [{"id": "_pages_location", "value": "/"},
                                                    b["inputs"][1]]},
    "input is a list": _zet(("inputs", 0), [{"id": "_pages_location", "property": "pathname"}]),
    "input is text": _zet(("inputs", 0), "_pages_location.pathname"),
    # 'state' where the callback has none, or not a list.
    "state text": _zet(("state",), "x"),
    "state extra": _zet(("state",), [{"id": "_pages_store", "property": "data", "value": {}}]),
    "state object": _zet(("state",), {}),
    # 'changedPropIds' not a list of names.
    "changedPropIds text": _zet(("changedPropIds",), "_pages_location.pathname"),
    "changedPropIds object": _zet(("changedPropIds",), [{"id": "_pages_location"}]),
    "changedPropIds number": _zet(("changedPropIds",), [1]),
    "parsedChangedPropsIds number": _zet(("parsedChangedPropsIds",), [2]),
}


@pytest.mark.parametrize("wijziging", list(VORM.values()), ids=list(VORM))
def test_a_callback_request_of_the_wrong_shape_is_refused_with_400(client, geldig,
                                                                   wijziging) -> None:
    response = post_raw(client, json.dumps(wijziging(copy.deepcopy(geldig))))
    nederlandse_weigering(response, 400)


def _body_tekst(geldig: dict, waarde_json: str) -> str:
    """The valid request as JSON text with `waarde_json` as the search value (raw JSON)."""
    tekst = json.dumps({**geldig, "inputs": [geldig["inputs"][0],
                                             {**geldig["inputs"][1], "value": "@@"}]})
    return tekst.replace('"@@"', waarde_json)


# Not JSON a browser writes: broken text, non-standard literals, lone surrogates, other encodings.
TEKST = {
    "empty": lambda _g: b"",
    "cut off": lambda g: json.dumps(g)[:-3].encode(),
    "single quotes": lambda _g: b"{'output': 'x'}",
    "trailing comma": lambda g: json.dumps(g)[:-1].encode() + b",}",
    "NaN": lambda g: _body_tekst(g, "NaN").encode(),
    "Infinity": lambda g: _body_tekst(g, "Infinity").encode(),
    "-Infinity in a list": lambda g: _body_tekst(g, "[1, -Infinity]").encode(),
    "1e400": lambda g: _body_tekst(g, "1e400").encode(),
    "NaN as output": lambda _g: b'{"output": NaN}',
    "lone high surrogate": lambda g: _body_tekst(g, '"?a=\\ud800"').encode(),
    "lone low surrogate": lambda g: _body_tekst(g, '"\\udc00"').encode(),
    "surrogate in output": lambda _g: b'{"output": "\\ud83d.children"}',
    "invalid UTF-8": lambda g: _body_tekst(g, '"\xff\xfe"').encode("latin-1"),
    "UTF-16": lambda g: json.dumps(g).encode("utf-16"),
    "byte order mark": lambda g: b"\xef\xbb\xbf" + json.dumps(g).encode(),
    "raw NUL in text": lambda g: _body_tekst(g, '"a\x00b"').encode(),
}


@pytest.mark.parametrize("maak", list(TEKST.values()), ids=list(TEKST))
def test_a_body_that_is_not_strict_json_is_refused_with_400(client, geldig, maak) -> None:
    nederlandse_weigering(post_raw(client, maak(geldig)), 400)


def _genest(diepte: int) -> str:
    """JSON text of lists nested `diepte` deep around one string (json.dumps recurses)."""
    return "[" * diepte + '"x"' + "]" * diepte


DIEP = {
    # The value is nested 1,000 deep (the body one level more); orjson alone allows 1,024.
    "value 1000 deep": lambda g: _body_tekst(g, _genest(1000)).encode(),
    "value just past the limit": lambda g: _body_tekst(g, _genest(verzoekcontrole.MAX_DIEPTE - 2)).encode(),
    "body 1000 deep": lambda _g: b"[" * 1000 + b"]" * 1000,
    "objects 2000 deep": lambda _g: b'{"a":' * 2000 + b"1" + b"}" * 2000,
    "100k inputs": lambda g: json.dumps({**g, "inputs": [0] * 100_000}).encode(),
    "10k well-formed inputs": lambda g: json.dumps(
        {**g, "inputs": [{"id": "_pages_location", "property": "pathname"}] * 10_000}).encode(),
}


@pytest.mark.parametrize("maak", list(DIEP.values()), ids=list(DIEP))
def test_deep_or_wide_requests_are_refused_with_400(client, geldig, maak) -> None:
    body = maak(geldig)
    assert len(body) < app_config.Config.max_body  # refused for its shape, not its size
    nederlandse_weigering(post_raw(client, body), 400)


def test_nesting_up_to_the_limit_passes_the_envelope_and_meets_the_value_check(
        client, geldig, dash_app) -> None:
    # Nested within the limit, the body is no envelope fault; the value check then refuses the
    # search value for its shape (a list is no query string), not for its depth.
    body = _body_tekst(geldig, _genest(verzoekcontrole.MAX_DIEPTE - 3))
    assert not verzoekcontrole.te_diep(json.loads(body))
    assert verzoekcontrole.callback_fout(json.loads(body), dash_app.callback_map) is None
    melding = nederlandse_weigering(post_raw(client, body), 400)
    assert "_pages_location.search" in melding and "genest" not in melding


@pytest.mark.parametrize("maak", [
    lambda g: json.dumps({**g, "inputs": [g["inputs"][0]] * 100_000}),  # 100k inputs, 6 MB
    lambda g: _body_tekst(g, json.dumps("?indicator=" + "a" * (1024 * 1024))),
    lambda g: json.dumps({**g, "pad": " " * (1024 * 1024)}),
], ids=["100k inputs with values", "a 1 MB value", "1 MB of padding"])
def test_a_body_over_the_limit_is_refused_with_413(client, geldig, maak) -> None:
    body = maak(geldig).encode()
    assert len(body) > app_config.Config.max_body
    melding = nederlandse_weigering(post_raw(client, body), 413)
    assert "groter" in melding


def test_a_chunked_body_over_the_limit_is_refused_with_413(client, geldig) -> None:
    """Without Content-Length: gunicorn and werkzeug's server pass the stream on, and werkzeug
    reads it up to the limit only."""
    body = json.dumps({**geldig, "pad": " " * (1024 * 1024)}).encode()
    for stuk in (body, body[:app_config.Config.max_body]):
        response = client.post(URL, input_stream=io.BytesIO(stuk), content_type="application/json",
                               headers={"Transfer-Encoding": "chunked"},
                               environ_overrides={"wsgi.input_terminated": True})
        nederlandse_weigering(response, 413)
    klein = client.post(URL, input_stream=io.BytesIO(json.dumps(geldig).encode()),
                        content_type="application/json", headers={"Transfer-Encoding": "chunked"},
                        environ_overrides={"wsgi.input_terminated": True})
    assert klein.status_code == 200


def test_the_body_limit_comes_from_the_configuration(dash_app) -> None:
    assert dash_app.server.config["MAX_CONTENT_LENGTH"] == app_config.Config.max_body == 1024 ** 2
    cfg = app_config.from_environment({"WIJKMONITOR_MAX_BODY_KB": "64"})
    assert cfg.max_body == 64 * 1024
    assert app_config.from_environment({}).max_body == 1024 ** 2
    for waarde in ("0", "-5", "veel", "1.5"):
        with pytest.raises(ValueError, match="WIJKMONITOR_MAX_BODY_KB"):
            app_config.from_environment({"WIJKMONITOR_MAX_BODY_KB": waarde})


def test_a_smaller_configured_limit_applies(client, geldig, dash_app, monkeypatch) -> None:
    monkeypatch.setitem(dash_app.server.config, "MAX_CONTENT_LENGTH", 200)
    body = json.dumps(geldig).encode()
    assert len(body) > 200
    nederlandse_weigering(post_raw(client, body), 413)


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"headers": {"Content-Encoding": "gzip"}, "data": b"\x1f\x8b garbage"}, 415),
    ({"headers": {"Content-Encoding": "gzip"}, "data": "gzip"}, 415),  # a valid gzip body
    ({"headers": {"Content-Encoding": "deflate"}, "data": "{}"}, 415),
    ({"headers": {"Content-Encoding": "br, gzip"}, "data": "{}"}, 415),
    ({"content_type": "text/plain", "data": "json"}, 415),
    ({"content_type": "application/x-www-form-urlencoded", "data": "output=x"}, 415),
    ({"content_type": "multipart/form-data; boundary=x", "data": "--x--"}, 415),
    ({"content_type": "", "data": "json"}, 415),
    ({"content_type": "application/json; charset=utf-16", "data": "utf16"}, 400),
])
def test_odd_content_types_and_encodings_are_refused(client, geldig, kwargs, status) -> None:
    kwargs = dict(kwargs)
    tekst = json.dumps(geldig)
    kwargs["data"] = {"json": tekst, "gzip": gzip.compress(tekst.encode()),
                      "utf16": tekst.encode("utf-16")}.get(kwargs["data"], kwargs["data"])
    kwargs.setdefault("content_type", "application/json")
    nederlandse_weigering(client.post(URL, **kwargs), status)


def test_a_refusal_is_logged_with_its_reason(client, geldig, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="app.security"):
        response = client.post(URL, json={**geldig, "output": "bestaat-niet.children"})
    melding = nederlandse_weigering(response, 400)
    assert any("callback request refused (400)" in r.getMessage()
               and "bestaat-niet" in r.getMessage() for r in caplog.records)
    assert "hoort bij geen enkel onderdeel" in melding
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="app.security"):
        nederlandse_weigering(post_raw(client, b'{"output": NaN}'), 400)
    assert any("callback request refused (400)" in r.getMessage() and "JSON" in r.getMessage()
               for r in caplog.records)


def test_an_exception_in_dash_after_the_check_is_a_400_with_a_code_in_the_log(
        client, geldig, dash_app, monkeypatch, caplog) -> None:
    """Whatever the shape check misses and Dash trips over is the request's fault: 400."""
    def kapot(*_args: Any) -> Any:
        raise TypeError("unhashable type: 'dict'")

    monkeypatch.setattr(dash_app, "_prepare_callback", kapot)
    with caplog.at_level(logging.WARNING, logger="app.errors"):
        response = client.post(URL, json=geldig)
    melding = nederlandse_weigering(response, 400)
    code = re.search(r"foutcode ([0-9a-f]{8})", melding).group(1)
    record = next(r for r in caplog.records if code in r.getMessage())
    assert record.exc_info and record.exc_info[0] is TypeError


def test_other_methods_on_the_callback_endpoint(client) -> None:
    for methode in ("PUT", "DELETE", "PATCH", "PROPFIND"):
        response = client.open(URL, method=methode, data="{}", content_type="application/json")
        nederlandse_weigering(response, 405)
    assert client.options(URL).status_code == 200  # answered by Flask: no body is read
    assert client.get(URL).status_code == 404  # Dash's not-found page, as for any unknown page


# -- static routes ----------------------------------------------------------------------------


def _bundels(client: FlaskClient) -> list[str]:
    body = client.get("/verkenner").get_data(as_text=True)  # a Dash page ('/' is server-rendered)
    return re.findall(r'src="(/_dash-component-suites/[^"]+)"', body)


STATISCH_404 = [
    "/assets/a%00b.css",
    "/assets/%00",
    "/assets/wijkmonitor.css%00.js",
    "/assets/..%2f..%2fapp%2fconfig.py",
    "/assets/%2e%2e/app/config.py",
    "/_dash-component-suites/../app.py",
    "/_dash-component-suites/dash/../../app/config.py",
    "/_dash-component-suites/dash/deps/%00.js",
    "/_dash-component-suites/bestaat_niet/x.js",
    "/_dash-component-suites/plotly/../dash/dash.py",
    "/_dash-component-suites/dash/x.v1m1.js",
    "/_dash-component-suites/dash/dcc/async-dropdown.v0_0_1m1.js",  # unknown version
    "/_dash-component-suites/dash/dcc/async-dropdown.vm1.js",
    "/_dash-component-suites/dash/dash_table/bundle.v4_4_1m1.js",  # dash's, not dash_table's
    "/embed/js/plotly-%00.min.js",
    "/embed/js/../../app/config.py",
]


@pytest.mark.parametrize("pad", STATISCH_404)
def test_a_static_path_that_names_no_file_is_a_404(client, pad) -> None:
    nederlandse_weigering(client.get(pad), 404)


def test_the_app_s_own_static_files_are_served(client) -> None:
    bundels = _bundels(client)
    assert bundels
    for url in bundels:
        assert client.get(url).status_code == 200, url
    # Chunks the renderer loads on demand, without a fingerprint or with the bundle's.
    dropdown = "/_dash-component-suites/dash/dcc/async-dropdown"
    dcc = next(u for u in bundels if "/dcc/dash_core_components." in u)
    fingerprint = dcc.split("dash_core_components.")[1].split(".")[0]
    assert client.get(f"{dropdown}.js").status_code == 200
    assert client.get(f"{dropdown}.{fingerprint}.js").status_code == 200
    assert client.get("/assets/wijkmonitor.css").status_code == 200


segment = (st.sampled_from(["..", ".", "%00", "%2e%2e", "%2f", "%ff", "%ED%A0%80", "", "dash", "dcc",
                            "plotly", "deps", "x.v1m1.js", "async-dropdown.v4_4_1m1.js"])
           | st.text(max_size=12).map(lambda t: quote(t, safe="")))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(prefix=st.sampled_from(["/assets/", "/_dash-component-suites/", "/embed/js/",
                               "/_dash-component-suites/dash/", "/embed/"]),
       delen=st.lists(segment, min_size=1, max_size=4))
def test_random_static_paths_are_a_404_or_a_file_never_a_500(client, prefix, delen) -> None:
    response = client.get(prefix + "/".join(delen))
    text = response.get_data(as_text=True)
    assert response.status_code in (200, 308, 400, 404), (response.status_code, text[:200])
    if response.status_code in (400, 404):
        assert '<html lang="nl">' in text
    assert "Traceback" not in text


# -- the other routes: odd methods, query strings, headers --------------------------------------


@pytest.mark.parametrize("pad", ["/", "/healthz", "/_dash-layout", "/_dash-dependencies",
                                 "/_reload-hash", "/embed/kaart?indicator=test_weerbaar",
                                 "/assets/wijkmonitor.css"])
@pytest.mark.parametrize("methode", ["PUT", "DELETE", "PATCH", "TRACE", "POST"])
def test_other_methods_on_other_routes_are_a_405(client, pad, methode) -> None:
    response = client.open(pad, method=methode, data=b"\x1f\x8b",
                           headers={"Content-Encoding": "gzip"})
    nederlandse_weigering(response, 405)


@pytest.mark.parametrize(("pad", "status"), [
    ("/?indicator=%ff%fe", 400),
    ("/?%ff=1", 400),
    ("/?jaar=2023%00", 400),
    ("/?jaar=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%93", 400),  # full-width digits
    ("/?gebied=%ED%A0%80", 400),  # an encoded lone surrogate
    ("/?=&=&", 400),
    ("/?a[]=1&a[b]=2", 400),
    ("/wijkprofiel?gebied=WK030701&gebied=WK030701", 400),
    ("/monitor?thema=" + "x" * 5000, 400),
    ("/embed/kaart?indicator=test_weerbaar&jaar=%00", 400),
    ("/embed/%00", 404),
    ("/embed//kaart", 404),
])
def test_page_urls_with_odd_query_strings_get_a_dutch_page(client, pad, status) -> None:
    response = client.get(pad)
    text = response.get_data(as_text=True)
    assert response.status_code == status, text[:300]
    assert '<html lang="nl">' in text and "Traceback" not in text


@pytest.mark.parametrize("headers", [
    {"Content-Encoding": "gzip", "Content-Type": "application/json"},
    {"Accept-Encoding": "gzip;q=x, br;q=-1"},
    {"If-None-Match": "\x00" * 100},
    {"If-Modified-Since": "gisteren"},
    {"Accept-Language": "x" * 5000},
])
@pytest.mark.parametrize("pad", ["/", "/healthz", "/_dash-layout", "/_dash-dependencies",
                                 "/embed/kaart?indicator=test_weerbaar", "/assets/wijkmonitor.css"])
def test_odd_headers_on_a_get_change_nothing(client, pad, headers) -> None:
    response = client.get(pad, headers=headers, data=b"garbage")
    assert response.status_code in (200, 304), (pad, headers, response.status_code)


# -- hypothesis: any body, and the valid request with one part replaced --------------------------

json_waarde = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=4),
    max_leaves=12)
DELEN = ("output", "outputs", "inputs", "state", "changedPropIds", "parsedChangedPropsIds")


@st.composite
def verzoek(draw: st.DrawFn, geldig: dict) -> bytes:
    soort = draw(st.sampled_from(["json", "deel", "invoer", "bytes"]))
    if soort == "bytes":
        return draw(st.binary(max_size=200))
    if soort == "json":
        return json.dumps(draw(json_waarde)).encode()
    body = copy.deepcopy(geldig)
    if soort == "deel":
        body[draw(st.sampled_from(DELEN))] = draw(json_waarde)
    else:
        body["inputs"][draw(st.integers(0, 1))][draw(st.sampled_from(["id", "property",
                                                                      "value"]))] = draw(json_waarde)
    return json.dumps(body).encode()  # NaN and Infinity as Python writes them


def test_random_bodies_are_answered_or_refused_never_a_500(client, geldig, dash_app) -> None:
    """A body is answered only when it passed the check; any other is a Dutch 400 raised by the
    check itself (no foutcode: no exception in Dash was needed to refuse it)."""
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(body=verzoek(geldig))
    def run(body: bytes) -> None:
        response = post_raw(client, body)
        if response.status_code in (200, 204):
            assert verzoekcontrole.verzoek_fout(orjson.loads(body), dash_app.callback_map) is None
        else:
            melding = nederlandse_weigering(response, 400)
            assert "foutcode" not in melding

    run()
