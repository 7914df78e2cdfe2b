"""Fixtures of the geo tests: the geo tables built once from the shipped CBS boundaries.

`served` and `served_rd` give the stored GeoJSON back as shapely geometry (WGS84 / RD New).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

from geo.build import GeoTables, build_geo

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
_TO_RD = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shipped data directory (never written to)."""
    return DATA_DIR


@pytest.fixture(scope="session")
def tables() -> GeoTables:
    """The geo tables of the shipped data (built once per session)."""
    return build_geo(DATA_DIR)


@pytest.fixture(scope="session")
def served(tables: GeoTables) -> dict[str, pd.Series]:
    """Per indeling, the stored WGS84 geometries as shapely objects indexed by gebied_code."""
    out = {}
    for indeling, rows in tables.geometrie.groupby("indeling"):
        geoms = shapely.from_geojson(rows["geometry"])
        out[str(indeling)] = pd.Series(geoms, index=rows["gebied_code"].to_numpy())
    return out


@pytest.fixture(scope="session")
def served_rd(served: dict[str, pd.Series]) -> dict[str, pd.Series]:
    """The stored geometries converted to RD New, to measure in metres."""

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(_TO_RD.transform(xy[:, 0], xy[:, 1]))

    return {k: pd.Series(shapely.transform(v.to_numpy(), project), index=v.index) for k, v in served.items()}
