"""Tests of the trend's and breakdown's plain-row path (app/onderdelen/trend.py, uitsplitsing.py):
the rows say what the frames said, and the per-interaction code reads no DataFrame."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from app import catalogus, gebieden
from app.onderdelen import trend, uitsplitsing
from app.queries import Warehouse
from app.viewstate import ViewState

GM = "GM0307"
REF = ("G100PLUS", "NL01")


def _records(df: pd.DataFrame) -> list[dict]:
    """A frame's rows with NaN read as None (what the driver gives for NULL)."""
    return [{k: None if isinstance(v, float) and math.isnan(v) else v for k, v in r.items()}
            for r in df.to_dict("records")]


@pytest.mark.parametrize("code", ["test_weerbaar", "test_eenzaam", "cbs_aantal_inwoners"])
def test_rows_are_the_frames_rows_in_the_same_order(db: Warehouse, code: str) -> None:
    codes = (GM, *REF, "WK030701", "WK030702")
    assert list(db.reeks_rijen(code, codes)) == _records(db.reeksen((code,), codes))
    assert list(db.uitsplitsing_rijen(code, GM, "vast")) == _records(
        db.uitsplitsing(code, GM, "vast"))


def test_one_figure_per_year_own_indeling_wins_else_the_last_in_query_order() -> None:
    # generated rows, no real wijk: 2019 in two predecessors and the own indeling, 2020 in two
    # predecessors only (query order: by gebied_code, indeling, jaar)
    rows = [
        {"indicator_code": "x", "gebied_code": g, "indeling": i, "jaar": j, "waarde": w}
        for g, i, j, w in (("A", "w2019", 2019, 1.0), ("A", "w2019", 2020, 2.0),
                           ("B", "w2019", 2019, 3.0), ("B", "w2019", 2020, 4.0),
                           ("C", "w2024", 2019, 5.0))
    ]
    gekozen = gebieden.een_per_jaar_rijen(rows, "w2024")  # the trend's rule (trend._gebied_reeks)
    assert [(r["jaar"], r["waarde"]) for r in gekozen] == [(2019, 5.0), (2020, 4.0)]


def test_breakdown_available_as_the_catalogue_says(db: Warehouse) -> None:
    """beschikbaar reads indicator_dekking.heeft_uitsplitsing: the same answer as aggregating the
    indicator's facts (uitsplitsing_dimensies), for every indicator of the test warehouse."""
    for code in catalogus.indicator_codes(db):
        state = ViewState(indicator=code, jaar=2023)
        assert uitsplitsing.beschikbaar(db, state) == (not db.uitsplitsing_dimensies(code).empty)
    assert not uitsplitsing.beschikbaar(db, ViewState(indicator="test_weerbaar", jaar=None))


def test_frames_for_the_export_are_built_from_the_rows_once(db: Warehouse) -> None:
    td = trend.trend(db, "test_weerbaar", GM, REF, ("WK030701", "wijk2024", "wijk"))
    assert td.reeksen is td.reeksen  # built on first use, then kept
    assert _records(td.reeksen) == td.rijen
    assert list(td.reeksen.columns) == trend.REEKS_KOLOMMEN
    leeg = trend.TrendData(td.indicator, [], [], [], [], {})
    assert leeg.reeksen.empty and list(leeg.reeksen.columns) == trend.REEKS_KOLOMMEN
    ud = uitsplitsing.uitsplitsing(db, "test_weerbaar", 2023, GM)
    assert ud.rijen and _records(ud.groepen) == ud.rijen
