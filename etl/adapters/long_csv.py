"""Adapter for long CSV extracts: one row per figure (indicator, jaar, waarde, ...).

Separator and encoding are detected; see docs/extracts.md.
"""

from __future__ import annotations

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

REQUIRED = ("indicator", "jaar", "waarde")


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames of a long CSV, in chunks."""
    header, chunks = read_rows(path, CHUNK_ROWS)
    index = column_index(header)
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise ExtractError(
            path,
            f"kolom(men) {', '.join(missing)} ontbreken; gevonden: {header!r} "
            "(verkeerd scheidingsteken of geen long-formaat?)",
            "regel 1",
        )
    used = {c: index[c] for c in TIDY_COLUMNS if c in index}
    for chunk in chunks:
        records: dict[str, list[str]] = {c: [] for c in used}
        records.update(locatie=[], ruw=[], fout=[])
        for row in chunk:
            records["locatie"].append(f"regel {row.regel}")
            records["ruw"].append(row.ruw)
            records["fout"].append(row.fout)
            for column, position in used.items():
                records[column].append(row.fields[position] if position < len(row.fields) else "")
        yield tidy_frame(records, spec)
