"""The check of a Dash callback request's content: its envelope, then each value's declared shape.

app/security.py calls `verzoek_fout` before Dash reads a callback request; a request no page of the
Wijkmonitor sends gets a short Dutch 400 (like a bad link), never a callback's generic error.
"""

# The shapes are data: PER_ONDERDEEL and PER_EIGENSCHAP for values, PATRONEN for pattern-matching
# ids, app/viewstate.py for the Verkenner's store. A property with no declared shape is
# refused: tests/app/test_verzoekcontrole.py walks the callback map, so a new callback input
# without a shape fails there, not in a browser.

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from app.params import WEERGAVEN
from app.queries import KAART_NIVEAUS, WarehouseMissing, WarehouseUnreadable, current
from app.viewstate import OngeldigeStaat, onbekend_in_store, uit_store

# A page's path or query string: at most the longest request line the server takes
# (deploy/gunicorn.conf.py, limit_request_line); a page cannot have been opened with a longer one.
MAX_ADRES = 8190
# A dropdown's value is one of its options: a code or a theme's name with its prefix (the longest
# real one has about 40 characters).
MAX_TEKST = 200
# clickData of a map click holds one point per trace under the cursor (one on the choropleth).
MAX_PUNTEN = 100
JAAR_MIN, JAAR_MAX = 1000, 9999  # a year as the links have it (app/params.py: four digits)

# A check of one value, given the name of its component property: None if it fits, else the
# Dutch sentence that says why not.
Controle = Callable[[str, Any], "str | None"]


# -- the envelope: the outputs, inputs and state the callback declares ------------------------

# Deepest nesting a callback request may have. The pages' own requests are at most 7 deep (a map
# click's points inside the inputs, measured in Chromium); a figure given as State would be about
# 10. Deeper is tampering, and could reach Python's recursion limit in code that walks values.
MAX_DIEPTE = 64


def te_diep(waarde: Any, grens: int = MAX_DIEPTE) -> bool:
    """Whether lists and objects in `waarde` nest deeper than `grens` (iterative: no recursion)."""
    stapel = [(waarde, 1)]
    while stapel:
        node, diepte = stapel.pop()
        kinderen = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for kind in kinderen:
            if isinstance(kind, (dict, list)):
                if diepte + 1 > grens:
                    return True
                stapel.append((kind, diepte + 1))
    return False


def _adres(item: Any, spec_id: str, eigenschap: str) -> bool:
    """Whether one {id, property[, value]} of a request is the component property `spec_id`.

    A pattern-matching id ('{"type":"x","index":["ALL"]}') matches every id with its keys and
    plain values; a duplicate output's property carries Dash's '@<hash>' suffix.
    """
    if not isinstance(item, dict) or not isinstance(item.get("property"), str):
        return False
    if item["property"].split("@")[0] != eigenschap:
        return False
    if not spec_id.startswith("{"):
        return item.get("id") == spec_id
    ident = item.get("id")
    return (isinstance(ident, dict) and ident.keys() == json.loads(spec_id).keys()
            and all(isinstance(v, (str, int, float, bool)) for v in ident.values()))


def _lijst_past(verzonden: Any, verwacht: list[tuple[str, str]]) -> bool:
    """Whether the inputs, state or outputs of a request are the ones the callback declares.

    One entry per declared one, in order; for a pattern id one address (MATCH) or a list of them
    (ALL, ALLSMALLER), each of the pattern.
    """
    if not isinstance(verzonden, list) or len(verzonden) != len(verwacht):
        return False
    for item, (spec_id, eigenschap) in zip(verzonden, verwacht, strict=True):
        adressen = item if isinstance(item, list) and spec_id.startswith("{") else [item]
        if not all(_adres(a, spec_id, eigenschap) for a in adressen):
            return False
    return True


def _tekstlijst(waarde: Any, ook_object: bool = False) -> bool:
    soorten = (str, dict) if ook_object else (str,)
    return isinstance(waarde, list) and all(isinstance(v, soorten) for v in waarde)


def callback_fout(body: Any, callback_map: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why `body` is not a request for one of the app's callbacks (Dutch, short); None if it is.

    A JSON object naming a registered callback ('output') with the outputs, inputs and state
    that callback declares (count, component ids and properties), text in 'changedPropIds',
    nesting within MAX_DIEPTE. The values are checked after this, by `verzoek_fout`.
    """
    if not isinstance(body, dict):
        return "Het verzoek is geen JSON-object."
    sleutel = body.get("output")
    if not isinstance(sleutel, str):
        return "Het verzoek mist de uitvoer ('output')."
    spec = callback_map.get(sleutel)
    if spec is None:
        return "Het verzoek hoort bij geen enkel onderdeel van de Wijkmonitor."
    if te_diep(body):
        return "Het verzoek is te diep genest."
    uitvoer = spec.get("output")
    meervoudig = isinstance(uitvoer, (list, tuple))
    verklaard = list(uitvoer) if meervoudig else [uitvoer] if uitvoer is not None else []
    outputs = body.get("outputs")
    if spec.get("no_output"):
        passend = outputs in (None, [])
    else:
        passend = _lijst_past(outputs if meervoudig else [outputs],
                              [(o.component_id_str(), o.component_property) for o in verklaard])
    if not passend:
        return "De uitvoer ('outputs') past niet bij dit onderdeel."
    for deel in ("inputs", "state"):
        verwacht = [(e["id"], e["property"]) for e in spec.get(deel, [])]
        verzonden = body.get(deel, [] if deel == "state" else None)
        if not _lijst_past(verzonden, verwacht):
            return f"De invoer ('{deel}') past niet bij dit onderdeel."
    if not _tekstlijst(body.get("changedPropIds", [])) or not _tekstlijst(
            body.get("parsedChangedPropsIds", []), ook_object=True):
        return "De gewijzigde onderdelen ('changedPropIds') zijn geen lijst met namen."
    return None


# -- the values: one declared shape per property -------------------------------------------------


def vorm(moet: str, past: Callable[[Any], bool]) -> Controle:
    """A check from a test and what the value must be, in Dutch ('een jaartal of leeg')."""
    return lambda naam, waarde: None if past(waarde) else f"De waarde van {naam} moet {moet} zijn."


def _tekst(grens: int) -> Callable[[Any], bool]:
    return lambda v: v is None or (isinstance(v, str) and len(v) <= grens)


def _teller(v: Any) -> bool:
    return v is None or (type(v) is int and v >= 0)  # type(): True is no number of clicks


def _jaar(v: Any) -> bool:
    return v is None or (type(v) is int and JAAR_MIN <= v <= JAAR_MAX)


def _pad(v: Any) -> bool:
    return isinstance(v, str) and v.startswith("/") and len(v) <= MAX_ADRES


def _klik(v: Any) -> bool:
    if v is None:
        return True
    punten = v.get("points") if isinstance(v, dict) else None
    return (isinstance(punten, list) and len(punten) <= MAX_PUNTEN
            and all(isinstance(p, dict) for p in punten))


def _staat(_naam: str, v: Any) -> str | None:
    """The store's shape, then its codes against the warehouse (app/viewstate.py)."""
    try:
        state = uit_store(v)
    except OngeldigeStaat as exc:
        return str(exc)
    try:
        db = current()
        return onbekend_in_store(db, state)
    except (WarehouseMissing, WarehouseUnreadable):
        return None  # the callback itself answers with the warehouse's message


TELLER = vorm("een aantal klikken (0 of meer) of leeg", _teller)
ADRES = vorm(f"een tekst van hooguit {MAX_ADRES} tekens of leeg", _tekst(MAX_ADRES))
PAD = vorm(f"een pad dat met '/' begint, van hooguit {MAX_ADRES} tekens", _pad)
KEUZE = vorm(f"een keuze uit de lijst (hooguit {MAX_TEKST} tekens) of leeg", _tekst(MAX_TEKST))
JAAR = vorm(f"een jaartal als getal ({JAAR_MIN}-{JAAR_MAX}) of leeg", _jaar)
KLIK = vorm("een klik op de kaart (met een lijst 'points') of leeg", _klik)
STAAT: Controle = _staat  # the Verkenner's store: app/viewstate.py, with its own reasons

# Properties whose value has one shape on every component that has it.
PER_EIGENSCHAP: dict[str, Controle] = {
    "n_clicks": TELLER,  # html.Button
    "search": ADRES,  # dcc.Location (Dash's own '_pages_location' and a page's '-url')
    "pathname": PAD,  # dcc.Location
    "clickData": KLIK,  # dcc.Graph
}
# Properties whose shape depends on the component (the dropdowns' values, the stores' data); for a
# pattern-matching id the key is its 'type'. Looked up before PER_EIGENSCHAP.
PER_ONDERDEEL: dict[tuple[str, str], Controle] = {
    ("verkenner-keuze", "value"): KEUZE,
    ("verkenner-indicator", "value"): KEUZE,
    ("verkenner-jaar", "value"): JAAR,  # its options' values are years as numbers
    ("verkenner-gebied", "value"): KEUZE,
    ("verkenner-state", "data"): STAAT,
}
# Pattern-matching ids {"type": ..., "value": ...}: the values of the buttons a group has
# (components.keuzegroep). An ALL list holds each of them exactly once.
PATRONEN: dict[str, tuple[str, ...]] = {
    "verkenner-niveau": KAART_NIVEAUS,
    "verkenner-weergave": WEERGAVEN,
}


def controle_voor(onderdeel: str, eigenschap: str) -> Controle | None:
    """The declared check of a component's property (pattern ids by their type), or None."""
    return PER_ONDERDEEL.get((onderdeel, eigenschap)) or PER_EIGENSCHAP.get(eigenschap)


def _naam(ident: Any) -> str:
    """The component a message names: its id, or a pattern id's type."""
    return str(ident.get("type")) if isinstance(ident, dict) else str(ident)


def _patroon_fout(ident: Any) -> str | None:
    """Why a pattern-matching id is not one of a group's buttons, or None."""
    if not isinstance(ident, dict):
        return None
    waarden = PATRONEN.get(ident.get("type"))  # type: ignore[arg-type]
    if waarden is None:
        return "Het verzoek noemt een onbekende groep knoppen."
    if ident.keys() != {"type", "value"} or ident["value"] not in waarden:
        return f"Het verzoek noemt een knop die de groep {_naam(ident)} niet heeft."
    return None


def _adressen_fout(item: Any, spec_id: str) -> str | None:
    """Why the component addresses of one declared input, state or output do not fit, or None.

    A plain id is one address (app/security.py checked it); a pattern id with ALL is a list
    holding each button of the group once, one with MATCH a single button.
    """
    if not spec_id.startswith("{"):
        return None
    patroon = json.loads(spec_id)
    wildcard = next((v[0] for v in patroon.values() if isinstance(v, list) and v), None)
    adressen = item if isinstance(item, list) else [item]
    if (wildcard == "MATCH") == isinstance(item, list):
        return f"Het verzoek geeft de groep {patroon.get('type')} in de verkeerde vorm."
    for adres in adressen:
        fout = _patroon_fout(adres.get("id"))
        if fout:
            return fout
    if patroon.get("type") not in PATRONEN:
        return "Het verzoek noemt een onbekende groep knoppen."
    if wildcard == "ALL":
        gezien = [adres["id"]["value"] for adres in adressen]
        if sorted(gezien) != sorted(PATRONEN[patroon["type"]]):
            return f"Het verzoek geeft niet elke knop van de groep {patroon.get('type')} één keer."
    return None


def _waarde_fout(adres: dict) -> str | None:
    """Why the value of one input or state is not of its declared shape, or None."""
    ident, eigenschap = adres["id"], adres["property"]
    controle = controle_voor(_naam(ident), eigenschap)
    if controle is None:
        return f"Het verzoek bevat {_naam(ident)}.{eigenschap}, waarvan de vorm niet bekend is."
    # The renderer leaves out the value of a property that is undefined: None to the callback.
    return controle(f"{_naam(ident)}.{eigenschap}", adres.get("value"))


def _trigger_fout(changed: list[str], invoer: list) -> str | None:
    """Why a changed property id is not one of the request's own inputs, or None.

    Dash reads the trigger's id from this text (ctx.triggered_id, JSON for a pattern id), so a
    made-up one would reach the callback as a component the page does not have.
    """
    bekend: list[tuple[Any, str]] = []
    for item in invoer:
        for adres in item if isinstance(item, list) else [item]:
            bekend.append((adres["id"], adres["property"]))
    for prop_id in changed:
        ident_tekst, _, eigenschap = prop_id.rpartition(".")
        ident: Any = ident_tekst
        if ident_tekst.startswith("{"):
            try:
                ident = json.loads(ident_tekst)
            except ValueError:
                ident = None
        if (ident, eigenschap) not in bekend:
            return "De gewijzigde onderdelen ('changedPropIds') horen niet bij dit verzoek."
    return None


def _uitvoer(spec: Mapping[str, Any]) -> list[str]:
    """The component ids of a callback's declared outputs, as strings (pattern ids as JSON)."""
    uitvoer = spec.get("output")
    if spec.get("no_output") or uitvoer is None:
        return []
    return [o.component_id_str() for o in (uitvoer if isinstance(uitvoer, (list, tuple))
                                           else [uitvoer])]


def verzoek_fout(body: Any, callback_map: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why `body` is not a callback request a page of the Wijkmonitor sends (Dutch), or None.

    The envelope (app/security.py), then: the callback runs on the server, every pattern id is
    a button its group has, each input and state value has its declared shape, and every changed
    property is one of the inputs.
    """
    reden = callback_fout(body, callback_map)
    if reden:
        return reden
    spec = callback_map[body["output"]]
    if "callback" not in spec:
        return "Dit onderdeel wordt in de browser bijgewerkt, niet door de server."
    outputs = body.get("outputs")
    verzonden = outputs if isinstance(spec.get("output"), (list, tuple)) else [outputs]
    for item, spec_id in zip(verzonden, _uitvoer(spec), strict=False):
        reden = _adressen_fout(item, spec_id)
        if reden:
            return reden
    invoer = body["inputs"]
    for deel, items in (("inputs", invoer), ("state", body.get("state", []))):
        for item, entry in zip(items, spec.get(deel, []), strict=True):
            reden = _adressen_fout(item, entry["id"])
            if reden:
                return reden
            for adres in item if isinstance(item, list) else [item]:
                reden = _waarde_fout(adres)
                if reden:
                    return reden
    return _trigger_fout(body.get("changedPropIds", []), invoer)
