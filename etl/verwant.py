"""Related indicators (data/meta/verwant.csv): for an indicator without wijk figures, the nearest
indicator that has them (same concept, other source or level), with the reason in Dutch.

Checked on load (file, line, reason); written to indicator_verwant. Optional: without the file
no indicator points elsewhere. The app lists only related indicators that do have wijk figures.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from etl.catalog import _check_unique, _fail, read_csv_file

BESTAND = "verwant.csv"
KOLOMMEN = ("indicator", "verwant", "reden")


def load_verwant(meta: Path, indicatoren: set[str]) -> pd.DataFrame:
    """indicator, verwant, reden, volgorde (file order per indicator); empty without the file."""
    path = meta / BESTAND
    if not path.is_file():
        return pd.DataFrame({"indicator": [], "verwant": [], "reden": [], "volgorde": []})
    frame = read_csv_file(path, KOLOMMEN)
    for _, row in frame.iterrows():
        for column in KOLOMMEN:
            if not row[column]:
                _fail(row, f"{column} is leeg", meta)
        for column in ("indicator", "verwant"):
            if row[column] not in indicatoren:
                _fail(row, f"{column} {row[column]!r} bestaat niet in data/meta/indicatoren", meta)
        if row["indicator"] == row["verwant"]:
            _fail(row, f"{row['indicator']!r} kan niet aan zichzelf verwant zijn", meta)
    _check_unique(frame, ["indicator", "verwant"], meta)
    frame["volgorde"] = frame.groupby("indicator").cumcount() + 1
    return frame.loc[:, [*KOLOMMEN, "volgorde"]].reset_index(drop=True)


def write_verwant(con: duckdb.DuckDBPyConnection, verwant: pd.DataFrame, ids: dict[str, int]) -> None:
    """indicator_verwant from the checked catalogue (nothing without the file)."""
    if verwant.empty:
        return
    con.executemany(
        "INSERT INTO indicator_verwant VALUES (?, ?, ?, ?)",
        [[ids[i], ids[v], r, int(n)] for i, v, r, n in verwant.itertuples(index=False)],
    )


def zonder_wijkcijfers(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Notes for the build report: declared related indicators that have no wijk figures."""
    rows = con.execute(
        """SELECT i.code, v.code FROM indicator_verwant r
           JOIN dim_indicator i ON i.indicator_id = r.indicator_id
           JOIN dim_indicator v ON v.indicator_id = r.verwant_id
           JOIN indicator_dekking k ON k.indicator_id = r.verwant_id
           WHERE NOT k.heeft_wijk ORDER BY i.code, v.code"""
    ).fetchall()
    return [f"verwant.csv: {v} (verwant aan {i}) heeft geen wijkcijfers; de app toont het niet"
            for i, v in rows]
