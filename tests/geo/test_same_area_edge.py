"""The 'same area' threshold (IoU 0.9, geo/compare.py) exactly at, just below and just above its edge.

Hand-made boxes of equal size, shifted sideways: only the overlap changes, never the area.
"""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.compare import OPPERVLAKTE, equivalent_members, overlap_table

# A 190 m x 100 m box shifted by 10 m overlaps its original on 180 x 100 of a 200 x 100 union:
# IoU 18000 / 20000 = 0.9 exactly. 10.01 m gives 17999 / 20001 = 0.89991 (stored 0.8999);
# 9.99 m gives 18001 / 19999 = 0.90010 (stored 0.9001).
EDGE = [
    pytest.param(10.0, 0.9, True, id="at 0.9"),
    pytest.param(10.01, 0.8999, False, id="just below"),
    pytest.param(9.99, 0.9001, True, id="just above"),
]


def _layer(geom: shapely.Geometry) -> gpd.GeoDataFrame:
    # equal published sizes (OPPERVLAKTE): the area-change half of the rule always holds here
    return gpd.GeoDataFrame({"gebied_code": ["WK030799"], OPPERVLAKTE: [190.0]}, geometry=[geom],
                            crs="EPSG:28992")


def _old() -> shapely.Geometry:
    return shapely.box(0, 0, 190, 100)


def _shifted(dx: float) -> shapely.Geometry:
    return shapely.box(-dx, 0, 190 - dx, 100)


@pytest.mark.parametrize(("dx", "stored_iou", "same"), EDGE)
def test_comparable_exactly_from_iou_0_9(dx: float, stored_iou: float, same: bool) -> None:
    t = overlap_table(_layer(_old()), "oud", _layer(_shifted(dx)), "nieuw")
    assert t[["iou", "vergelijkbaar"]].values.tolist() == [[stored_iou, same]]


@pytest.mark.parametrize(("dx", "stored_iou", "same"), EDGE)
def test_equivalent_members_exactly_from_iou_0_9(dx: float, stored_iou: float, same: bool) -> None:
    del stored_iou  # equivalent_members compares the unrounded IoU; the boxes sit on the same side
    assert equivalent_members(_old(), 190.0, _layer(_shifted(dx))) == (["WK030799"] if same else [])
