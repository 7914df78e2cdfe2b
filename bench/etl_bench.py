"""ETL benchmark: wall time and peak memory of `python -m etl build` per data set, N runs each.

Sets: shipped (data/), 1x/10x/100x the shipped figures, national (bench/generate.py); see --help.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from bench import generate
from bench.common import OUT_DIR, PYTHON, REPO_ROOT, merge_sets, spread, write_result

# Targets of the issue, on the 2-core reference machine.
TARGET_SHIPPED_S = 10.0
TARGET_NATIONAL_S = 300.0
TARGET_NATIONAL_RSS_MB = 4096.0
RUN_TIMEOUT_S = 3600  # one build may take at most this long; then it is killed and reported
SCALES = {"1x": 1.0, "10x": 10.0, "100x": 100.0, "1000x": 1000.0}


@dataclass
class Run:
    """One measured build."""

    seconds: float
    peak_rss_mb: float
    exit_code: int
    build_seconds: float | None  # the ETL's own 'Klaar: ... (x s)' (without interpreter start)


def data_dir_for(name: str, shipped_figures: int) -> tuple[Path, dict[str, Any]]:
    """The data directory of a set, generated when missing or when the shipped data changed."""
    if name == "shipped":
        return generate.REAL_DATA, {"figures_written": shipped_figures}
    out = OUT_DIR / f"data-{name}"
    wanted = None if name == "national" else round(SCALES[name] * shipped_figures)
    info_path = out / "BENCH_DATASET.json"
    if info_path.exists():
        info = json.loads(info_path.read_text(encoding="utf-8"))
        if info.get("figures_requested") == wanted and info.get("seed") == generate.SEED:
            return out, info
    print(f"generating {name} in {out} …", file=sys.stderr, flush=True)
    return out, generate.generate(out, figures=wanted)


def measure(cmd: list[str], env: dict[str, str], log: Path, timeout: float = RUN_TIMEOUT_S) -> Run:
    """Run cmd; wall time and the child's own peak RSS (os.wait4), stderr to log."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=err, stderr=subprocess.STDOUT)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    match = re.search(r"Klaar: .*\(([\d.]+) s\)", log.read_text(encoding="utf-8", errors="replace"))
    return Run(
        seconds=round(seconds, 3),
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        exit_code=proc.returncode,
        build_seconds=float(match.group(1)) if match else None,
    )


def warehouse_facts(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        info = dict(con.execute("SELECT sleutel, waarde FROM warehouse_info").fetchall())
        return {
            "fact_count": int(info.get("fact_count", 0)),
            "rejected_count": int(info.get("rejected_count", 0)),
            "warehouse_mb": round(path.stat().st_size / 2**20, 1),
        }
    finally:
        con.close()


def bench_set(name: str, runs: int, shipped_figures: int, profile: bool,
              levers: list[str] | None = None) -> dict[str, Any]:
    data_dir, dataset = data_dir_for(name, shipped_figures)
    label = name + "".join(f"+{lever}" for lever in levers or [])
    warehouse = OUT_DIR / f"warehouse-{name}.duckdb"
    if levers:  # a what-if build never replaces the warehouse the app benchmark reads
        warehouse = OUT_DIR / f"warehouse-{name}-lever.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    build = ["build", "--extracts", str(data_dir), "--out", str(warehouse)]
    cmd = [PYTHON, "-m", "etl", *build]
    if levers:
        sets = [arg for lever in levers for arg in ("--set", lever)]
        cmd = [PYTHON, "-m", "bench.etl_lever", *sets, "--", *build]
    results: list[Run] = []
    for n in range(runs):
        run = measure(cmd, env, OUT_DIR / f"etl-{label}-{n + 1}.log")
        print(f"  {name} run {n + 1}/{runs}: {run.seconds:.1f} s, {run.peak_rss_mb:.0f} MB, "
              f"exit {run.exit_code}", file=sys.stderr, flush=True)
        results.append(run)
        if run.exit_code != 0:
            break  # a failing build is reported once, not repeated
    if profile:
        text = OUT_DIR / f"profile-etl-{name}.txt"
        pcmd = [PYTHON, "-m", "pyinstrument", "-r", "text", "-o", str(text), "-m", "etl", *build]
        subprocess.run(pcmd, cwd=REPO_ROOT, env=env, check=False, capture_output=True)
        print(f"  profile: {text}", file=sys.stderr, flush=True)
    ok = [r for r in results if r.exit_code == 0]
    summary: dict[str, Any] = {
        "set": label,
        "levers": levers or [],
        "data_dir": str(data_dir),
        "figures": dataset.get("figures_written"),
        "dataset": dataset,
        "command": " ".join(cmd[1:]),
        "runs": [asdict(r) for r in results],
        "ok": len(ok) == len(results) and bool(results),
        "seconds": spread([r.seconds for r in ok]),
        "peak_rss_mb": spread([r.peak_rss_mb for r in ok]),
        **warehouse_facts(warehouse),
    }
    if name == "shipped":
        summary["target"] = {"seconds": TARGET_SHIPPED_S}
    if name == "national":
        summary["target"] = {"seconds": TARGET_NATIONAL_S, "peak_rss_mb": TARGET_NATIONAL_RSS_MB}
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.etl_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="shipped,1x,10x,100x,national",
                        help="comma-separated from: shipped, 1x, 10x, 100x, 1000x, national (%(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per set (default: %(default)s)")
    parser.add_argument("--national-runs", type=int, default=None,
                        help="runs for the national set (default: --runs)")
    parser.add_argument("--lever", action="append", default=[], metavar="KEY=VALUE",
                        help="what-if: a DuckDB setting for the build's connection (bench/etl_lever.py)")
    parser.add_argument("--profile", action="store_true", help="also one run under pyinstrument per set")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other sets of an earlier result file of the same name")
    parser.add_argument("--name", default="etl", help="result file bench/out/<name>.json")
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    shipped_figures = generate.count_real_figures()
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in sets if s not in ("shipped", "national", *SCALES)]
    if unknown:
        parser.error(f"unknown set(s): {unknown}")
    results = []
    for name in sets:
        runs = args.national_runs if name == "national" and args.national_runs else args.runs
        print(f"ETL {name}: {runs} run(s)", file=sys.stderr, flush=True)
        results.append(bench_set(name, runs, shipped_figures, args.profile, args.lever))
    path = write_result(args.name, {"shipped_figures": shipped_figures,
                                      "sets": merge_sets(args.name, results) if args.merge else results})
    for r in results:
        s, m = r["seconds"], r["peak_rss_mb"]
        line = f"{r['set']:>9}: {r.get('figures') or 0:>11,} figures"
        if s.get("n"):
            line += f"  {s['median']:8.1f} s ({s['min']:.1f}-{s['max']:.1f})  peak {m['median']:7.0f} MB"
        else:
            line += "  FAILED (see bench/out/etl-*.log)"
        print(line)
    print(f"results: {path}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
