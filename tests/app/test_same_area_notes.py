"""On the real warehouse: the chart notes about other wijkindelingen match what is drawn.

One rule decides "same area" (geo.compare.vergelijkbaar, stored in gebied_vergelijkbaarheid); a
note says older figures are in the line exactly when they are drawn in it. Expected decisions and
reasons are fixed by hand from docs/geo.md (Zielhorst: IoU 0.9118, CBS area 135 -> 145 ha).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.onderdelen import trend
from app.profiel import cijfers
from app.queries import Warehouse

GM = "GM0307"
REF = ("NL01",)
RIVM = "rivm_moeite_met_rondkomen"  # 2012, 2016, 2020: wijk2019 only
INWONERS = "cbs_aantal_inwoners"  # 2019 (wijk2019), 2021 and 2024 (wijk2024)
IN_LIJN = "staan daarom in de lijn van"
NIET_IN_LIJN = "niet in de lijn van"


@pytest.fixture(scope="module")
def real_db(real_warehouse: Path) -> Warehouse:
    return Warehouse(real_warehouse)


def _drawn_other(td: trend.TrendData, indeling: str) -> list[int]:
    """Years of the area's own line that come from another indeling."""
    lijn = td.reeksen[td.reeksen["reeks"] == td.volgorde[0]]
    return sorted(int(j) for j in lijn.loc[lijn["indeling"] != indeling, "jaar"])


@pytest.mark.parametrize(
    ("code", "naam", "joined", "reden"),
    [
        ("WK030720", "Zielhorst", False,
         "Zielhorst (wijkindeling 2019): overlap 0,91, oppervlakte +7,4%: niet vergelijkbaar "
         "(oppervlakte meer dan 5% veranderd)."),
        ("WK030719", "Hoogland", True, "(overlap 0,92, oppervlakte +3,9%: vergelijkbaar)"),
        ("WK030707", "Kruiskamp", True, "(overlap 0,95, oppervlakte +0,0%: vergelijkbaar)"),
        ("WK030718", "De Berg-Noord", False,
         "De Berg Noord (wijkindeling 2019): overlap 0,89, oppervlakte +7,5%: niet vergelijkbaar "
         "(overlap kleiner dan 0,90, oppervlakte meer dan 5% veranderd)."),
    ],
)
def test_the_note_says_what_the_line_draws(real_db, code, naam, joined, reden) -> None:
    td = trend.trend(real_db, RIVM, GM, REF, (code, "wijk2024", "wijk"))
    assert td.volgorde[0] == naam
    drawn = _drawn_other(td, "wijk2024")
    tekst = " ".join(td.notities)
    if joined:
        assert drawn == [2012, 2016, 2020]
        assert td.notities == [f"Cijfers van 2012, 2016, 2020 komen uit de wijkindeling 2019, waarin "
                               f"{'De Kruiskamp' if code == 'WK030707' else naam} hetzelfde gebied is"
                               f"{' als Kruiskamp' if code == 'WK030707' else ''} {reden}; "
                               f"ze staan daarom in de lijn van {naam}."]
        assert NIET_IN_LIJN not in tekst and not td.breuken
    else:
        assert drawn == []
        assert f"Cijfers van 2012, 2016, 2020 (wijkindeling 2019) gaan over een gebied met andere " \
               f"grenzen dan {naam} in de wijkindeling 2024; ze staan daarom niet in de lijn van {naam}." in tekst
        assert reden in tekst and IN_LIJN + f" {naam}" not in tekst.replace(NIET_IN_LIJN, "")
        eigen = f"{'De Berg Noord' if code == 'WK030718' else naam} (wijkindeling 2019)"
        assert eigen in td.volgorde and f"{eigen} staat als eigen lijn in de grafiek." in tekst


def test_hoogland_2019_joins_the_2024_figures_and_zielhorst_2019_does_not(real_db) -> None:
    hoogland = trend.trend(real_db, INWONERS, GM, REF, ("WK030719", "wijk2019", "wijk"))
    assert _drawn_other(hoogland, "wijk2019") == [2021, 2024]
    assert [n for n in hoogland.notities if IN_LIJN in n] and NIET_IN_LIJN not in " ".join(hoogland.notities)
    zielhorst = trend.trend(real_db, INWONERS, GM, REF, ("WK030720", "wijk2019", "wijk"))
    assert _drawn_other(zielhorst, "wijk2019") == []
    assert any(NIET_IN_LIJN in n and "overlap 0,91, oppervlakte +7,4%" in n for n in zielhorst.notities)


@pytest.mark.parametrize("indeling", ["wijk2019", "wijk2024"])
@pytest.mark.parametrize("indicator", [RIVM, INWONERS])
def test_no_note_contradicts_the_line_for_any_wijk(real_db, indeling, indicator) -> None:
    """Every wijk: 'in de lijn' iff figures of another indeling are drawn, with exactly their years;
    'niet in de lijn' never next to drawn figures of that indeling."""
    wijken = real_db.frame("SELECT gebied_code FROM dim_gebied WHERE indeling = :i AND niveau = 'wijk'",
                           {"i": indeling})["gebied_code"]
    assert len(wijken) in (31, 33)
    for code in wijken:
        td = trend.trend(real_db, indicator, GM, REF, (code, indeling, "wijk"))
        drawn = _drawn_other(td, indeling)
        in_lijn = [n for n in td.notities if IN_LIJN in n and NIET_IN_LIJN not in n]
        niet = [n for n in td.notities if NIET_IN_LIJN in n]
        assert bool(drawn) == bool(in_lijn), (code, drawn, td.notities)
        if drawn:
            assert in_lijn[0].startswith(f"Cijfers van {', '.join(map(str, sorted(set(drawn))))} "), code
            assert not niet and "wijkindeling gewijzigd" not in {r for _, r in td.breuken}, code


def test_the_wijkprofiel_says_which_older_figures_it_counts(real_db) -> None:
    hoogland = cijfers.profiel_indeling_notities(real_db, "WK030719", "wijk2024", GM, "Hoogland")
    assert len(hoogland) == 1 and hoogland[0].startswith("Cijfers van 2012, 2016, 2019, 2020 komen uit "
                                                         "de wijkindeling 2019, waarin Hoogland hetzelfde "
                                                         "gebied is (overlap 0,92, oppervlakte +3,9%")
    rij = cijfers.wijkprofiel(real_db, "WK030719", "wijk2024", "wijk", GM).set_index("indicator_code")
    assert [j for j, _ in rij.loc[RIVM, "wijk_reeks"]] == [2012, 2016, 2020]  # drawn, as it says

    zielhorst = cijfers.profiel_indeling_notities(real_db, "WK030720", "wijk2024", GM, "Zielhorst")
    assert zielhorst == [
        "Cijfers van 2012, 2016, 2019, 2020 over Zielhorst (wijkindeling 2019) tellen niet mee: dat "
        "gebied heeft andere grenzen dan Zielhorst in de wijkindeling 2024 (overlap 0,91, oppervlakte "
        "+7,4%: niet vergelijkbaar (oppervlakte meer dan 5% veranderd))."]
    rijen = cijfers.wijkprofiel(real_db, "WK030720", "wijk2024", "wijk", GM).set_index("indicator_code")
    # the 2019 wijk's own figures are not drawn, as it says; the figures converted to the 2024
    # wijk are, marked as converted (etl/omrekenen.py)
    assert rijen.loc[RIVM, "wijk_soort"] == "omgerekend"


def test_areas_overlapping_only_part_are_named_briefly(real_db) -> None:
    zielhorst = trend.trend(real_db, RIVM, GM, REF, ("WK030720", "wijk2024", "wijk"))
    assert "Ook andere gebieden overlappen voor een deel: valleipoort (wijkindeling 2019, overlap 0,02)." \
        in zielhorst.notities[0]
    nieuw = trend.trend(real_db, INWONERS, GM, REF, ("WK030733", "wijk2024", "wijk"))
    assert nieuw.notities[0].endswith(
        "Het gaat om gebieden die er maar voor een deel mee overlappen: Vathorst-De Velden "
        "(wijkindeling 2019, overlap 0,31); valleipoort (wijkindeling 2019, overlap 0,16).")
