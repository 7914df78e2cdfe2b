"""Adapter for Excel extracts as GGD and O&S deliver them: title lines, one or two header rows.

The header row starts with 'Indicator'; a second header row with the years (under a merged
'Jaar' cell) is combined with it. Sheets are read as wide (year columns) or long (a 'jaar' column).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from etl.adapters import TIDY_COLUMNS, tidy_frame
from etl.errors import ExtractError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from etl.manifest import ExtractSpec

YEAR = re.compile(r"^\d{4}$")
# Lines under a table that are notes, not data: 'Bron: ...', '* significant', 'Toelichting: ...'.
NOTE = re.compile(r"^\s*(bron\b|toelichting\b|noot\b|\*)", re.IGNORECASE)


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames of every sheet of the workbook."""
    try:
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError) as exc:
        reden = f"geen leesbaar Excel-bestand (afgebroken of beschadigd?): {exc}"
        raise ExtractError(path, reden) from exc
    try:
        found = False
        for sheet in workbook.worksheets:
            frame = _read_sheet(path, sheet, spec)
            if frame is not None:
                found = True
                yield frame
        if not found:
            raise ExtractError(path, "geen blad met een kopregel die met 'Indicator' begint")
    finally:
        workbook.close()


def _text(value: Any, decimaal: str, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool | dt.datetime | dt.date | dt.time):
        return f"\x00{value!r}"  # not a value: validation reports it as such
    if isinstance(value, int | float):
        number = float(value) * 100 if "%" in number_format else float(value)
        number = round(number, 10)
        text = str(int(number)) if number.is_integer() else repr(number)
        return text.replace(".", decimaal) if decimaal == "," else text
    return str(value).strip()


def _header_row(rows: list[tuple[Any, ...]]) -> int | None:
    for i, row in enumerate(rows):
        first = next((c for c in row if c is not None and str(c).strip()), None)
        if first is not None and str(first).strip().lower() == "indicator":
            return i
    return None


def _read_sheet(path: Path, sheet: Worksheet, spec: ExtractSpec) -> pd.DataFrame | None:
    cells = list(sheet.iter_rows())
    values = [tuple(c.value for c in row) for row in cells]
    top = _header_row(values)
    if top is None:
        return None
    header = [str(v).strip() if v is not None else "" for v in values[top]]
    first_data = top + 1
    if first_data < len(values):
        below = values[first_data]
        below_years = {i: str(v).strip() for i, v in enumerate(below) if v is not None and YEAR.match(str(v))}
        indicator_col = next(i for i, h in enumerate(header) if h.lower() == "indicator")
        merged_over_two_rows = indicator_col < len(below) and below[indicator_col] is None
        if below_years and merged_over_two_rows:  # GGD style: years under a merged 'Jaar' cell
            header = [below_years.get(i, name) for i, name in enumerate(header)]
            first_data += 1
    lower = [h.lower() for h in header]
    years = [(i, h) for i, h in enumerate(header) if YEAR.match(h)]
    keys = {c: lower.index(c) for c in TIDY_COLUMNS if c in lower and c not in ("jaar", "waarde")}
    if not years and not {"jaar", "waarde"} <= set(lower):
        raise ExtractError(
            path,
            "kopregel zonder jaarkolommen en zonder kolommen 'jaar' en 'waarde'",
            f"{sheet.title}!A{top + 1}",
        )
    records: dict[str, list[str]] = {c: [] for c in keys}
    records.update(locatie=[], ruw=[], fout=[], jaar=[], waarde=[])

    def add(row_no: int, col: int, year: str, cell_text: str, row_cells: tuple[Any, ...]) -> None:
        records["locatie"].append(f"{sheet.title}!{get_column_letter(col + 1)}{row_no}")
        records["ruw"].append(" | ".join("" if v is None else str(v) for v in row_cells))
        records["fout"].append("")
        records["jaar"].append(year)
        records["waarde"].append(cell_text)
        for column, position in keys.items():
            records[column].append(_text(row_cells[position], spec.decimaal))

    for offset, row in enumerate(cells[first_data:]):
        row_no = first_data + offset + 1
        row_values = tuple(c.value for c in row)
        texts = [_text(v, spec.decimaal) for v in row_values]
        if not any(texts):
            continue
        filled = [t for t in texts if t]
        if len(filled) == 1 and NOTE.match(filled[0]):
            continue
        if years:
            for col, year in years:
                if col < len(row) and texts[col]:
                    value = _text(row[col].value, spec.decimaal, row[col].number_format)
                    add(row_no, col, year, value, row_values)
        else:
            jaar_col, waarde_col = lower.index("jaar"), lower.index("waarde")
            cell = row[waarde_col]
            value = _text(cell.value, spec.decimaal, cell.number_format)
            add(row_no, waarde_col, texts[jaar_col], value, row_values)
    frame = tidy_frame(pd.DataFrame(records), spec)
    bad = frame["waarde"].str.startswith("\x00")
    frame.loc[bad, "fout"] = "cel bevat een datum of waar/onwaar in plaats van een getal"
    frame.loc[bad, "waarde"] = frame.loc[bad, "waarde"].str.slice(1)
    return frame
