"""Adapter for wide CSV extracts: one row per indicator x gebied x groep, a column per year.

This is how the monitor's chapter tables and most registrations arrive; empty cells are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.adapters import ALIASES, YEAR, header_columns, location, shown_header, tidy_frame
from etl.adapters.text import FOUT, REGEL, RUW, read_rows
from etl.config import CHUNK_ROWS
from etl.errors import ExtractError
from etl.reconcile import count_filled, ignored_columns, mark, negeer_columns

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec


def used_columns(
    path: Path, header: list[str], spec: ExtractSpec
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(tidy column -> chunk column of the key columns, year columns) of a wide CSV header.

    Every column must be a key column, a year (four digits) or listed in negeer_kolommen
    (etl.adapters.header_columns): '2011-2012', '2012 *' or 'totaal' stop the build.
    """
    names = {ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header}
    if "indicator" not in names or not any(YEAR.match(h.strip()) for h in header):
        raise ExtractError(
            path,
            "een breed bestand heeft een kolom 'indicator' en jaarkolommen (2021, 2022, ...); "
            f"gevonden: {shown_header(header)} (verkeerd scheidingsteken?)",
            "regel 1",
        )
    columns = header_columns(path, header, spec, lambda _i: "regel 1", wide=True)
    keys = {c: str(i) for c, i in columns.keys.items()}
    return keys, [(str(i), year) for i, year in columns.years]


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames of a wide CSV: each non-empty year cell becomes one figure."""
    header, chunks = read_rows(path, CHUNK_ROWS)
    keys, years = used_columns(path, header, spec)
    negeer = negeer_columns(header, spec.negeer_kolommen)
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
        # read: one per broken line, every filled year cell and every filled ignored cell
        cells = ignored_columns(chunk, ~broken, negeer, "negeer_kolommen", set())
        cells.read += int(broken.sum()) + sum(count_filled(chunk.loc[~broken, p]) for p, _ in years)
        cells.figures = len(frame)
        yield mark(tidy_frame(frame, spec), cells)
