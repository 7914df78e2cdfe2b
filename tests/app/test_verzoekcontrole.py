"""The value check of callback requests (app/verzoekcontrole.py) and the Verkenner's store check
(app/viewstate.py): hand-fixed values at each edge, and the Dutch 400 through the real app.

Requests are built from the real app's callback map with neutral values, then one value changed;
the expected verdicts and limits are written out here, not taken from the code under test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dash
import pytest
from dash import Input, Output, html
from flask.testing import FlaskClient

from app import config as app_config
from app import security, verzoekcontrole
from app.viewstate import OngeldigeStaat, staat_uit_store

URL = "/_dash-update-component"
ASSETS = Path(__file__).resolve().parents[2] / "app" / "assets"
NIVEAUS = ("wijk", "buurt", "gebiedscluster")  # the Verkenner's level buttons
WEERGAVEN = ("waarde", "verschil")  # its colouring buttons
# A state as bepaal_state writes it (the versie is a warehouse file's signature).
STAAT = {"keuze": "thema:Preventie", "indicator": "test_weerbaar", "jaar": 2023, "niveau": "wijk",
         "indeling": "wijk2024", "gebied": "WK030701", "weergave": "waarde",
         "versie": "234181-18ef0f6ee4f64ba6-c83000"}


# -- the store: staat_uit_store ---------------------------------------------------------------


def test_a_state_the_page_wrote_is_returned_unchanged() -> None:
    assert staat_uit_store(dict(STAAT)) == STAAT
    leeg = {**STAAT, "keuze": None, "jaar": None, "indeling": None, "gebied": None}
    assert staat_uit_store(leeg) == leeg


@pytest.mark.parametrize("jaar, geldig", [
    (2024, True), (None, True), (1000, True), (9999, True),
    ("2024", False), (2024.0, False), (True, False), (999, False), (10000, False), ([2024], False),
], ids=repr)
def test_the_year_in_a_store_is_a_whole_number_of_four_digits_or_none(jaar: Any,
                                                                      geldig: bool) -> None:
    staat = {**STAAT, "jaar": jaar}
    if geldig:
        assert staat_uit_store(staat)["jaar"] == jaar
    else:
        with pytest.raises(OngeldigeStaat, match=r"'jaar' een jaartal als getal \(1000-9999\)"):
            staat_uit_store(staat)


@pytest.mark.parametrize("sleutel", list(STAAT))
def test_a_missing_key_is_named(sleutel: str) -> None:
    staat = {k: v for k, v in STAAT.items() if k != sleutel}
    with pytest.raises(OngeldigeStaat) as fout:
        staat_uit_store(staat)
    assert str(fout.value) == f"De opgeslagen weergave mist '{sleutel}'."


def test_an_extra_key_is_named_and_cut_to_forty_characters() -> None:
    with pytest.raises(OngeldigeStaat) as fout:
        staat_uit_store({**STAAT, "thema": "Preventie"})
    assert str(fout.value) == "De opgeslagen weergave bevat het onbekende onderdeel 'thema'."
    with pytest.raises(OngeldigeStaat) as fout:
        staat_uit_store({**STAAT, "x" * 100_000: 1})
    assert str(fout.value).endswith(f"'{'x' * 40}…'.")


@pytest.mark.parametrize("data", [None, [], "staat", 5, [STAAT]], ids=repr)
def test_a_store_that_is_no_object_is_refused(data: Any) -> None:
    with pytest.raises(OngeldigeStaat, match="ontbreekt of is geen verzameling keuzes"):
        staat_uit_store(data)


@pytest.mark.parametrize("sleutel, waarde, geldig", [
    ("niveau", "buurt", True), ("niveau", "gebiedscluster", True), ("niveau", "stad", False),
    ("niveau", None, False), ("weergave", "verschil", True), ("weergave", "Verschil", False),
    ("weergave", None, False), ("indicator", "", False), ("indicator", None, False),
    ("indicator", "i" * 200, True), ("indicator", "i" * 201, False),
    ("gebied", "g" * 200, True), ("gebied", "g" * 201, False), ("gebied", "", True),
    ("keuze", {"thema": "x"}, False), ("keuze", ["doel:RD-05"], False), ("indeling", 2024, False),
    ("versie", None, False), ("versie", "", False),
], ids=lambda v: repr(v)[:20])
def test_each_key_has_its_kind(sleutel: str, waarde: Any, geldig: bool) -> None:
    staat = {**STAAT, sleutel: waarde}
    if geldig:
        assert staat_uit_store(staat)[sleutel] == waarde
    else:
        with pytest.raises(OngeldigeStaat, match=f"moet '{sleutel}' "):
            staat_uit_store(staat)


def test_the_store_error_is_a_value_error_with_a_dutch_sentence() -> None:
    with pytest.raises(ValueError) as fout:
        staat_uit_store({**STAAT, "niveau": "stad"})
    assert str(fout.value) == ("In de opgeslagen weergave moet 'niveau' wijk of buurt of "
                               "gebiedscluster zijn.")


# -- requests built from the real callback map ------------------------------------------------


@pytest.fixture(scope="module")
def kaart(dash_app: Any, warehouse_path: Path) -> dict[str, dict]:
    """The app's callback map after Dash's set-up (the first request adds the pages' callbacks)."""
    app_config.activate(app_config.Config(warehouse=warehouse_path))
    assert dash_app.server.test_client().get("/").status_code == 200
    return dash_app.callback_map


def _functie(kaart: dict[str, dict], naam: str) -> str:
    return next(k for k, spec in kaart.items()
                if "callback" in spec and spec["callback"].__name__ == naam)


def _adressen(spec_id: str, eigenschap: str, waarde: Callable[[Any], Any]) -> Any:
    """One request entry for a declared id: a pattern id (ALL) as the list of its buttons."""
    if not spec_id.startswith("{"):
        return {"id": spec_id, "property": eigenschap, "value": waarde(spec_id)}
    soort = json.loads(spec_id)["type"]
    knoppen = NIVEAUS if soort.endswith("-niveau") else WEERGAVEN
    return [{"id": {"type": soort, "value": v}, "property": eigenschap,
             "value": waarde({"type": soort, "value": v})} for v in knoppen]


NEUTRAAL = {"pathname": "/verkenner", "search": "", "data": STAAT, "n_clicks": 0}


def verzoek(kaart: dict[str, dict], naam: str, **waarden: Any) -> dict:
    """A request for the callback `naam` ('sync_state', 'download', 'update': the pages router)
    as the renderer sends it, with neutral values; `waarden` by property name replace them."""
    key = _functie(kaart, naam)
    spec = kaart[key]

    def items(deel: str) -> list:
        return [_adressen(e["id"], e["property"], lambda _i, p=e["property"]: waarden.get(
            p, NEUTRAAL.get(p))) for e in spec[deel]]

    uitvoer = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    outputs = [_adressen(o.component_id_str(), o.component_property, lambda _i: None)
               for o in uitvoer]
    for item in outputs:
        for adres in item if isinstance(item, list) else [item]:
            adres.pop("value")
    eerste = spec["inputs"][0]
    return {"output": key, "outputs": outputs if isinstance(spec["output"], list) else outputs[0], "inputs": items("inputs"),
            "state": items("state"), "changedPropIds": [f"{eerste['id']}.{eerste['property']}"]}


def fout(kaart: dict[str, dict], body: dict) -> str | None:
    return verzoekcontrole.verzoek_fout(body, kaart)


def test_the_neutral_requests_pass(kaart: dict[str, dict]) -> None:
    for naam in ("sync_state", "download", "update"):
        assert fout(kaart, verzoek(kaart, naam)) is None, naam


@pytest.mark.parametrize("n_clicks, geldig", [
    (0, True), (None, True), (1, True), (10**15, True),
    (-1, False), (True, False), (1.0, False), ("1", False), ([1], False), ({}, False),
], ids=repr)
def test_n_clicks_is_a_count_from_zero_or_none(kaart: dict[str, dict], n_clicks: Any,
                                               geldig: bool) -> None:
    for naam in ("download", "sync_state"):  # a plain button and the pattern-matching ones
        reden = fout(kaart, verzoek(kaart, naam, n_clicks=n_clicks))
        assert (reden is None) == geldig, (naam, reden)
    if not geldig:
        assert fout(kaart, verzoek(kaart, "download", n_clicks=n_clicks)) == (
            "De waarde van verkenner-csv.n_clicks moet een aantal klikken (0 of meer) of leeg zijn.")


@pytest.mark.parametrize("search, geldig", [
    ("", True), (None, True), ("?" + "a" * 8189, True), ("?" + "a" * 8190, False),
    (5, False), (["?a=1"], False), ({"indicator": "x"}, False),
], ids=lambda v: repr(v)[:20])
def test_search_is_text_of_at_most_8190_characters(kaart: dict[str, dict], search: Any,
                                                   geldig: bool) -> None:
    for naam in ("sync_state", "update"):  # the Verkenner's Location and Dash's pages router
        reden = fout(kaart, verzoek(kaart, naam, search=search))
        assert (reden is None) == geldig, (naam, reden)


@pytest.mark.parametrize("pad, geldig", [
    ("/", True), ("/verkenner", True), ("/" + "p" * 8189, True), ("/" + "p" * 8190, False),
    ("verkenner", False), ("", False), (None, False), (["/"], False),
], ids=lambda v: repr(v)[:20])
def test_the_pathname_starts_with_a_slash_and_is_bounded(kaart: dict[str, dict], pad: Any,
                                                         geldig: bool) -> None:
    assert (fout(kaart, verzoek(kaart, "update", pathname=pad)) is None) == geldig


def _met(kaart: dict[str, dict], onderdeel: str, eigenschap: str, waarde: Any) -> dict:
    """The neutral sync_state request with `waarde` in one component's property."""
    body = verzoek(kaart, "sync_state")
    for item in body["inputs"] + body["state"]:
        if isinstance(item, dict) and (item["id"], item["property"]) == (onderdeel, eigenschap):
            item["value"] = waarde
            return body
    raise AssertionError(f"no {onderdeel}.{eigenschap}")


@pytest.mark.parametrize("jaar, geldig", [
    (2024, True), (None, True), ("2024", False), (2024.0, False), (False, False), (999, False),
], ids=repr)
def test_the_year_dropdown_holds_a_year_as_a_number(kaart: dict[str, dict], jaar: Any,
                                                    geldig: bool) -> None:
    reden = fout(kaart, _met(kaart, "verkenner-jaar", "value", jaar))
    assert (reden is None) == geldig, reden


@pytest.mark.parametrize("onderdeel", ["verkenner-keuze", "verkenner-indicator",
                                       "verkenner-gebied"])
@pytest.mark.parametrize("waarde, geldig", [
    ("", True), (None, True), ("x" * 200, True), ("x" * 201, False), (["WK030701"], False),
    ({"value": "x"}, False), (7, False),
], ids=lambda v: repr(v)[:20])
def test_a_dropdown_value_is_one_short_text_or_none(kaart: dict[str, dict], onderdeel: str,
                                                    waarde: Any, geldig: bool) -> None:
    reden = fout(kaart, _met(kaart, onderdeel, "value", waarde))
    assert (reden is None) == geldig, reden


PUNT = {"curveNumber": 0, "customdata": ["WK030701"]}


@pytest.mark.parametrize("klik, geldig", [
    (None, True), ({"points": []}, True), ({"points": [PUNT]}, True),
    ({"points": [PUNT] * 100}, True), ({"points": [PUNT] * 101}, False),
    ({"points": "WK030701"}, False), ({"points": [1]}, False), ({}, False), ([PUNT], False),
    ("klik", False),
], ids=lambda v: repr(v)[:20])
def test_click_data_is_none_or_a_list_of_points(kaart: dict[str, dict], klik: Any,
                                                geldig: bool) -> None:
    reden = fout(kaart, _met(kaart, "verkenner-kaart", "clickData", klik))
    assert (reden is None) == geldig, reden


def test_the_store_in_a_request_is_checked_by_staat_uit_store(kaart: dict[str, dict]) -> None:
    zonder_jaar = {k: v for k, v in STAAT.items() if k != "jaar"}
    for naam in ("sync_state", "download"):
        assert fout(kaart, verzoek(kaart, naam, data=zonder_jaar)) == \
            "De opgeslagen weergave mist 'jaar'."
        assert fout(kaart, verzoek(kaart, naam, data=None)) is not None


def _knoppen(body: dict, soort: str) -> list:
    return next(i for i in body["inputs"] if isinstance(i, list) and i[0]["id"]["type"] == soort)


def test_a_button_group_is_sent_whole_with_only_its_own_buttons(kaart: dict[str, dict]) -> None:
    body = verzoek(kaart, "sync_state")
    _knoppen(body, "verkenner-niveau")[2]["id"]["value"] = "stad"
    assert fout(kaart, body) == "Het verzoek noemt een knop die de groep verkenner-niveau niet heeft."
    body = verzoek(kaart, "sync_state")
    del _knoppen(body, "verkenner-niveau")[1]
    assert "niet elke knop" in fout(kaart, body)
    body = verzoek(kaart, "sync_state")
    knoppen = _knoppen(body, "verkenner-weergave")
    knoppen.append(dict(knoppen[0]))
    assert "niet elke knop" in fout(kaart, body)
    body = verzoek(kaart, "sync_state")
    _knoppen(body, "verkenner-niveau")[0]["id"]["extra"] = 1
    assert fout(kaart, body) is not None  # refused by the envelope check (other keys)
    body = verzoek(kaart, "sync_state")
    index = next(i for i, item in enumerate(body["inputs"]) if isinstance(item, list))
    body["inputs"][index] = body["inputs"][index][0]  # one button, not the group
    assert "verkeerde vorm" in fout(kaart, body)


def test_the_groups_in_the_outputs_are_checked_too(kaart: dict[str, dict]) -> None:
    # sync_state answers one aria-pressed per level button: a list of two would fail in Dash.
    body = verzoek(kaart, "sync_state")
    groep = next(o for o in body["outputs"] if isinstance(o, list))
    groep.pop()
    assert "niet elke knop" in fout(kaart, body)


@pytest.mark.parametrize("changed, geldig", [
    ([], True),
    (["verkenner-url.search"], True),
    (['{"type":"verkenner-niveau","value":"buurt"}.n_clicks'], True),
    (["verkenner-url.search", "verkenner-jaar.value"], True),
    (["verkenner-bestaat-niet.value"], False),
    (["verkenner-jaar.n_clicks"], False),
    (['{"type":"verkenner-niveau","value":"stad"}.n_clicks'], False),
    (['{"type":"verkenner-niveau","value":["buurt"]}.n_clicks'], False),
    (["{kapot.n_clicks"], False),
    (["{}.n_clicks"], False),
    (["verkenner-state.data"], False),  # a State, not an Input
], ids=lambda v: repr(v)[:40])
def test_the_changed_properties_are_inputs_of_the_request(kaart: dict[str, dict], changed: list,
                                                          geldig: bool) -> None:
    body = {**verzoek(kaart, "sync_state"), "changedPropIds": changed}
    reden = fout(kaart, body)
    assert (reden is None) == geldig, reden


def test_a_clientside_callback_is_not_run_by_the_server(kaart: dict[str, dict]) -> None:
    key, spec = next((k, s) for k, s in kaart.items() if "callback" not in s)
    uitvoer = spec["output"]
    body = {"output": key, "outputs": {"id": uitvoer.component_id,
                                       "property": uitvoer.component_property},
            "inputs": [{"id": e["id"], "property": e["property"], "value": None}
                       for e in spec["inputs"]],
            "state": [{"id": e["id"], "property": e["property"], "value": None}
                      for e in spec["state"]], "changedPropIds": []}
    assert fout(kaart, body) == "Dit onderdeel wordt in de browser bijgewerkt, niet door de server."


def test_every_input_and_state_of_every_server_callback_has_a_declared_shape(
        kaart: dict[str, dict]) -> None:
    """A new callback input without a shape is refused in the browser: this test finds it first."""
    ontbreekt = []
    for spec in kaart.values():
        if "callback" not in spec:
            continue
        for entry in spec["inputs"] + spec["state"]:
            ident = entry["id"]
            onderdeel = json.loads(ident)["type"] if ident.startswith("{") else ident
            if verzoekcontrole.controle_voor(onderdeel, entry["property"]) is None:
                ontbreekt.append(f"{onderdeel}.{entry['property']}")
            if ident.startswith("{") and onderdeel not in verzoekcontrole.PATRONEN:
                ontbreekt.append(f"pattern {onderdeel}")
    assert not ontbreekt


def test_a_property_without_a_declared_shape_is_refused(kaart: dict[str, dict]) -> None:
    body = verzoek(kaart, "download")
    body["inputs"][0]["property"] = "value"  # the envelope check knows only ids and properties
    nep = {body["output"]: {**kaart[body["output"]], "inputs": [
        {"id": "verkenner-csv", "property": "value"}, *kaart[body["output"]]["inputs"][1:]]}}
    assert fout(nep, body) == ("Het verzoek bevat verkenner-csv.value, waarvan de vorm niet "
                               "bekend is.")


# -- through the server ------------------------------------------------------------------------


@pytest.fixture()
def client(kaart: dict[str, dict], dash_app: Any, app_env: Any) -> FlaskClient:
    return dash_app.server.test_client()


def test_a_bad_value_gets_a_dutch_400_page_without_foutcode(client: FlaskClient,
                                                           kaart: dict[str, dict]) -> None:
    response = client.post(URL, json=_met(kaart, "verkenner-jaar", "value", "2024"))
    assert response.status_code == 400
    tekst = response.get_data(as_text=True)
    assert '<html lang="nl">' in tekst and "Dit verzoek kan niet worden verwerkt" in tekst
    melding = re.search(r'<p class="melding-tekst">(.*?)</p>', tekst, re.S).group(1).strip()
    assert melding == ("De waarde van verkenner-jaar.value moet een jaartal als getal "
                       "(1000-9999) of leeg zijn. Laad de pagina opnieuw.")
    assert "foutcode" not in tekst and "Traceback" not in tekst


def test_a_bad_store_gets_the_store_check_s_sentence(client: FlaskClient,
                                                     kaart: dict[str, dict]) -> None:
    response = client.post(URL, json=verzoek(kaart, "download", data={**STAAT, "jaar": 2024.0}))
    assert response.status_code == 400
    assert ("In de opgeslagen weergave moet &#39;jaar&#39; een jaartal als getal (1000-9999) of "
            "leeg zijn. Laad de pagina opnieuw.") in response.get_data(as_text=True)


def test_the_same_request_with_good_values_is_answered(client: FlaskClient,
                                                       kaart: dict[str, dict]) -> None:
    assert client.post(URL, json=_met(kaart, "verkenner-jaar", "value", 2023)).status_code == 200


def test_the_check_follows_the_route_prefix(kaart: dict[str, dict], warehouse_path: Path) -> None:
    """An app served under a path prefix has its callback endpoint checked there."""
    app = dash.Dash("prefix", server=security.flask_server(), routes_pathname_prefix="/wm/",
                    requests_pathname_prefix="/wm/", assets_folder=str(ASSETS))
    # what the Dutch message page's template needs (app/__init__.py gives the real app the same)
    app.server.context_processor(lambda: {"asset_url": lambda naam: security.asset_url(app, naam),
                                          "favicon_url": "/wm/_favicon.ico"})
    app.layout = html.Div([html.Button(id="verkenner-csv", n_clicks=0), html.Div(id="uit")])

    @app.callback(Output("uit", "children"), Input("verkenner-csv", "n_clicks"))
    def _tel(n: int) -> str:
        return str(n)

    security.install(app, app_config.Config(warehouse=warehouse_path))
    test_client = app.server.test_client()
    assert test_client.get("/wm/").status_code == 200

    def klik(n: Any) -> int:
        return test_client.post("/wm/_dash-update-component", json={
            "output": "uit.children", "outputs": {"id": "uit", "property": "children"},
            "inputs": [{"id": "verkenner-csv", "property": "n_clicks", "value": n}],
            "changedPropIds": ["verkenner-csv.n_clicks"]}).status_code

    assert klik(3) == 200
    assert klik(-1) == 400
