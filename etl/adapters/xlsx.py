"""Adapter for Excel extracts as GGD and O&S deliver them: title lines, one or two header rows.

A header row starts with 'Indicator'; a second header row with the years (under a merged
'Jaar' cell) is combined with it. A sheet may hold several tables, each under its own header.
Tables are read as wide (year columns) or long (a 'jaar' column).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from etl.adapters import TIDY_COLUMNS, YEAR, header_columns, tidy_frame
from etl.adapters.text import HEADER_NAMES
from etl.errors import ExtractError
from etl.reconcile import CELLS, NEGEER_KOLOM, Cells, mark
from etl.values import excerpt

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from etl.manifest import ExtractSpec

# Lines under a table that are notes, not data: 'Bron: ...', '* significant', 'Toelichting: ...'.
NOTE = re.compile(r"^\s*(bron\b|toelichting\b|noot\b|\*)", re.IGNORECASE)
# The rule under which such a line is counted as ignored (etl.reconcile).
NOTE_RULE = "regel met alleen een noot (Bron:, Toelichting:, Noot:, *) onder een tabel"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
# A merged range larger than this is a formatting accident, not a table (it would cost memory).
_MAX_MERGED_CELLS = 100_000

Grid = dict[int, dict[int, Any]]  # row -> column -> cell value (1-based, only cells that exist)


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames of every table of every sheet of the workbook."""
    values, formulas = _open(path, data_only=True), _open(path, data_only=False)
    try:
        found = False
        for sheet in values.worksheets:
            for frame in _read_sheet(path, sheet, formulas[sheet.title], spec):
                found = True
                if len(frame) or frame.attrs[CELLS].read:  # a table of only a header holds nothing
                    yield frame
        if not found:
            raise ExtractError(path, "geen blad met een kopregel die met 'Indicator' begint")
    finally:
        values.close()
        formulas.close()


def _open(path: Path, *, data_only: bool) -> Workbook:
    with path.open("rb") as handle:
        start = handle.read(8)
    if start.startswith(_OLE):
        if _ENCRYPTED in path.read_bytes():
            raise ExtractError(
                path, "werkmap is versleuteld (met een wachtwoord beveiligd); lever hem zonder"
            )
        raise ExtractError(path, "is een oud Excel-bestand (.xls, 97-2003); sla het op als .xlsx")
    if not start.startswith(b"PK"):
        raise ExtractError(path, "is geen Excel-bestand (geen zip; een CSV-bestand met een .xlsx-naam?)")
    try:
        return load_workbook(path, data_only=data_only)
    except Exception as exc:  # noqa: BLE001 (openpyxl raises zip, XML, key and value errors alike)
        reden = f"geen leesbaar Excel-bestand (afgebroken of beschadigd?): {excerpt(str(exc))[1:-1]}"
        raise ExtractError(path, reden) from exc


def _grid(path: Path, sheet: Worksheet) -> Grid:
    """The cells that exist, without iterating the used range (one stray far cell makes that
    17 billion cells); merged cells get the value of their top-left cell."""
    grid: Grid = {}
    for merged in sheet.merged_cells.ranges:
        if merged.size["rows"] * merged.size["columns"] > _MAX_MERGED_CELLS:
            reden = f"samengevoegd bereik {merged.coord} is te groot (meer dan {_MAX_MERGED_CELLS} cellen)"
            raise ExtractError(path, reden, f"{sheet.title}!{merged.coord}")
    for (row, col), cell in sheet._cells.items():  # noqa: SLF001 (openpyxl has no public sparse view)
        if cell.value is not None:
            grid.setdefault(row, {})[col] = cell.value
    for merged in sheet.merged_cells.ranges:
        value = grid.get(merged.min_row, {}).get(merged.min_col)
        if value is None:
            continue
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                grid.setdefault(row, {}).setdefault(col, value)
    return grid


def _merged_origin(sheet: Worksheet) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each cell covered by a merge (not its top-left cell) -> that top-left cell."""
    covered = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (row, col) != (merged.min_row, merged.min_col):
                    covered[(row, col)] = (merged.min_row, merged.min_col)
    return covered


def _text(value: Any, decimaal: str, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        number = float(value) * 100 if "%" in number_format else float(value)
        number = round(number, 10)
        text = str(int(number)) if number.is_integer() else repr(number)
        # 1.025 must not read as the ambiguous '1,025' (etl.values): a fourth decimal settles it
        if re.fullmatch(r"-?[1-9][0-9]{0,2}\.[0-9]{3}", text):
            text += "0"
        return text.replace(".", decimaal) if decimaal == "," else text
    return str(value).strip()


def _header_text(value: Any) -> str:
    """A header cell as a column name: a year typed as 2011.0 or '2011 ' is '2011'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _first(cells: dict[int, Any]) -> str:
    filled = [c for c in sorted(cells) if str(cells[c]).strip()]
    return str(cells[filled[0]]).strip().lower() if filled else ""


def _read_sheet(
    path: Path, sheet: Worksheet, formulas: Worksheet, spec: ExtractSpec
) -> Iterator[pd.DataFrame]:
    grid = _grid(path, sheet)
    rows = sorted(grid)
    covered = _merged_origin(sheet)
    # a header row is where 'Indicator' is written, not where a merge repeats it
    tops = [
        r for r in rows if _first({c: v for c, v in grid[r].items() if (r, c) not in covered}) in HEADER_NAMES
    ]
    if not tops:
        numbers = [
            (r, c)
            for r in rows
            for c, v in grid[r].items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        if numbers:
            r, c = numbers[0]
            raise ExtractError(
                path,
                "blad met getallen maar zonder kopregel die met 'Indicator' begint",
                f"{sheet.title}!{get_column_letter(c)}{r}",
            )
        return
    for k, top in enumerate(tops):
        end = tops[k + 1] if k + 1 < len(tops) else None
        table_rows = [r for r in rows if r > top and (end is None or r < end)]
        yield _read_table(path, sheet, formulas, spec, grid, top, table_rows)


def _read_table(
    path: Path,
    sheet: Worksheet,
    formulas: Worksheet,
    spec: ExtractSpec,
    grid: Grid,
    top: int,
    table_rows: list[int],
) -> pd.DataFrame:
    top_cells = grid[top]
    width = max(c for c, v in top_cells.items() if _header_text(v))
    header = [_header_text(top_cells.get(c)) for c in range(1, width + 1)]
    covered = _merged_origin(sheet)
    indicator_col = next(c for c in range(1, width + 1) if header[c - 1].lower() in HEADER_NAMES)
    data_rows = table_rows
    if table_rows and table_rows[0] == top + 1:  # GGD style: years under a merged 'Jaar' cell
        below = grid[top + 1]
        below_years = {c: _header_text(v) for c, v in below.items() if YEAR.match(_header_text(v))}
        merged_over_two_rows = covered.get((top + 1, indicator_col)) == (top, indicator_col)
        if below_years and (merged_over_two_rows or indicator_col not in below):
            width = max(width, *below_years)
            header = [
                below_years.get(c, header[c - 1] if c <= len(header) else "") for c in range(1, width + 1)
            ]
            data_rows = table_rows[1:]
    place_row = data_rows[0] - 1 if data_rows and data_rows != table_rows else top
    wide = any(YEAR.match(h) for h in header)
    columns = header_columns(
        path, header, spec, lambda i: f"{sheet.title}!{get_column_letter((i or 0) + 1)}{place_row}", wide=wide
    )
    keys = {c: p + 1 for c, p in columns.keys.items() if c in TIDY_COLUMNS and c not in ("jaar", "waarde")}
    if not wide and not {"jaar", "waarde"} <= set(columns.keys):
        raise ExtractError(
            path,
            "kopregel zonder jaarkolommen en zonder kolommen 'jaar' en 'waarde'",
            f"{sheet.title}!A{top}",
        )
    records: dict[str, list[str]] = {c: [] for c in keys}
    records.update(locatie=[], ruw=[], fout=[], jaar=[], waarde=[])
    negeer = {n.strip().lower() for n in spec.negeer_kolommen}
    ignored = [(c, h) for c, h in enumerate(header, start=1) if h.strip().lower() in negeer]
    cells = Cells()

    def value(row_no: int, col: int) -> tuple[str, str]:
        """(cell text, reason it is no value or '') of a value cell."""
        if (row_no, col) in covered:  # a merged value would count for every column it spans
            origin = covered[(row_no, col)]
            return "", f"cel valt in een samengevoegd bereik vanaf {get_column_letter(origin[1])}{origin[0]}"
        cell = sheet._cells.get((row_no, col))  # noqa: SLF001 (see _grid)
        if cell is None or cell.value is None:
            formula = formulas._cells.get((row_no, col))  # noqa: SLF001 (see _grid)
            if formula is not None and formula.data_type == "f":
                reden = f"formule zonder opgeslagen uitkomst ({excerpt(formula.value)}): bewaar het in Excel"
                return "", reden
            return "", ""
        if isinstance(cell.value, bool | dt.datetime | dt.date | dt.time):
            return str(cell.value), "cel bevat een datum of waar/onwaar in plaats van een getal"
        return _text(cell.value, spec.decimaal, cell.number_format), ""

    for row_no in data_rows:
        row = grid[row_no]
        texts = {c: _text(v, spec.decimaal) for c, v in row.items()}
        filled = [t for t in texts.values() if t]
        if not filled:
            continue
        if len(filled) == 1 and NOTE.match(filled[0]):
            cells.read += 1
            cells.ignored[NOTE_RULE] += 1
            continue
        for col, name in ignored:
            if texts.get(col):
                cells.read += 1
                cells.ignored[NEGEER_KOLOM.format(kolom=name, sleutel="negeer_kolommen")] += 1
        if wide:
            figures = [(p + 1, year) for p, year in columns.years]
        else:
            figures = [(columns.keys["waarde"] + 1, None)]
        raw = " | ".join("" if row.get(c) is None else str(row[c]) for c in range(1, max(row) + 1))
        beyond = [c for c in sorted(row) if c > len(header) and texts[c] and (row_no, c) not in covered]
        figures += [(c, "") for c in beyond]  # a cell no header names: reported, never dropped
        for col, year in figures:
            text, fout = value(row_no, col)
            if col > len(header):
                text, fout = texts[col], "cel staat in een kolom zonder kop"
            if wide and not text and not fout:
                continue
            records["locatie"].append(f"{sheet.title}!{get_column_letter(col)}{row_no}")
            records["ruw"].append(raw)
            records["fout"].append(fout)
            records["jaar"].append(year if wide else texts.get(columns.keys["jaar"] + 1, ""))
            records["waarde"].append(text)
            for column, position in keys.items():
                records[column].append(texts.get(position, ""))
    frame = tidy_frame(pd.DataFrame(records), spec)
    cells.read += len(frame)
    cells.figures = len(frame)
    return mark(frame, cells)
