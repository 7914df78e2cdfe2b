"""Parse cell text of the extracts into (waarde, status, significant), vectorised over a column.

Dutch notation ('7,4%', '1.020', '12*'), missing markers ('-', '.', 'x') -> see docs/extracts.md.
"""

from __future__ import annotations

import pandas as pd

STATUS_WAARDE = "waarde"
STATUS_NIET_GEMETEN = "niet gemeten"
STATUS_GEHEIM = "geheim/onderdrukt"
STATUSSEN = (STATUS_WAARDE, STATUS_NIET_GEMETEN, STATUS_GEHEIM)

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

# With ',' as decimal separator a '.' or a space groups thousands, and only in groups of three:
# '8.3' is then ambiguous (8,3 or 83?) and rejected rather than guessed.
_NUMBER = {
    ",": r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?",
    ".": r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?",
}


def parse_values(cells: pd.Series, decimaal: str = ",") -> pd.DataFrame:
    """Parse a column of cell texts.

    Returns a frame aligned with `cells` with columns waarde (float, NaN unless status is
    'waarde'), status, significant (True where the cell carries '*', else NA), leeg (the cell is
    empty) and fout (reason the cell is not a value, else None).
    """
    if decimaal not in _NUMBER:
        raise ValueError(f"decimaal moet ',' of '.' zijn, niet {decimaal!r}")
    raw = cells.astype("string").fillna("").str.strip()
    significant = raw.str.endswith("*")
    text = raw.str.rstrip("*").str.strip()
    text = text.str.replace(r"\s*%$", "", regex=True)

    leeg = raw == ""
    marker_status = text.map(MARKERS)
    is_marker = marker_status.notna() & ~leeg
    is_number = text.str.fullmatch(_NUMBER[decimaal]).fillna(False).astype(bool) & ~leeg

    thousands = "." if decimaal == "," else ","
    normalised = text.where(is_number, None)
    normalised = normalised.str.replace(thousands, "", regex=False).str.replace(" ", "", regex=False)
    if decimaal == ",":
        normalised = normalised.str.replace(",", ".", regex=False)
    waarde = pd.to_numeric(normalised, errors="coerce").astype("float64")

    status = pd.Series(None, index=cells.index, dtype="object")
    status[is_number] = STATUS_WAARDE
    status[is_marker] = marker_status[is_marker]

    fout = pd.Series(None, index=cells.index, dtype="object")
    bad = ~leeg & ~is_number & ~is_marker
    if bad.any():
        fout[bad] = [_reason(t, decimaal) for t in raw[bad]]

    return pd.DataFrame(
        {
            "waarde": waarde,
            "status": status,
            "significant": significant.where(significant & is_number, pd.NA).astype("boolean"),
            "leeg": leeg.astype(bool),
            "fout": fout,
        },
        index=cells.index,
    )


def _reason(text: str, decimaal: str) -> str:
    stripped = text.rstrip("*").strip().removesuffix("%").strip()
    other = "." if decimaal == "," else ","
    if any(c.isdigit() for c in stripped) and other in stripped:
        return (
            f"waarde {text!r} is geen getal in de notatie van dit bestand "
            f"(decimaalteken {decimaal!r}; duizendtallen in groepen van drie)"
        )
    return f"waarde {text!r} is geen getal en geen bekende markering (-, ., x)"
