"""Smoke test of the benchmark: the smallest variant runs end to end and writes sane results.

Asserts nothing about time (that is what docs/performance.md is for), only that every part ran.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def _result(out: Path, name: str) -> dict:
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


def test_smallest_benchmark_runs_every_part_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "bench-out"
    env = {**os.environ, "WIJKMONITOR_BENCH_OUT": str(out), "PYTHONPATH": str(REPO_ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    printed = run.stdout

    etl = _result(out, "etl")
    (built,) = etl["sets"]
    assert built["ok"] and built["figures"] > 0 and built["fact_count"] > 0
    assert built["peak_rss_mb"]["median"] > 0
    assert Path(built["data_dir"]).is_relative_to(out)  # generated data never goes under data/

    app = _result(out, "app")
    levels = app["sets"][0]["levels"]
    assert set(levels) == {"1", "2"}
    for level in levels.values():
        (first,) = level["runs"]
        assert first["callbacks"]["count"] > 0
        assert first["callbacks"]["p50_ms"] > 0
        assert "verkenner-url.search" in first["per_callback"]  # the Verkenner's one callback

    realistic = _result(out, "app-realistic")
    (shipped,) = realistic["sets"]
    assert shipped["think_s"] == [0.1, 0.3]
    (run,) = shipped["levels"]["2"]["runs"]
    assert run["callbacks"]["count"] > 0 and run["http_errors"] == 0

    probe = _result(out, "query-probe")
    callbacks = probe["sets"][0]["callbacks"]
    assert callbacks and all(v["bare_sql_ms_median"] >= 0 for v in callbacks.values())

    payload = _result(out, "payload")
    dashboard = payload["sets"][0]["pages"]["dashboard"]["totals"]["all"]
    assert 0 < dashboard["gzip"] < dashboard["raw"]

    browser = _result(out, "browser")
    (shipped,) = browser["sets"]
    cases = shipped["cases"]
    measured = ["first visit, cold", "first visit, warm", "indicator", "wijk", "jaar", "niveau",
                "wijkprofiel klein", "monitor Preventie", "embed kaart"]
    for case in measured + [f"floor: {c}" for c in measured[:6]]:
        assert cases[case]["n"] == 1 and cases[case]["error_count"] == 0, (case, cases.get(case))
        assert cases[case]["total_ms"]["median"] > 0
    for step in ("indicator", "wijk", "jaar", "niveau"):  # each asked the server; the floor none
        assert cases[step]["requests"]["median"] >= 1
        assert cases[f"floor: {step}"]["requests"]["median"] == 0
        assert cases[step]["vs_floor"] > 0
    assert set(shipped["plan"]["embeds"]) == {"embed kaart", "embed trend", "embed groepen",
                                              "embed wijkprofiel"}

    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "### ETL" in summary and "### App under load" in summary
    assert "think time" in summary
    assert "### In the browser" in summary
    for step in ("first visit, warm", "indicator", "wijkprofiel klein", "embed kaart"):
        assert f"| shipped | {step} |" in summary and f"| shipped | {step} |" in printed
