"""Shared pytest fixtures: real DuckDB warehouses built by the real ETL.

`real_warehouse` is built once per test session from the shipped `data/` directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse built from the shipped extracts in data/ (built once per session)."""
    from etl.build import build_warehouse

    out = tmp_path_factory.mktemp("real") / "warehouse.duckdb"
    build_warehouse(DATA_DIR, out, quiet=True)
    return out


@pytest.fixture()
def real_con(real_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the real warehouse."""
    con = duckdb.connect(str(real_warehouse), read_only=True)
    try:
        yield con
    finally:
        con.close()


def fetch_fact(
    con: duckdb.DuckDBPyConnection,
    indicator: str,
    jaar: int,
    gebied: str = "GM0307",
    dimensie: str = "totaal",
    groep: str = "totaal",
    indeling: str | None = None,
) -> tuple[float | None, str, str]:
    """(waarde, status, periode_label) of one fact in v_waarde; fails when it is absent."""
    rows = con.execute(
        """SELECT waarde, status, periode_label FROM v_waarde
           WHERE indicator_code = ? AND jaar = ? AND gebied_code = ?
             AND groep_dimensie = ? AND groep = ?
             AND (CAST(? AS VARCHAR) IS NULL OR indeling = ?)""",
        [indicator, jaar, gebied, dimensie, groep, indeling, indeling],
    ).fetchall()
    assert len(rows) == 1, (indicator, jaar, gebied, dimensie, groep, rows)
    return rows[0]
