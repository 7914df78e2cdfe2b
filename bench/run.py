"""One command for the whole benchmark: `python -m bench.run` (full) or `--quick` (shipped data only).

Runs ETL, app load, bare-query probe, payload and the browser benchmark in turn, then writes
bench/out/summary.md and prints the browser table.
"""

from __future__ import annotations

import argparse
import sys
import time

from bench import app_bench, browser_bench, etl_bench, payload, query_probe, report
from bench.common import OUT_DIR, read_result

# name -> argument lists of each part
FULL = {
    "etl": ["--sets", "shipped,1x,10x,100x,national", "--runs", "3", "--national-runs", "3"],
    "app": ["--sets", "shipped,national", "--users", "1,10,50", "--duration", "30", "--runs", "3"],
    "app-realistic": ["--sets", "shipped,national", "--users", "10,20,50", "--duration", "30", "--runs", "3",
                      "--think", "1-3"],
    "probe": ["--sets", "shipped,national", "--visits", "5"],
    "payload": ["--sets", "shipped", "--visits", "5"],
    "browser": ["--sets", "shipped,national", "--reps", "15", "--budget", "120"],
}
QUICK = {
    "etl": ["--sets", "shipped,1x,10x", "--runs", "1"],
    "app": ["--sets", "shipped", "--users", "1,10", "--duration", "10", "--runs", "1"],
    "app-realistic": ["--sets", "shipped", "--users", "10,20", "--duration", "10", "--runs", "1",
                      "--think", "1-3"],
    "probe": ["--sets", "shipped", "--visits", "2"],
    "payload": ["--sets", "shipped", "--visits", "2"],
    # 5 repetitions, at most 40 s per case (a slow page gets fewer; the table gives n)
    "browser": ["--sets", "shipped", "--reps", "5", "--budget", "40"],
}
# The smallest run that still exercises every part (the smoke test in tests/bench/).
SMOKE = {
    "etl": ["--sets", "1x", "--runs", "1"],
    "app": ["--sets", "shipped", "--users", "1,2", "--duration", "3", "--runs", "1",
            "--workers", "1", "--threads", "2"],
    "app-realistic": ["--sets", "shipped", "--users", "2", "--duration", "3", "--runs", "1",
                      "--workers", "1", "--threads", "2", "--think", "0.1-0.3"],
    "probe": ["--sets", "shipped", "--visits", "1"],
    "payload": ["--sets", "shipped", "--visits", "1", "--no-browser"],
    "browser": ["--sets", "shipped", "--reps", "1", "--timeout", "90",
                "--cases", "wijkprofiel klein,monitor Preventie,start,embed kaart"],
}
# app: closed loop without think time (stress); app-realistic: 1-3 s between a user's interactions.
PARTS = {"etl": etl_bench.main, "app": app_bench.main, "app-realistic": app_bench.main,
         "probe": query_probe.main, "payload": payload.main, "browser": browser_bench.main}
NAMES = {"etl": "etl", "app": "app", "app-realistic": "app-realistic", "probe": "query-probe",
         "payload": "payload", "browser": "browser"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small sets, short load (< 2 minutes)")
    size.add_argument("--smoke", action="store_true", help="smallest run (tests/bench)")
    parser.add_argument("--only", default=",".join(PARTS), help="parts to run (%(default)s)")
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else QUICK if args.quick else FULL
    started = time.perf_counter()
    status = 0
    for part in [p.strip() for p in args.only.split(",") if p.strip()]:
        print(f"== {part}", flush=True)
        code = PARTS[part]([*plan[part], "--name", NAMES[part]])
        status = status or code
    summary = report.write_summary()
    if "browser" in args.only.split(","):
        browser = read_result("browser")
        if browser:
            print("\n".join(report.browser_table(browser)))
            print("\n".join(["", *report.floor_table(browser)]))
    print(f"== done in {time.perf_counter() - started:.0f} s; summary: {summary}; results in {OUT_DIR}")
    return status


if __name__ == "__main__":
    sys.exit(main())
