"""Tests of the 2019 -> 2024 comparability table against the changes listed in data/cbs/README.md.

Also a hand-made example of the overlap rule itself.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.build import GeoTables
from geo.compare import IOU_SAME_AREA, overlap_table

# data/cbs/README.md, "The wijk division changed between 2019 and 2024" (two-digit wijk numbers).
SAME_AREA = [
    "01",
    "06",
    "07",
    "08",
    "10",
    "11",
    "13",
    "14",
    "15",
    "16",
    "17",
    "19",
    "20",
    "21",
    "22",
    "24",
    "26",
    "29",
    "30",
]
RENAMED_ONLY = ["02", "27"]
BOUNDARIES_CHANGED = ["03", "09", "12", "18", "28", "31"]
CODE_REUSED = ["04", "05", "25"]
ONLY_2019 = ["23"]
ONLY_2024 = ["32", "33", "34"]


def wk(n: str) -> str:
    return f"WK0307{n}"


@pytest.fixture(scope="module")
def same_code(tables: GeoTables) -> pd.Series:
    t = tables.vergelijkbaarheid
    rows = t[t["code_van"] == t["code_naar"]]
    return rows.set_index("code_van")["vergelijkbaar"]


def test_the_readme_lists_every_2019_and_2024_wijk_once(tables: GeoTables) -> None:
    listed_2019 = SAME_AREA + RENAMED_ONLY + BOUNDARIES_CHANGED + CODE_REUSED + ONLY_2019
    assert sorted(map(wk, listed_2019)) == sorted(
        tables.gebieden.loc[tables.gebieden["indeling"] == "wijk2019", "gebied_code"]
    )
    codes_2024 = set(tables.gebieden.loc[tables.gebieden["indeling"] == "wijk2024", "gebied_code"])
    assert codes_2024 == set(map(wk, listed_2019 + ONLY_2024)) - {wk("23")}


def test_same_area_and_renamed_wijken_are_comparable(same_code: pd.Series) -> None:
    for n in SAME_AREA + RENAMED_ONLY:
        assert same_code[wk(n)], n


def test_changed_boundaries_and_reused_codes_break_the_series(same_code: pd.Series) -> None:
    for n in BOUNDARIES_CHANGED + CODE_REUSED:
        assert not same_code[wk(n)], n


def test_renamed_wijken_have_a_new_name_for_the_same_area(tables: GeoTables) -> None:
    naam = tables.gebieden.set_index(["gebied_code", "indeling"])["naam"]
    assert naam[(wk("02"), "wijk2019")] == "Zonnehof" and naam[(wk("02"), "wijk2024")] == "Nederberg"
    assert naam[(wk("27"), "wijk2019")] == "Buitengebied West"
    assert naam[(wk("27"), "wijk2024")] == "Hoogland-West"


def test_reused_codes_point_to_where_the_old_area_went(tables: GeoTables) -> None:
    t = tables.vergelijkbaarheid
    best = t.sort_values("iou").drop_duplicates("code_van", keep="last").set_index("code_van")
    assert best.loc[wk("04"), "code_naar"] == wk("05")  # Isselt moved from code 04 to 05
    assert best.loc[wk("05"), "code_naar"] == wk("34")  # Bosgebied moved from code 05 to 34
    same = t[(t["code_van"] == wk("05")) & (t["code_naar"] == wk("05"))]
    assert same["iou"].item() == 0.0  # the 2019 Bosgebied and the 2024 Isselt do not overlap


def test_only_same_codes_are_ever_comparable(tables: GeoTables) -> None:
    t = tables.vergelijkbaarheid
    comparable = t[t["vergelijkbaar"]]
    assert (comparable["code_van"] == comparable["code_naar"]).all()
    assert len(comparable) == len(SAME_AREA + RENAMED_ONLY)
    assert not t[t["code_van"].isin(map(wk, ONLY_2019)) & t["vergelijkbaar"]].any(axis=None)
    assert not t[t["code_naar"].isin(map(wk, ONLY_2024)) & t["vergelijkbaar"]].any(axis=None)


def test_vergelijkbaar_is_iou_at_least_the_threshold(tables: GeoTables) -> None:
    t = tables.vergelijkbaarheid
    assert ((t["iou"] >= IOU_SAME_AREA) == t["vergelijkbaar"]).all()
    assert t["iou"].between(0, 1).all()
    assert (t["indeling_van"] == "wijk2019").all() and (t["indeling_naar"] == "wijk2024").all()
    assert not t.duplicated(["code_van", "indeling_van", "code_naar", "indeling_naar"]).any()


def _layer(items: dict[str, shapely.Geometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"gebied_code": list(items)}, geometry=list(items.values()), crs="EPSG:28992")


def test_hand_made_overlap_rule() -> None:
    old = _layer({"A": shapely.box(0, 0, 100, 100), "B": shapely.box(100, 0, 300, 100)})
    new = _layer(
        {
            "A": shapely.box(0, 0, 95, 100),  # 5 m moved: same area (IoU 0.95)
            "B": shapely.box(95, 0, 200, 100),  # half of old B: IoU 0.5
            "C": shapely.box(200, 0, 300, 100),  # other half of old B
        }
    )
    t = overlap_table(old, "oud", new, "nieuw").set_index(["code_van", "code_naar"])
    assert t.loc[("A", "A"), "iou"] == pytest.approx(0.95)
    assert bool(t.loc[("A", "A"), "vergelijkbaar"])
    assert not bool(t.loc[("B", "B"), "vergelijkbaar"])
    assert t.loc[("B", "C"), "iou"] == pytest.approx(0.5)
    assert ("A", "B") in t.index  # 5 % of new B lies in old A: listed, not comparable
    assert ("B", "A") not in t.index  # they touch but do not overlap


def test_hand_made_reused_code_is_listed_without_overlap() -> None:
    old = _layer({"A": shapely.box(0, 0, 100, 100)})
    new = _layer({"A": shapely.box(500, 0, 600, 100)})
    t = overlap_table(old, "oud", new, "nieuw")
    assert t[["code_van", "code_naar", "iou", "vergelijkbaar"]].values.tolist() == [["A", "A", 0.0, False]]
