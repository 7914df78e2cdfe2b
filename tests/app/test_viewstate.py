"""The one view state (app/viewstate.py): its rules, its URL and its store.

Expected values are the fixture warehouse's facts (tests/app/fixtures), fixed by hand.
"""

from __future__ import annotations

import pytest

from app import viewstate as vs

GM = "GM0307"


def test_a_link_opens_the_view_it_names(db) -> None:
    s, meldingen = vs.bepaal(db, {"indicator": "test_weerbaar", "jaar": "2023",
                                  "gebied": "WK030701"}, GM)
    assert (s.indicator, s.jaar, s.niveau, s.indeling, s.gebied, s.weergave) == (
        "test_weerbaar", 2023, "wijk", "wijk2024", "WK030701", "waarde")
    assert meldingen == [] and s.gebied_tuple == ("WK030701", "wijk2024", "wijk")
    assert s.search() == "?indicator=test_weerbaar&jaar=2023&niveau=wijk&gebied=WK030701"


def test_defaults_the_indicator_and_its_latest_map_year(db) -> None:
    s, meldingen = vs.bepaal(db, {}, GM)
    assert (s.indicator, s.jaar, s.niveau, s.gebied) == ("test_weerbaar", 2023, "wijk", None)
    assert meldingen == []


def test_corrections_are_said_in_dutch(db) -> None:
    s, meldingen = vs.bepaal(db, {"indicator": "bestaat_niet", "niveau": "straat",
                                  "jaar": "1900", "thema": "Geen"}, GM)
    assert s.indicator == "test_weerbaar" and s.niveau == "wijk" and s.keuze is None
    tekst = " ".join(meldingen)
    for deel in ("'Geen' bestaat niet", "'bestaat_niet' bestaat niet", "'straat' bestaat niet",
                 "Voor 1900 zijn er geen cijfers"):
        assert deel in tekst


def test_a_new_indicator_keeps_the_year_only_where_the_map_has_figures(db) -> None:
    vorige, _ = vs.bepaal(db, {"indicator": "test_weerbaar", "jaar": "2019"}, GM)
    s, _ = vs.bepaal(db, vs.na_wijziging(vorige, "indicator", "cbs_aantal_inwoners"), GM,
                     vorige, "indicator")
    assert s.jaar == 2019
    s, _ = vs.bepaal(db, vs.na_wijziging(vorige, "indicator", "test_eenzaam"), GM, vorige,
                     "indicator")
    assert s.jaar == 2024  # no wijk figures: the latest year of any figure


def test_a_new_division_keeps_only_the_same_area(db) -> None:
    vorige, _ = vs.bepaal(db, {"indicator": "test_weerbaar", "jaar": "2023",
                               "gebied": "WK030701"}, GM)
    s, meldingen = vs.bepaal(db, vs.na_wijziging(vorige, "jaar", 2019), GM, vorige, "jaar")
    assert (s.indeling, s.gebied, meldingen) == ("wijk2019", "WK030701", [])
    vorige, _ = vs.bepaal(db, {"indicator": "test_weerbaar", "jaar": "2023",
                               "gebied": "WK030703"}, GM)
    s, meldingen = vs.bepaal(db, vs.na_wijziging(vorige, "jaar", 2019), GM, vorige, "jaar")
    assert s.gebied is None and "andere grenzen" in meldingen[0]


def test_a_count_is_never_coloured_by_difference(db) -> None:
    s, meldingen = vs.bepaal(db, {"indicator": "cbs_aantal_inwoners", "weergave": "verschil"}, GM)
    assert s.weergave == "waarde" and "aantal" in meldingen[0]
    s, _ = vs.bepaal(db, {"indicator": "cbs_pct_65_jaar_en_ouder", "weergave": "verschil"}, GM)
    assert s.weergave == "verschil" and s.url_params()["weergave"] == "verschil"


def test_a_theme_narrows_and_a_theme_change_resets_a_foreign_indicator(db) -> None:
    vorige, _ = vs.bepaal(db, {"indicator": "cbs_aantal_inwoners"}, GM)
    params = vs.na_wijziging(vorige, "keuze", "doel:RD-05")
    assert params["keuze"] == "doel:RD-05" and "thema" not in params
    s, _ = vs.bepaal(db, params, GM, vorige, "keuze")
    assert s.keuze == "doel:RD-05" and s.indicator != "cbs_aantal_inwoners"
    assert s.url_params()["doel"] == "RD-05" and s.url_params()["thema"] is None
    with pytest.raises(ValueError):
        vs.na_wijziging(vorige, "kleur", "rood")


def test_the_store_round_trips_and_refuses_what_it_did_not_write(db) -> None:
    s, _ = vs.bepaal(db, {"indicator": "test_weerbaar", "gebied": "WK030701"}, GM)
    store = s.naar_store()
    assert vs.uit_store(store) == s
    slecht = [
        None, [], "x", {**store, "extra": 1}, {k: v for k, v in store.items() if k != "versie"},
        {**store, "jaar": "2023"}, {**store, "jaar": 2023.0}, {**store, "jaar": True},
        {**store, "jaar": 999}, {**store, "jaar": 10_000}, {**store, "niveau": "straat"},
        {**store, "weergave": "kleur"}, {**store, "indicator": ""}, {**store, "indicator": None},
        {**store, "gebied": ["WK030701"]}, {**store, "gebied": "A" * 201}, {**store, "versie": 1},
    ]
    for store_ in slecht:
        with pytest.raises(vs.OngeldigeStaat, match="opgeslagen weergave"):
            vs.uit_store(store_)
    # the edges of what is accepted
    assert vs.uit_store({**store, "jaar": 1000}).jaar == 1000
    assert vs.uit_store({**store, "jaar": 9999}).jaar == 9999
    assert vs.uit_store({**store, "gebied": "A" * 200}).gebied == "A" * 200
    assert vs.uit_store({**store, "jaar": None}).jaar is None


def test_an_embed_link_refuses_an_area_outside_the_years_division(db) -> None:
    s = vs.voor_weergave(db, {"indicator": "test_weerbaar", "gebied": "WK030701"})
    assert (s.jaar, s.niveau, s.indeling) == (2023, "wijk", "wijk2024")
    assert s.link() == "/verkenner?indicator=test_weerbaar&jaar=2023&niveau=wijk&gebied=WK030701"
    # a buurt code opens the buurt level without being told
    b = vs.voor_weergave(db, {"indicator": "cbs_aantal_inwoners", "gebied": "BU03070101"})
    assert b.niveau == "buurt"
    with pytest.raises(vs.GeenGeldigeKeuze, match="hoort niet bij"):
        vs.voor_weergave(db, {"indicator": "test_weerbaar", "jaar": "2023",
                              "gebied": "WK030703", "niveau": "buurt"})


def test_a_new_indicator_drops_a_year_without_map_figures(db) -> None:
    # test_eenzaam has figures in 2020, 2022 and 2024, none per wijk (fixture)
    vorige, _ = vs.bepaal(db, {"indicator": "test_meldingen", "jaar": "2020"}, GM)
    assert vorige.jaar == 2020
    s, _ = vs.bepaal(db, vs.na_wijziging(vorige, "indicator", "test_eenzaam"), GM, vorige,
                     "indicator")
    assert s.jaar == 2024
    # a link is not an interaction: its year stands when the indicator has figures then
    s, meldingen = vs.bepaal(db, {"indicator": "test_eenzaam", "jaar": "2020"}, GM, vorige)
    assert s.jaar == 2020 and meldingen == []


def test_a_link_names_its_area_in_its_own_division(db) -> None:
    # back/forward or a pasted link: the area is the link's, not matched from the previous view
    vorige, _ = vs.bepaal(db, {"indicator": "test_weerbaar", "jaar": "2023",
                               "gebied": "WK030701"}, GM)
    s, meldingen = vs.bepaal(db, {"indicator": "test_weerbaar", "jaar": "2019",
                                  "gebied": "WK030703"}, GM, vorige)
    assert (s.indeling, s.gebied, meldingen) == ("wijk2019", "WK030703", [])


def test_old_links_to_the_verkenner_at_the_root_are_recognised() -> None:
    assert vs.is_oude_link("/", ["indicator"]) and vs.is_oude_link("/", ["x", "weergave"])
    assert not vs.is_oude_link("/", []) and not vs.is_oude_link("/", ["x"])
    assert not vs.is_oude_link("/monitor", ["indicator"])


def test_a_store_naming_what_the_warehouse_does_not_hold_is_named(db) -> None:
    s, _ = vs.bepaal(db, {"indicator": "test_weerbaar", "jaar": "2023", "gebied": "WK030701"}, GM)
    assert vs.onbekend_in_store(db, s) is None
    assert "indicator die niet bestaat: 'bestaat_niet'" in vs.onbekend_in_store(
        db, s.vervang(indicator="bestaat_niet"))
    assert "thema of doel" in vs.onbekend_in_store(db, s.vervang(keuze="thema:Geen"))
    assert vs.onbekend_in_store(db, s.vervang(keuze="doel:RD-05")) is None
    # an area is checked in the store's own division and level
    assert "gebied" in vs.onbekend_in_store(db, s.vervang(gebied="WK999999"))
    assert "gebied" in vs.onbekend_in_store(db, s.vervang(niveau="buurt"))
    assert "gebied" in vs.onbekend_in_store(db, s.vervang(indeling=None))
    assert vs.onbekend_in_store(db, s.vervang(gebied=None, indeling=None)) is None
