"""Tests of app/queries.py against a small warehouse built by the real ETL."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from app import queries
from tests.app.conftest import build, make_data_dir


def test_catalogue_lists_levels_and_goals(db: queries.Warehouse) -> None:
    cat = db.indicatoren().set_index("code")
    assert bool(cat.loc["test_weerbaar", "heeft_wijk"]) is True
    assert bool(cat.loc["test_eenzaam", "heeft_wijk"]) is False
    assert bool(cat.loc["test_weerbaar", "heeft_uitsplitsing"]) is True
    assert cat.loc["test_weerbaar", "doelen"] == "RD-01|RD-02"
    assert bool(cat.loc["cbs_aantal_inwoners", "heeft_cluster"]) is True


def test_map_values_are_filtered_by_indeling(db: queries.Warehouse) -> None:
    # WK030704 exists in both divisions (code reused for another area): never mixed.
    new = db.kaartwaarden("test_weerbaar", 2023, "wijk2024").set_index("gebied_code")
    old = db.kaartwaarden("test_weerbaar", 2019, "wijk2019").set_index("gebied_code")
    assert new.loc["WK030704", "status"] == "niet gemeten"
    assert old.loc["WK030704", "waarde"] == 50.0
    # 2019 in the 2024 division: only figures converted from the 2019 wijken, marked as such
    converted = db.kaartwaarden("test_weerbaar", 2019, "wijk2024")
    assert set(converted["soort"]) <= {"omgerekend"}
    assert old.loc["WK030704", "gebied_naam"] != new.loc["WK030704", "gebied_naam"]


def test_suppressed_value_is_a_status_not_a_number(db: queries.Warehouse) -> None:
    row = db.kaartwaarden("test_weerbaar", 2023, "wijk2024").set_index("gebied_code").loc["WK030703"]
    assert row["status"] == "geheim/onderdrukt"
    assert row["waarde"] is None or row["waarde"] != row["waarde"]  # None/NaN, never 0


def test_geometry_of_both_wijk_divisions(db: queries.Warehouse) -> None:
    g19, g24 = db.geometrie("wijk2019"), db.geometrie("wijk2024")
    assert len(g19) == 31 and len(g24) == 33
    assert g24["geometry"].str.startswith("{").all()


def test_parameters_are_bound_not_interpolated(db: queries.Warehouse) -> None:
    evil = "x' OR '1'='1"
    assert db.kaartwaarden(evil, 2023, "wijk2024").empty
    assert db.reeksen((evil,), ("GM0307",)).empty


def test_connection_is_read_only(db: queries.Warehouse) -> None:
    with pytest.raises(queries.WarehouseUnreadable):
        db.frame("CREATE TABLE kapot (x INTEGER)")


def test_results_are_cached_per_version(db: queries.Warehouse, monkeypatch) -> None:
    calls = []
    original = db.frame

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(db, "frame", counting)
    first = db.kaartwaarden("test_weerbaar", 2023, "wijk2024")
    first.loc[:, "waarde"] = -1  # callers get copies: the cache is not changed
    second = db.kaartwaarden("test_weerbaar", 2023, "wijk2024")
    assert len(calls) == 1
    assert (second["waarde"].dropna() != -1).all()


def test_replaced_warehouse_is_reopened_without_restart(
    tmp_path: Path, warehouse_path: Path
) -> None:
    target = tmp_path / "warehouse.duckdb"
    target.write_bytes(warehouse_path.read_bytes())
    wh = queries.Warehouse(target)
    before = wh.kaartwaarden("test_weerbaar", 2023, "vast").set_index("gebied_code")
    assert before.loc["GM0307", "waarde"] == 75.0

    data_dir = make_data_dir(tmp_path / "data")
    csv = data_dir / "extracts" / "test" / "test_monitor.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(
        "test_weerbaar;GM0307;;;2023;75,0*", "test_weerbaar;GM0307;;;2023;76,0*"), encoding="utf-8")
    rebuilt = build(data_dir, tmp_path / "nieuw.duckdb")
    os.replace(rebuilt, target)  # what the ETL does: publish by rename

    after = wh.kaartwaarden("test_weerbaar", 2023, "vast").set_index("gebied_code")
    assert after.loc["GM0307", "waarde"] == 76.0
    wh.close()


def test_other_read_only_users_of_the_file_can_coexist(warehouse_path: Path) -> None:
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        wh = queries.Warehouse(warehouse_path)
        assert not wh.indicatoren().empty
        wh.close()
    finally:
        con.close()


def test_missing_warehouse_raises_a_named_error(tmp_path: Path) -> None:
    wh = queries.Warehouse(tmp_path / "bestaat-niet.duckdb")
    with pytest.raises(queries.WarehouseMissing):
        wh.indicatoren()


def test_comparability_in_both_directions(db: queries.Warehouse) -> None:
    from_new = db.vergelijkbaarheid("WK030701", "wijk2024")
    from_old = db.vergelijkbaarheid("WK030701", "wijk2019")
    assert ("WK030701", "wijk2019") in set(zip(from_new["gebied_code"], from_new["indeling"], strict=False))
    assert bool(from_old[from_old["indeling"] == "wijk2024"].iloc[0]["vergelijkbaar"]) is True
    reused = db.vergelijkbaarheid("WK030704", "wijk2024")
    assert not reused["vergelijkbaar"].astype(bool).any()


def test_breakdown_in_group_order(db: queries.Warehouse) -> None:
    u = db.uitsplitsing("test_weerbaar", "GM0307", "vast")
    opleiding = u[u["dimensie"] == "opleiding"]
    assert list(opleiding["groep"]) == ["basisonderwijs/vmbo/mbo-1", "mbo-2-4/havo/vwo", "hbo/wo"]


def test_frame_keeps_the_drivers_values_and_types(db: queries.Warehouse) -> None:
    # frame() reads the driver's tuples directly (not SQLAlchemy's rows): values, NULLs, column
    # names and order must be what the query says, for an expanding list parameter too.
    df = db.frame(
        """SELECT * FROM (VALUES (1, 'a', 2.5, TRUE, NULL), (2, 'b', NULL, FALSE, 'x'))
               t(n, tekst, getal, waar, leeg)
           WHERE tekst IN :teksten ORDER BY n""",
        {"teksten": ["a", "b", "c"]}, expanding=["teksten"])
    assert list(df.columns) == ["n", "tekst", "getal", "waar", "leeg"]
    rows = df.to_dict("records")
    assert rows[0]["n"] == 1 and rows[0]["tekst"] == "a" and rows[0]["getal"] == 2.5
    assert bool(rows[0]["waar"]) is True and pd.isna(rows[0]["leeg"])
    assert rows[1]["n"] == 2 and pd.isna(rows[1]["getal"]) and rows[1]["leeg"] == "x"


def test_frame_returns_every_row_of_a_large_result(db: queries.Warehouse) -> None:
    df = db.frame("SELECT range AS i FROM range(50000) ORDER BY i")
    assert len(df) == 50_000 and df["i"].iloc[0] == 0 and df["i"].iloc[-1] == 49_999


def test_frame_of_an_empty_result_has_its_columns(db: queries.Warehouse) -> None:
    df = db.frame("SELECT 1 AS a, 'x' AS b WHERE false")
    assert df.empty and list(df.columns) == ["a", "b"]


def test_the_map_rows_hold_only_the_gemeentes_areas(warehouse_path: Path, tmp_path: Path) -> None:
    """kaartrijen (the map's rows) reads the gemeente's wijken and their buurten only; an area of
    another gemeente in the same indeling is in kaartwaarden (the whole indeling), not on the map."""
    kopie = tmp_path / "twee-gemeenten.duckdb"
    kopie.write_bytes(warehouse_path.read_bytes())
    with duckdb.connect(str(kopie)) as con:
        (wijk_id,) = con.execute("SELECT gebied_id FROM dim_gebied WHERE gebied_code = 'WK030703' "
                                 "AND indeling = 'wijk2024'").fetchone()
        (nieuw,) = con.execute("SELECT max(gebied_id) + 1 FROM dim_gebied").fetchone()
        con.execute("""INSERT INTO dim_gebied SELECT * REPLACE (? AS gebied_id,
                           'WK999901' AS gebied_code, 'Elders' AS naam, 'GM9999' AS parent_code)
                       FROM dim_gebied WHERE gebied_id = ?""", [nieuw, wijk_id])
        con.execute("INSERT INTO fact_waarde SELECT * REPLACE (? AS gebied_id) FROM fact_waarde "
                    "WHERE gebied_id = ?", [nieuw, wijk_id])
        # a buurt in each wijk (the fixture has no buurt figures of this indicator)
        for buurt_id, buurt, wijk in ((nieuw + 1, "BU03079901", "WK030703"),
                                      (nieuw + 2, "BU99990101", "WK999901")):
            con.execute("""INSERT INTO dim_gebied SELECT * REPLACE (? AS gebied_id,
                               ? AS gebied_code, 'Buurt' AS naam, 'buurt' AS niveau,
                               'buurt2024' AS indeling, ? AS parent_code)
                           FROM dim_gebied WHERE gebied_id = ?""", [buurt_id, buurt, wijk, wijk_id])
            con.execute("INSERT INTO fact_waarde SELECT * REPLACE (? AS gebied_id) FROM fact_waarde "
                        "WHERE gebied_id = ?", [buurt_id, wijk_id])
    wh = queries.Warehouse(kopie)
    try:
        alle = wh.kaartwaarden("test_weerbaar", 2023, "wijk2024")
        assert "WK999901" in set(alle["gebied_code"])
        amersfoort = wh.kaartrijen("test_weerbaar", 2023, "wijk2024", "GM0307")
        assert [r.gebied_code for r in amersfoort] == [
            c for c in alle["gebied_code"] if c != "WK999901"]
        assert [r.gebied_code for r in wh.kaartrijen("test_weerbaar", 2023, "wijk2024", "GM9999")
                ] == ["WK999901"]
        # buurten: their parent is one of the gemeente's wijken
        assert [r.gebied_code for r in wh.kaartrijen("test_weerbaar", 2023, "buurt2024", "GM0307")
                ] == ["BU03079901"]
        assert [r.gebied_code for r in wh.kaartrijen("test_weerbaar", 2023, "buurt2024", "GM9999")
                ] == ["BU99990101"]
    finally:
        wh.close()


def test_coverage_of_every_indicator_at_once_equals_each_on_its_own(db: queries.Warehouse) -> None:
    """gebieden's coverage comes from one query for every indicator (dekking_alle); per indicator
    it is the coverage its own query (dekking) gives, and an indicator without figures has none."""
    from app import gebieden

    alle = gebieden._dekking_alle(db)
    codes = list(db.indicatoren()["code"])
    for code in codes:
        eigen = gebieden._maak_dekking(gebieden._dekking_rijen(db.dekking(code)))
        assert alle.get(code, gebieden._GEEN_DEKKING) == eigen, code
    # test_monitor_2019.csv (2019) and test_monitor.csv (WK030701 in 2021; the wijken in 2023)
    assert gebieden.kaart_jaren(db, "test_weerbaar", "wijk") == [2019, 2021, 2023]
    assert gebieden.indeling_voor(db, "test_weerbaar", 2019, "wijk") == "wijk2019"
    assert gebieden.indeling_voor(db, "test_weerbaar", 2023, "wijk") == "wijk2024"
    assert gebieden.jaren(db, "bestaat_niet") == [] and not gebieden.heeft_totaal(db, "bestaat_niet")


def test_an_areas_figures_and_the_series_have_the_same_columns(db: queries.Warehouse) -> None:
    """_GEBIED_CIJFERS_SQL repeats _REEKSEN_SQL's column list (SQL stays one literal text): the
    wijkprofiel's rows and the trend's rows of the same area and indicator must not drift."""
    profiel = [r for r in db.gebied_cijfer_rijen(("WK030701",), ("wijk2024",))
               if r["indicator_code"] == "test_weerbaar"]
    reeks = [r for r in db.reeks_rijen("test_weerbaar", ("WK030701",)) if r["indeling"] == "wijk2024"]
    assert profiel and list(profiel[0]) == list(reeks[0])
    assert sorted(profiel, key=lambda r: r["jaar"]) == sorted(reeks, key=lambda r: r["jaar"])
