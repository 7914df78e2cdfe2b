"""Second-pass check of the monitor transcription: is every loaded value printed in the text?

Formats each value the ways the monitor prints numbers (Dutch decimals, thousands) and searches.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

# CBS figures come from the CBS tables, RIVM/CBS health estimates per wijk from StatLine, figures
# under programmas/ from the uitvoeringsprogramma's: none of them from the monitor text.
NOT_FROM_MONITOR = ("cbs/", "extracts/cbs/kwb_", "extracts/rivm/", "extracts/programmas/")  # etl_load.path
_NOT_FROM_MONITOR = "^(?:" + "|".join(re.escape(p) for p in NOT_FROM_MONITOR) + ")"


def notations(value: float) -> list[str]:
    """The ways the monitor may print a value: '23,2', '88', '1.020', '1020', '0,5'."""
    forms: list[str] = []
    if float(value).is_integer():
        whole = int(value)
        forms.append(str(whole))
        if abs(whole) >= 1000:
            forms.append(f"{whole:,}".replace(",", "."))
    else:
        text = f"{value:.10f}".rstrip("0")
        integer, decimals = text.split(".")
        forms.append(f"{integer},{decimals}")
        if abs(value) >= 1000:
            forms.append(f"{int(integer):,}".replace(",", ".") + f",{decimals}")
    return forms


def found(text: str, value: float) -> bool:
    """Whether one notation of value stands in text as a whole number (not part of another)."""
    for form in notations(value):
        pattern = rf"(?<![\d,.]){re.escape(form)}(?!\d|,\d)"
        if re.search(pattern, text):
            return True
    return False


def check_seed(warehouse: Path, seed: Path) -> list[str]:
    """Lines 'file, locatie: indicator jaar gebied groep = value' for values not in the text."""
    text = re.sub(r"\s+", " ", seed.read_text(encoding="utf-8"))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            """SELECT l.path, i.code, j.jaar, g.gebied_code, gr.dimensie, gr.groep, f.waarde
               FROM fact_waarde f
               JOIN etl_load l USING (load_id)
               JOIN dim_indicator i USING (indicator_id)
               JOIN dim_jaar j USING (jaar_id)
               JOIN dim_gebied g USING (gebied_id)
               JOIN dim_groep gr USING (groep_id)
               WHERE f.status = 'waarde' AND NOT regexp_matches(l.path, ?)
               ORDER BY l.path, i.code, j.jaar, g.gebied_code, gr.dimensie, gr.groep""",
            [_NOT_FROM_MONITOR],
        ).fetchall()
    finally:
        con.close()
    return [
        f"{path}: {ind} {jaar} {gebied} {dim}/{groep} = {waarde}"
        for path, ind, jaar, gebied, dim, groep, waarde in rows
        if not found(text, waarde)
    ]


PERCENTAGE = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d+)?)\s?%")


def uncovered_percentages(warehouse: Path, seed: Path) -> list[tuple[int, str]]:
    """The reverse pass: (line, text) of each percentage in the monitor that no loaded
    monitor figure has as its value. What remains must be explained (axis ticks, ranges)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            """SELECT DISTINCT round(f.waarde, 3) FROM fact_waarde f JOIN etl_load l USING (load_id)
               WHERE f.status = 'waarde' AND NOT regexp_matches(l.path, ?)""",
            [_NOT_FROM_MONITOR],
        ).fetchall()
    finally:
        con.close()
    loaded = {value for (value,) in rows}
    lines = seed.read_text(encoding="utf-8").splitlines()
    return [
        (number, match.group(0))
        for number, line in enumerate(lines, start=1)
        for match in PERCENTAGE.finditer(line)
        if round(float(match.group(1).replace(",", ".")), 3) not in loaded
    ]
