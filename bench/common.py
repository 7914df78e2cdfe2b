"""Shared helpers of the benchmarks: paths, the machine description, statistics, result files.

Results are JSON files under bench/out/ (git-ignored); docs/performance.md quotes them.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import statistics
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = Path(os.environ.get("WIJKMONITOR_BENCH_OUT", REPO_ROOT / "bench" / "out"))
PYTHON = sys.executable
# Ports the benchmark's servers may use, "FIRST-LAST" (e.g. "8140-8149" on a shared machine where
# each session has its own range); unset: any free port the system hands out.
PORTS = os.environ.get("WIJKMONITOR_BENCH_PORTS", "")


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    versions = {}
    for name in ("duckdb", "pandas", "dash", "plotly", "flask", "gunicorn", "shapely"):
        with contextlib.suppress(Exception):  # a missing package is just not listed
            versions[name] = __import__(name).__version__
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "loadavg_at_write": [round(x, 2) for x in os.getloadavg()],  # other work on the machine
        "versions": versions,
    }


def spread(values: list[float]) -> dict[str, float | int]:
    """Median, min and max (the form every table of docs/performance.md uses)."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation of an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """Write bench/out/<name>.json (with the machine) and return its path."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    payload = {"machine": machine(), **payload}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def merge_sets(name: str, sets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sets of an earlier bench/out/<name>.json, with those measured now replacing their namesakes."""
    earlier = read_result(name) or {}
    fresh = {s["set"] for s in sets}
    return [s for s in earlier.get("sets", []) if s["set"] not in fresh] + sets


def read_result(name: str) -> dict[str, Any] | None:
    path = OUT_DIR / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
