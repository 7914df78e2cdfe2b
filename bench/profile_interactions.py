"""Where the server's time per Verkenner interaction goes: `sync` of app/pages/verkenner.py, timed
and profiled per kind of interaction (indicator, wijk, jaar, niveau) with the JSON encoding Dash adds.

In-process, one interaction at a time; writes bench/out/profile-interactions-<set>.json and prints
the ranked list that docs/performance.md quotes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from bench.common import REPO_ROOT, write_result

STEPS = ("indicator", "wijk", "jaar", "niveau")
# Where a function's own time is counted: the first matching part of its file path.
# A C function (file '~') is matched by its name instead ("<method 'execute' of 'duckdb...'>").
PACKAGES = (("pandas", "pandas"), ("numpy", "numpy"), ("plotly", "plotly"),
            ("duckdb_engine", "duckdb (query)"), ("duckdb", "duckdb (query)"),
            ("sqlalchemy", "sqlalchemy"), ("orjson", "json"), ("/json/", "json"),
            ("/dash/", "dash"), ("/app/", "app (own code)"))


def _package(func: tuple[str, int, str]) -> str:
    filename, _, name = func
    where = name if filename == "~" else filename
    for part, package in PACKAGES:
        if part in where:
            return package
    return "other (stdlib, flask, ...)"


def _outputs(sync: Callable[..., tuple], trig: Any, state: dict, **kw: Any) -> tuple:
    from plotly.io.json import to_json_plotly

    args = {"search": None, "keuze": None, "indicator": None, "jaar": None, "gebied": None,
            "click": None, **kw}
    out = sync(trig, args["search"], args["keuze"], args["indicator"], args["jaar"],
               args["gebied"], args["click"], state)
    to_json_plotly([o for o in out if not _is_no_update(o)])  # what Dash sends
    return out


def _is_no_update(value: Any) -> bool:
    from dash import no_update

    return value is no_update or type(value).__name__ == "NoUpdate"


def run(name: str, rounds: int, cache_size: int, seed: int = 5) -> dict[str, Any]:
    sys.path.insert(0, str(REPO_ROOT))
    from app import config as app_config
    from app import create_app
    from app.queries import current
    from bench.app_bench import warehouse_for

    cfg = app_config.from_environment({"WIJKMONITOR_WAREHOUSE": str(warehouse_for(name)),
                                       "WIJKMONITOR_CACHE_SIZE": str(cache_size)})
    app = create_app(cfg)
    from app.pages import verkenner as v  # registers its page: only after the app exists
    P = v.P
    rng = random.Random(seed)
    wall: dict[str, list[float]] = defaultdict(list)
    stats: dict[str, pstats.Stats] = {}
    with app.server.test_request_context("/_dash-update-component", method="POST"):
        db = current()
        cat = db.indicatoren()
        codes = sorted(cat.loc[cat["heeft_wijk"], "code"])
        out = v.sync(None, "", None, None, None, None, None, None)
        state, jaar_opties, gebied_opties = out[1], out[5], out[7]
        gekozen: set[str] = set()
        for r in range(rounds):
            kies = rng.choice([c for c in codes if c != state.get("indicator") and c not in gekozen])
            gekozen.add(kies)  # a new indicator each round: its views are drawn, not cached
            for step in STEPS:
                if step == "indicator":
                    trig, kw = f"{P}-indicator", {"indicator": kies}
                elif step == "wijk":
                    opties = [o["value"] for o in (gebied_opties or [])]
                    if not opties:
                        continue
                    code = str(rng.choice(opties)).split("|")[0]
                    trig, kw = f"{P}-kaart", {"click": {"points": [{"customdata": [code]}]}}
                elif step == "jaar":
                    jaren = [o["value"] for o in (jaar_opties or []) if o["value"] != state.get("jaar")]
                    if not jaren:
                        continue
                    trig, kw = f"{P}-jaar", {"jaar": rng.choice(jaren)}
                else:
                    naar = "buurt" if state.get("niveau") != "buurt" else "wijk"
                    trig, kw = {"type": f"{P}-niveau", "value": naar}, {}
                profiler = cProfile.Profile() if r % 2 else None  # odd rounds profiled, even timed
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                out = _outputs(v.sync, trig, state, **kw)
                if profiler:
                    profiler.disable()
                    if step in stats:
                        stats[step].add(profiler)
                    else:
                        stats[step] = pstats.Stats(profiler)
                else:
                    wall[step].append((time.perf_counter() - started) * 1000)
                state = out[1] if isinstance(out[1], dict) else state
                if not _is_no_update(out[5]):
                    jaar_opties = out[5]
                if not _is_no_update(out[7]):
                    gebied_opties = out[7]
    return {"set": name, "rounds": rounds, "cache_size": cache_size,
            "steps": {s: _summary(wall.get(s, []), stats.get(s)) for s in STEPS}}


# Plumbing between an app function and the work it asks for: time is charged to the caller.
PLUMBING = ("verbinding.py:frame", "verbinding.py:rijen", "verbinding.py:_rijen",
            "verbinding.py:_cached_call", "verbinding.py:wrapper", "verbinding.py:_connection",
            "verbinding.py:_current_engine", "cache.py:per_query_cache", "cache.py:__call__",
            "cache.py:<lambda>", "verkenner.py:render_onderdeel", "verkenner.py:teken",
            "verkenner.py:gewijzigde_onderdelen")


def _label(func: tuple[str, int, str]) -> str | None:
    """'module.py:function' of an app function, None for anything else (or plumbing)."""
    filename, _, name = func
    if "/app/" not in filename and not filename.endswith("profile_interactions.py"):
        return None
    label = f"{filename.rsplit('/', 1)[-1]}:{name}"
    if label == "profile_interactions.py:_outputs":
        return "Dash's JSON encoding of the response"  # the only other thing _outputs calls
    return None if label in PLUMBING or "/app/" not in filename else label


def _owners(calls: dict, func: tuple, memo: dict, stack: frozenset) -> dict[str, float]:
    """Which app functions a function's time belongs to (shares summing to 1): the nearest app
    function up the call graph, the callers weighted by the time spent on their behalf."""
    label = _label(func)
    if label is not None:
        return {label: 1.0}
    if func in memo:
        return memo[func]
    callers = {c: v for c, v in calls[func][4].items() if c not in stack and c in calls}
    weights = {c: v[3] for c, v in callers.items()}
    total = sum(weights.values())
    if not callers or total <= 0:
        return {"(outside sync)": 1.0}
    shares: dict[str, float] = defaultdict(float)
    for caller, w in weights.items():
        for owner, share in _owners(calls, caller, memo, stack | {func}).items():
            shares[owner] += w / total * share
    memo[func] = dict(shares)
    return memo[func]


def _summary(wall: list[float], st: pstats.Stats | None) -> dict[str, Any]:
    out: dict[str, Any] = {"n_timed": len(wall),
                           "wall_ms_median": round(statistics.median(wall), 1) if wall else None}
    if st is None:
        return out
    calls = st.stats  # type: ignore[attr-defined]  # {(file, line, func): (cc, nc, tt, ct, callers)}
    n = max((nc for (f, _, fn), (_, nc, *_r) in calls.items()
             if fn == "_outputs" and f.endswith("profile_interactions.py")), default=1)
    total = max((ct for (f, _, fn), (*_r, ct, _c) in calls.items() if fn == "_outputs"), default=0.0)
    per_package: dict[str, float] = defaultdict(float)
    per_owner: dict[tuple[str, str], float] = defaultdict(float)
    memo: dict = {}
    for func, (_, _, tt, _, _) in calls.items():
        package = _package(func)
        per_package[package] += tt
        for owner, share in _owners(calls, func, memo, frozenset()).items():
            per_owner[(owner, package)] += tt * share
    queries = sorted(
        ({"query": fn, "calls_per_interaction": round(nc / n, 1), "cum_ms": round(ct * 1000 / n, 1)}
         for (f, _, fn), (_, nc, _, ct, _) in calls.items()
         if f.endswith("app/queries.py") and _label((f, 0, fn)) and fn not in ("cached",)),
        key=lambda q: -q["cum_ms"])
    enc = sum(ct for (_, _, fn), (*_r, ct, _c) in calls.items() if fn == "to_json_plotly")
    ranked = sorted(per_owner.items(), key=lambda kv: -kv[1])
    out.update({
        "n_profiled": n,
        "profiled_ms": round(total * 1000 / n, 1),
        "json_encoding_ms": round(enc * 1000 / n, 1),
        "own_time_by_package_ms": {k: round(v * 1000 / n, 1)
                                   for k, v in sorted(per_package.items(), key=lambda kv: -kv[1])},
        "ranked": [{"app_function": o, "package": p, "ms": round(v * 1000 / n, 1)}
                   for (o, p), v in ranked if v * 1000 / n >= 0.5][:40],
        "queries": [q for q in queries if q["cum_ms"] >= 0.1],
    })
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_interactions",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="shipped")
    parser.add_argument("--rounds", type=int, default=10, help="interactions of each kind, "
                        "half timed, half profiled (%(default)s)")
    parser.add_argument("--cache-size", type=int, default=512,
                        help="query cache (default %(default)s, as deployed: the catalogue is "
                             "cached, each round's new indicator is drawn for the first time; "
                             "0: every query runs every time)")
    args = parser.parse_args(argv)
    result = run(args.set, args.rounds, args.cache_size)
    path = write_result(f"profile-interactions-{args.set}", result)
    for step, s in result["steps"].items():
        print(f"== {args.set} {step}: wall {s.get('wall_ms_median')} ms (n={s['n_timed']}), "
              f"profiled {s.get('profiled_ms')} ms, JSON {s.get('json_encoding_ms')} ms")
        print("   own time by package:", s.get("own_time_by_package_ms"))
        for r in s.get("ranked", [])[:16]:
            print(f"   {r['ms']:7.1f} ms  {r['package']:<26} in {r['app_function']}")
        print("   queries:", ", ".join(f"{q['query']} {q['cum_ms']} ms ×{q['calls_per_interaction']}"
                                        for q in s.get("queries", [])))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
