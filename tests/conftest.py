"""Shared pytest fixtures: real DuckDB warehouses built by the real ETL.

`real_warehouse` is built once per test session from the shipped `data/` directory. `require`
decides, in one place, whether a missing prerequisite skips a test or (under CI=true) fails it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"


def on_ci() -> bool:
    """Whether the tests run on CI (CI=true, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require(present: bool, what: str) -> None:
    """Go on when `present`; else skip the test, or under CI=true fail it.

    A missing seed text, Chromium or node_modules is a fault of the CI machine, not a reason to
    pass: on CI the tests that need them must run. Locally they may be skipped.
    """
    if present:
        return
    if on_ci():
        pytest.fail(f"{what} (CI=true: a missing prerequisite fails the run)", pytrace=False)
    pytest.skip(what)


def _main_checkout() -> Path:
    """The main checkout of this repository: REPO_ROOT itself, or the one a git worktree belongs to."""
    git = REPO_ROOT / ".git"
    if git.is_file():  # a worktree: 'gitdir: <main>/.git/worktrees/<name>', whose commondir is <main>/.git
        gitdir = Path(git.read_text(encoding="utf-8").partition("gitdir:")[2].strip())
        common = gitdir / "commondir"
        if common.is_file():
            return (gitdir / common.read_text(encoding="utf-8").strip()).resolve().parent
    return REPO_ROOT


def seeds_dir() -> Path:
    """The source texts (shared/seeds beside the checkout; WIJKMONITOR_SEEDS overrides)."""
    if os.environ.get("WIJKMONITOR_SEEDS"):
        return Path(os.environ["WIJKMONITOR_SEEDS"])
    candidates = [REPO_ROOT.parent / "shared" / "seeds", _main_checkout().parent / "shared" / "seeds"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


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
