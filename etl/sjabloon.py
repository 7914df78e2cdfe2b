"""`python -m etl sjabloon`: the fill-in template of one indicator's wijk figures, made from a
built warehouse (wijken of the division, the indicator's years), with its .toml next to it.

The workbook itself comes from the shared package `sjabloon` (the app offers the same file).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from etl.errors import EXIT_USAGE, EtlError, ExtractError
from etl.warehouse import open_read_only
from sjabloon import Sjabloon, beschrijving, bestandsnaam, standaard_jaren, werkboek


class SjabloonError(EtlError):
    """A template cannot be made as asked (unknown indicator, division or years)."""

    exit_code = EXIT_USAGE


def lees_jaren(text: str) -> tuple[int, ...]:
    """'2023,2024' -> (2023, 2024); anything else is a SjabloonError."""
    delen = [d.strip() for d in text.split(",") if d.strip()]
    if not delen or not all(d.isdigit() and len(d) == 4 for d in delen):
        raise SjabloonError(f"--jaren {text!r}: geef jaartallen gescheiden door komma's, zoals 2023,2024")
    return tuple(sorted({int(d) for d in delen}))


def maak_sjabloon(
    con: duckdb.DuckDBPyConnection, indicator: str, indeling: str | None, jaren: tuple[int, ...] | None
) -> Sjabloon:
    """The template's content from the warehouse; the newest wijk division unless one is named."""
    row = con.execute(
        "SELECT code, naam, eenheid, bron FROM dim_indicator WHERE code = ?", [indicator]
    ).fetchone()
    if row is None:
        raise SjabloonError(f"indicator {indicator!r} bestaat niet in het warehouse")
    indelingen = [r[0] for r in con.execute(
        "SELECT DISTINCT indeling FROM dim_gebied WHERE niveau = 'wijk' ORDER BY indeling").fetchall()]
    if not indelingen:
        raise SjabloonError("het warehouse heeft geen wijken")
    indeling = indeling or indelingen[-1]
    if indeling not in indelingen:
        raise SjabloonError(f"indeling {indeling!r} bestaat niet; kies uit {', '.join(indelingen)}")
    wijken = con.execute(
        """SELECT gebied_code, naam FROM dim_gebied WHERE niveau = 'wijk' AND indeling = ?
           ORDER BY gebied_code""",
        [indeling],
    ).fetchall()
    if jaren is None:
        met_cijfers = [r[0] for r in con.execute(
            """SELECT DISTINCT j.jaar FROM fact_waarde f JOIN dim_jaar j ON j.jaar_id = f.jaar_id
               JOIN dim_indicator i ON i.indicator_id = f.indicator_id WHERE i.code = ?""",
            [indicator]).fetchall()]
        jaren = standaard_jaren(met_cijfers, dt.date.today().year)
    return Sjabloon(row[0], row[1], row[2], row[3], indeling, tuple(wijken), tuple(jaren))


def schrijf_sjabloon(
    warehouse: Path, indicator: str, out: Path | None, indeling: str | None, jaren: tuple[int, ...] | None
) -> tuple[Path, Path]:
    """Write the workbook (default ./sjabloon_<indicator>.xlsx) and its .toml; returns both paths."""
    if not warehouse.is_file():
        raise ExtractError(warehouse, "geen warehouse: bouw het eerst met python -m etl build")
    con = open_read_only(warehouse)
    try:
        s = maak_sjabloon(con, indicator, indeling, jaren)
    finally:
        con.close()
    out = out or Path(bestandsnaam(indicator))
    if out.suffix.lower() != ".xlsx":
        raise SjabloonError(f"--out {out}: het sjabloon is een Excel-bestand (.xlsx)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(werkboek(s))
    toml = out.with_suffix(".toml")
    toml.write_text(beschrijving(s, out.name), encoding="utf-8")
    return out, toml
