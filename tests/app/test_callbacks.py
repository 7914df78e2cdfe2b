"""Callback tests: URL <-> controls <-> state, the rendering callbacks, and friendly errors."""

from __future__ import annotations

import json

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from app import components as c
from app import errors, gebieden, programma
from app import viewstate as vs
from app.onderdelen import kaart

V = "verkenner"


def _view(pages, search: str):
    """The view state the page stores for a link (typed)."""
    return vs.uit_store(_state(pages, search))


def _state(pages, search: str) -> dict:
    out = pages.verkenner.sync(None, search, None, None, None, None, None, None)
    return out[1]


def test_url_opens_the_view_it_describes(pages) -> None:
    out = pages.verkenner.sync(None, "?indicator=test_weerbaar&jaar=2023&gebied=WK030701",
                               None, None, None, None, None, None)
    (url, state, keuze, _opts, indicator, _jopts, jaar, gopts, gebied, niveau, weergave,
     uit, reden, melding) = out[:14]
    assert url is no_update  # opening a link never rewrites it (the back button keeps working)
    assert (indicator, jaar, gebied) == ("test_weerbaar", 2023, "WK030701")
    assert state["indeling"] == "wijk2024"
    assert niveau == ["true", "false", "false"] and weergave == ["true", "false"]
    assert {"label": "Stadskern (WK030701)", "value": "WK030701"} in gopts
    assert melding == "" and keuze == "" and uit == [False, False] and reden == ""


def test_difference_is_disabled_with_the_reason_when_the_gemeente_has_no_figure(pages) -> None:
    # test_antwoord: 2023 figures by group only, no gemeente total (fixture); since the ETL
    # computes gemeente figures from all wijken, no fixture indicator has wijk figures without one
    from app.queries import current

    db = current()
    code, jaar = "test_antwoord", 2023
    assert jaar in gebieden.jaren(db, code)
    assert not kaart.gemeente_heeft_waarde(db, code, jaar, "GM0307")
    assert kaart.gemeente_heeft_waarde(db, "test_weerbaar", 2023, "GM0307")
    assert pages.verkenner.verschil_reden(db, "test_weerbaar", 2023) == ""
    zonder = [jaar]
    out = pages.verkenner.sync(None, f"?indicator={code}&jaar={jaar}&weergave=verschil",
                               None, None, None, None, None, None)
    assert out[1]["weergave"] == "waarde" and out[11] == [False, True]
    assert f"voor {zonder[0]} geen cijfer" in out[12] and "De kaart toont de waarden" in out[13]


def test_changing_a_control_writes_the_url(pages) -> None:
    vorige = _state(pages, "?indicator=test_weerbaar&jaar=2023&gebied=WK030701")
    out = pages.verkenner.sync(f"{V}-jaar", "?indicator=test_weerbaar&jaar=2023&gebied=WK030701",
                               "", "test_weerbaar", 2019, "WK030701", None, vorige)
    assert out[0] == "?indicator=test_weerbaar&jaar=2019&niveau=wijk&gebied=WK030701"
    assert out[1]["indeling"] == "wijk2019" and out[1]["gebied"] == "WK030701"


def test_year_change_drops_an_area_whose_boundaries_changed(pages) -> None:
    vorige = _state(pages, "?indicator=test_weerbaar&jaar=2023&gebied=WK030703")
    out = pages.verkenner.sync(f"{V}-jaar", "?x", "", "test_weerbaar", 2019, "WK030703", None, vorige)
    assert out[1]["gebied"] is None
    assert "andere grenzen" in out[13]


def test_click_on_the_map_selects_the_area(pages) -> None:
    vorige = _state(pages, "?indicator=test_weerbaar")
    click = {"points": [{"curveNumber": 3, "customdata": ["WK030702"] * 5}]}
    out = pages.verkenner.sync(f"{V}-kaart", "?indicator=test_weerbaar", "", "test_weerbaar", 2023,
                               None, click, vorige)
    assert out[1]["gebied"] == "WK030702" and "gebied=WK030702" in out[0]
    legend_click = {"points": [{"curveNumber": 40}]}
    with pytest.raises(PreventUpdate):
        pages.verkenner.sync(f"{V}-kaart", "", "", "test_weerbaar", 2023, None, legend_click, vorige)


def test_new_indicator_opens_on_its_latest_map_year(pages) -> None:
    vorige = _state(pages, "?indicator=test_weerbaar&jaar=2019")
    out = pages.verkenner.sync(f"{V}-indicator", "", "", "cbs_aantal_inwoners", 2019, None, None,
                               vorige)
    assert out[1]["jaar"] == 2019  # kept: cbs_aantal_inwoners has wijk figures in 2019
    out = pages.verkenner.sync(f"{V}-indicator", "", "", "test_eenzaam", 2019, None, None, vorige)
    assert out[1]["jaar"] == 2024  # no wijk figures: the latest year of any figure


def test_toggle_buttons_change_level_and_colouring(pages) -> None:
    vorige = _state(pages, "?indicator=cbs_pct_65_jaar_en_ouder&jaar=2024")
    out = pages.verkenner.sync({"type": f"{V}-niveau", "value": "gebiedscluster"}, "", "",
                               "cbs_pct_65_jaar_en_ouder", 2024, None, None, vorige)
    assert out[1]["niveau"] == "gebiedscluster" and out[1]["indeling"] == "cluster"
    assert out[9] == ["false", "false", "true"]
    out = pages.verkenner.sync({"type": f"{V}-weergave", "value": "verschil"}, "", "",
                               "cbs_pct_65_jaar_en_ouder", 2024, None, None, out[1])
    assert "weergave=verschil" in out[0] and out[10] == ["false", "true"]


def test_counts_cannot_be_coloured_by_difference(pages) -> None:
    out = pages.verkenner.sync(None, "?indicator=cbs_aantal_inwoners&weergave=verschil", None,
                               None, None, None, None, None)
    assert out[1]["weergave"] == "waarde" and out[11] == [False, True] and "aantal" in out[12]
    assert "aantal" in out[13]


def test_unknown_url_parts_give_a_friendly_message(pages) -> None:
    out = pages.verkenner.sync(None, "?indicator=bestaat_niet&foo=1&jaar=1900", None, None, None,
                               None, None, None)
    melding = out[13]
    assert "'foo'" in melding and "bestaat_niet" in melding
    # the monitor indicator with wijk figures for the most wijken, not the CBS count
    assert out[1]["indicator"] == "test_weerbaar"


def test_map_callback_says_when_there_are_no_wijk_figures(pages) -> None:
    state = _state(pages, "?indicator=test_eenzaam")
    fig, _rang, hidden, uitleg, tabel, zonder_kaart = pages.verkenner.render_kaart(vs.uit_store(state))
    # the notice, then the related indicator with wijk figures (fixture meta/verwant.csv)
    assert hidden is True and "geen cijfers voor wijken" in uitleg[0] and tabel == ""
    assert [d.href for d in uitleg if not isinstance(d, str)] == [
        "/verkenner?indicator=test_weerbaar", "/ontbrekend"]
    assert zonder_kaart is False
    state = _state(pages, "?indicator=test_weerbaar&jaar=2021")
    _fig, _rang, hidden, uitleg, _, _zonder_kaart = pages.verkenner.render_kaart(vs.uit_store(state))
    # 2021 has one wijk figure (WK030701): the map is shown
    assert hidden is False


def test_trend_and_breakdown_callbacks(pages) -> None:
    state = _state(pages, "?indicator=test_weerbaar&jaar=2023&gebied=WK030701")
    fig, oordelen, notities, tabel = pages.verkenner.render_trend(vs.uit_store(state))
    names = [t["name"] for t in fig["data"]]
    assert names[:4] == ["Stadskern", "Amersfoort", "100.000+ gemeenten", "Nederland"]
    assert "80%" in json.dumps(tabel.to_plotly_json(), default=str)
    ufig, hidden, notitie, _tabel = pages.verkenner.render_uitsplitsing(vs.uit_store(state))
    assert "Stadskern" in ufig["layout"]["title"]["text"] and hidden is False


def test_monitor_choice_from_url(app_env, db) -> None:
    from app.site import monitor  # server-rendered now: the choice is read per request

    assert monitor.bepaal_keuze(db, {"doel": "RD-05"}) == ("doel:RD-05", [])
    assert monitor.bepaal_keuze(db, {"thema": "Bevolking", "doel": "RD-05"})[0] == "doel:RD-05"
    keuze, meldingen = monitor.bepaal_keuze(db, {"thema": "Onzin"})
    assert keuze == "thema:Preventie" and "Onzin" in meldingen[0]


def _download_verzoek(indicator: str) -> dict:
    """The Verkenner's 'Download CSV' request for a view of `indicator` (a store of the right shape)."""
    return {
        "output": f"{V}-download.data",
        "outputs": {"id": f"{V}-download", "property": "data"},
        "inputs": [{"id": f"{V}-csv", "property": "n_clicks", "value": 1},
                   {"id": f"{V}-xlsx", "property": "n_clicks", "value": None}],
        "changedPropIds": [f"{V}-csv.n_clicks"],
        "state": [{"id": f"{V}-state", "property": "data",
                   "value": {"keuze": None, "indicator": indicator, "jaar": 2023,
                             "niveau": "wijk", "indeling": "wijk2024", "gebied": None,
                             "weergave": "waarde", "versie": "0-0-0"}}],
    }


def test_callback_error_is_a_friendly_message_not_a_traceback(dash_app, app_env, pages,
                                                              monkeypatch) -> None:
    client = dash_app.server.test_client()
    client.get("/")  # let Dash finish its set-up on the first request

    def kapot(*_args):
        raise errors.OnbekendeWaarde("De indicator 'test_weerbaar' bestaat niet meer.")

    monkeypatch.setattr(pages.verkenner, "export_onderdelen", kapot)
    response = client.post("/_dash-update-component", json=_download_verzoek("test_weerbaar"))
    body = response.get_data(as_text=True)
    assert response.status_code == 200, body
    side = json.loads(body)["sideUpdate"]
    assert "bestaat niet meer" in side[errors.FOUTMELDING_ID]["children"]
    assert side[errors.FOUTMELDING_BLOK_ID] == {"hidden": False}
    assert "Traceback" not in body and "File \"" not in body


def test_a_store_naming_an_unknown_indicator_is_refused_before_the_callback(dash_app,
                                                                            app_env) -> None:
    client = dash_app.server.test_client()
    client.get("/")
    response = client.post("/_dash-update-component", json=_download_verzoek("bestaat_niet"))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "indicator die niet bestaat: &#39;bestaat_niet&#39;" in body or \
        "indicator die niet bestaat: 'bestaat_niet'" in body
    assert "foutcode" not in body and "Traceback" not in body


def test_unexpected_error_message_has_a_code_and_no_details() -> None:
    message = errors.friendly_message(ZeroDivisionError("geheim detail"))
    assert "foutcode" in message and "geheim detail" not in message


def test_layout_failure_becomes_a_friendly_page(pages, monkeypatch) -> None:
    from app import queries

    monkeypatch.setattr(queries, "_current", queries.Warehouse("/bestaat/niet.duckdb"))
    page = pages.verkenner.layout()
    assert "python -m etl build" in json.dumps(page.to_plotly_json(), default=str)


def test_breakdown_says_what_is_known_about_significance(pages) -> None:
    import pandas as pd

    v = pages.verkenner
    zonder = pd.DataFrame({"status": ["waarde", "waarde"], "significant": [None, None],
                           "ondergrens": [None, None], "bovengrens": [None, None]})
    assert "niet bekend" in v.significantie_notitie(zonder)
    met = zonder.assign(significant=[True, False])
    assert "niet bekend" not in v.significantie_notitie(met)
    deels = zonder.assign(significant=[True, None])
    assert "Niet voor elke groep" in v.significantie_notitie(deels)
    state = _state(pages, "?indicator=test_weerbaar&jaar=2023")
    _fig, hidden, notitie, _tabel = v.render_uitsplitsing(vs.uit_store(state))
    assert not hidden and "significant" in notitie


def test_an_indicator_without_new_figures_says_so_once_with_its_last_year(pages) -> None:
    import json

    state = _state(pages, "?indicator=test_tevreden")  # catalogue: 'geen nieuwe cijfers'
    _titel, info = pages.verkenner.render_info(vs.uit_store(state))
    tekst = json.dumps(info, default=lambda o: o.to_plotly_json())
    assert tekst.count("Geen nieuwe cijfers") == 1
    assert "de laatste cijfers zijn van 2021" in tekst  # the fixture's last year with figures
    _titel, info = pages.verkenner.render_info(_view(pages, "?indicator=test_weerbaar"))
    assert "Geen nieuwe cijfers" not in json.dumps(info, default=lambda o: o.to_plotly_json())


def test_the_indicator_list_is_sent_only_when_it_can_change(pages) -> None:
    vorige = _state(pages, "?indicator=test_weerbaar&jaar=2023")
    out = pages.verkenner.sync(f"{V}-jaar", "?x", "", "test_weerbaar", 2019, None, None, vorige)
    assert out[3] is no_update  # a year changes nothing in the list
    out = pages.verkenner.sync(f"{V}-keuze", "?x", "doel:RD-05", "test_weerbaar", 2023, None,
                               None, vorige)
    assert [o["value"] for o in out[3]] == ["test_eenzaam"] and out[4] == "test_eenzaam"


def test_year_and_area_lists_are_sent_only_when_they_change(pages) -> None:
    vorige = _state(pages, "?indicator=test_weerbaar&jaar=2023")
    # a wijk chosen: the same indicator, level and division, so neither list is sent again
    out = pages.verkenner.sync(f"{V}-gebied", "?x", "", "test_weerbaar", 2023, "WK030701", None,
                               vorige)
    assert out[5] is no_update and out[7] is no_update and out[8] == "WK030701"
    # another year in the same division (2021 and 2023: wijk2024): still not sent
    out = pages.verkenner.sync(f"{V}-jaar", "?x", "", "test_weerbaar", 2021, None, None, vorige)
    assert out[1]["indeling"] == "wijk2024" and out[5] is no_update and out[7] is no_update
    # a year of the old division: the areas are sent, the years are not
    out = pages.verkenner.sync(f"{V}-jaar", "?x", "", "test_weerbaar", 2019, None, None, vorige)
    assert out[5] is no_update and {o["value"] for o in out[7]} >= {"", "WK030701"}
    # another level: both lists
    out = pages.verkenner.sync({"type": f"{V}-niveau", "value": "buurt"}, "?x", "",
                               "test_weerbaar", 2023, None, None, vorige)
    assert out[5] is not no_update and out[7] is not no_update
    # another warehouse version: both lists (the store's versie differs from the warehouse's)
    out = pages.verkenner.sync(f"{V}-gebied", "?x", "", "test_weerbaar", 2023, "WK030701", None,
                               {**vorige, "versie": "ouder"})
    assert out[5] is not no_update and out[7] is not no_update


def test_the_goal_view_says_what_the_programmes_do_for_the_goal(pages) -> None:
    import json


    def tekst(info) -> str:
        return json.dumps(info, default=lambda o: o.to_plotly_json(), ensure_ascii=False)

    db = pages.verkenner.current()
    info = pages.verkenner.render_acties(_view(pages, "?doel=RD-05"))
    verwacht = programma.programma_voor_doel(db, "RD-05")
    assert "Wat doen we eraan" in tekst(info)
    assert len(verwacht.acties) or "Geen resultaat of actie" in tekst(info)  # said in words
    for titel in verwacht.acties["titel"]:
        assert titel in tekst(info)
    assert pages.verkenner.render_acties(_view(pages, "?indicator=test_weerbaar")) is None
    _titel, info = pages.verkenner.render_info(_view(pages, "?doel=RD-05"))
    assert "Wat doen we eraan" not in tekst(info)  # the block is its own part, after the map


def _delen(pages, out: tuple) -> dict[str, list]:
    """The outputs of sync after the controls' 14, per part of the page (onderdelen()'s order)."""
    delen, i = {}, 14
    for deel in pages.verkenner.onderdelen():
        delen[deel.naam], i = list(out[i:i + len(deel.outputs)]), i + len(deel.outputs)
    assert i == len(out)
    return delen


def test_one_request_answers_an_interaction_with_every_part_whose_state_changed(pages) -> None:
    v = pages.verkenner
    geopend = v.sync(None, "?indicator=test_weerbaar&jaar=2023", None, None, None, None, None, None)
    delen = _delen(pages, geopend)
    assert all(x is not no_update for deel in delen.values() for x in deel)  # a link: everything
    state = geopend[1]
    assert delen["kaart"][3] == v.render_kaart(vs.uit_store(state))[3] and delen["info"][0].startswith("% 13-17")

    jaar = _delen(pages, v.sync(f"{V}-jaar", "?x", "", "test_weerbaar", 2019, None, None, state))
    assert jaar["info"] == [no_update] * 2 and jaar["trend"] == [no_update] * 4  # no year in them
    assert jaar["kaart"][0] is not no_update and "2019" in jaar["kaart"][3]
    assert jaar["uitsplitsing"][0] is not no_update and jaar["insluiten"][0] is not no_update

    klik = {"points": [{"customdata": ["WK030701"]}]}
    wijk = _delen(pages, v.sync(f"{V}-kaart", "?x", "", "test_weerbaar", 2023, None, klik, state))
    assert wijk["info"] == [no_update] * 2
    assert all(wijk[d][0] is not no_update for d in ("kaart", "trend", "uitsplitsing"))
    # only the chosen area changed: the map gets its outline as a patch, the ranking its mark
    patch = wijk["kaart"][0].to_plotly_json()["operations"]
    assert [(o["operation"], o["location"]) for o in patch] == [("Assign", ["layout", "shapes"])]
    assert patch[0]["params"]["value"][0]["name"] == "gekozen: Stadskern"
    assert 'data-gebied="WK030701" aria-current="true"' in c.html_van(wijk["kaart"][1])
    assert wijk["kaart"][2:] == [no_update] * 4  # visibility, explanation, table, map box stay
    trend = json.dumps(wijk["trend"][0])
    assert "Stadskern" in trend and "Stadskern" not in json.dumps(delen["trend"][0])


def test_a_replaced_warehouse_redraws_every_part(pages) -> None:
    v = pages.verkenner
    state = _state(pages, "?indicator=test_weerbaar&jaar=2023")
    zelfde = _delen(pages, v.sync(f"{V}-jaar", "?x", "", "test_weerbaar", 2023, None, None, state))
    assert all(x is no_update for deel in zelfde.values() for x in deel)
    oud = dict(state, versie="ander-bestand")
    na = _delen(pages, v.sync(f"{V}-jaar", "?x", "", "test_weerbaar", 2023, None, None, oud))
    assert all(x is not no_update for deel in na.values() for x in deel)


def test_the_opened_page_holds_every_part_drawn(pages) -> None:
    v = pages.verkenner
    page = json.dumps(v.layout(indicator="test_weerbaar", jaar="2023").to_plotly_json(),
                      default=lambda o: o.to_plotly_json())
    state = _state(pages, "?indicator=test_weerbaar&jaar=2023")
    _fig, _rang, _hidden, uitleg, _tabel, _vak = v.render_kaart(vs.uit_store(state))
    assert json.dumps(uitleg) in page  # the map's explanation, so its figure and table too
    assert "13-17 jr" in page and f"{V}-trend-data" in page and f'"{V}-insluiten-kaart"' in page
