"""Configuration of the ETL, read once from the environment with sane defaults.

WIJKMONITOR_DATA: the data directory (default: data/ of the checkout); WIJKMONITOR_WAREHOUSE: the output.
"""

from __future__ import annotations

import os
from pathlib import Path


def _project_root() -> Path:
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").exists() else Path.cwd()


PROJECT_ROOT = _project_root()
DATA_DIR = Path(os.environ.get("WIJKMONITOR_DATA", PROJECT_ROOT / "data"))
WAREHOUSE_PATH = Path(os.environ.get("WIJKMONITOR_WAREHOUSE", PROJECT_ROOT / "warehouse.duckdb"))
# Rows per chunk when streaming a large extract: bounds memory, sets the progress step.
CHUNK_ROWS = int(os.environ.get("WIJKMONITOR_ETL_CHUNK_ROWS", "200000"))
# DuckDB's memory cap during a build; beyond it DuckDB spills to a temp dir next to the output.
DUCKDB_MEMORY_LIMIT = os.environ.get("WIJKMONITOR_ETL_MEMORY", "2GB")
# Rows per row group of the warehouse file (DuckDB's default is 122,880). Each row group keeps
# the min/max of every column (a zone map); smaller groups let a query on one indicator and one
# area skip more of the fact table (docs/performance.md, "Issue 24: layout and server path").
ROW_GROUP_SIZE = int(os.environ.get("WIJKMONITOR_ETL_ROW_GROUP_SIZE", "16384"))
