"""The search catalogue (data/meta/zoekwoorden.csv, data/meta/doel_zoekwoorden.csv): the words users
type and the words they find, and each goal's topic words; checked on load, written to the warehouse.

Both files are optional (an empty catalogue finds by name and definition only); docs/app.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl.catalog import _check_unique, _fail, read_csv_file

TERM_FILE = "zoekwoorden.csv"
DOEL_FILE = "doel_zoekwoorden.csv"
TERM_COLUMNS = ("term", "synoniemen")
DOEL_COLUMNS = ("doel_code", "zoekwoorden")
# A word as a user types it: lower case, no '|' (the list separator), no leading/trailing space.
WOORD = re.compile(r"^[^|A-Z\s](?:[^|A-Z]*[^|A-Z\s])?$")


@dataclass(frozen=True)
class Zoekwoorden:
    """term -> synonyms ('|'-joined) and doel_code -> topic words ('|'-joined), in file order."""

    termen: pd.DataFrame  # term, synoniemen
    doelen: pd.DataFrame  # doel_code, zoekwoorden


def _woorden(row: pd.Series, column: str, meta: Path) -> str:
    """The '|'-separated words of a cell, checked: at least one, lower case, none empty or twice."""
    woorden = [w.strip() for w in row[column].split("|")]
    if not row[column] or any(not w for w in woorden):
        _fail(row, f"{column} bevat een leeg woord (woorden scheiden met '|')", meta)
    for w in woorden:
        if not WOORD.match(w):
            _fail(row, f"{column}: {w!r} is geen woord in kleine letters", meta)
    if len(set(woorden)) < len(woorden):
        _fail(row, f"{column} noemt een woord twee keer", meta)
    return "|".join(woorden)


def load_zoekwoorden(meta: Path, doel_codes: set[str]) -> Zoekwoorden:
    """Read and check both files; a missing file is an empty table."""
    termen = pd.DataFrame({"term": [], "synoniemen": []}, dtype=str)
    path = meta / TERM_FILE
    if path.is_file():
        frame = read_csv_file(path, TERM_COLUMNS)
        for i, row in frame.iterrows():
            if not WOORD.match(row["term"]):
                _fail(row, f"term {row['term']!r} is geen woord in kleine letters", meta)
            frame.loc[i, "synoniemen"] = _woorden(row, "synoniemen", meta)
        _check_unique(frame, ["term"], meta)
        termen = frame.loc[:, list(TERM_COLUMNS)].reset_index(drop=True)
    doelen = pd.DataFrame({"doel_code": [], "zoekwoorden": []}, dtype=str)
    path = meta / DOEL_FILE
    if path.is_file():
        frame = read_csv_file(path, DOEL_COLUMNS)
        for i, row in frame.iterrows():
            if row["doel_code"] not in doel_codes:
                _fail(row, f"doel {row['doel_code']!r} bestaat niet in data/meta/doelen", meta)
            frame.loc[i, "zoekwoorden"] = _woorden(row, "zoekwoorden", meta)
        _check_unique(frame, ["doel_code"], meta)
        doelen = frame.loc[:, list(DOEL_COLUMNS)].reset_index(drop=True)
    return Zoekwoorden(termen=termen, doelen=doelen)


def insert_zoekwoorden(con: duckdb.DuckDBPyConnection, zoekwoorden: Zoekwoorden) -> None:
    """Fill zoekwoord and doel_zoekwoord (after dim_doel); `volgorde` keeps the file order."""
    for table, frame in (("zoekwoord", zoekwoorden.termen), ("doel_zoekwoord", zoekwoorden.doelen)):
        if frame.empty:
            continue
        rows = frame.assign(volgorde=range(1, len(frame) + 1))
        con.register("zoekwoorden_frame", rows)
        names = ", ".join(rows.columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM zoekwoorden_frame")  # noqa: S608 (constant table names)
        con.unregister("zoekwoorden_frame")
