"""Adapter for wide CSV extracts: one row per indicator x gebied x groep, a column per year.

This is how the monitor's chapter tables and most registrations arrive; empty cells are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.adapters import TIDY_COLUMNS, tidy_frame
from etl.adapters.text import column_index, read_rows
from etl.config import CHUNK_ROWS
from etl.errors import ExtractError

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

YEAR_COLUMN = re.compile(r"^\d{4}$")


def year_columns(header: list[str]) -> list[tuple[int, str]]:
    """(position, year) of every column whose name is a four-digit year."""
    return [(i, name.strip()) for i, name in enumerate(header) if YEAR_COLUMN.match(name.strip())]


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames of a wide CSV: each non-empty year cell becomes one figure."""
    header, chunks = read_rows(path, CHUNK_ROWS)
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
    for chunk in chunks:
        records: dict[str, list[str]] = {c: [] for c in keys}
        records.update(locatie=[], ruw=[], fout=[], jaar=[], waarde=[])
        for row in chunk:
            if row.fout:  # a broken row is one reject, not one per year
                cells = [(years[0][1], "")]
            else:
                cells = [(year, row.fields[pos]) for pos, year in years if row.fields[pos].strip()]
            for year, cell in cells:
                records["locatie"].append(f"regel {row.regel}, kolom {year}")
                records["ruw"].append(row.ruw)
                records["fout"].append(row.fout)
                records["jaar"].append(year)
                records["waarde"].append(cell)
                for column, position in keys.items():
                    records[column].append(row.fields[position] if position < len(row.fields) else "")
        yield tidy_frame(records, spec)
