"""The kind of each staged figure as its extract declares it, and how each kind was made.

Runs after an extract is staged (etl.build): the .toml's `soort` / [soort_per_indicator] win over
the cell's 'ca.' except where they declare 'gemeten'. See docs/statistiek.md.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.errors import ExtractError
from etl.keys import STG_GEBIED, STG_INDICATOR
from etl.manifest import ExtractSpec
from etl.soorten import BEREKEND, GEMETEN
from etl.stage import STG_FACT

# How the build computes a larger area's figure from its wijken (geo.aggregate), per rule.
UITLEG_BEREKEND = {
    "som": "berekend door de cijfers van de wijken op te tellen",
    "gewogen": "berekend als gemiddelde van de wijken, gewogen naar {noemer}; afgerond zoals de wijkcijfers",
    "teller": (
        "berekend uit de opgetelde wijkcijfers: {teller} gedeeld door {noemer}; "
        "afgerond zoals de wijkcijfers"
    ),
}
# Added to a sum whose wijk figures the source rounds: the sum is approximate.
UITLEG_AFGEROND = "som van afgeronde wijkcijfers (de bron rondt af op vijftallen), dus bij benadering"
# The rounding CBS applies to its wijk counts (Kerncijfers wijken en buurten).
VIJFTAL = 5
# The fewest non-zero wijk figures before "all are multiples of 5" is read as the source's
# rounding rather than chance: with the 42 summed indicators of the catalogue, the chance that
# one unrounded indicator passes by chance is 42 * 5 ** -7, about 1 in 2000.
MIN_CELLEN_AFRONDING = 7


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


def afgerond_op_vijftallen(con: duckdb.DuckDBPyConnection, indelingen: tuple[str, ...]) -> set[str]:
    """The indicators whose delivered wijk figures are all multiples of five (rounded by the source).

    Read from the figures, not from a note: at least MIN_CELLEN_AFRONDING of them non-zero.
    """
    rows = con.execute(
        f"""SELECT i.code FROM {STG_FACT} f
            JOIN {STG_INDICATOR} i ON i.indicator_id = f.indicator_id
            JOIN {STG_GEBIED} g ON g.gebied_id = f.gebied_id
            WHERE g.indeling IN (SELECT unnest(?)) AND NOT f.afgeleid AND f.waarde IS NOT NULL
            GROUP BY i.code
            HAVING bool_and(f.waarde = round(f.waarde / ?) * ?) AND count(*) FILTER (f.waarde <> 0) >= ?""",  # noqa: S608 (constant)
        [list(indelingen), VIJFTAL, VIJFTAL, MIN_CELLEN_AFRONDING],
    ).fetchall()
    return {code for (code,) in rows}


def berekend_uitleg(
    indicatoren: pd.DataFrame, ids: dict[str, int], afgerond: set[str] | None = None
) -> list[tuple[int, str, str]]:
    """How each aggregatable indicator's computed figures are made (its catalogue rule).

    `afgerond`: the 'som' indicators whose wijk figures the source rounds (afgerond_op_vijftallen).
    """
    namen = {c: str(n).lower() for c, n in zip(indicatoren["code"], indicatoren["naam"], strict=True)}
    tellers = indicatoren["teller"] if "teller" in indicatoren else pd.Series(None, index=indicatoren.index)
    rows = []
    for code, regel, noemer, teller in zip(indicatoren["code"], indicatoren["aggregatie"],
                                           indicatoren["noemer"], tellers, strict=True):
        if regel not in UITLEG_BEREKEND:
            continue
        noemer_naam = namen.get(noemer, "het aantal inwoners") if isinstance(noemer, str) else ""
        if isinstance(teller, str) and teller:
            tekst = UITLEG_BEREKEND["teller"].format(teller=namen.get(teller, teller), noemer=noemer_naam)
        elif regel == "som" and code in (afgerond or set()):
            tekst = UITLEG_AFGEROND
        else:
            tekst = UITLEG_BEREKEND[regel].format(noemer=noemer_naam)
        rows.append((ids[code], BEREKEND, tekst))
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
