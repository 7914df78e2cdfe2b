"""Reconciliation of every extract: each source cell is loaded, rejected, or ignored by a named rule.

Adapters count the cells of their source and the cells they ignore per rule (Cells); the build
checks that cells read = loaded + rejected + duplicate + ignored and fails otherwise (docs/extracts.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.errors import EXIT_FAILED, EtlError

# Key of DataFrame.attrs under which an adapter hands the Cells of a chunk to the build.
CELLS = "wijkmonitor_cellen"
# The rule of a column listed in an extract's `negeer_kolommen` or [statline] `negeer`.
NEGEER_KOLOM = "kolom {kolom} staat in {sleutel} van de beschrijving"
# The rule of a column the description claims is empty ([statline] negeer_leeg) but is not.
NIET_LEEG = "kolom {kolom} staat in negeer_leeg (volgens de beschrijving leeg), maar heeft cellen"


class ReconcileError(EtlError):
    """Cells read do not add up to loaded + rejected + duplicate + ignored: a bug, nothing published."""

    exit_code = EXIT_FAILED


@dataclass
class Cells:
    """The cells of (a chunk of) one extract.

    read: the non-empty cells of the source the build accounts for (figure cells, the cells of
    ignored columns and rows; a structurally broken line counts once, as its one reject).
    figures: the cells that became figures (loaded, rejected or duplicate later on).
    ignored: cells left out on purpose, per rule. warnings: claims of the description the file
    contradicts (a negeer_leeg column with cells).
    """

    read: int = 0
    figures: int = 0
    ignored: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def add(self, other: Cells) -> None:
        self.read += other.read
        self.figures += other.figures
        self.ignored.update(other.ignored)
        self.warnings.extend(w for w in other.warnings if w not in self.warnings)

    @property
    def ignored_total(self) -> int:
        return sum(self.ignored.values())


def mark(frame: pd.DataFrame, cells: Cells) -> pd.DataFrame:
    """Attach the Cells of the chunk a tidy frame was made from (read by cells_of)."""
    frame.attrs[CELLS] = cells
    return frame


def cells_of(frame: pd.DataFrame) -> Cells:
    """The Cells an adapter attached; without them every row of the frame is one figure cell."""
    cells = frame.attrs.get(CELLS)
    if isinstance(cells, Cells):
        return cells
    return Cells(read=len(frame), figures=len(frame))


def filled(cells: pd.Series) -> pd.Series:
    """True for a cell that holds something besides spaces."""
    return (cells.fillna("").astype("string").str.strip() != "").fillna(False).astype(bool)


def count_filled(cells: pd.Series) -> int:
    return int(filled(cells).sum())


def count_filled_arrow(column: pa.Array | pa.ChunkedArray) -> int:
    """count_filled for an Arrow text column (the DuckDB staging path)."""
    trimmed = pc.utf8_trim_whitespace(column)
    return int(pc.sum(pc.not_equal(trimmed, "")).as_py() or 0)


def negeer_columns(header: list[str], names: Iterable[str]) -> list[tuple[str, str]]:
    """(chunk column, name) of the header columns listed in `names` (compared case-insensitively)."""
    wanted = {n.strip().lower() for n in names}
    return [(str(i), h.strip()) for i, h in enumerate(header) if h.strip().lower() in wanted]


def ignored_columns(
    chunk: pd.DataFrame, rows: pd.Series, columns: list[tuple[str, str]], sleutel: str, leeg: set[str]
) -> Cells:
    """The filled cells of ignored columns in `rows`, per column rule; a `leeg` column warns."""
    cells = Cells()
    for position, name in columns:
        n = count_filled(chunk.loc[rows, position])
        if not n:
            continue
        if name.lower() in leeg:
            rule = NIET_LEEG.format(kolom=name)
            cells.warnings.append(f"{rule}: {n}")
        else:
            rule = NEGEER_KOLOM.format(kolom=name, sleutel=sleutel)
        cells.read += n
        cells.ignored[rule] += n
    return cells


@dataclass(frozen=True)
class Balance:
    """The reconciliation of one extract, as the build report shows it."""

    load_id: int
    path: str
    read: int
    loaded: int
    rejected: int
    duplicate: int
    ignored: int

    @property
    def adds_up(self) -> bool:
        return self.read == self.loaded + self.rejected + self.duplicate + self.ignored


def check(balances: list[Balance], figures: dict[int, int]) -> None:
    """Raise ReconcileError naming the first extract whose cells do not add up.

    `figures` are the figure cells each adapter produced: they must equal loaded + rejected +
    duplicate (nothing lost after reading), and read must equal that plus ignored.
    """
    for b in balances:
        after = b.loaded + b.rejected + b.duplicate
        if b.adds_up and figures.get(b.load_id, after) == after:
            continue
        raise ReconcileError(
            f"{b.path}: {b.read} cellen gelezen, maar {b.loaded} geladen + {b.rejected} afgewezen + "
            f"{b.duplicate} dubbel + {b.ignored} genegeerd = {after + b.ignored} "
            f"(uit de adapter kwamen {figures.get(b.load_id, after)} cijfers): er is iets verloren "
            "gegaan; het warehouse is niet vervangen"
        )


def write_ignored(con: duckdb.DuckDBPyConnection, rows: list[tuple[int, str, str, int]]) -> None:
    """etl_ignored: one row per extract x rule with the number of cells it ignored."""
    if rows:
        con.executemany("INSERT INTO etl_ignored VALUES (?, ?, ?, ?)", rows)
