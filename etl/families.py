"""Indicator families (data/meta/families.csv): one concept measured in several indicators.

A family counts once in a wijkprofiel's findings (docs/statistiek.md); the build writes
indicator_familie after checking that every member is a catalogue indicator in one family only.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from etl.errors import CatalogError

BESTAND = "families.csv"
KOLOMMEN = ("familie", "naam", "hoofd", "leden")


def load_families(meta: Path, indicatoren: set[str]) -> pd.DataFrame:
    """indicator, familie, naam, hoofd (bool): one row per member; empty without the file."""
    path = meta / BESTAND
    leeg = pd.DataFrame(columns=["indicator", "familie", "naam", "hoofd"])
    if not path.exists():
        return leeg
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in KOLOMMEN if c not in frame.columns]
    if missing:
        raise CatalogError(path, f"kolom(men) ontbreken: {', '.join(missing)}")
    rows, gezien = [], {}
    for regel, r in enumerate(frame.to_dict("records"), start=2):
        where = f"regel {regel}"
        code = r["familie"].strip()
        if not code or not r["naam"].strip():
            raise CatalogError(path, "familie en naam mogen niet leeg zijn", where)
        if code in {row[1] for row in rows}:
            raise CatalogError(path, f"familie {code!r} staat er twee keer in", where)
        leden = [x.strip() for x in r["leden"].split("|") if x.strip()]
        if len(leden) < 2:
            raise CatalogError(path, f"familie {code!r} heeft minder dan twee leden", where)
        if r["hoofd"].strip() not in leden:
            raise CatalogError(path, f"hoofd {r['hoofd']!r} is geen lid van familie {code!r}", where)
        for lid in leden:
            if lid not in indicatoren:
                raise CatalogError(path, f"onbekende indicator {lid!r} in familie {code!r}", where)
            if lid in gezien:
                raise CatalogError(
                    path, f"indicator {lid!r} staat in familie {gezien[lid]!r} en in {code!r}", where)
            gezien[lid] = code
            rows.append((lid, code, r["naam"].strip(), lid == r["hoofd"].strip()))
    return pd.DataFrame(rows, columns=leeg.columns) if rows else leeg


def write_families(con: duckdb.DuckDBPyConnection, families: pd.DataFrame, ids: dict[str, int]) -> None:
    """indicator_familie from the checked catalogue."""
    if families.empty:
        return
    con.executemany(
        "INSERT INTO indicator_familie VALUES (?, ?, ?, ?)",
        [[ids[i], f, n, bool(h)] for i, f, n, h in families.itertuples(index=False)],
    )
