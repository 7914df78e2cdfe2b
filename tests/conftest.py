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


def chapter_table(con: duckdb.DuckDBPyConnection, thema: str) -> list[tuple[str, int, str | None]]:
    """(code, tabel_volgorde, goals joined by '|') of a chapter's indicator table, in table order."""
    return con.execute(
        """SELECT i.code, i.tabel_volgorde, string_agg(b.doel_code, '|' ORDER BY b.doel_code)
           FROM dim_indicator i LEFT JOIN bridge_indicator_doel b USING (indicator_id)
           WHERE i.tabel_volgorde IS NOT NULL AND i.thema = ?
           GROUP BY i.code, i.tabel_volgorde ORDER BY i.tabel_volgorde""",
        [thema],
    ).fetchall()


def indicator_doelen(con: duckdb.DuckDBPyConnection, code: str) -> set[str]:
    """The goal codes an indicator is tied to (bridge_indicator_doel)."""
    rows = con.execute(
        """SELECT b.doel_code FROM bridge_indicator_doel b JOIN dim_indicator i USING (indicator_id)
           WHERE i.code = ?""",
        [code],
    ).fetchall()
    return {doel for (doel,) in rows}
