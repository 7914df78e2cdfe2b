"""Tests of the web geometry: neighbours keep sharing edges, no overlaps or gaps, shapes kept.

Measured in RD New on the geometry exactly as stored in gebied_geometrie.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.load import LAYERS, load_layer
from geo.simplify import simplify_coverage, to_wgs84

LAYER_INDELINGEN = ["wijk2019", "wijk2024", "buurt2024"]
OVERLAP_TOLERANCE_M2 = 1.0  # coordinates are rounded to ~0.1 m: at most slivers of that width
GAP_TOLERANCE_M2 = 1.0
SHARED_EDGE_MIN_M = 1.0  # neighbours share a line, not just a corner


@pytest.fixture(scope="module")
def sources(data_dir) -> dict[str, pd.Series]:
    """The cleaned, unsimplified coverages in RD New (what the simplification starts from)."""
    out = {}
    for spec in LAYERS:
        layer = load_layer(data_dir / "cbs", spec)
        out[spec.indeling] = pd.Series(layer.geometry.to_numpy(), index=layer["gebied_code"])
    return out


def _neighbours(geoms: pd.Series) -> set[tuple[str, str]]:
    """Pairs that share a boundary line of at least SHARED_EDGE_MIN_M."""
    tree = shapely.STRtree(geoms.to_numpy())
    left, right = tree.query(geoms.to_numpy(), predicate="intersects")
    pairs = set()
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j:
            shared = shapely.intersection(geoms.iloc[i].boundary, geoms.iloc[j].boundary).length
            if shared >= SHARED_EDGE_MIN_M:
                pairs.add((geoms.index[i], geoms.index[j]))
    return pairs


@pytest.mark.parametrize("indeling", LAYER_INDELINGEN)
def test_neighbours_still_share_an_edge_after_simplification(
    sources: dict[str, pd.Series], served_rd: dict[str, pd.Series], indeling: str
) -> None:
    before = _neighbours(sources[indeling])
    after = _neighbours(served_rd[indeling].loc[sources[indeling].index])
    assert before, "a coverage has neighbours"
    assert before == after


@pytest.mark.parametrize("indeling", LAYER_INDELINGEN)
def test_neighbours_do_not_overlap_after_simplification(
    served_rd: dict[str, pd.Series], indeling: str
) -> None:
    geoms = served_rd[indeling]
    tree = shapely.STRtree(geoms.to_numpy())
    left, right = tree.query(geoms.to_numpy(), predicate="intersects")
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j:
            overlap = shapely.intersection(geoms.iloc[i], geoms.iloc[j]).area
            assert overlap < OVERLAP_TOLERANCE_M2, (geoms.index[i], geoms.index[j], overlap)


@pytest.mark.parametrize("indeling", LAYER_INDELINGEN)
def test_no_gaps_between_neighbours_after_simplification(
    served_rd: dict[str, pd.Series], indeling: str
) -> None:
    union = shapely.union_all(served_rd[indeling].to_numpy())
    holes = [shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]
    assert sum(h.area for h in holes) < GAP_TOLERANCE_M2
    assert sum(p.area for p in shapely.get_parts(union)) == pytest.approx(
        served_rd[indeling].map(lambda g: g.area).sum(), rel=1e-6
    )


@pytest.mark.parametrize("indeling", LAYER_INDELINGEN)
def test_a_simplified_area_still_looks_like_itself(
    sources: dict[str, pd.Series], served_rd: dict[str, pd.Series], indeling: str
) -> None:
    for code, before in sources[indeling].items():
        after = served_rd[indeling][code]
        iou = after.intersection(before).area / after.union(before).area
        assert iou > 0.98, (code, iou)
        assert shapely.hausdorff_distance(before, after) < 25, code


def test_hand_made_neighbours_keep_their_shared_edge() -> None:
    # Two blocks in Amersfoort (RD metres) sharing an edge with 1 m zigzags, below tolerance.
    x0, y0 = 155_000, 463_000
    edge = [(x0 + 1000 + (k % 2), y0 + 20 * k) for k in range(51)]
    left = shapely.Polygon([(x0, y0), *edge, (x0, y0 + 1000)])
    right = shapely.Polygon([(x0 + 2000, y0), (x0 + 2000, y0 + 1000), *reversed(edge)])
    geoms = np.array([left, right], dtype=object)
    assert shapely.coverage_is_valid(geoms)

    out = simplify_coverage(geoms)
    assert shapely.get_num_coordinates(out).sum() < shapely.get_num_coordinates(geoms).sum()
    assert shapely.coverage_is_valid(out)
    assert shapely.intersection(out[0].boundary, out[1].boundary).length == pytest.approx(1000, rel=0.01)
    wgs = to_wgs84(out)
    assert shapely.is_valid(wgs).all() and shapely.coverage_is_valid(wgs)
