"""Tests that the geo tables fit the warehouse: exactly the columns and keys of etl/schema.sql.

Loads them into an in-memory DuckDB created from the real schema file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from geo.build import GeoTables

SCHEMA = Path(__file__).resolve().parents[2] / "etl" / "schema.sql"


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    return con


@pytest.mark.parametrize(
    ("table", "attr"),
    [
        ("gebied_geometrie", "geometrie"),
        ("gebied_samenstelling", "samenstelling"),
        ("gebied_vergelijkbaarheid", "vergelijkbaarheid"),
    ],
)
def test_geo_tables_load_into_the_warehouse_schema(
    con: duckdb.DuckDBPyConnection, tables: GeoTables, table: str, attr: str
) -> None:
    frame = getattr(tables, attr)
    columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    assert list(frame.columns) == columns
    con.register("frame", frame)
    con.execute(f"INSERT INTO {table} SELECT * FROM frame").fetchall()  # keys, NOT NULL hold
    assert con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] == len(frame)


def test_gebieden_fit_dim_gebied_next_to_the_fixed_areas(
    con: duckdb.DuckDBPyConnection, tables: GeoTables, data_dir: Path
) -> None:
    vast = pd.read_csv(data_dir / "meta" / "gebieden" / "vast.csv", dtype=str)
    alle = pd.concat([vast, tables.gebieden], ignore_index=True)
    alle.insert(0, "gebied_id", range(1, len(alle) + 1))
    con.register("alle", alle.drop(columns="aliassen"))
    con.execute("INSERT INTO dim_gebied SELECT * FROM alle").fetchall()
    missing = con.execute("""
        SELECT DISTINCT g.gebied_code, g.indeling FROM gebied_geometrie g
        LEFT JOIN dim_gebied d USING (gebied_code, indeling) WHERE d.gebied_id IS NULL
    """).fetchall()
    assert missing == []
    parents = con.execute("""
        SELECT count(*) FROM dim_gebied c
        WHERE c.parent_code IS NOT NULL
          AND c.parent_code NOT IN (SELECT gebied_code FROM dim_gebied)
    """).fetchall()[0][0]
    assert parents == 0
