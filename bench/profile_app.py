"""Profile the app's callbacks with pyinstrument: one profile per callback over several visits.

Serves the app in-process (one request at a time); writes bench/out/profile-app-<set>-<callback>.txt.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bench.common import OUT_DIR, REPO_ROOT


def profile(name: str, visits: int, cache_size: int) -> list[str]:
    sys.path.insert(0, str(REPO_ROOT))
    from flask import g, request
    from pyinstrument import Profiler

    from app import config as app_config
    from app import create_app
    from bench.app_bench import visits_in_process, warehouse_for

    cfg = app_config.from_environment({"WIJKMONITOR_WAREHOUSE": str(warehouse_for(name)),
                                       "WIJKMONITOR_CACHE_SIZE": str(cache_size)})
    app = create_app(cfg)
    profilers: dict[str, Any] = {}

    @app.server.before_request
    def _start() -> None:
        body = request.get_json(silent=True) if request.path.endswith("update-component") else None
        if body:
            key = body["output"].removeprefix("..").split("...")[0]
            g.bench_profiler = profilers.setdefault(key, Profiler(interval=0.0005))
            g.bench_profiler.start()

    @app.server.after_request
    def _stop(response: Any) -> Any:
        profiler = g.pop("bench_profiler", None)
        if profiler is not None:
            profiler.stop()
        return response

    visits_in_process(app.server, visits, seed=3)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for key, profiler in sorted(profilers.items()):
        path = OUT_DIR / f"profile-app-{name}-{key.replace('.', '-')}.txt"
        path.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        written.append(str(path))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_app", description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="shipped")
    parser.add_argument("--visits", type=int, default=10)
    parser.add_argument("--cache-size", type=int, default=512, help="0 = every query runs")
    args = parser.parse_args(argv)
    for path in profile(args.set, args.visits, args.cache_size):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
