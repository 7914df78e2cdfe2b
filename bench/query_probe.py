"""Bare warehouse time per callback: the SQL a callback runs, replayed on DuckDB alone.

Serves the app in-process (one request at a time, query cache off), records each callback's SQL
through SQLAlchemy events, then re-runs those statements on a plain read-only DuckDB connection.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from bench.common import REPO_ROOT, write_result

REPLAYS = 5  # each statement is replayed this often on bare DuckDB; the median counts


@dataclass
class Request:
    """One callback request as the server saw it, with the SQL it ran."""

    name: str
    server_s: float = 0.0
    statements: list[tuple[str, Any, float]] = field(default_factory=list)  # sql, params, app-side s


def probe(warehouse: Path, visits: int, seed: int = 1) -> dict[str, Any]:
    sys.path.insert(0, str(REPO_ROOT))
    from flask import g, request
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from app import config as app_config
    from app import create_app
    from bench.app_bench import visits_in_process

    cfg = app_config.from_environment({"WIJKMONITOR_WAREHOUSE": str(warehouse),
                                       "WIJKMONITOR_CACHE_SIZE": "0"})
    app = create_app(cfg)
    recorded: list[Request] = []
    current: dict[str, Request | None] = {"req": None}  # one request at a time: threaded=False

    @app.server.before_request
    def _start() -> None:
        body = request.get_json(silent=True) if request.path.endswith("update-component") else None
        name = "?"
        if body:
            first = body["output"].removeprefix("..").split("...")[0]
            name = first
        current["req"] = Request(name=name) if body else None
        g.bench_started = time.perf_counter()

    @app.server.after_request
    def _stop(response: Any) -> Any:
        req = current["req"]
        if req is not None:
            req.server_s = time.perf_counter() - g.bench_started
            recorded.append(req)
        current["req"] = None
        return response

    def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        req = current["req"]
        if req is not None:
            req.statements.append((statement, parameters,
                                   time.perf_counter() - conn.info.pop("bench_started", 0.0)))

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)
    try:
        visits_in_process(app.server, visits, seed)
    finally:
        event.remove(Engine, "before_cursor_execute", before)
        event.remove(Engine, "after_cursor_execute", after)
    return summarise(warehouse, recorded)


def _replay(con: duckdb.DuckDBPyConnection, sql: str, params: Any) -> float:
    times = []
    for _ in range(REPLAYS):
        started = time.perf_counter()
        con.execute(sql, params).fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def summarise(warehouse: Path, recorded: list[Request]) -> dict[str, Any]:
    con = duckdb.connect(str(warehouse), read_only=True)
    memo: dict[tuple[str, str], float] = {}
    per: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    slowest: dict[str, dict[str, float]] = defaultdict(dict)  # callback -> first SQL line -> max ms
    try:
        for req in recorded:
            bare = 0.0
            for sql, params, _app_s in req.statements:
                key = (sql, repr(params))
                if key not in memo:
                    memo[key] = _replay(con, sql, params)
                bare += memo[key]
                head = " ".join(sql.split())[:160]
                slowest[req.name][head] = max(slowest[req.name].get(head, 0.0), memo[key] * 1000)
            per[req.name]["bare_ms"].append(bare * 1000)
            per[req.name]["app_sql_ms"].append(sum(s for _, _, s in req.statements) * 1000)
            per[req.name]["server_ms"].append(req.server_s * 1000)
            per[req.name]["statements"].append(len(req.statements))
    finally:
        con.close()
    callbacks = {}
    for name, values in sorted(per.items()):
        callbacks[name] = {
            "requests": len(values["server_ms"]),
            "statements_median": statistics.median(values["statements"]),
            "bare_sql_ms_median": round(statistics.median(values["bare_ms"]), 2),
            "app_sql_ms_median": round(statistics.median(values["app_sql_ms"]), 2),
            "server_ms_median": round(statistics.median(values["server_ms"]), 2),
            "slowest_sql_ms": dict(sorted(((k, round(v, 1)) for k, v in slowest[name].items()),
                                          key=lambda kv: -kv[1])[:3]),
        }
    return {"warehouse": str(warehouse), "cache": "off", "replays": REPLAYS, "callbacks": callbacks}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_probe", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="shipped,national")
    parser.add_argument("--visits", type=int, default=5)
    parser.add_argument("--name", default="query-probe")
    args = parser.parse_args(argv)
    from bench.app_bench import warehouse_for

    results = []
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        print(f"probe {name}", file=sys.stderr, flush=True)
        results.append({"set": name, **probe(warehouse_for(name), args.visits)})
    path = write_result(args.name, {"sets": results})
    for r in results:
        for cb, v in r["callbacks"].items():
            print(f"{r['set']:>9} {cb:<32} n={v['requests']:>3} sql={v['statements_median']:>4} "
                  f"bare {v['bare_sql_ms_median']:8.2f} ms  in-app sql {v['app_sql_ms_median']:8.2f} ms  "
                  f"server {v['server_ms_median']:8.2f} ms")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
