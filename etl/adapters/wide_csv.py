"""Adapter for wide CSV extracts: one row per indicator x gebied x groep, a column per year.

This is how the monitor's chapter tables and most registrations arrive; empty cells are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.adapters import TIDY_COLUMNS, location, tidy_frame
from etl.adapters.text import FOUT, REGEL, RUW, column_index, read_rows
from etl.config import CHUNK_ROWS
from etl.errors import ExtractError

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

YEAR_COLUMN = re.compile(r"^\d{4}$")


def year_columns(header: list[str]) -> list[tuple[str, str]]:
    """(chunk column, year) of every column whose name is a four-digit year."""
    return [(str(i), name.strip()) for i, name in enumerate(header) if YEAR_COLUMN.match(name.strip())]


def used_columns(path: Path, header: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(tidy column -> chunk column of the key columns, year columns) of a wide CSV header."""
    index = column_index(header)
    years = year_columns(header)
    if "indicator" not in index or not years:
        raise ExtractError(
            path,
            "een breed bestand heeft een kolom 'indicator' en jaarkolommen (2021, 2022, ...); "
            f"gevonden: {header!r} (verkeerd scheidingsteken?)",
            "regel 1",
        )
    keys = {c: index[c] for c in TIDY_COLUMNS if c in index and c not in ("jaar", "waarde")}
    return keys, years


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames of a wide CSV: each non-empty year cell becomes one figure."""
    header, chunks = read_rows(path, CHUNK_ROWS)
    keys, years = used_columns(path, header)
    for chunk in chunks:
        broken = chunk[FOUT] != ""
        parts = []
        for position, year in years:
            cell = chunk[position]
            # a broken row is one reject (under its first year column), not one per year
            keep = (~broken & (cell.str.strip() != "")) | (broken & (position == years[0][0]))
            part = pd.DataFrame({c: chunk.loc[keep, p] for c, p in keys.items()})
            part["jaar"] = year
            part["waarde"] = cell[keep].where(~broken[keep], "")
            part["locatie"] = location(chunk.loc[keep, REGEL], f", kolom {year}")
            part["ruw"] = chunk.loc[keep, RUW]
            part["fout"] = chunk.loc[keep, FOUT]
            parts.append(part)
        frame = pd.concat(parts).sort_index(kind="stable")
        yield tidy_frame(frame, spec)
