"""Adapter for long CSV extracts: one row per figure (indicator, jaar, waarde, ...).

Separator and encoding are detected; see docs/extracts.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.adapters import ALIASES, header_columns, location, shown_header, tidy_frame
from etl.adapters.text import FOUT, REGEL, RUW, read_rows
from etl.config import CHUNK_ROWS
from etl.errors import ExtractError
from etl.reconcile import ignored_columns, mark, negeer_columns

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

REQUIRED = ("indicator", "jaar", "waarde")


def used_columns(path: Path, header: list[str], spec: ExtractSpec) -> dict[str, str]:
    """Tidy column -> chunk column ("0", "1", ...) of a long CSV header (etl.adapters.header_columns)."""
    names = {ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header}
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ExtractError(
            path,
            f"kolom(men) {', '.join(missing)} ontbreken; gevonden: {shown_header(header)} "
            "(verkeerd scheidingsteken of geen long-formaat?)",
            "regel 1",
        )
    columns = header_columns(path, header, spec, lambda _i: "regel 1", wide=False)
    return {c: str(i) for c, i in columns.keys.items()}


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames of a long CSV, in chunks."""
    header, chunks = read_rows(path, CHUNK_ROWS)
    used = used_columns(path, header, spec)
    negeer = negeer_columns(header, spec.negeer_kolommen)
    for chunk in chunks:
        frame = pd.DataFrame({c: chunk[position] for c, position in used.items()})
        frame["locatie"] = location(chunk[REGEL])
        frame["ruw"] = chunk[RUW]
        frame["fout"] = chunk[FOUT]
        # every line is one figure; the filled cells of ignored columns are counted per column
        cells = ignored_columns(chunk, chunk[FOUT] == "", negeer, "negeer_kolommen", set())
        cells.read += len(chunk)
        cells.figures = len(chunk)
        yield mark(tidy_frame(frame, spec), cells)
