"""Does the fact table's physical layout make the app's fact queries range reads? Per query of
app/queries.py: rows of fact_waarde scanned (EXPLAIN ANALYZE) and bare time, on given warehouses.

Writes bench/out/layout-probe.json; docs/performance.md ("Issue 24: layout and server path").
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

from bench.common import REPO_ROOT, write_result

REPLAYS = 7


def cases(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, tuple]]:
    """(label, Warehouse method, arguments): the Verkenner's and the wijkprofiel's fact queries for
    the indicator with the most figures, a synthetic wijk far from Amersfoort, its buurten' level."""
    code, jaar = con.execute(
        """SELECT i.code, k.laatste_jaar FROM indicator_dekking k JOIN dim_indicator i USING (indicator_id)
           WHERE k.heeft_wijk ORDER BY k.aantal_cijfers DESC, i.code LIMIT 1""").fetchone()
    wijk, wijk_gemeente = con.execute(
        """SELECT gebied_code, parent_code FROM dim_gebied
           WHERE niveau = 'wijk' AND indeling = 'wijk2024'
           ORDER BY gebied_code DESC LIMIT 1""").fetchone()
    return [
        ("map: the wijken of a year", "kaartwaarden", (code, jaar, "wijk2024")),
        ("map: the gemeenten of a year", "kaartwaarden", (code, jaar, "vast")),
        ("map: the buurten of a year", "kaartwaarden", (code, jaar, "buurt2024")),
        ("map: one gemeente's wijken (raw SQL)", "gemeente_kaart", (code, jaar, wijk_gemeente)),
        ("series: one wijk, all years", "reeksen", ((code,), (wijk,))),
        ("series: gemeente + references", "reeksen", ((code,), ("GM0307", "NL01", "G100PLUS"))),
        ("breakdown: one wijk", "uitsplitsing", (code, wijk, "wijk2024")),
        ("coverage of an indicator", "dekking", (code,)),
        ("breakdown areas", "uitsplitsing_gebieden", (code,)),
        ("breakdown dimensions", "uitsplitsing_dimensies", (code,)),
        ("wijkprofiel: every indicator of a wijk", "gebied_cijfers", ((wijk,), ("wijk2024",))),
    ]


# Not (yet) an app query: the map of one gemeente's wijken, as issue 24 defines a map read.
GEMEENTE_KAART = """
    SELECT g.gebied_code, g.naam, f.waarde, f.status
    FROM fact_waarde f
    JOIN dim_gebied g ON g.gebied_id = f.gebied_id
    JOIN dim_jaar j ON j.jaar_id = f.jaar_id
    JOIN dim_groep gr ON gr.groep_id = f.groep_id
    WHERE f.indicator_id = (SELECT indicator_id FROM dim_indicator WHERE code = $indicator)
      AND j.jaar = $jaar AND g.indeling = 'wijk2024' AND g.parent_code = $gemeente
      AND gr.dimensie = 'totaal'
    ORDER BY g.naam"""


def statements(warehouse: Path, method: str, args: tuple) -> list[tuple[str, Any]]:
    """The SQL (as sent to DuckDB) of one Warehouse method, without the query cache."""
    if method == "gemeente_kaart":
        return [(GEMEENTE_KAART, dict(zip(("indicator", "jaar", "gemeente"), args, strict=True)))]
    sys.path.insert(0, str(REPO_ROOT))
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from app.queries import Warehouse

    seen: list[tuple[str, Any]] = []

    def after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append((statement, parameters))

    db = Warehouse(warehouse, cache_size=0)
    event.listen(Engine, "after_cursor_execute", after)
    try:
        getattr(db, method)(*args)
    finally:
        event.remove(Engine, "after_cursor_execute", after)
        db.close()
    return seen


def _scans(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    info = node.get("extra_info") or {}
    if node.get("type") == "TABLE_SCAN" and \
            str(info.get("Table", "")).endswith(".fact_waarde"):
        found.append({"rows_scanned": node.get("rows_scanned"),
                      "row_groups": node.get("row_groups_scanned"),
                      "filters": info.get("Filters") or info.get("Dynamic Filters")})
    for child in node.get("children", []):
        found += _scans(child)
    return found


def measure(warehouse: Path) -> dict[str, Any]:
    con = duckdb.connect(str(warehouse), read_only=True)
    total = con.execute("SELECT count(*) FROM fact_waarde").fetchone()[0]
    row_groups = con.execute(
        "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('fact_waarde')").fetchone()[0]
    out: list[dict[str, Any]] = []
    try:
        for label, method, args in cases(con):
            for sql, params in statements(warehouse, method, args):
                plans = [json.loads(con.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                                    .fetchall()[0][1]) for _ in range(REPLAYS)]
                plan = plans[0]
                # DuckDB's own CPU time of the query: less at the mercy of a shared machine's load
                cpu = statistics.median(pl["query"]["cpu_time"] * 1000 for pl in plans)
                scans = [s for op in plan["operator"] for s in _scans(op)]
                times = []
                for _ in range(REPLAYS):
                    started = time.perf_counter()
                    rows = con.execute(sql, params).fetchall()
                    times.append((time.perf_counter() - started) * 1000)
                out.append({"case": label, "query": method, "rows": len(rows),
                            "fact_rows_scanned": sum(s["rows_scanned"] or 0 for s in scans),
                            "fact_row_groups_scanned": sum(s["row_groups"] or 0 for s in scans),
                            "fact_filters": [s["filters"] for s in scans],
                            "cpu_ms_median": round(cpu, 2),
                            "ms_median": round(statistics.median(times), 2),
                            "ms_min": round(min(times), 2)})
    finally:
        con.close()
    return {"warehouse": str(warehouse), "facts": total, "row_groups": row_groups, "queries": out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.layout_probe",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("warehouses", nargs="+", type=Path)
    parser.add_argument("--name", default="layout-probe")
    args = parser.parse_args(argv)
    results = [measure(w) for w in args.warehouses]
    path = write_result(args.name, {"sets": results})
    for r in results:
        print(f"== {r['warehouse']}: {r['facts']:,} facts in {r['row_groups']} row groups")
        for q in r["queries"]:
            print(f"  {q['case']:<40} {q['rows']:>7,} rows  scanned {q['fact_rows_scanned']:>11,}  "
                  f"({q['fact_row_groups_scanned']:>4} groups) CPU {q['cpu_ms_median']:6.1f} ms, "
                  f"wall {q['ms_median']:6.1f} ms (min {q['ms_min']:.1f})")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
