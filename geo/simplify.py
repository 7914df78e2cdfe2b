"""Turn RD New coverages into what the browser downloads: simplified, shared-edge, WGS84 GeoJSON.

Also measures a layer the way the browser gets it (FeatureCollection text, gzipped).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from functools import cache

import numpy as np
import pyproj
import shapely
import shapely.geometry

from geo.load import RD_NEW, WGS84, polygons_only

# Visvalingam-Whyatt tolerance in RD metres (about the square root of the area of a removed
# triangle). At 10 m the full-resolution 2019 wijken lose detail under ~8 m (Hausdorff) and
# under 0.2 % of their area; the 2024 wijken and buurten, published generalised to 50-100 m,
# hardly change. Every layer stays far inside its budget (see docs/geo.md).
SIMPLIFY_TOLERANCE_M = 10.0

# ~0.1 m. Five decimals (~1 m) collapsed two nodes of the cleaned 2024 coverage into a
# self-intersection (WK030704); six keep every polygon valid and cost a few hundred bytes.
COORD_DECIMALS = 6

GZIP_LEVEL = 6  # what flask-compress sends by default

# What the browser may download per layer, gzipped (bytes).
BUDGET_BYTES = {"wijk2024": 60_000, "buurt2024": 150_000}


@cache
def _to_wgs84() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(RD_NEW, WGS84, always_xy=True)


def simplify_coverage(geoms_rd: np.ndarray) -> np.ndarray:
    """Coverage simplification: shared edges are simplified once, so neighbours keep touching."""
    return shapely.coverage_simplify(geoms_rd, SIMPLIFY_TOLERANCE_M)


def _rd_to_wgs84(coords: np.ndarray) -> np.ndarray:
    lon, lat = _to_wgs84().transform(coords[:, 0], coords[:, 1])
    return np.round(np.column_stack([lon, lat]), COORD_DECIMALS)


def to_wgs84(geoms_rd: np.ndarray) -> np.ndarray:
    """RD New -> WGS84, coordinates rounded to COORD_DECIMALS, still valid polygons.

    Rounding is done vertex by vertex, so a vertex shared by neighbours stays shared.
    """
    out = shapely.remove_repeated_points(shapely.transform(geoms_rd, _rd_to_wgs84))
    bad = ~shapely.is_valid(out)
    if bad.any():
        out[bad] = [polygons_only(g) for g in shapely.make_valid(out[bad])]
    return out


def label_points(geoms_rd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of a point inside each polygon, chosen in RD New."""
    pts = shapely.get_coordinates(shapely.point_on_surface(geoms_rd))
    lonlat = _rd_to_wgs84(pts)
    return lonlat[:, 0], lonlat[:, 1]


def geojson_text(geoms_wgs84: np.ndarray) -> list[str]:
    """Compact GeoJSON geometry text per geometry (what table gebied_geometrie stores).

    Written by json (shortest float repr), not GEOS, which prints 5.394733 as 5.3947329999999996.
    """
    return [json.dumps(shapely.geometry.mapping(g), separators=(",", ":")) for g in geoms_wgs84]


def feature_collection(codes: Sequence[str], geometries: Sequence[str]) -> str:
    """The layer as the map receives it: a FeatureCollection keyed by gebied_code."""
    features = [
        f'{{"type":"Feature","id":{json.dumps(c)},"properties":{{"gebied_code":{json.dumps(c)}}},'
        f'"geometry":{g}}}'
        for c, g in zip(codes, geometries, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def gzipped_size(text: str) -> int:
    """Bytes on the wire for this text with HTTP gzip compression."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=GZIP_LEVEL))
