"""Parse cell text of the extracts into (waarde, status, significant), vectorised over a column.

Dutch notation ('7,4%', '1.020', '12*'), missing markers ('-', '.', 'x') -> see docs/extracts.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STATUS_WAARDE = "waarde"
STATUS_NIET_GEMETEN = "niet gemeten"
STATUS_GEHEIM = "geheim/onderdrukt"
STATUSSEN = (STATUS_WAARDE, STATUS_NIET_GEMETEN, STATUS_GEHEIM)
# Characters of a cell shown in a message (a reason never carries a whole 1 MB cell).
EXCERPT_CHARS = 60

# Markers as the sources print them: '-' is the monitor's "not measured that year", '.' CBS's
# "no figure available"; 'x' and '?' mark suppressed (too few respondents) or secret figures.
MARKERS: dict[str, str] = {
    "-": STATUS_NIET_GEMETEN,
    "–": STATUS_NIET_GEMETEN,
    ".": STATUS_NIET_GEMETEN,
    "x": STATUS_GEHEIM,
    "X": STATUS_GEHEIM,
    "?": STATUS_GEHEIM,
}

# The declared decimal separator separates decimals; the other mark (or a space) groups
# thousands, and only in groups of three: with ',' '8.3' is then not a number (8,3 or 83?) and
# rejected rather than guessed. ASCII digits only ('[0-9]', not '\\d': no full-width '７１').
_NUMBER = {
    ",": r"[+-]?(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+|[0-9]+)(?:,[0-9]+)?",
    ".": r"[+-]?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+|[0-9]+)(?:\.[0-9]+)?",
}
# The same rule read the other way round: one mark, '.' or ',', between a non-zero group of one
# to three digits and exactly three digits ('1.020', '1,020', '-8,300') means 1020 in one
# notation and 1.02 in the other. Such a value is rejected whichever separator is declared, so a
# file exported with the other notation cannot load with every value a thousand times off.
_AMBIGUOUS = r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}"
# The prefix a source writes before an approximate figure ('ca. 420', 'circa 5%', 'ongeveer 11.000').
# Only as a prefix, followed by white space, so no number can be read into it.
_ONGEVEER = r"^(?:[Cc]a\.|[Cc]irca|[Oo]ngeveer)\s+"


def parse_values(cells: pd.Series, decimaal: str = ",") -> pd.DataFrame:
    """Parse a column of cell texts.

    Returns a frame aligned with `cells` with columns waarde (float, NaN unless status is
    'waarde'), status, significant (True where the cell carries '*', else NA), leeg (the cell is
    empty), fout (reason the cell is not a value, else None) and ongeveer (the cell carries the
    source's mark of an approximate figure: 'ca. 420', 'circa 420', 'ongeveer 5%').
    """
    if decimaal not in _NUMBER:
        raise ValueError(f"decimaal moet ',' of '.' zijn, niet {decimaal!r}")
    raw = cells.astype("string").fillna("").str.strip()
    # 'ca. 420' / 'circa 420' / 'ongeveer 5%': the source's own mark of an approximate figure.
    ongeveer = raw.str.contains(_ONGEVEER, regex=True).fillna(False).astype(bool)
    unmarked = raw.str.replace(_ONGEVEER, "", regex=True)
    significant = unmarked.str.endswith("*")
    text = unmarked.str.rstrip("*").str.strip()
    text = text.str.replace(r"\s*%$", "", regex=True)

    leeg = raw == ""
    marker_status = text.map(MARKERS)
    is_marker = marker_status.notna() & ~leeg
    ambiguous = text.str.fullmatch(_AMBIGUOUS).fillna(False).astype(bool) & ~leeg
    is_number = text.str.fullmatch(_NUMBER[decimaal]).fillna(False).astype(bool) & ~leeg & ~ambiguous

    thousands = "." if decimaal == "," else ","
    normalised = text.where(is_number, None)
    normalised = normalised.str.replace(thousands, "", regex=False).str.replace(" ", "", regex=False)
    if decimaal == ",":
        normalised = normalised.str.replace(",", ".", regex=False)
    waarde = pd.to_numeric(normalised, errors="coerce").astype("float64")
    too_large = is_number & ~np.isfinite(waarde.fillna(0.0))  # 400 digits: +inf, not a number
    is_number &= ~too_large
    waarde = waarde.where(is_number)

    status = pd.Series(None, index=cells.index, dtype="object")
    status[is_number] = STATUS_WAARDE
    status[is_marker] = marker_status[is_marker]

    fout = pd.Series(None, index=cells.index, dtype="object")
    bad = ~leeg & ~is_number & ~is_marker
    if bad.any():
        fout[bad] = [_reason(t, decimaal) for t in raw[bad]]
    if ambiguous.any():
        fout[ambiguous] = [
            f"waarde {excerpt(t)} is dubbelzinnig: duizendtallen of drie decimalen? "
            "(schrijf duizendtallen zonder punt of komma)"
            for t in raw[ambiguous]
        ]
    if too_large.any():
        fout[too_large] = [
            f"waarde {excerpt(t)} is te groot om als getal op te slaan" for t in raw[too_large]
        ]

    return pd.DataFrame(
        {
            "waarde": waarde,
            "status": status,
            "significant": significant.where(significant & is_number, pd.NA).astype("boolean"),
            "leeg": leeg.astype(bool),
            "fout": fout,
            "ongeveer": (ongeveer & is_number).astype(bool),
        },
        index=cells.index,
    )


def excerpt(text: object, limit: int = EXCERPT_CHARS) -> str:
    """A cell's text for a message: quoted, control characters escaped, cut after `limit` characters."""
    value = str(text)
    cut = len(value) > limit
    shown = repr(value[:limit])
    return f"{shown[:-1]}…{shown[-1]}" if cut else shown


def _reason(text: str, decimaal: str) -> str:
    stripped = text.rstrip("*").strip().removesuffix("%").strip()
    other = "." if decimaal == "," else ","
    if any(c.isdigit() for c in stripped) and not stripped.isascii():
        return f"waarde {excerpt(text)} bevat andere cijfers dan 0-9"
    if any(c in "0123456789" for c in stripped) and other in stripped:
        return (
            f"waarde {excerpt(text)} is geen getal in de notatie van dit bestand "
            f"(decimaalteken {decimaal!r}; duizendtallen in groepen van drie)"
        )
    return f"waarde {excerpt(text)} is geen getal en geen bekende markering (-, ., x)"
