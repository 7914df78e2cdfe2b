"""The wijkprofiel's figures as plain rows (app/profiel/cijfers.py): one read of an area's facts
gives the profile's rows, its series and its notes, as the frames did before.

Expected figures are fixed by hand from the fixture extracts (tests/app/fixtures/data/extracts/
test/test_monitor.csv and test_monitor_2019.csv: test_weerbaar WK030701 77,0 (2019, wijk2019),
78,0 (2021), 80,0 (2023); GM0307 70,0, 72,0, 75,0*; WK030703 2023 'x').
"""

from __future__ import annotations

from app import fmt, gebieden
from app.profiel import cijfers
from app.queries import Warehouse

GM = "GM0307"
STADSKERN_2019 = "Stadskern (wijkindeling 2019)"


def test_profile_rows_carry_the_same_area_of_the_old_indeling_in_the_series(db: Warehouse) -> None:
    p = cijfers.profielcijfers(db, "WK030701", "wijk2024", GM)
    rij = {r["indicator_code"]: r for r in p.rijen}["test_weerbaar"]
    assert (rij["jaar"], rij["wijk_waarde"], rij["gemeente_waarde"], rij["verschil"]) == (2023, 80.0, 75.0, 5.0)
    assert rij["wijk_reeks"] == ((2019, 77.0), (2021, 78.0), (2023, 80.0))
    assert rij["gemeente_reeks"] == ((2019, 70.0), (2021, 72.0), (2023, 75.0))
    assert rij["vorig_jaar"] == 2021 and rij["vorige_waarde"] == 78.0
    assert rij["cijfer_gebied"] is None  # the latest figure is the area's own


def test_profile_rows_are_ordered_by_thema_then_name(db: Warehouse) -> None:
    rijen = cijfers.profielcijfers(db, "WK030701", "wijk2024", GM).rijen
    # Preventie comes before Bevolking in the fixture monitor's chapters
    assert [r["indicator_code"] for r in rijen][:3] == [
        "test_weerbaar", "cbs_aantal_inwoners", "cbs_pct_65_jaar_en_ouder"]
    frame = cijfers.wijkprofiel(db, "WK030701", "wijk2024", "wijk", GM)
    assert list(frame.columns) == cijfers.PROFIEL_KOLOMMEN
    assert list(frame["indicator_code"]) == [r["indicator_code"] for r in rijen]


def test_series_rows_name_the_other_indeling_and_join_the_gemeente(db: Warehouse) -> None:
    reeksen = [r for r in cijfers.profielcijfers(db, "WK030701", "wijk2024", GM).reeksen
               if r["indicator_code"] == "test_weerbaar"]
    assert [(r["jaar"], r["indeling"], r["waarde"], r["gemeente_waarde"], r["cijfer_gebied"])
            for r in reeksen] == [(2019, "wijk2019", 77.0, 70.0, STADSKERN_2019),
                                  (2021, "wijk2024", 78.0, 72.0, None),
                                  (2023, "wijk2024", 80.0, 75.0, None)]
    assert all(r["zelfde_gebied"] and r["gemeente_afgeleid"] is False for r in reeksen)
    frame = cijfers.wijkprofiel_reeksen(db, "WK030701", "wijk2024", GM)
    assert list(frame.columns) == cijfers.REEKS_KOLOMMEN and len(frame) == len(
        cijfers.profielcijfers(db, "WK030701", "wijk2024", GM).reeksen)


def test_changed_area_rows_come_after_the_series_and_stay_out_of_it(db: Warehouse) -> None:
    p = cijfers.profielcijfers(db, "WK030703", "wijk2024", GM)
    weerbaar = [r for r in p.reeksen if r["indicator_code"] == "test_weerbaar"]
    assert [(r["jaar"], r["indeling"], r["zelfde_gebied"], r["status"]) for r in weerbaar] == [
        (2019, "wijk2024", True, fmt.STATUS_WAARDE),
        (2023, "wijk2024", True, "geheim/onderdrukt"),
        (2019, "wijk2019", False, fmt.STATUS_WAARDE)]
    assert weerbaar[-1]["cijfer_gebied"] == "Soesterkwartier (wijkindeling 2019)"
    rij = {r["indicator_code"]: r for r in p.rijen}["test_weerbaar"]
    assert rij["wijk_status"] == "geheim/onderdrukt" and rij["wijk_waarde"] is None
    assert rij["gemeente_waarde"] == 75.0


def test_notes_follow_the_series(db: Warehouse) -> None:
    [stadskern] = cijfers.profiel_indeling_notities(db, "WK030701", "wijk2024", GM, "Stadskern")
    assert stadskern.startswith("Cijfers van 2019 komen uit de wijkindeling 2019, waarin Stadskern "
                                "hetzelfde gebied is (overlap 0,95")
    [soest] = cijfers.profiel_indeling_notities(db, "WK030703", "wijk2024", GM, "Soesterkwartier")
    assert soest.startswith("Cijfers van 2019 over Soesterkwartier (wijkindeling 2019) tellen niet "
                            "mee: dat gebied heeft andere grenzen dan Soesterkwartier in de "
                            "wijkindeling 2024 (overlap 0,72")


def test_area_pairs_from_rows(db: Warehouse) -> None:
    assert gebieden.gebied_paren(db, "WK030701", "wijk2024") == (
        [("WK030701", "wijk2024"), ("WK030701", "wijk2019")], [])
    assert gebieden.gebied_paren(db, "WK030703", "wijk2024") == (
        [("WK030703", "wijk2024")], [("WK030703", "wijk2019")])


def test_one_per_year_on_rows_prefers_the_own_indeling_else_the_last() -> None:
    rijen = [
        {"indicator_code": "b", "jaar": 2019, "indeling": "w2019", "n": 1},
        {"indicator_code": "a", "jaar": 2021, "indeling": "w2024", "n": 2},
        {"indicator_code": "a", "jaar": 2021, "indeling": "w2019", "n": 3},
        {"indicator_code": "a", "jaar": 2019, "indeling": "w2019", "n": 4},
        {"indicator_code": "a", "jaar": 2019, "indeling": "w2015", "n": 5},
    ]
    assert [r["n"] for r in gebieden.een_per_jaar_rijen(rijen, "w2024")] == [5, 2, 1]


def test_fixed_area_names_without_a_query_per_code(db: Warehouse) -> None:
    assert gebieden.gebied_naam(db, GM) == "Amersfoort"
    assert gebieden.is_vast_gebied(db, "NL01") and not gebieden.is_vast_gebied(db, "WK030701")


def test_comparison_values_of_a_fixed_area_and_a_wijk(db: Warehouse) -> None:
    codes = ("test_weerbaar", "bestaat_niet")
    assert cijfers.vergelijk_waarden(db, codes, GM, "vast", None, GM) == {
        "test_weerbaar": {2019: 70.0, 2021: 72.0, 2023: 75.0}}
    assert cijfers.vergelijk_waarden(db, codes, "WK030701", "wijk2024", "wijk", GM) == {
        "test_weerbaar": {2019: 77.0, 2021: 78.0, 2023: 80.0}}
