"""Which area of one indeling corresponds to which of another, from polygon overlap in RD New.

Two areas are the same area when their intersection over union (IoU) is at least 0.9.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

IOU_SAME_AREA = 0.9  # below this a trend line breaks between the two indelingen
# A pair is listed when the overlap is at least this share of either area; smaller overlaps
# are slivers of the 50 m generalisation of the 2024 file, not real boundary changes.
MIN_OVERLAP_SHARE = 0.05
IOU_DECIMALS = 4  # vergelijkbaar is decided on the stored (rounded) value, so they agree
# A wijk of an older indeling belongs to a larger area when most of it lies inside.
MIN_SHARE_INSIDE = 0.5
# Without polygons of a division (only each wijk's published area), an area within this share of
# the polygon with the same code is consistent with the same boundary. The 2024 polygons are
# generalised to ~50 m, so unchanged wijken differ from their full-resolution area by up to 4.5 %;
# a smaller change cannot be seen this way (docs/geo.md: the exact check is CBS's area in ha).
AREA_TOLERANCE = 0.05

VERGELIJKBAARHEID_KOLOMMEN = [
    "code_van",
    "indeling_van",
    "code_naar",
    "indeling_naar",
    "iou",
    "vergelijkbaar",
]


def iou(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Intersection over union of two polygons (0 when they do not overlap)."""
    union = shapely.union(a, b).area
    return shapely.intersection(a, b).area / union if union else 0.0


def overlap_table(
    van: gpd.GeoDataFrame, indeling_van: str, naar: gpd.GeoDataFrame, indeling_naar: str
) -> pd.DataFrame:
    """Rows of gebied_vergelijkbaarheid: every overlapping pair, and every pair with one code.

    A same-code pair is listed even without overlap: that is how a reused code shows.
    """
    tree = shapely.STRtree(naar.geometry.to_numpy())
    i_van, i_naar = tree.query(van.geometry.to_numpy(), predicate="intersects")
    pairs = set(zip(i_van.tolist(), i_naar.tolist(), strict=True))
    naar_index = {code: j for j, code in enumerate(naar["gebied_code"])}
    for i, code in enumerate(van["gebied_code"]):
        if code in naar_index:
            pairs.add((i, naar_index[code]))
    rows = []
    for i, j in sorted(pairs):
        a, b = van.geometry.iloc[i], naar.geometry.iloc[j]
        inter = shapely.intersection(a, b).area
        same_code = van["gebied_code"].iloc[i] == naar["gebied_code"].iloc[j]
        if not same_code and inter < MIN_OVERLAP_SHARE * min(a.area, b.area):
            continue
        value = round(iou(a, b), IOU_DECIMALS)
        rows.append(
            (
                van["gebied_code"].iloc[i],
                indeling_van,
                naar["gebied_code"].iloc[j],
                indeling_naar,
                value,
                value >= IOU_SAME_AREA,
            )
        )
    table = pd.DataFrame(rows, columns=VERGELIJKBAARHEID_KOLOMMEN)
    return table.astype({"iou": "float64", "vergelijkbaar": "bool"})


def equivalent_members(area: shapely.Geometry, candidates: gpd.GeoDataFrame) -> list[str]:
    """Codes of candidates that together make up the same area (IoU >= 0.9), else [].

    Used to find, for a cluster defined on 2024 wijken, the 2019 wijken that cover it.
    """
    geoms = candidates.geometry.to_numpy()
    inside = shapely.area(shapely.intersection(geoms, area)) / shapely.area(geoms)
    chosen = candidates[inside >= MIN_SHARE_INSIDE]
    if chosen.empty:
        return []
    union = shapely.coverage_union_all(chosen.geometry.to_numpy())
    return sorted(chosen["gebied_code"]) if iou(union, area) >= IOU_SAME_AREA else []


def area_ratios(areas_m2: pd.Series, layer: gpd.GeoDataFrame) -> pd.Series:
    """Published area (m², indexed by code) / area of the polygon with that code (NaN: no such code)."""
    polygon = pd.Series(layer.geometry.area.to_numpy(), index=layer["gebied_code"].to_numpy())
    return (areas_m2.astype("float64") / polygon.reindex(areas_m2.index)).rename("verhouding")
