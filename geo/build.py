"""Build the geo tables of the warehouse from data/cbs and data/meta/gebiedsclusters.toml.

`build_geo` returns plain data frames; etl/build.py writes them into the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.clusters import LID_INDELING, Cluster, load_clusters
from geo.compare import OPPERVLAKTE, equivalent_members, overlap_table
from geo.errors import GeoError
from geo.load import (
    GEMEENTE,
    KWB_OPPERVLAKTE,
    LAYERS,
    check_against_kwb,
    load_layer,
    published_area,
    wijk_of_buurt,
)
from geo.simplify import geojson_text, label_points, simplify_coverage, to_wgs84

GEBIEDEN_KOLOMMEN = ["gebied_code", "naam", "niveau", "indeling", "parent_code", "aliassen"]
GEOMETRIE_KOLOMMEN = [
    "gebied_code",
    "indeling",
    "geometry",
    "label_lon",
    "label_lat",
    "oppervlakte_km2",
]
SAMENSTELLING_KOLOMMEN = ["gebied_code", "lid_code", "lid_indeling"]
CLUSTER_INDELING = "cluster"
CLUSTER_NIVEAU = "gebiedscluster"
GEMEENTE_INDELING = "vast"  # GM0307 itself lives in data/meta/gebieden/vast.csv
OUDE_INDELING = "wijk2019"
CLUSTERS_TOML = Path("meta") / "gebiedsclusters.toml"


@dataclass(frozen=True)
class GeoTables:
    """Everything the warehouse needs from the geo layer, as plain data frames."""

    gebieden: pd.DataFrame  # GEBIEDEN_KOLOMMEN: wijk2019, wijk2024, buurt2024 and cluster rows
    geometrie: pd.DataFrame  # exactly the columns of table gebied_geometrie
    samenstelling: pd.DataFrame  # exactly the columns of table gebied_samenstelling
    vergelijkbaarheid: pd.DataFrame  # exactly the columns of table gebied_vergelijkbaarheid
    # The cleaned, unsimplified layers in RD New per indeling (for etl.omrekenen's overlay).
    lagen: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)


def build_geo(data_dir: Path) -> GeoTables:
    """Load, check, clean, simplify and compare the CBS boundaries; add the clusters."""
    cbs_dir = data_dir / "cbs"
    layers = {spec.indeling: load_layer(cbs_dir, spec) for spec in LAYERS}
    for indeling, layer in layers.items():
        check_against_kwb(cbs_dir, indeling, layer["gebied_code"])
        if indeling in KWB_OPPERVLAKTE:  # the wijk layers: CBS's area for the "same area" check
            layer[OPPERVLAKTE] = published_area(cbs_dir, indeling, layer["gebied_code"])
    wijken, buurten = layers["wijk2024"], layers["buurt2024"]
    _check_buurt_parents(cbs_dir / "buurten_2024.geojson", buurten, set(wijken["gebied_code"]))
    clusters = load_clusters(data_dir / CLUSTERS_TOML, set(wijken["gebied_code"]))
    _check_cluster_codes(data_dir, clusters)

    simplified = {k: simplify_coverage(v.geometry.to_numpy()) for k, v in layers.items()}
    geometrie = [_geometry_rows(layers[k], k, simplified[k]) for k in layers]
    wijk_rd = dict(zip(wijken["gebied_code"], simplified["wijk2024"], strict=True))
    area_km2 = dict(zip(wijken["gebied_code"], wijken.geometry.area / 1e6, strict=True))
    outline = [(GEMEENTE, GEMEENTE_INDELING, list(wijk_rd))]
    for c in clusters:
        outline.append((c.code, CLUSTER_INDELING, list(c.wijken)))
    geometrie.append(_union_rows(outline, wijk_rd, area_km2))

    return GeoTables(
        gebieden=_gebieden(layers, clusters),
        geometrie=pd.concat(geometrie, ignore_index=True)[GEOMETRIE_KOLOMMEN],
        samenstelling=_samenstelling(clusters, wijken, layers[OUDE_INDELING]),
        vergelijkbaarheid=overlap_table(layers[OUDE_INDELING], OUDE_INDELING, wijken, "wijk2024"),
        lagen=layers,
    )


def _check_buurt_parents(path: Path, buurten: gpd.GeoDataFrame, wijk_codes: set[str]) -> None:
    zonder = sorted(c for c in buurten["gebied_code"] if wijk_of_buurt(c) not in wijk_codes)
    if zonder:
        raise GeoError(path, f"buurten whose wijk (from the code) is not a 2024 wijk: {zonder}")


def _check_cluster_codes(data_dir: Path, clusters: list[Cluster]) -> None:
    """A cluster code must not collide with a CBS code or an area of data/meta/gebieden."""
    bezet = set()
    for path in sorted((data_dir / "meta" / "gebieden").glob("*.csv")):
        bezet |= set(pd.read_csv(path, dtype=str)["gebied_code"])
    botsing = sorted(c.code for c in clusters if c.code in bezet or c.code.startswith(("WK", "BU")))
    if botsing:
        raise GeoError(data_dir / CLUSTERS_TOML, f"codes already used by other areas: {botsing}")


def _aliassen(*namen: str) -> str:
    """'|'-joined distinct names; a name starting with 'De ' also without it (monitor style)."""
    varianten: list[str] = []
    for naam in namen:
        for v in (naam, naam[3:] if naam.startswith("De ") else ""):
            if v and v not in varianten:
                varianten.append(v)
    return "|".join(varianten)


def _gebieden(layers: dict[str, gpd.GeoDataFrame], clusters: list[Cluster]) -> pd.DataFrame:
    rows = []
    for spec in LAYERS:
        for code, naam in zip(
            layers[spec.indeling]["gebied_code"], layers[spec.indeling]["naam"], strict=True
        ):
            parent = wijk_of_buurt(code) if spec.niveau == "buurt" else GEMEENTE
            rows.append((code, naam, spec.niveau, spec.indeling, parent, _aliassen(naam)))
    for c in clusters:
        rows.append((c.code, c.naam, CLUSTER_NIVEAU, CLUSTER_INDELING, GEMEENTE, c.naam))
    return pd.DataFrame(rows, columns=GEBIEDEN_KOLOMMEN)


def _geometry_rows(layer: gpd.GeoDataFrame, indeling: str, simplified: np.ndarray) -> pd.DataFrame:
    lon, lat = label_points(simplified)
    return pd.DataFrame(
        {
            "gebied_code": layer["gebied_code"].to_numpy(),
            "indeling": indeling,
            "geometry": geojson_text(to_wgs84(simplified)),
            "label_lon": lon,
            "label_lat": lat,
            "oppervlakte_km2": (layer.geometry.area / 1e6).to_numpy(),  # unsimplified, RD New
        }
    )


def _union_rows(
    areas: list[tuple[str, str, list[str]]],
    wijk_rd: dict[str, shapely.Geometry],
    area_km2: dict[str, float],
) -> pd.DataFrame:
    """Dissolved union of simplified wijken: edges coincide exactly with the wijk layer."""
    codes = [a[0] for a in areas]
    geoms = np.array(
        [shapely.coverage_union_all([wijk_rd[w] for w in leden]) for _, _, leden in areas],
        dtype=object,
    )
    lon, lat = label_points(geoms)
    return pd.DataFrame(
        {
            "gebied_code": codes,
            "indeling": [a[1] for a in areas],
            "geometry": geojson_text(to_wgs84(geoms)),
            "label_lon": lon,
            "label_lat": lat,
            "oppervlakte_km2": [sum(area_km2[w] for w in leden) for _, _, leden in areas],
        }
    )


def _samenstelling(clusters: list[Cluster], wijken: gpd.GeoDataFrame, oud: gpd.GeoDataFrame) -> pd.DataFrame:
    """2024 members as configured; 2019 members too where they make up the same area."""
    geom = dict(zip(wijken["gebied_code"], wijken.geometry, strict=True))
    size = dict(zip(wijken["gebied_code"], wijken[OPPERVLAKTE], strict=True))
    rows = []
    for c in clusters:
        rows += [(c.code, w, LID_INDELING) for w in c.wijken]
        area = shapely.coverage_union_all([geom[w] for w in c.wijken])
        oud_leden = equivalent_members(area, sum(size[w] for w in c.wijken), oud)
        rows += [(c.code, w, OUDE_INDELING) for w in oud_leden]
    frame = pd.DataFrame(rows, columns=SAMENSTELLING_KOLOMMEN)
    return frame.astype({k: "str" for k in SAMENSTELLING_KOLOMMEN})
