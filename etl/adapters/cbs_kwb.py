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

from etl.adapters import tidy_frame
from etl.adapters.text import column_index, read_rows
from etl.config import CHUNK_ROWS
from etl.errors import ExtractError

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

GEBIED_COLUMNS = ("regiocode", "wijkcode", "buurtcode", "gwb_code")
# CBS publishes secret or unavailable figures as sentinel codes -99995 ... -99999999.
CBS_SENTINEL_MAX = -99995.0


def read_mapping(path: Path) -> list[tuple[str, str, str]]:
    """(kolom, indicator, schaal) rows of a CBS column mapping file."""
    if not path.is_file():
        raise ExtractError(path, "kolommenbestand bestaat niet")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"kolom", "indicator"} <= set(reader.fieldnames):
            raise ExtractError(path, "kolommenbestand heeft kolommen 'kolom,indicator,schaal' nodig")
        return [
            (r["kolom"].strip(), r["indicator"].strip(), (r.get("schaal") or "1").strip() or "1")
            for r in reader
        ]


def is_sentinel(cell: str) -> bool:
    """A CBS code for a secret or unavailable value, or an empty cell."""
    text = cell.strip()
    if not text:
        return True
    try:
        return float(text) <= CBS_SENTINEL_MAX
    except ValueError:
        return False


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames: one figure per gebied x mapped column."""
    if spec.kolommen is None or spec.jaar is None:
        raise ExtractError(spec.toml_path, "cbs_kwb heeft 'jaar' en 'kolommen' nodig")
    mapping = read_mapping(spec.kolommen)
    header, chunks = read_rows(path, CHUNK_ROWS)
    index = column_index(header)
    gebied_col = next((index[c] for c in GEBIED_COLUMNS if c in index), None)
    if gebied_col is None:
        raise ExtractError(path, f"geen gebiedskolom ({', '.join(GEBIED_COLUMNS)})", "regel 1")
    absent = [kolom for kolom, _, _ in mapping if kolom.lower() not in index]
    if absent:
        raise ExtractError(path, f"kolom(men) uit {spec.kolommen.name} ontbreken: {absent}")
    for chunk in chunks:
        records: dict[str, list[str]] = {
            k: [] for k in ("locatie", "ruw", "fout", "gebied", "indicator", "waarde", "schaal")
        }
        for row in chunk:
            for kolom, indicator, schaal in mapping:
                position = index[kolom.lower()]
                cell = row.fields[position] if position < len(row.fields) else ""
                records["locatie"].append(f"regel {row.regel}, kolom {kolom}")
                records["ruw"].append(f"{kolom}={cell}")
                records["fout"].append(row.fout)
                records["gebied"].append(row.fields[gebied_col].strip())
                records["indicator"].append(indicator)
                records["waarde"].append("x" if is_sentinel(cell) else cell)
                records["schaal"].append(schaal)
        yield tidy_frame(records, spec)
