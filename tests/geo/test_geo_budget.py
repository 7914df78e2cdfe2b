"""Tests of what the browser downloads: each layer as GeoJSON FeatureCollection, gzipped.

The budgets are those of the issue: all 2024 wijken <= 60 KB, all buurten <= 150 KB.
"""

from __future__ import annotations

import json
import re

import pytest

from geo.build import GeoTables
from geo.simplify import BUDGET_BYTES, COORD_DECIMALS, feature_collection, gzipped_size


def _layer_text(tables: GeoTables, indeling: str) -> str:
    rows = tables.geometrie[tables.geometrie["indeling"] == indeling]
    return feature_collection(list(rows["gebied_code"]), list(rows["geometry"]))


@pytest.mark.parametrize(("indeling", "budget"), sorted(BUDGET_BYTES.items()))
def test_layer_download_stays_within_its_gzipped_budget(
    tables: GeoTables, indeling: str, budget: int
) -> None:
    assert gzipped_size(_layer_text(tables, indeling)) <= budget


def test_budgets_are_the_ones_the_issue_sets() -> None:
    assert BUDGET_BYTES == {"wijk2024": 60_000, "buurt2024": 150_000}


def test_layer_text_is_a_feature_collection_keyed_by_gebied_code(tables: GeoTables) -> None:
    fc = json.loads(_layer_text(tables, "wijk2024"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 33
    first = fc["features"][0]
    assert first["id"] == first["properties"]["gebied_code"] == "WK030701"
    assert first["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_coordinates_are_rounded(tables: GeoTables) -> None:
    numbers = re.findall(r"-?\d+\.(\d+)", "".join(tables.geometrie["geometry"]))
    assert numbers and max(len(n) for n in numbers) <= COORD_DECIMALS


def test_gzipped_size_measures_compressed_bytes() -> None:
    text = '{"a":"' + "x" * 10_000 + '"}'
    assert 0 < gzipped_size(text) < 200
