"""Adapter for long CSV extracts: one row per figure (indicator, jaar, waarde, ...).

Separator and encoding are detected; see docs/extracts.md.
"""

from __future__ import annotations

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

REQUIRED = ("indicator", "jaar", "waarde")


def used_columns(path: Path, header: list[str]) -> dict[str, str]:
    """Tidy column -> chunk column ("0", "1", ...) of a long CSV header; checks the required ones."""
    index = column_index(header)
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise ExtractError(
            path,
            f"kolom(men) {', '.join(missing)} ontbreken; gevonden: {header!r} "
            "(verkeerd scheidingsteken of geen long-formaat?)",
            "regel 1",
        )
    return {c: index[c] for c in TIDY_COLUMNS if c in index}


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames of a long CSV, in chunks."""
    header, chunks = read_rows(path, CHUNK_ROWS)
    used = used_columns(path, header)
    for chunk in chunks:
        frame = pd.DataFrame({c: chunk[position] for c, position in used.items()})
        frame["locatie"] = location(chunk[REGEL])
        frame["ruw"] = chunk[RUW]
        frame["fout"] = chunk[FOUT]
        yield tidy_frame(frame, spec)
