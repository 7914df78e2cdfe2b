"""App benchmark: the dashboard under gunicorn on 127.0.0.1, driven by concurrent virtual users.

Each user replays a visit through Dash's callback endpoint (bench/dash_client.py); see --help.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from bench.common import OUT_DIR, PORTS, PYTHON, REPO_ROOT, merge_sets, percentile, spread, write_result
from bench.dash_client import Call, Session, option_values

# Targets of the issue: callback latency p95 with 10 users, on the 2-core reference machine.
TARGET_P95_MS = {"shipped": 150.0, "national": 300.0}
TARGET_USERS = 10
DEFAULT_WORKERS = 2  # one per core: DuckDB queries use both cores anyway
DEFAULT_THREADS = 4  # gthread: a worker serves other callbacks while DuckDB runs (GIL released)
# Think time between a user's interactions, seconds (min, max), drawn uniformly per pause like
# locust's between(). (0, 0) is the closed-loop stress figure: act as soon as the page settled.
STRESS = (0.0, 0.0)
REALISTIC = (1.0, 3.0)
MAX_VISITS_PER_USER = 10_000  # bound on request loops besides the duration
P = "verkenner"


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path


def free_port() -> int:
    """A free loopback port: the first free one of WIJKMONITOR_BENCH_PORTS, else any."""
    first, _, last = PORTS.partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in WIJKMONITOR_BENCH_PORTS={PORTS}")


@contextlib.contextmanager
def server_process(cmd: list[str], env: dict[str, str], log: Path, url: str,
                   ready_path: str) -> Iterator[subprocess.Popen]:
    """cmd (a server on url) in its own process group, once url+ready_path answers 200; stopped
    (the whole group) on exit. Output goes to log."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[2]} stopped (exit {proc.returncode}); see {log}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + ready_path, timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[2]} did not answer within 90 s; see {log}")
            time.sleep(0.3)
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def gunicorn(warehouse: Path, workers: int, threads: int, cache_size: int | None = None,
             log_name: str = "gunicorn") -> Iterator[Server]:
    """gunicorn app.wsgi:server on a free loopback port; stopped (its process group) on exit."""
    port = free_port()
    env = {**os.environ, "WIJKMONITOR_WAREHOUSE": str(warehouse), "PYTHONPATH": str(REPO_ROOT)}
    if cache_size is not None:
        env["WIJKMONITOR_CACHE_SIZE"] = str(cache_size)
    log = OUT_DIR / f"{log_name}.log"
    cmd = [PYTHON, "-m", "gunicorn", "app.wsgi:server", "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
           "--timeout", "120", "--log-level", "warning"]
    url = f"http://127.0.0.1:{port}"
    with server_process(cmd, env, log, url, "/_dash-layout") as proc:
        yield Server(url, proc, log)


# -- the visit -------------------------------------------------------------------------------------


def visit(session: Session, rng: random.Random,
          pause: Callable[[], None] = lambda: None) -> list[tuple[str, float]]:
    """One realistic visit; returns (step, seconds) per interaction.

    Open the verkenner, choose an indicator (map), click a wijk on the map (trend, breakdown),
    change the year, then open the wijkprofiel of that wijk. pause() runs between interactions
    (a visitor reading the page); it is not part of any latency.
    """
    steps: list[tuple[str, float]] = []

    def step(name: str, action: Any) -> None:
        if steps:
            pause()
        started = time.perf_counter()
        action()
        steps.append((name, time.perf_counter() - started))

    step("open", lambda: session.open("/verkenner"))
    # the indicator list travels in its store (the dropdown gets it in the browser: zoeken.js)
    indicators = [v for v in option_values(session.prop(f"{P}-indicator-zoek", "data"))
                  if v != session.prop(f"{P}-indicator", "value")]
    if indicators:
        choice = rng.choice(indicators)
        step("indicator", lambda: session.set_props({(f"{P}-indicator", "value"): choice}))
    gebieden = option_values(session.prop(f"{P}-gebied", "options"))
    wijk = rng.choice(gebieden) if gebieden else None
    if wijk:
        code = str(wijk).split("|")[0]
        step("wijk", lambda: session.set_props(
            {(f"{P}-kaart", "clickData"): {"points": [{"customdata": [code]}]}}))
    jaren = [v for v in option_values(session.prop(f"{P}-jaar", "options"))
             if v != session.prop(f"{P}-jaar", "value")]
    if jaren:
        jaar = rng.choice(jaren)
        step("jaar", lambda: session.set_props({(f"{P}-jaar", "value"): jaar}))
    if wijk:
        # the wijkprofiel is a server-rendered page (app/site/wijkprofiel.py): a plain GET
        step("profiel", lambda: session.pagina(f"/wijkprofiel?gebied={str(wijk).split('|')[0]}"))
    return steps


def visits_in_process(wsgi_app: Any, visits: int, seed: int) -> None:
    """`visits` visits (see visit), one request at a time, to wsgi_app served in this process.

    For the probes that hook into the app (bench/query_probe.py, bench/profile_app.py).
    """
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, wsgi_app, threaded=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        rng = random.Random(seed)
        for _ in range(visits):
            session = Session(f"http://127.0.0.1:{server.server_port}")
            try:
                visit(session, rng)
            finally:
                session.close()
    finally:
        server.shutdown()


def run_level(url: str, users: int, duration: float, seed: int,
              think: tuple[float, float] = STRESS) -> dict[str, Any]:
    """`users` virtual users visit for `duration` seconds; every request is recorded."""
    calls: list[Call] = []
    steps: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_at = time.perf_counter() + 0.2
    deadline = start_at + duration

    def user(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        pauses = random.Random(seed * 7919 + n)  # apart: the visits stay those of the seed

        def pause() -> None:
            if think[1] > 0 and time.perf_counter() < deadline:
                time.sleep(pauses.uniform(*think))

        time.sleep(max(0.0, start_at - time.perf_counter()) + rng.random() * 0.5)
        for _ in range(MAX_VISITS_PER_USER):
            if time.perf_counter() >= deadline:
                break
            session = Session(url)
            try:
                done = visit(session, rng, pause)
            except Exception as exc:  # noqa: BLE001 - one failed visit is counted, not fatal
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                done = []
            finally:
                session.close()
            with lock:
                calls.extend(c for c in session.calls if c.started <= deadline)
                steps.extend(done)
            pause()

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    cpu_before = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 180)
    elapsed = max(time.perf_counter(), deadline) - start_at
    result = summarise(calls, steps, errors, elapsed)
    # The virtual users share the machine's cores with the server: how much of them they took.
    result["client_cpu_cores"] = round((time.process_time() - cpu_before) / elapsed, 2)
    return result


def _latency(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {"count": len(ms), "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1), "p99_ms": round(percentile(ms, 99), 1)}


def summarise(calls: list[Call], steps: list[tuple[str, float]], errors: list[str],
              elapsed: float) -> dict[str, Any]:
    callbacks = [c for c in calls if c.kind == "callback"]
    failed = [c for c in calls if c.status >= 400]
    per_callback = defaultdict(list)
    for c in callbacks:
        per_callback[c.name].append(c.seconds)
    per_step = defaultdict(list)
    for name, seconds in steps:
        per_step[name].append(seconds)
    return {
        "seconds": round(elapsed, 1),
        "callbacks": _latency([c.seconds for c in callbacks]),
        "throughput_callbacks_per_s": round(len(callbacks) / elapsed, 2),
        "throughput_requests_per_s": round(len(calls) / elapsed, 2),
        "visits_per_s": round(sum(1 for n, _ in steps if n == "open") / elapsed, 3),
        "per_callback": {k: _latency(v) for k, v in sorted(per_callback.items())},
        "per_step": {k: _latency(v) for k, v in sorted(per_step.items())},
        "page": _latency([c.seconds for c in calls if c.kind != "callback"]),
        "http_errors": len(failed),
        "visit_errors": errors[:5],
        "visit_error_count": len(errors),
    }


def bench_warehouse(name: str, warehouse: Path, users: list[int], duration: float, runs: int,
                    workers: int, threads: int, think: tuple[float, float] = STRESS) -> dict[str, Any]:
    levels: dict[str, Any] = {}
    with gunicorn(warehouse, workers, threads, log_name=f"gunicorn-{name}") as server:
        warm = Session(server.url)  # first visit: imports, connections, caches of every worker
        for n in range(2 * workers):
            visit(warm, random.Random(n))
        warm.close()
        for u in users:
            results = []
            for r in range(runs):
                print(f"  {name}: {u} user(s), run {r + 1}/{runs}, {duration:g} s", file=sys.stderr,
                      flush=True)
                results.append(run_level(server.url, u, duration, seed=r + 1, think=think))
            levels[str(u)] = {
                "runs": results,
                "p50_ms": spread([x["callbacks"]["p50_ms"] for x in results]),
                "p95_ms": spread([x["callbacks"]["p95_ms"] for x in results]),
                "p99_ms": spread([x["callbacks"]["p99_ms"] for x in results]),
                "throughput_callbacks_per_s": spread([x["throughput_callbacks_per_s"] for x in results]),
                "http_errors": sum(x["http_errors"] for x in results),
                "visit_errors": sum(x["visit_error_count"] for x in results),
                "client_cpu_cores": spread([x["client_cpu_cores"] for x in results]),
            }
    out: dict[str, Any] = {"set": name, "warehouse": str(warehouse), "workers": workers,
                           "threads": threads, "duration_s": duration, "think_s": list(think),
                           "levels": levels}
    target = TARGET_P95_MS.get(name)
    if target and str(TARGET_USERS) in levels:
        p95 = levels[str(TARGET_USERS)]["p95_ms"]["median"]
        out["target"] = {"users": TARGET_USERS, "p95_ms": target, "ratio": round(p95 / target, 2)}
    return out


def warehouse_for(name: str) -> Path:
    """bench/out/warehouse-<set>.duckdb, built from data/ for 'shipped' when missing."""
    path = OUT_DIR / f"warehouse-{name}.duckdb"
    if name == "shipped":  # cheap: always current with data/ and the schema the app expects
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run([PYTHON, "-m", "etl", "build", "--out", str(path), "--quiet"], cwd=REPO_ROOT,
                       check=True)
    if not path.exists():
        raise SystemExit(f"{path} is missing: run `python -m bench.etl_bench --sets {name}` first")
    return path


def _think(text: str) -> tuple[float, float]:
    """'1-3' -> (1.0, 3.0); '0' -> (0.0, 0.0)."""
    low, _, high = text.partition("-")
    try:
        bounds = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not MIN-MAX seconds: {text!r}") from None
    if not 0 <= bounds[0] <= bounds[1]:
        raise argparse.ArgumentTypeError(f"need 0 <= MIN <= MAX: {text!r}")
    return bounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.app_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="shipped,national", help="warehouses (default: %(default)s)")
    parser.add_argument("--users", default="1,10,50", help="concurrent users per level (%(default)s)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per level and run")
    parser.add_argument("--runs", type=int, default=3, help="runs per level (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    parser.add_argument("--think", type=_think, default=STRESS, metavar="MIN-MAX",
                        help="seconds between a user's interactions, e.g. 1-3 (default 0: stress)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other sets of an earlier result file of the same name")
    parser.add_argument("--name", default="app", help="result file bench/out/<name>.json")
    args = parser.parse_args(argv)
    users = [int(u) for u in args.users.split(",") if u.strip()]
    results = []
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        print(f"App {name}", file=sys.stderr, flush=True)
        results.append(bench_warehouse(name, warehouse_for(name), users, args.duration, args.runs,
                                       args.workers, args.threads, args.think))
    path = write_result(args.name, {"sets": merge_sets(args.name, results) if args.merge else results})
    for r in results:
        for u, level in r["levels"].items():
            p50, p95, p99 = level["p50_ms"], level["p95_ms"], level["p99_ms"]
            print(f"{r['set']:>9} {u:>3} users: p50 {p50['median']:7.1f}  p95 {p95['median']:7.1f} "
                  f"({p95['min']:.0f}-{p95['max']:.0f})  p99 {p99['median']:7.1f} ms  "
                  f"{level['throughput_callbacks_per_s']['median']:6.1f} callbacks/s  "
                  f"errors {level['http_errors']}+{level['visit_errors']}")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
