"""The kind of each staged figure as its extract declares it, and how each kind was made.

Runs after an extract is staged (etl.build): the .toml's `soort` / [soort_per_indicator] win over
the cell's 'ca.' except where they declare 'gemeten'. See docs/statistiek.md.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.errors import ExtractError
from etl.manifest import ExtractSpec
from etl.soorten import BEREKEND, GEMETEN
from etl.stage import STG_FACT

# How the build computes a larger area's figure from its wijken (geo.aggregate), per rule.
UITLEG_BEREKEND = {
    "som": "berekend door de cijfers van de wijken op te tellen",
    "gewogen": "berekend als gemiddelde van de wijken, gewogen naar {noemer}",
}


def check_declared_indicators(spec: ExtractSpec, known: set[str]) -> None:
    """Every indicator named in [soort_per_indicator] is in the catalogue."""
    for code in spec.soort_per_indicator:
        if code not in known:
            raise ExtractError(spec.toml_path, f"[soort_per_indicator] onbekende indicator {code!r}")


def declare_kinds(con: duckdb.DuckDBPyConnection, load_id: int, spec: ExtractSpec,
                  indicator_ids: dict[str, int]) -> list[tuple[int, str, str]]:
    """Set the declared kind on the staged figures of one extract; (indicator_id, soort, uitleg)."""
    uitleg: list[tuple[int, str, str]] = []
    overridden = [indicator_ids[c] for c in spec.soort_per_indicator]
    if spec.soort != GEMETEN:
        con.execute(
            f"""UPDATE {STG_FACT} SET soort = ?
                WHERE load_id = ? AND NOT list_contains(?, indicator_id)""",  # noqa: S608 (constant)
            [spec.soort, load_id, overridden],
        )
    if spec.uitleg:
        present = con.execute(
            f"SELECT DISTINCT indicator_id FROM {STG_FACT} WHERE load_id = ?",  # noqa: S608 (constant)
            [load_id],
        ).fetchall()
        uitleg += [(i, spec.soort, spec.uitleg) for (i,) in present if i not in overridden]
    for code, (soort, tekst) in spec.soort_per_indicator.items():
        if soort != GEMETEN:
            con.execute(
                f"UPDATE {STG_FACT} SET soort = ? WHERE load_id = ? AND indicator_id = ?",  # noqa: S608 (constant)
                [soort, load_id, indicator_ids[code]],
            )
        if tekst:
            uitleg.append((indicator_ids[code], soort, tekst))
    return uitleg


def berekend_uitleg(indicatoren: pd.DataFrame, ids: dict[str, int]) -> list[tuple[int, str, str]]:
    """How each aggregatable indicator's computed figures are made (its catalogue rule)."""
    namen = dict(zip(indicatoren["code"], indicatoren["naam"], strict=True))
    rows = []
    for code, regel, noemer in zip(indicatoren["code"], indicatoren["aggregatie"],
                                   indicatoren["noemer"], strict=True):
        if regel in UITLEG_BEREKEND:
            noemer_naam = namen.get(noemer, "het aantal inwoners") if isinstance(noemer, str) else ""
            rows.append((ids[code], BEREKEND, UITLEG_BEREKEND[regel].format(noemer=noemer_naam.lower())))
    return rows


def write_uitleg(con: duckdb.DuckDBPyConnection, rows: list[tuple[int, str, str]]) -> None:
    """soort_uitleg: one text per indicator and kind (several extracts' texts joined)."""
    joined: dict[tuple[int, str], list[str]] = {}
    for indicator_id, soort, tekst in rows:
        texts = joined.setdefault((indicator_id, soort), [])
        if tekst not in texts:
            texts.append(tekst)
    if joined:
        con.executemany(
            "INSERT INTO soort_uitleg VALUES (?, ?, ?)",
            [[i, s, " / ".join(t)] for (i, s), t in sorted(joined.items())],
        )
