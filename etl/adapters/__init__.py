"""Adapters: each parses one delivery format into tidy frames, without business rules.

A tidy frame has the columns of TIDY_COLUMNS, all text; validation happens in etl.validate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

TIDY_COLUMNS: tuple[str, ...] = (
    "locatie",  # 'regel 12', 'regel 12, kolom 2023' or 'Blad1!D7'
    "ruw",  # the raw row or cell, for the reject report
    "indicator",
    "gebied",
    "dimensie",
    "groep",
    "periode_soort",
    "peildag",  # with periode_soort 'peildatum': the day of the count, e.g. '1 oktober'
    "jaar",
    "waarde",
    "ondergrens",
    "bovengrens",
    "significant",
    "schaal",  # factor applied after parsing (CBS units); '1' elsewhere
    "fout",  # a structural problem of the row (wrong number of fields), else empty
)

Reader = Callable[[Path, "ExtractSpec"], Iterator[pd.DataFrame]]


def tidy_frame(frame: pd.DataFrame, spec: ExtractSpec) -> pd.DataFrame:
    """Complete a frame to TIDY_COLUMNS (text), filling absent or empty cells with the defaults."""
    out = {}
    n = len(frame)
    for column in TIDY_COLUMNS:
        default = spec.standaard.get(column)
        if column in frame.columns:
            values = frame[column].astype("string").fillna("")
            if default is not None:
                values = values.mask(values.str.strip() == "", default)
        else:
            values = pd.Series([default or ""] * n, index=frame.index, dtype="string")
        out[column] = values
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def location(regel: pd.Series, suffix: str = "") -> pd.Series:
    """'regel N' (plus a suffix such as ', kolom 2023') for each line number."""
    return ("regel " + regel.astype("string") + suffix).astype("string")


def get_reader(formaat: str) -> Reader:
    """The reader function of a format name used in an extract's .toml."""
    from etl.adapters import cbs_kwb, long_csv, statline, wide_csv, xlsx

    readers: dict[str, Reader] = {
        "long_csv": long_csv.read,
        "wide_csv": wide_csv.read,
        "xlsx": xlsx.read,
        "cbs_kwb": cbs_kwb.read,
        "statline": statline.read,
    }
    try:
        return readers[formaat]
    except KeyError:
        raise ValueError(f"onbekend formaat {formaat!r}; bekend: {', '.join(readers)}") from None
