"""The warehouse file: schema creation, atomic publication, and read-only opening.

A build writes a new file next to the target and renames it into place only when complete.
"""

from __future__ import annotations

import contextlib
import glob
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import duckdb

from etl.config import DUCKDB_MEMORY_LIMIT, ROW_GROUP_SIZE


def schema_sql() -> str:
    """The DDL of the star schema (etl/schema.sql)."""
    return resources.files("etl").joinpath("schema.sql").read_text(encoding="utf-8")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view of the warehouse on an empty connection."""
    con.execute(schema_sql())


def temporary_path(target: Path) -> Path:
    """Where a build writes before publishing: next to the target, so the rename is atomic."""
    return target.with_name(f".{target.name}.building-{os.getpid()}")


@contextlib.contextmanager
def building(target: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """A connection to a fresh temporary warehouse; published on success, removed on failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(target)
    _remove(tmp)
    remove_stale(target)
    con = _open_for_writing(tmp)
    try:
        create_schema(con)
        yield con, tmp
        con.execute("CHECKPOINT")
        con.close()
        os.replace(tmp, target)
    except BaseException:
        con.close()
        _remove(tmp)
        raise


def _open_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection whose default database is the new file, written in row groups of
    ROW_GROUP_SIZE rows (an ATTACH option: duckdb.connect has no such setting). Spills go to
    <file>.tmp next to it, as they would for duckdb.connect(path)."""
    con = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY_LIMIT,
                                 "temp_directory": f"{path}.tmp"})
    try:
        con.execute(f"ATTACH ? AS warehouse (ROW_GROUP_SIZE {int(ROW_GROUP_SIZE)})", [str(path)])
        con.execute("USE warehouse")
    except BaseException:
        con.close()
        raise
    return con


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporary files (and their .wal) of builds of target whose process is gone.

    A killed build cannot clean up after itself; the next build does. Returns what it removed.
    """
    prefix = f".{target.name}.building-"
    removed = []
    for candidate in target.parent.glob(f"{glob.escape(prefix)}*"):
        pid_text = candidate.name.removeprefix(prefix).removesuffix(".wal")
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # exists under another user (or an absurd number: leave the file alone)
    return True


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection (the app and the tests never write to a published warehouse)."""
    return duckdb.connect(str(path), read_only=True)
