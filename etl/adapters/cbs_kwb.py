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

from etl.adapters import location, tidy_frame
from etl.adapters.text import FOUT, REGEL, column_index, read_rows
from etl.config import CHUNK_ROWS
from etl.errors import ExtractError

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

# wk_code, bu_code: the field names of the Wijk- en buurtkaart's attribute tables (shapefiles).
GEBIED_COLUMNS = ("regiocode", "wijkcode", "buurtcode", "gwb_code", "wk_code", "bu_code")
# CBS publishes secret or unavailable figures as sentinel codes -99995 ... -99999999.
CBS_SENTINEL_MAX = -99995.0


def read_mapping(path: Path) -> list[tuple[str, str, str]]:
    """(kolom, indicator, schaal) rows of a CBS column mapping file."""
    if not path.is_file():
        raise ExtractError(path, "kolommenbestand bestaat niet")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"kolom", "indicator"} <= set(reader.fieldnames):
            raise ExtractError(path, "kolommenbestand heeft de kolommen kolom,indicator,schaal nodig")
        return [
            (r["kolom"].strip(), r["indicator"].strip(), (r.get("schaal") or "1").strip() or "1")
            for r in reader
        ]


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
    index = column_index(header)
    gebied_col = next((index[c] for c in GEBIED_COLUMNS if c in index), None)
    if gebied_col is None:
        raise ExtractError(path, f"geen gebiedskolom ({', '.join(GEBIED_COLUMNS)})", "regel 1")
    absent = [kolom for kolom, _, _ in mapping if kolom.lower() not in index]
    if absent:
        raise ExtractError(path, f"kolom(men) uit {spec.kolommen.name} ontbreken: {absent}")
    for chunk in chunks:
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
        yield tidy_frame(pd.concat(parts).sort_index(kind="stable"), spec)
