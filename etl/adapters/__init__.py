"""Adapters: each parses one delivery format into tidy frames, without business rules.

A tidy frame has the columns of TIDY_COLUMNS, all text; validation happens in etl.validate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.errors import ExtractError
from etl.values import excerpt

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

# Columns a delivery may hold besides year columns (schaal comes only from a CBS mapping file:
# a 'schaal' column in an extract would silently multiply its values).
FILE_COLUMNS = (
    "indicator", "gebied", "dimensie", "groep", "periode_soort", "peildag", "jaar", "waarde",
    "ondergrens", "bovengrens", "significant",
)  # fmt: skip
# Other names under which sources deliver the indicator and area columns.
ALIASES = {
    **dict.fromkeys(("indicatornaam", "indicatorcode", "indicator_code"), "indicator"),
    **dict.fromkeys(
        ("gebiedcode", "gebiedscode", "gebied_code", "gebiedsnaam", "wijk", "wijkcode", "wijknaam",
         "buurt", "buurtcode", "buurtnaam", "regio", "regiocode", "regionaam", "gwb_code",
         "gemeente", "gemeentecode", "gemeentenaam"),
        "gebied",
    ),
}  # fmt: skip
# Columns whose file-wide default ([standaard]) applies only when the file has no such column:
# a blank cell under an area column is a missing area, never the gemeente.
NO_FILL = ("gebied",)
YEAR = re.compile(r"^[0-9]{4}$")
# A header wider than this is no extract of ours (CBS tables have some 120 columns): fail fast.
MAX_COLUMNS = 5000


def shown_header(header: list[str]) -> str:
    """A header as a message shows it: the list, escaped and cut short."""
    shown = repr(header)
    return shown if len(shown) <= 200 else shown[:200] + "…]"


@dataclass(frozen=True)
class Columns:
    """Where the columns of a header are: tidy column -> position, and (position, year) pairs."""

    keys: dict[str, int]
    years: list[tuple[int, str]]


def header_columns(
    path: Path, header: list[str], spec: ExtractSpec, place: Callable[[int | None], str], *, wide: bool
) -> Columns:
    """Check a header and say where each column is; raises ExtractError for any doubt.

    Column names are compared stripped and case-insensitively. Every column is either a known
    column (FILE_COLUMNS or an alias), a year column (wide only: four digits), or listed in the
    description's `negeer_kolommen`; anything else, a name that occurs twice, two area columns, or
    no area column without a `gebied` in [standaard], stops the build. `place(i)` names column i.
    """
    if len(header) > MAX_COLUMNS:
        raise ExtractError(path, f"kopregel met {len(header)} kolommen (meer dan {MAX_COLUMNS})", place(None))
    negeer = {name.strip().lower() for name in spec.negeer_kolommen}
    seen: dict[str, int] = {}
    keys: dict[str, int] = {}
    found_as: dict[str, str] = {}
    years: list[tuple[int, str]] = []
    for i, raw in enumerate(header):
        name = raw.strip().lower()
        if name in seen:
            raise ExtractError(path, f"kolom {excerpt(raw.strip())} staat twee keer in de kopregel", place(i))
        seen[name] = i
        if name in negeer:
            continue
        column = ALIASES.get(name, name)
        if column in FILE_COLUMNS and not (wide and column in ("jaar", "waarde")):
            if column in keys:
                raise ExtractError(
                    path,
                    f"kolommen {excerpt(found_as[column])} en {excerpt(raw.strip())} zijn allebei een "
                    f"{column}kolom; noem er één in negeer_kolommen van de beschrijving",
                    place(i),
                )
            keys[column], found_as[column] = i, raw.strip()
        elif wide and YEAR.match(name):
            years.append((i, name))
        else:
            shown = excerpt(raw.strip()) if raw.strip() else "zonder naam"
            what = "geen jaartal (jaarkolommen heten 2021, 2022, …) en geen" if wide else "geen"
            raise ExtractError(
                path,
                f"kolom {shown} is {what} bekende kolom; een kolom die niet gelezen moet worden "
                "hoort in negeer_kolommen van de beschrijving",
                place(i),
            )
    if "gebied" not in keys and "gebied" not in spec.standaard:
        raise ExtractError(
            path,
            "geen gebiedskolom (gebied, wijkcode, buurtcode, regio, …) en de beschrijving noemt "
            'geen standaard gebied ([standaard] gebied = "GM0307")',
            place(None),
        )
    return Columns(keys, years)


def tidy_frame(frame: pd.DataFrame, spec: ExtractSpec) -> pd.DataFrame:
    """Complete a frame to TIDY_COLUMNS (text), filling absent or empty cells with the defaults."""
    out = {}
    n = len(frame)
    for column in TIDY_COLUMNS:
        default = spec.standaard.get(column)
        if column in frame.columns:
            values = frame[column].astype("string").fillna("")
            if default is not None and column not in NO_FILL:
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
