"""RIVM/CBS Gezondheid per wijk en buurt (50090NED) in the shipped warehouse.

Expected values are copied from data/extracts/rivm/rivm_gezondheid_50090NED_amersfoort.csv
(the Amersfoort rows of CBS's export); codes are the 2020 division (wijken = wijk2019).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import fetch_fact, indicator_doelen

DATA = Path(__file__).resolve().parents[2] / "data"
EXPORT = DATA / "extracts" / "rivm" / "rivm_gezondheid_50090NED_amersfoort.csv"
NL_EXPORT = DATA / "extracts" / "rivm" / "rivm_gezondheid_50090NED_NL01_GM0307_2012_2016_2020.csv"
LOPEN_FIETSEN = (
    "LopenEnOfFietsenNaarSchoolOfWerk_34",
    "LopenNaarSchoolOfWerk_35",
    "FietsenNaarSchoolOfWerk_36",
)
GEHEIM = "geheim/onderdrukt"
KRUISKAMP = "WK030707"


@pytest.mark.parametrize(
    ("indicator", "jaar", "waarde"),
    [
        ("rivm_ervaren_gezondheid_goed", 2012, 69.3),
        ("rivm_ervaren_gezondheid_goed", 2016, 69.5),
        ("rivm_ervaren_gezondheid_goed", 2020, 74.6),
        ("rivm_moeite_met_rondkomen", 2012, 33.1),
        ("rivm_moeite_met_rondkomen", 2016, 29.2),
        ("rivm_moeite_met_rondkomen", 2020, 20.7),
    ],
)
def test_kruiskamp_18plus_is_the_headline_figure(real_con, indicator, jaar, waarde):
    assert fetch_fact(real_con, indicator, jaar, KRUISKAMP, indeling="wijk2019") == (
        waarde,
        "waarde",
        str(jaar),
    )


def test_amersfoort_2020_eenzaam(real_con):
    assert fetch_fact(real_con, "rivm_eenzaam", 2020, "GM0307") == (46.3, "waarde", "2020")


@pytest.mark.parametrize(
    ("groep", "jaar", "waarde"),
    [("18-64", 2012, 35.0), ("18-64", 2016, 30.6), ("65+", 2016, 22.2), ("65+", 2020, 13.1)],
)
def test_age_groups_are_leeftijd_groups(real_con, groep, jaar, waarde):
    got = fetch_fact(real_con, "rivm_moeite_met_rondkomen", jaar, KRUISKAMP, "leeftijd", groep, "wijk2019")
    assert got == (waarde, "waarde", str(jaar))


def test_no_18_64_figures_for_2020(real_con):
    """The 2020 file for ages 18-64 did not come across (data/extracts/rivm/README.md)."""
    rows = real_con.execute(
        """SELECT count(*) FROM v_waarde WHERE indicator_code LIKE 'rivm\\_%' ESCAPE '\\'
           AND jaar = 2020 AND groep = '18-64'"""
    ).fetchone()
    assert rows == (0,)


def _export_rows(path: Path = EXPORT) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_cbs_dot_is_a_status_not_a_number(real_con):
    dot = next(r for r in _export_rows() if r["Leeftijd"] == "20300" and r["Eenzaam_28"] == ".")
    jaar = int(dot["Perioden"][:4])
    gebied = dot["WijkenEnBuurten"]
    assert fetch_fact(real_con, "rivm_eenzaam", jaar, gebied) == (None, GEHEIM, str(jaar))


def test_every_value_cell_is_one_figure_and_empty_cells_none(real_con):
    """Each non-empty cell of a mapped key is one figure; an empty cell (not asked) gives none."""
    with (DATA / "meta" / "statline_50090NED_kolommen.csv").open(encoding="utf-8") as handle:
        keys = [r["kolom"] for r in csv.DictReader(handle)]
    rows = _export_rows() + [r for r in _export_rows(NL_EXPORT) if r["WijkenEnBuurten"] == "NL01"]
    cells = sum(1 for r in rows for k in keys if r[k].strip() != "")
    dots = sum(1 for r in rows for k in keys if r[k].strip() == ".")
    loaded = real_con.execute(
        """SELECT count(*), count(*) FILTER (WHERE status = ?) FROM v_waarde
           WHERE indicator_code LIKE 'rivm\\_%' ESCAPE '\\' AND NOT afgeleid""",
        [GEHEIM],
    ).fetchone()
    assert loaded == (cells, dots)
    # 2012 did not ask about regie: no figure at all, not a missing one
    rows = real_con.execute(
        "SELECT count(*) FROM v_waarde WHERE indicator_code = 'rivm_regie_eigen_leven' AND jaar = 2012"
    ).fetchone()
    assert rows == (0,)


def test_the_2020_wijken_are_the_2019_division(real_con):
    """The 31 wijk codes of the export are exactly those of wijk2019 (Park Schothorst included)."""
    in_export = {r["WijkenEnBuurten"] for r in _export_rows() if r["SoortRegio_2"] == "Wijk"}
    wijk2019 = {
        c
        for (c,) in real_con.execute(
            "SELECT gebied_code FROM dim_gebied WHERE indeling = 'wijk2019'"
        ).fetchall()
    }
    assert in_export == wijk2019 and "WK030723" in in_export
    loaded = real_con.execute(
        """SELECT DISTINCT indeling, gebied_niveau FROM v_waarde
           WHERE indicator_code LIKE 'rivm\\_%' ESCAPE '\\' AND NOT afgeleid ORDER BY ALL"""
    ).fetchall()  # delivered figures; the wijk2024 ones converted from them are etl.omrekenen's
    assert loaded == [("buurt2020", "buurt"), ("vast", "gemeente"), ("vast", "land"), ("wijk2019", "wijk")]


def test_the_2020_buurten_are_loaded_without_geometry(real_con):
    buurten = real_con.execute(
        """SELECT count(*), count(g.gebied_code) FROM dim_gebied d
           LEFT JOIN gebied_geometrie g USING (gebied_code, indeling)
           WHERE d.indeling = 'buurt2020'"""
    ).fetchone()
    assert buurten == (146, 0)
    # their figures are there for tables, profiles and exports
    got = fetch_fact(real_con, "rivm_moeite_met_rondkomen", 2020, "BU03070700", indeling="buurt2020")
    assert got == (18.8, "waarde", "2020")


@pytest.mark.parametrize(
    ("indicator", "doel"),
    [
        ("rivm_eenzaam", "RD-05"),
        ("rivm_ernstig_eenzaam", "RD-05"),
        ("rivm_moeite_met_rondkomen", "RD-07"),
        ("rivm_regie_eigen_leven", "RD-10"),
        ("rivm_roken", "RD-14"),
        ("rivm_overmatig_drinken", "RD-14"),
        ("rivm_beweegrichtlijn", "RD-14"),
        ("rivm_overgewicht", "RD-14"),
    ],
)
def test_goal_links_follow_the_beleidskader(real_con, indicator, doel):
    assert doel in indicator_doelen(real_con, indicator)


def test_every_goal_link_has_its_reason(real_con):
    rows = real_con.execute(
        """SELECT i.code, b.doel_code, b.reden FROM bridge_indicator_doel b
           JOIN dim_indicator i USING (indicator_id) WHERE i.code LIKE 'rivm\\_%' ESCAPE '\\'"""
    ).fetchall()
    assert len({code for code, _, _ in rows}) == 35
    assert all(
        reden and doel in ("ME-A",) + tuple(f"RD-{n:02d}" for n in range(1, 15)) for _, doel, reden in rows
    )


def test_indicators_say_they_are_model_estimates_and_never_one_series_with_ggd(real_con):
    rows = real_con.execute(
        """SELECT code, bron, toelichting, eenheid, aggregatie FROM dim_indicator
           WHERE code LIKE 'rivm\\_%' ESCAPE '\\'"""
    ).fetchall()
    assert len(rows) == 35
    for code, bron, toelichting, eenheid, aggregatie in rows:
        assert bron == "RIVM/CBS, Gezondheid per wijk en buurt (50090NED)", code
        assert "Modelschatting (SMAP)" in toelichting and "nooit samen in één reeks" in toelichting, code
        assert (eenheid, aggregatie) == ("percentage", "geen"), code


def test_the_shipped_build_has_no_rejects(real_con):
    assert real_con.execute("SELECT count(*) FROM etl_reject").fetchone() == (0,)
    loads = dict(real_con.execute("SELECT path, rows_loaded FROM etl_load").fetchall())
    # 36,490 figures before the walking/cycling keys were loaded, + 1,068 of them
    assert loads["extracts/rivm/rivm_gezondheid_50090NED_amersfoort.csv"] == 37558
    assert loads["extracts/rivm/rivm_gezondheid_50090NED_NL01_GM0307_2012_2016_2020.csv"] == 211
    assert loads["extracts/cbs/kwb_2021_wijken_v1_amersfoort.csv"] == 990


# -- the walking/cycling keys the description once called empty (issue 21, point 6) -------------


def test_the_walking_and_cycling_cells_are_all_in_the_warehouse(real_con):
    """356 cells per key (178 areas x 18-64 x 2012, 2016), 24 of them a CBS '.' per key."""
    loaded = real_con.execute(
        """SELECT indicator_code, count(*), count(*) FILTER (WHERE status = ?),
                  min(jaar), max(jaar), min(groep), max(groep)
           FROM v_waarde WHERE indicator_code IN (?, ?, ?) AND gebied_code <> 'NL01' AND NOT afgeleid
           GROUP BY ALL ORDER BY ALL""",
        [GEHEIM, "rivm_fietsen_school_werk", "rivm_lopen_of_fietsen_school_werk", "rivm_lopen_school_werk"],
    ).fetchall()
    assert loaded == [
        ("rivm_fietsen_school_werk", 356, 24, 2012, 2016, "18-64", "18-64"),
        ("rivm_lopen_of_fietsen_school_werk", 356, 24, 2012, 2016, "18-64", "18-64"),
        ("rivm_lopen_school_werk", 356, 24, 2012, 2016, "18-64", "18-64"),
    ]
    # a value copied from the export: Kruiskamp, 18-64, 2016
    row = next(
        r
        for r in _export_rows()
        if r["WijkenEnBuurten"] == KRUISKAMP and r["Leeftijd"] == "53115" and r["Perioden"] == "2016JJ00"
    )
    got = fetch_fact(real_con, "rivm_fietsen_school_werk", 2016, KRUISKAMP, "leeftijd", "18-64", "wijk2019")
    assert got == (float(row["FietsenNaarSchoolOfWerk_36"]), "waarde", "2016")


def test_no_ignored_column_of_the_rivm_exports_holds_a_figure_key(real_con):
    """What the build ignores in the RIVM exports is region attributes, row ids and the GM0307 rows
    of the national file: never a CBS key of a figure (etl_ignored, one row per rule)."""
    rows = real_con.execute(
        "SELECT path, regel, cellen FROM etl_ignored WHERE path LIKE 'extracts/rivm/%' ORDER BY ALL"
    ).fetchall()
    nl = "extracts/rivm/rivm_gezondheid_50090NED_NL01_GM0307_2012_2016_2020.csv"
    nl_rule = "kolom {} staat in [statline] negeer van de beschrijving"
    amf = "extracts/rivm/rivm_gezondheid_50090NED_amersfoort.csv"
    assert rows == sorted(
        [
            *(
                (amf, nl_rule.format(k), 1424)
                for k in ("Codering_3", "Gemeentenaam_1", "SoortRegio_2", "bronbestand")
            ),
            *((nl, nl_rule.format(k), 8) for k in ("Codering_3", "Gemeentenaam_1", "ID", "SoortRegio_2")),
            # 8 GM0307 rows: 4 attribute cells each + their filled figure cells (243 - 32 = 211)
            (nl, "gebied GM0307: al geleverd in rivm_gezondheid_50090NED_amersfoort.csv", 243),
        ]
    )
    assert not any(k in regel for _, regel, _ in rows for k in LOPEN_FIETSEN)


# -- the Nederland model estimates (issue 21, point 5) --------------------------------------------


def test_the_national_file_s_amersfoort_rows_equal_the_amersfoort_export():
    """The description ignores the GM0307 rows as 'al geleverd': checked here, not trusted."""
    keys = ["Leeftijd", "Perioden"]
    ours = {tuple(r[k] for k in keys): r for r in _export_rows() if r["WijkenEnBuurten"] == "GM0307"}
    theirs = [r for r in _export_rows(NL_EXPORT) if r["WijkenEnBuurten"] == "GM0307"]
    assert len(theirs) == 8 == len(ours)
    for row in theirs:
        mine = ours[tuple(row[k] for k in keys)]
        assert {k: v for k, v in row.items() if k != "ID"} == {
            k: v for k, v in mine.items() if k != "bronbestand"
        }


def test_kruiskamp_rivm_figures_have_a_nederland_figure_of_the_same_year_and_group(real_con):
    missing = real_con.execute(
        """SELECT w.indicator_code, w.jaar, w.groep FROM v_waarde w
           WHERE w.indicator_code LIKE 'rivm\\_%' ESCAPE '\\' AND w.gebied_code = ?
             AND w.indeling = 'wijk2019'
             AND NOT EXISTS (SELECT 1 FROM v_waarde n
                             WHERE n.gebied_code = 'NL01' AND n.indicator_code = w.indicator_code
                               AND n.jaar = w.jaar AND n.groep_dimensie = w.groep_dimensie
                               AND n.groep = w.groep AND n.status = 'waarde')""",
        [KRUISKAMP],
    ).fetchall()
    assert missing == []
    kruiskamp = real_con.execute(
        "SELECT count(*) FROM v_waarde WHERE indicator_code LIKE 'rivm\\_%' ESCAPE '\\' AND gebied_code = ?",
        [KRUISKAMP],
    ).fetchone()[0]
    assert kruiskamp > 200  # the check above is not vacuous


@pytest.mark.parametrize(
    ("indicator", "jaar", "waarde"),
    # copied from the NL01 rows of the national export (Leeftijd 20300 = 18 jaar of ouder)
    [("rivm_ervaren_gezondheid_goed", 2012, 76.1), ("rivm_moeite_met_rondkomen", 2012, 24.0)],
)
def test_nederland_is_the_land_area_nl01(real_con, indicator, jaar, waarde):
    assert fetch_fact(real_con, indicator, jaar, "NL01") == (waarde, "waarde", str(jaar))
