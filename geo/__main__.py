"""`python -m geo [data_dir]`: build the geo tables and print what the browser and the app get.

Prints per layer the vertices and download size against its budget, then the comparability block
of docs/geo.md (geo/report.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import shapely

from geo.build import build_geo
from geo.errors import GeoError
from geo.report import comparability_block
from geo.simplify import BUDGET_BYTES, SIMPLIFY_TOLERANCE_M, feature_collection, gzipped_size


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "data"
    start = time.perf_counter()
    try:
        tables = build_geo(data_dir)
    except GeoError as exc:
        print(f"geo: {exc}", file=sys.stderr)
        return 2
    print(f"build_geo: {time.perf_counter() - start:.2f} s, tolerance {SIMPLIFY_TOLERANCE_M:g} m")
    print("| indeling | gebieden | vertices | GeoJSON | gzipped | budget |")
    print("|---|---:|---:|---:|---:|---:|")
    for indeling, layer in tables.geometrie.groupby("indeling", sort=True):
        text = feature_collection(list(layer["gebied_code"]), list(layer["geometry"]))
        n = int(shapely.get_num_coordinates(shapely.from_geojson(layer["geometry"])).sum())
        budget = BUDGET_BYTES.get(str(indeling))
        print(
            f"| {indeling} | {len(layer)} | {n} | {len(text) / 1000:.1f} kB "
            f"| {gzipped_size(text) / 1000:.1f} kB | {f'{budget / 1000:g} kB' if budget else '-'} |"
        )
    print()
    print(comparability_block(tables.vergelijkbaarheid, tables.gebieden))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
