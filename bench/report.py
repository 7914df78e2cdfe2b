"""Turn the result files of bench/out/ into the Markdown tables of docs/performance.md.

`python -m bench.report` prints them; bench.run writes them to bench/out/summary.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from bench.common import OUT_DIR, read_result


def _mmm(s: dict[str, Any], fmt: str = "{:.1f}") -> str:
    if not s or not s.get("n"):
        return "–"
    if s["n"] == 1:
        return fmt.format(s["median"])
    return f"{fmt.format(s['median'])} ({fmt.format(s['min'])}–{fmt.format(s['max'])})"


def etl_table(etl: dict[str, Any]) -> list[str]:
    lines = ["| set | figures read | facts loaded | build wall s, median (min–max) | peak RSS MB | "
             "runs | target | ratio |", "|---|---:|---:|---:|---:|---:|---|---:|"]
    for r in etl["sets"]:
        target, ratio = "", ""
        t = r.get("target", {})
        if r["seconds"].get("n") and t:
            target = f"≤ {t['seconds']:g} s" + (f", ≤ {t['peak_rss_mb']:g} MB" if "peak_rss_mb" in t else "")
            ratio = f"{r['seconds']['median'] / t['seconds']:.2f}"
            if "peak_rss_mb" in t:
                ratio += f" / {r['peak_rss_mb']['median'] / t['peak_rss_mb']:.2f}"
        if not r["ok"]:
            codes = ", ".join(str(x["exit_code"]) for x in r["runs"])
            lines.append(f"| {r['set']} | {r.get('figures') or 0:,} | – | failed (exit {codes}) | "
                         f"{r['runs'][0]['peak_rss_mb'] if r['runs'] else '–'} | {len(r['runs'])} | "
                         f"{target} | |")
            continue
        lines.append(f"| {r['set']} | {r.get('figures') or 0:,} | {r.get('fact_count', 0):,} | "
                     f"{_mmm(r['seconds'])} | {_mmm(r['peak_rss_mb'], '{:.0f}')} | "
                     f"{r['seconds']['n']} | {target} | {ratio} |")
    return lines


def app_table(app: dict[str, Any]) -> list[str]:
    lines = ["| set | users | p50 ms | p95 ms, median (min–max) | p99 ms | callbacks/s | errors | "
             "load generator, cores | target p95 | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in app["sets"]:
        t = r.get("target", {})
        for users, lv in r["levels"].items():
            target = ratio = ""
            if t and int(users) == t["users"]:
                target, ratio = f"{t['p95_ms']:g}", f"{t['ratio']:.2f}"
            lines.append(f"| {r['set']} | {users} | {_mmm(lv['p50_ms'])} | {_mmm(lv['p95_ms'])} | "
                         f"{_mmm(lv['p99_ms'])} | {_mmm(lv['throughput_callbacks_per_s'])} | "
                         f"{lv['http_errors']}+{lv['visit_errors']} | "
                         f"{_mmm(lv['client_cpu_cores'], '{:.2f}') if 'client_cpu_cores' in lv else '–'} | "
                         f"{target} | {ratio} |")
    return lines


def probe_table(app: dict[str, Any] | None, probe: dict[str, Any]) -> list[str]:
    lines = ["| set | callback | SQL statements | bare DuckDB ms | app server ms (in-process) | "
             "server / bare | HTTP p50 ms, 1 user, cache on | HTTP / bare |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    http: dict[tuple[str, str], float] = {}
    for r in (app or {}).get("sets", []):
        level = r["levels"].get("1")
        if level:
            per = level["runs"][0]["per_callback"]
            for name, v in per.items():
                http[(r["set"], name)] = v["p50_ms"]
    for r in probe["sets"]:
        for name, v in r["callbacks"].items():
            h = http.get((r["set"], name))
            bare = v["bare_sql_ms_median"]
            ratio = f"{h / bare:.1f}" if h and bare else "–"
            server = f"{v['server_ms_median'] / bare:.1f}" if bare else "–"
            lines.append(f"| {r['set']} | {name} | {v['statements_median']:g} | {bare:.1f} | "
                         f"{v['server_ms_median']:.1f} | {server} | {'–' if h is None else h} | {ratio} |")
    return lines


def payload_tables(payload: dict[str, Any]) -> list[str]:
    lines = ["| set | page | requests | raw kB | gzip kB | brotli kB | of which JS (gzip kB) |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in payload["sets"]:
        for label, page in r["pages"].items():
            if "totals" not in page:
                lines.append(f"| {r['set']} | {label} | {page.get('missing', '')} | | | | |")
                continue
            t = page["totals"]
            lines.append(f"| {r['set']} | {label} ({page['source']}) | {len(page['requests'])} | "
                         f"{t['all']['raw'] / 1000:,.0f} | {t['all']['gzip'] / 1000:,.0f} | "
                         f"{t['all']['br'] / 1000:,.0f} | {t.get('js', {}).get('gzip', 0) / 1000:,.0f} |")
    lines += ["", "| set | callback | responses | median kB sent | max kB sent | median kB raw |",
              "|---|---|---:|---:|---:|---:|"]
    for r in payload["sets"]:
        for name, v in r["callbacks"].items():
            lines.append(f"| {r['set']} | {name} | {v['count']} | {v['wire_median'] / 1000:.1f} | "
                         f"{v['wire_max'] / 1000:.1f} | {v['raw_median'] / 1000:.1f} |")
    return lines


def browser_table(browser: dict[str, Any]) -> list[str]:
    from bench.browser_bench import table

    return table(browser)


def floor_table(browser: dict[str, Any]) -> list[str]:
    """Each Verkenner interaction against the static floor of the same run (issue 24's target:
    median within 2× the floor on the shipped data, 2.5× on the national set)."""
    from bench.browser_bench import INTERACTIONS, floor_target

    lines = ["| set | interaction | app ms, median | floor ms, median | × floor | "
             "target (≤ 2× shipped / ≤ 2.5× national) | met |",
             "|---|---|---:|---:|---:|---:|---|"]
    for r in browser["sets"]:
        target = floor_target(r["set"])
        for case in INTERACTIONS:
            row = r["cases"].get(case, {})
            floor = r["cases"].get(f"floor: {case}", {})
            if not row.get("n") or not floor.get("n"):
                lines.append(f"| {r['set']} | {case} | – | – | – | ≤ {target:g}× | not measured |")
                continue
            app_ms, floor_ms = row["total_ms"]["median"], floor["total_ms"]["median"]
            ratio = app_ms / floor_ms if floor_ms else float("inf")
            lines.append(f"| {r['set']} | {case} | {app_ms:,.0f} | {floor_ms:,.0f} | {ratio:.2f} | "
                         f"≤ {target:g}× | {'yes' if ratio <= target else 'no'} |")
    return lines


def summary() -> str:
    parts: list[str] = []
    first = None
    for name in ("etl", "app", "query-probe", "payload", "browser"):
        first = first or read_result(name)
    if first:
        m = first["machine"]
        parts += [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, "
                  f"Python {m['python']}, " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()), ""]
    etl, app, realistic = read_result("etl"), read_result("app"), read_result("app-realistic")
    probe, payload = read_result("query-probe"), read_result("payload")
    browser = read_result("browser")
    if etl:
        parts += ["### ETL", "", *etl_table(etl), ""]
    if app:
        parts += ["### App under load", "", *app_table(app), ""]
    if realistic:
        parts += ["### App under load, 1–3 s think time between interactions", "",
                  *app_table(realistic), ""]
    if probe:
        parts += ["### Bare warehouse time per callback", "", *probe_table(app, probe), ""]
    if payload:
        parts += ["### Payload", "", *payload_tables(payload), ""]
    if browser:
        parts += ["### In the browser (Chromium, warm unless cold)", "", *browser_table(browser), "",
                  "### Verkenner against the static floor", "", *floor_table(browser), ""]
    return "\n".join(parts) + "\n"


def write_summary() -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / "summary.md"
    path.write_text(summary(), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(summary())
