"""Read the CBS boundary files into clean polygon coverages in RD New, one per indeling.

Repairs invalid polygons, removes gaps and overlaps between neighbours, checks every code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import GeoError

RD_NEW = "EPSG:28992"  # areas, overlaps and simplification are computed in metres
WGS84 = "EPSG:4326"  # what the CBS files hold and the browser gets
GEMEENTE = "GM0307"  # Amersfoort; every wijk and buurt code carries its digits 0307

# The 2024 wijk file is generalised to ~50 m polygon by polygon, so neighbours overlap and
# leave slivers of that width between them; coverage cleaning assigns gaps up to this width
# to the neighbour with the longest shared border (the city has no real holes this small).
GAP_WIDTH_M = 50.0

# A buurt code BU0307WWBB belongs to wijk WK0307WW: the first 6 digits are the wijk's.
_WIJK_VAN_BUURT = re.compile(r"^BU(\d{6})\d{2}$")
_WIJK_PREFIX_2019 = re.compile(r"^Wijk \d{2} ")  # "Wijk 01 Stadskern" -> "Stadskern"


@dataclass(frozen=True)
class LayerSpec:
    """Where one indeling's boundaries are and how their features are named."""

    indeling: str
    bestand: str
    code_veld: str
    naam_veld: str
    code_patroon: str
    niveau: str


LAYERS = (
    LayerSpec("wijk2019", "wijken_2019.geojson", "wijkcode", "wijknaam", r"WK0307\d{2}", "wijk"),
    LayerSpec("wijk2024", "wijken_2024.geojson", "wijkcode", "wijknaam", r"WK0307\d{2}", "wijk"),
    LayerSpec("buurt2024", "buurten_2024.geojson", "statcode", "statnaam", r"BU0307\d{4}", "buurt"),
)

# The Kerncijfers table of the same year: its wijk codes must be exactly the boundary codes.
KWB_CODES = {"wijk2019": ("kwb_2019.csv", "wijkcode"), "wijk2024": ("kwb_2024.csv", "regiocode")}


def display_name(naam: str) -> str:
    """The CBS name without the 2019 'Wijk NN ' prefix; otherwise exactly as published."""
    return _WIJK_PREFIX_2019.sub("", naam.strip())


def wijk_of_buurt(buurt_code: str) -> str:
    """The 2024 wijk a buurt belongs to, read from its code (BU03070204 -> WK030702)."""
    match = _WIJK_VAN_BUURT.match(buurt_code)
    if not match:
        raise ValueError(f"not a buurt code: {buurt_code!r}")
    return "WK" + match.group(1)


def polygons_only(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a geometry (make_valid may add stray lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def repair(geoms: np.ndarray) -> np.ndarray:
    """Valid polygons: shapely.make_valid where needed, then keep the polygonal parts."""
    fixed = np.where(shapely.is_valid(geoms), geoms, shapely.make_valid(geoms))
    return np.array([polygons_only(g) for g in fixed], dtype=object)


def clean_coverage(geoms: np.ndarray) -> np.ndarray:
    """A proper coverage: no overlaps, no gaps narrower than GAP_WIDTH_M, shared edges."""
    return shapely.coverage_clean(geoms, gap_width=GAP_WIDTH_M)


def load_layer(cbs_dir: Path, spec: LayerSpec) -> gpd.GeoDataFrame:
    """gebied_code, naam, geometry (RD New, repaired, coverage-cleaned), sorted by code."""
    path = cbs_dir / spec.bestand
    if not path.exists():
        raise GeoError(path, "boundary file not found")
    try:
        raw = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise GeoError(path, f"cannot read as GeoJSON ({exc})") from exc
    for veld in (spec.code_veld, spec.naam_veld):
        if veld not in raw.columns:
            raise GeoError(path, f"property {veld!r} missing")
    if raw.crs is None:
        raw = raw.set_crs(WGS84)  # RFC 7946: GeoJSON without a crs member is WGS84
    elif raw.crs.to_epsg() != 4326:
        raise GeoError(path, f"expected WGS84 (EPSG:4326), found {raw.crs}")
    codes = raw[spec.code_veld].astype(str).str.strip()
    _check_codes(path, codes, spec.code_patroon)
    namen = raw[spec.naam_veld].astype("string").fillna("").map(display_name)
    if (namen == "").any():
        raise GeoError(path, f"features without a name: {sorted(codes[namen == ''])}")
    rd = raw.to_crs(RD_NEW).geometry.to_numpy()
    kinds = set(shapely.get_type_id(rd).tolist())
    if not kinds <= {3, 6}:  # 3 Polygon, 6 MultiPolygon
        raise GeoError(path, "features must be polygons")
    geoms = clean_coverage(repair(rd))
    leeg = codes[shapely.is_empty(geoms)]
    if len(leeg):
        raise GeoError(path, f"no area left after repair: {sorted(leeg)}")
    layer = gpd.GeoDataFrame(
        {"gebied_code": codes.to_numpy(), "naam": namen.to_numpy()}, geometry=geoms, crs=RD_NEW
    )
    return layer.sort_values("gebied_code", ignore_index=True)


def _check_codes(path: Path, codes: pd.Series, patroon: str) -> None:
    fout = sorted(codes[~codes.str.fullmatch(patroon)])
    if fout:
        raise GeoError(path, f"codes not of the form {patroon} (gemeente {GEMEENTE}): {fout}")
    dubbel = sorted(codes[codes.duplicated()].unique())
    if dubbel:
        raise GeoError(path, f"codes occur more than once: {dubbel}")


def check_against_kwb(cbs_dir: Path, indeling: str, codes: pd.Series) -> None:
    """The wijk codes of the boundaries equal those of the Kerncijfers table of that year."""
    if indeling not in KWB_CODES:
        return
    bestand, kolom = KWB_CODES[indeling]
    path = cbs_dir / bestand
    if not path.exists():
        return  # nothing to compare with; the ETL reports a missing extract itself
    kwb = pd.read_csv(path, dtype=str, usecols=[kolom])[kolom].str.strip()
    kwb = set(kwb[kwb.str.startswith("WK")])
    grens = set(codes)
    if kwb != grens:
        raise GeoError(
            path,
            f"wijk codes differ from the {indeling} boundaries: only in the table "
            f"{sorted(kwb - grens)}, only in the boundaries {sorted(grens - kwb)}",
        )


# CBS's own total area (ha) of each wijk in the Kerncijfers of that year: computed by CBS on its
# full-resolution boundaries, so unlike our 2024 polygons (generalised to ~50 m) it shows an
# unchanged wijk as unchanged. The area check of "same area" (geo.compare) uses it.
KWB_OPPERVLAKTE = {"wijk2019": "oppervlakt", "wijk2024": "OppervlakteTotaal_122"}


def published_area(cbs_dir: Path, indeling: str, codes: pd.Series) -> pd.Series:
    """CBS's total area in ha of each code (in the order of `codes`), from the Kerncijfers table.

    Raises GeoError when the table is missing or an area is not a positive number (CBS marks a
    missing value with a negative code such as -99997).
    """
    bestand, kolom = KWB_CODES[indeling]
    path = cbs_dir / bestand
    if not path.exists():
        raise GeoError(path, f"missing: the area check of {indeling} needs CBS's published area")
    veld = KWB_OPPERVLAKTE[indeling]
    kwb = pd.read_csv(path, dtype=str)
    if veld not in kwb.columns:
        raise GeoError(path, f"no column {veld} (total area in ha)")
    ha = pd.to_numeric(kwb.set_index(kwb[kolom].str.strip())[veld], errors="coerce")
    ha = ha.reindex(codes.to_numpy())
    fout = sorted(str(c) for c, v in ha.items() if not v > 0)
    if fout:
        raise GeoError(path, f"{veld} is not a positive area (ha) for {fout}")
    return pd.Series(ha.to_numpy(dtype="float64"), index=codes.index, name="oppervlakte")
