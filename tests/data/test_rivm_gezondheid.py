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


def _export_rows() -> list[dict[str, str]]:
    with EXPORT.open(encoding="utf-8", newline="") as handle:
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
    cells = sum(1 for r in _export_rows() for k in keys if r[k].strip() != "")
    dots = sum(1 for r in _export_rows() for k in keys if r[k].strip() == ".")
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
    assert loaded == [("buurt2020", "buurt"), ("vast", "gemeente"), ("wijk2019", "wijk")]


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
    assert len({code for code, _, _ in rows}) == 32
    assert all(
        reden and doel in ("ME-A",) + tuple(f"RD-{n:02d}" for n in range(1, 15)) for _, doel, reden in rows
    )


def test_indicators_say_they_are_model_estimates_and_never_one_series_with_ggd(real_con):
    rows = real_con.execute(
        """SELECT code, bron, toelichting, eenheid, aggregatie FROM dim_indicator
           WHERE code LIKE 'rivm\\_%' ESCAPE '\\'"""
    ).fetchall()
    assert len(rows) == 32
    for code, bron, toelichting, eenheid, aggregatie in rows:
        assert bron == "RIVM/CBS, Gezondheid per wijk en buurt (50090NED)", code
        assert "Modelschatting (SMAP)" in toelichting and "nooit samen in één reeks" in toelichting, code
        assert (eenheid, aggregatie) == ("percentage", "geen"), code


def test_the_shipped_build_has_no_rejects(real_con):
    assert real_con.execute("SELECT count(*) FROM etl_reject").fetchone() == (0,)
    loads = dict(real_con.execute("SELECT path, rows_loaded FROM etl_load").fetchall())
    assert loads["extracts/rivm/rivm_gezondheid_50090NED_amersfoort.csv"] == 36490
    assert loads["extracts/cbs/kwb_2021_wijken_v1_amersfoort.csv"] == 990
