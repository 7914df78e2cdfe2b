"""Which area of one indeling corresponds to which of another: overlap (IoU) and area change.

`vergelijkbaar` is the one rule for "same area"; the join of series, docs/geo.md and the app use it.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import shapely

# "Same area" needs both the same place and the same size (`vergelijkbaar`). Why two measures:
# CBS itself warns that a code is no proof of an unchanged area (Toelichting Wijk- en Buurtkaart
# 2021, 4.1 "Vergelijking tussen jaren": boundaries are sometimes redrawn, and unchanged areas
# are sometimes recoded), so the geometry decides, not the code. IoU alone misses a wijk that
# grew at one edge while keeping its core (Zielhorst 2019 -> 2024: IoU 0.91, CBS area 135 ->
# 145 ha, +7.4 %); the area change alone misses a wijk that moved at equal size. We found no
# published numeric CBS threshold, so both limits come from the noise of the material:
# - IoU: the 2024 polygons are CBS's ~50 m generalisation, the 2019 ones full resolution, so
#   wijken whose CBS area did not change at all still score only 0.94-0.999. 0.9 leaves room for
#   that generalisation and nothing more.
IOU_SAME_AREA = 0.9
# - Area change, measured on CBS's own published area (Kerncijfers, whole ha, computed by CBS on
#   its full-resolution boundaries, so the generalisation plays no part): the ha rounding alone
#   moves the smallest wijk (29 ha) by up to 1 ha = 3.4 %; boundary corrections along a street
#   stay within a few percent. 5 % tolerates that, and is the spread the 50 m generalisation gives
#   unchanged wijken when a published area is compared with a 2024 polygon (4.5 %, docs/geo.md:
#   the 2021 check uses this same rule). Beyond it the wijk gained or lost a block of houses.
AREA_TOLERANCE = 0.05
# Both are decided on the stored (rounded) values, so the table and the decision agree.
IOU_DECIMALS = 4
AREA_DECIMALS = 4  # relative change, 0.0741 = +7.41 %
# A pair is listed when the overlap is at least this share of either area; smaller overlaps
# are slivers of the 50 m generalisation of the 2024 file, not real boundary changes.
MIN_OVERLAP_SHARE = 0.05
# A wijk of an older indeling belongs to a larger area when most of it lies inside.
MIN_SHARE_INSIDE = 0.5
# The column of a layer with each area's published size (any unit, the same in both layers).
OPPERVLAKTE = "oppervlakte"

VERGELIJKBAARHEID_KOLOMMEN = [
    "code_van",
    "indeling_van",
    "code_naar",
    "indeling_naar",
    "iou",
    "oppervlakte_verschil",
    "vergelijkbaar",
    "reden",
]


def oppervlakte_verschil(van: float, naar: float) -> float:
    """Relative change of the area from `van` to `naar` (0.074 = 7.4 % larger), rounded as stored."""
    if not van > 0:
        raise ValueError(f"area must be positive, got {van!r}")
    return round(naar / van - 1, AREA_DECIMALS)


def zelfde_oppervlakte(oppervlakte_verschil: float) -> bool:
    """The area changed by at most AREA_TOLERANCE (either way, the edge included)."""
    return abs(round(oppervlakte_verschil, AREA_DECIMALS)) <= AREA_TOLERANCE


def vergelijkbaar(iou: float, oppervlakte_verschil: float) -> bool:
    """The same area: IoU at least IOU_SAME_AREA and the area changed by at most AREA_TOLERANCE.

    The one decision for joining series across indelingen (issue 21, point 4; issue 23 imports it).
    """
    return round(iou, IOU_DECIMALS) >= IOU_SAME_AREA and zelfde_oppervlakte(oppervlakte_verschil)


def _getal(waarde: float, binnen: Callable[[float], bool], decimalen: int, teken: bool = False) -> str:
    """`waarde` in Dutch notation with as few decimals (from `decimalen`) as keep it on the same
    side of its limit (`binnen`) as the value itself: 0.8995 is '0,8995', never '0,90' next to
    'kleiner dan 0,90'; +5.01 % is '+5,01%', never '+5,0%' next to 'meer dan 5%'."""
    kant = binnen(waarde)
    for d in range(decimalen, IOU_DECIMALS + 1):
        tekst = f"{waarde:{'+' if teken else ''}.{d}f}"
        if binnen(float(tekst)) == kant:
            break
    return tekst.replace(".", ",")


def reden(iou: float, oppervlakte_verschil: float) -> str:
    """The decision in words: 'overlap 0,91, oppervlakte +7,4%: niet vergelijkbaar (...)'."""
    iou, verschil = round(iou, IOU_DECIMALS), round(oppervlakte_verschil, AREA_DECIMALS)
    procent = round(verschil * 100, AREA_DECIMALS - 2)
    overlap = _getal(iou, lambda x: x >= IOU_SAME_AREA, 2)
    oppervlakte = _getal(procent, lambda x: abs(x) <= AREA_TOLERANCE * 100, 1, teken=True)
    tekst = f"overlap {overlap}, oppervlakte {oppervlakte}%"
    if vergelijkbaar(iou, verschil):
        return f"{tekst}: vergelijkbaar"
    waarom = []
    if iou < IOU_SAME_AREA:
        waarom.append(f"overlap kleiner dan {IOU_SAME_AREA:.2f}".replace(".", ","))
    if not zelfde_oppervlakte(verschil):
        waarom.append(f"oppervlakte meer dan {AREA_TOLERANCE:.0%} veranderd")
    return f"{tekst}: niet vergelijkbaar ({', '.join(waarom)})"


def iou(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Intersection over union of two polygons (0 when they do not overlap)."""
    union = shapely.union(a, b).area
    return shapely.intersection(a, b).area / union if union else 0.0


def overlap_table(
    van: gpd.GeoDataFrame, indeling_van: str, naar: gpd.GeoDataFrame, indeling_naar: str
) -> pd.DataFrame:
    """Rows of gebied_vergelijkbaarheid: every overlapping pair, and every pair with one code.

    Both layers carry their published size in column OPPERVLAKTE. A same-code pair is listed even
    without overlap: that is how a reused code shows. `vergelijkbaar` and `reden` are the decision
    of `vergelijkbaar` on the stored IoU and area change.
    """
    for layer, indeling in ((van, indeling_van), (naar, indeling_naar)):
        if OPPERVLAKTE not in layer or not (layer[OPPERVLAKTE] > 0).all():
            raise ValueError(f"{indeling}: every area needs a positive '{OPPERVLAKTE}'")
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
        verschil = oppervlakte_verschil(float(van[OPPERVLAKTE].iloc[i]), float(naar[OPPERVLAKTE].iloc[j]))
        rows.append(
            (
                van["gebied_code"].iloc[i],
                indeling_van,
                naar["gebied_code"].iloc[j],
                indeling_naar,
                value,
                verschil,
                vergelijkbaar(value, verschil),
                reden(value, verschil),
            )
        )
    table = pd.DataFrame(rows, columns=VERGELIJKBAARHEID_KOLOMMEN)
    return table.astype({"iou": "float64", "oppervlakte_verschil": "float64", "vergelijkbaar": "bool"})


def equivalent_members(area: shapely.Geometry, oppervlakte: float, candidates: gpd.GeoDataFrame) -> list[str]:
    """Codes of candidates that together make up the same area (`vergelijkbaar`), else [].

    `oppervlakte`: the published size of `area`, in the unit of the candidates' OPPERVLAKTE.
    Used to find, for a cluster defined on 2024 wijken, the 2019 wijken that cover it.
    """
    geoms = candidates.geometry.to_numpy()
    inside = shapely.area(shapely.intersection(geoms, area)) / shapely.area(geoms)
    chosen = candidates[inside >= MIN_SHARE_INSIDE]
    if chosen.empty:
        return []
    union = shapely.coverage_union_all(chosen.geometry.to_numpy())
    verschil = oppervlakte_verschil(float(chosen[OPPERVLAKTE].sum()), oppervlakte)
    return sorted(chosen["gebied_code"]) if vergelijkbaar(iou(union, area), verschil) else []


def area_ratios(areas_m2: pd.Series, layer: gpd.GeoDataFrame) -> pd.Series:
    """Published area (m², indexed by code) / area of the polygon with that code (NaN: no such code)."""
    polygon = pd.Series(layer.geometry.area.to_numpy(), index=layer["gebied_code"].to_numpy())
    return (areas_m2.astype("float64") / polygon.reindex(areas_m2.index)).rename("verhouding")
