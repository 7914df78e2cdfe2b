"""Structures derived once per warehouse version (app/data.py `afgeleid`) and the area lists.

A derived value (chapter order, lookups, option lists) must follow a warehouse replaced by
rename, like the query cache; area lists show only the configured gemeente's areas.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from app import cache, catalogus, gebieden, queries
from app.site import wijkprofiel

GM = "GM0307"

# A cache of rendered parts like the Verkenner's own (app/pages/verkenner.py).
GETEKENDE_DELEN = cache.VersionCache(16, follows_query_cache=True)


def _variant(source: Path, target: Path, *statements: str) -> Path:
    """A copy of a warehouse with some statements applied (written next to `target`)."""
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(source, tmp)
    with duckdb.connect(str(tmp)) as con:
        for sql in statements:
            con.execute(sql)
        con.execute("CHECKPOINT")
    return tmp


@pytest.fixture()
def eigen_db(warehouse_path: Path, tmp_path: Path) -> Iterator[queries.Warehouse]:
    """A Warehouse on a private copy of the small warehouse (the test may replace the file)."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, path)
    wh = queries.Warehouse(path)
    yield wh
    wh.close()


def test_derived_catalogue_is_recomputed_after_a_swap(eigen_db: queries.Warehouse) -> None:
    db = eigen_db
    themas = catalogus.themas(db)
    assert "Nieuw hoofdstuk" not in themas
    weerbaar = catalogus.indicator(db, "test_weerbaar")
    assert cache.afgeleid(db, "catalogus", lambda: None) is not None  # computed and kept
    # The ETL publishes a new file by rename: one indicator moved to a new theme.
    nieuw = _variant(db.path, db.path, "UPDATE dim_indicator SET thema = 'Nieuw hoofdstuk', "
                                       "naam = 'Weerbaar (nieuw)' WHERE code = 'test_weerbaar'")
    os.replace(nieuw, db.path)
    assert catalogus.themas(db)[-1] == "Nieuw hoofdstuk"
    assert catalogus.indicator(db, "test_weerbaar")["naam"] == "Weerbaar (nieuw)"
    assert list(catalogus.indicatoren_in(db, "thema:Nieuw hoofdstuk")["code"]) == ["test_weerbaar"]
    assert weerbaar["thema"] != "Nieuw hoofdstuk"


def test_derived_value_is_not_kept_when_the_file_changes_while_computing(
        eigen_db: queries.Warehouse) -> None:
    db = eigen_db
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        if len(calls) == 1:  # the file is replaced while the first computation runs
            os.replace(_variant(db.path, db.path, "SELECT 1"), db.path)
        return len(calls)

    assert cache.afgeleid(db, "proef", compute) == 1
    assert cache.afgeleid(db, "proef", compute) == 2  # not kept: computed for the new file
    assert cache.afgeleid(db, "proef", compute) == 2  # kept now


def test_derived_views_equal_the_catalogue_they_come_from(db: queries.Warehouse) -> None:
    cat = db.indicatoren()
    for code in cat["code"]:
        pd.testing.assert_series_equal(catalogus.indicator(db, code), cat[cat["code"] == code].iloc[0])
    alle = catalogus.indicatoren_in(db, None)
    assert sorted(alle["code"]) == sorted(cat["code"])
    for thema in catalogus.themas(db):
        deel = catalogus.indicatoren_in(db, f"thema:{thema}")
        assert list(deel["code"]) == list(alle.loc[alle["thema"] == thema, "code"])
    doelen = db.doelen()
    for doel in doelen["doel_code"]:
        codes = {doel} | set(doelen.loc[doelen["parent_code"] == doel, "doel_code"])
        verwacht = [c for c, d in zip(alle["code"], alle["doelen"], strict=True)
                    if codes & (set(d.split("|")) - {""})]
        assert list(catalogus.indicatoren_in(db, f"doel:{doel}")["code"]) == verwacht
    assert catalogus.indicatoren_in(db, "doel:GEEN-DOEL").empty
    # A frame handed out can be changed without touching the kept one.
    deel = catalogus.indicatoren_in(db, None)
    deel["naam"] = "veranderd"
    assert "veranderd" not in set(catalogus.indicatoren_in(db, None)["naam"])


def test_coverage_lookups_equal_the_coverage_query(db: queries.Warehouse) -> None:
    for code in db.indicatoren()["code"]:
        dekking = db.dekking(code)
        assert gebieden.jaren(db, code) == sorted({int(j) for j in dekking["jaar"]})
        totaal = dekking[dekking["totaal"].astype(bool)]
        assert gebieden.heeft_totaal(db, code) == (not totaal.empty)
        for niveau in ("wijk", "buurt", "gebiedscluster"):
            assert gebieden.kaart_jaren(db, code, niveau) == sorted(
                {int(j) for j in totaal.loc[totaal["niveau"] == niveau, "jaar"]})
            for jaar in gebieden.jaren(db, code):
                hier = totaal[(totaal["jaar"] == jaar) & (totaal["niveau"] == niveau)]
                if not hier.empty:
                    verwacht = str(hier.sort_values("aantal", ascending=False, kind="stable")
                                   .iloc[0]["indeling"])
                    assert gebieden.indeling_voor(db, code, jaar, niveau) == verwacht


@pytest.fixture()
def twee_gemeenten(warehouse_path: Path, tmp_path: Path) -> Iterator[queries.Warehouse]:
    """The small warehouse plus a wijk, a buurt and a cluster of another gemeente."""
    path = tmp_path / "warehouse.duckdb"
    os.replace(_variant(warehouse_path, path, """
        INSERT INTO dim_gebied
        SELECT (SELECT max(gebied_id) FROM dim_gebied) + n, code, naam, niveau, indeling, parent
        FROM (VALUES
            (1, 'GM9999', 'Elders', 'gemeente', 'vast', 'NL01'),
            (2, 'WK999901', 'Aaa-wijk elders', 'wijk', 'wijk2024', 'GM9999'),
            (3, 'BU99990101', 'Aaa-buurt elders', 'buurt', 'buurt2024', 'WK999901'),
            (4, 'ELDERS_CLUSTER', 'Aaa-cluster elders', 'gebiedscluster', 'cluster', 'GM9999')
        ) AS nieuw(n, code, naam, niveau, indeling, parent)"""), path)
    wh = queries.Warehouse(path)
    yield wh
    wh.close()


def test_area_options_list_only_the_gemeente(pages, twee_gemeenten: queries.Warehouse,
                                             monkeypatch) -> None:
    db = twee_gemeenten
    monkeypatch.setattr(queries, "_current", db)  # settings(): the gemeente is GM0307
    from app import verkenner_opties as v

    for niveau, indeling in (("wijk", "wijk2024"), ("buurt", "buurt2024"),
                             ("gebiedscluster", "cluster")):
        alle = db.gebieden(niveau)
        alle = alle[alle["indeling"] == indeling]
        getoond = [o["value"] for o in v.gebied_opties(db, niveau, indeling)]
        elders = {"WK999901", "BU99990101", "ELDERS_CLUSTER"}
        assert not elders & set(getoond)
        assert set(getoond) == set(alle["gebied_code"]) - elders  # every area of the gemeente
        assert getoond == list(alle.sort_values("naam")["gebied_code"].loc[
            alle.sort_values("naam")["gebied_code"].isin(getoond)])  # by name
    profiel = [o["value"] for o in wijkprofiel.gebied_opties(db)]
    assert "WK030701|wijk2024" in profiel
    assert not [p for p in profiel if p.split("|")[0] in {"WK999901", "BU99990101",
                                                          "ELDERS_CLUSTER"}]
    # The areas still exist: a link to one is not refused by the lists' limit.
    assert gebieden.gebied_naam(db, "WK999901", "wijk", "wijk2024") == "Aaa-wijk elders"
    assert gebieden.gebieden_van_gemeente(db, "wijk", "wijk2024", "GM9999")["gebied_code"].tolist() \
        == ["WK999901"]


def test_threads_asking_for_the_same_view_at_once_draw_it_once(db: queries.Warehouse) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    getekend: list[int] = []
    lock = threading.Lock()

    def teken() -> object:
        with lock:
            getekend.append(1)
        time.sleep(0.3)
        return object()

    sleutel = ("test", "enkele vlucht", time.monotonic())
    with ThreadPoolExecutor(8) as pool:
        waarden = list(pool.map(lambda _: GETEKENDE_DELEN(db, sleutel, teken), range(8)))
    assert len(getekend) == 1 and all(w is waarden[0] for w in waarden)


def test_a_failed_drawing_lets_the_waiting_threads_draw_for_themselves(
        db: queries.Warehouse) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    pogingen: list[int] = []
    lock = threading.Lock()

    def teken() -> str:
        with lock:
            pogingen.append(1)
            eerste = len(pogingen) == 1
        time.sleep(0.2)
        if eerste:
            raise RuntimeError("de eerste tekening mislukt")
        return "getekend"

    sleutel = ("test", "mislukte vlucht", time.monotonic())
    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        uitkomsten = list(pool.map(lambda _: _probeer(lambda: GETEKENDE_DELEN(db, sleutel, teken)),
                                   range(4)))
    assert sorted(uitkomsten) == ["fout", "getekend", "getekend", "getekend"]
    assert time.monotonic() - started < 5  # nobody waited for the full WACHT_S


def _probeer(f) -> str:
    try:
        return f()
    except RuntimeError:
        return "fout"
