"""Adapter for CBS Kerncijfers wijken en buurten tables, with CBS column keys as published.

A mapping file (kolom,indicator,schaal) names the columns that become indicators; CBS codes for
secret or missing values (large negative numbers, empty cells) become the suppressed marker 'x'.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.adapters import MAX_COLUMNS, location, tidy_frame
from etl.adapters.text import FOUT, REGEL, column_index, detect_encoding, read_rows
from etl.config import CHUNK_ROWS
from etl.errors import ExtractError
from etl.reconcile import Cells, count_filled, mark
from etl.values import excerpt

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

# wk_code, bu_code: the field names of the Wijk- en buurtkaart's attribute tables (shapefiles).
GEBIED_COLUMNS = ("regiocode", "wijkcode", "buurtcode", "gwb_code", "wk_code", "bu_code")
# CBS publishes secret or unavailable figures as sentinel codes -99995 ... -99999999.
CBS_SENTINEL_MAX = -99995.0


def read_mapping(path: Path) -> list[tuple[str, str, str]]:
    """(kolom, indicator, schaal) rows of a CBS column mapping file (UTF-8 or cp1252).

    Raises ExtractError naming the line of a row without a kolom or indicator, and of a kolom
    mapped twice.
    """
    if not path.is_file():
        raise ExtractError(path, "kolommenbestand bestaat niet")
    encoding = "utf-8-sig" if detect_encoding(path) == "utf-8" else "cp1252"
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, int] = {}
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.DictReader(handle)
            names = [n.strip().lower() for n in reader.fieldnames or []]
            if not {"kolom", "indicator"} <= set(names):
                raise ExtractError(
                    path, "kolommenbestand heeft de kolommen kolom,indicator,schaal nodig", "regel 1"
                )
            reader.fieldnames = names
            for record in reader:
                kolom = (record.get("kolom") or "").strip()
                indicator = (record.get("indicator") or "").strip()
                if not kolom and not indicator and not (record.get("schaal") or "").strip():
                    continue  # a blank line
                where = f"regel {reader.line_num}"
                if not kolom or not indicator:
                    raise ExtractError(path, "regel zonder kolom of indicator (te weinig velden?)", where)
                if kolom.lower() in seen:
                    raise ExtractError(
                        path,
                        f"kolom {excerpt(kolom)} staat er twee keer in (ook regel {seen[kolom.lower()]})",
                        where,
                    )
                seen[kolom.lower()] = reader.line_num
                rows.append((kolom, indicator, (record.get("schaal") or "1").strip() or "1"))
    except csv.Error as exc:
        raise ExtractError(path, f"onleesbare CSV: {exc}") from exc
    return rows


def is_sentinel(cells: pd.Series) -> pd.Series:
    """CBS codes for a secret or unavailable value, and empty cells."""
    text = cells.str.strip()
    number = pd.to_numeric(text, errors="coerce")
    return (text == "") | (number <= CBS_SENTINEL_MAX).fillna(False)


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames: one figure per gebied x mapped column."""
    if spec.kolommen is None or spec.jaar is None:
        raise ExtractError(spec.toml_path, "cbs_kwb heeft 'jaar' en 'kolommen' nodig")
    mapping = read_mapping(spec.kolommen)
    header, chunks = read_rows(path, CHUNK_ROWS)
    if len(header) > MAX_COLUMNS:
        raise ExtractError(path, f"kopregel met {len(header)} kolommen (meer dan {MAX_COLUMNS})", "regel 1")
    index = column_index(header)
    if len(index) < len(header):  # the last of two equal names would silently win
        twice = next(h for i, h in enumerate(header) if h.lower() in {x.lower() for x in header[:i]})
        raise ExtractError(path, f"kolom {excerpt(twice)} staat twee keer in de kopregel", "regel 1")
    gebied_col = next((index[c] for c in GEBIED_COLUMNS if c in index), None)
    if gebied_col is None:
        raise ExtractError(path, f"geen gebiedskolom ({', '.join(GEBIED_COLUMNS)})", "regel 1")
    absent = [kolom for kolom, _, _ in mapping if kolom.lower() not in index]
    if absent:
        raise ExtractError(path, f"kolom(men) uit {spec.kolommen.name} ontbreken: {absent}")
    mapped = {index[kolom.lower()] for kolom, _, _ in mapping}
    unmapped = [str(i) for i in range(len(header)) if str(i) != gebied_col and str(i) not in mapped]
    rule = f"kolom staat niet in {spec.kolommen.name} ({len(unmapped)} kolommen)"
    for chunk in chunks:
        header_again = chunk[gebied_col].str.strip().str.lower().isin(GEBIED_COLUMNS)
        if header_again.any():  # a second table glued on: its columns need not be these
            regel = int(chunk.loc[header_again.idxmax(), REGEL])
            raise ExtractError(
                path,
                "tweede kopregel: hier begint een tweede tabel; lever elke tabel als eigen bestand",
                f"regel {regel}",
            )
        broken = chunk[FOUT] != ""
        parts = []
        for number, (kolom, indicator, schaal) in enumerate(mapping):
            keep = ~broken | (number == 0)  # a broken row is one reject, not one per column
            cell = chunk.loc[keep, index[kolom.lower()]]
            part = pd.DataFrame({"gebied": chunk.loc[keep, gebied_col].str.strip()})
            part["indicator"] = indicator
            part["waarde"] = cell.mask(is_sentinel(cell), "x")
            part["schaal"] = schaal
            part["locatie"] = location(chunk.loc[keep, REGEL], f", kolom {kolom}")
            part["ruw"] = kolom + "=" + cell
            part["fout"] = chunk.loc[keep, FOUT]
            parts.append(part)
        frame = pd.concat(parts).sort_index(kind="stable")
        # read: one per broken line; per sound row every mapped cell (an empty one is a
        # suppressed figure) and the filled cells of the columns the mapping leaves out
        sound = ~broken
        left_out = sum(count_filled(chunk.loc[sound, p]) for p in unmapped)
        cells = Cells(read=int(broken.sum()) + int(sound.sum()) * len(mapping) + left_out, figures=len(frame))
        if left_out:
            cells.ignored[rule] = left_out
        yield mark(tidy_frame(frame, spec), cells)
