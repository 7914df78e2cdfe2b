"""Generate a synthetic data directory for benchmarks: the real catalogues, fake areas, big extracts.

Never writes under data/; values are random (seeded) and never describe a real area (docs/performance.md).

Shape of the national set (`--national`): Amersfoort (its real codes, so the app has a map) plus
344 fake gemeenten GM9001..GM9344 with together ~3,500 wijken (WK9001NN) and ~14,000 buurten
(BU9001NNBB), 150 indicators of the real catalogue, 10 years, 8 groups (half of the indicators
broken down by group, a third also per buurt): about 33 million figures in wide and long CSV files.
Smaller sets (`--scale X`) take the first series of the same ordered structure until they hold X
times the figures of the shipped extracts.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = REPO_ROOT / "data"
DEFAULT_OUT = REPO_ROOT / "bench" / "out"
SEED = 20250101

# The national shape: all Dutch wijken and buurten (CBS 2024: ~3,500 wijken, ~14,000 buurten in
# ~345 gemeenten). Amersfoort is gemeente 0 with its real codes; the others are fake.
NATIONAL_GEMEENTEN = 345
NATIONAL_WIJKEN = 3_500
NATIONAL_BUURTEN = 14_000
N_INDICATORS = 150
JAREN = tuple(range(2015, 2025))
GROEPEN = (
    ("totaal", "totaal"),
    ("opleiding", "basisonderwijs/vmbo/mbo-1"),
    ("opleiding", "mbo-2-4/havo/vwo"),
    ("opleiding", "hbo/wo"),
    ("geslacht", "mannen"),
    ("geslacht", "vrouwen"),
    ("leeftijd", "18-64"),
    ("leeftijd", "65+"),
)
AMERSFOORT = "GM0307"
FIXED_AREAS = ("NL01", "G100PLUS")  # reference areas the app draws in trend charts
FIRST_FAKE_GEMEENTE = 9001  # real gemeente codes are below 2000: 9xxx is never a real one

# Share of year cells per kind (cumulative thresholds on one uniform draw per cell).
P_EMPTY = 0.05  # empty cell: no figure
P_NIET_GEMETEN = 0.02  # '-'
P_GEHEIM = 0.01  # 'x'
P_SIGNIFICANT = 0.03  # value with '*'
REJECT_EVERY = 250_000  # one deliberately ambiguous value ('8.3') per this many series
ROWS_PER_FILE = 100_000  # series (wide rows) per extract file: ~1 million figures
LONG_EVERY = 5  # every 5th extract file is a long CSV, the others wide

PCT_TABLE = np.array([f"{i // 10},{i % 10}%" for i in range(1001)], dtype=object)
DEC_TABLE = np.array([f"{i // 10},{i % 10}" for i in range(2001)], dtype=object)
# counts without a thousands mark: '12.345' is ambiguous (12345 or 12,345) and rejected
COUNT_TABLE = np.array([str(i) for i in range(100_000)], dtype=object)


@dataclass(frozen=True)
class Gemeente:
    """One gemeente of the synthetic country: its code, top areas (itself, wijken) and buurten."""

    code: str
    top: list[str]  # areas that get the group breakdown: gemeente (+ fixed areas), wijken
    buurten: list[str]


@dataclass(frozen=True)
class Indicator:
    code: str
    kind: str  # 'pct' | 'count' | 'dec'
    grouped: bool
    per_buurt: bool
    periode_soort: str


def count_real_figures(data_dir: Path = REAL_DATA) -> int:
    """Figures the shipped extracts hold (what the adapters read): the unit of --scale."""
    sys.path.insert(0, str(REPO_ROOT))
    from etl.adapters import get_reader
    from etl.manifest import discover

    return sum(len(frame) for s in discover(data_dir) for frame in get_reader(s.formaat)(s.path, s))


def pick_indicators(data_dir: Path, rng: np.random.Generator) -> list[Indicator]:
    """N_INDICATORS codes of the real catalogue (seeded choice), with a value kind by eenheid."""
    sys.path.insert(0, str(REPO_ROOT))
    from etl.catalog import load_catalog

    catalog = load_catalog(data_dir).indicatoren.sort_values("code")
    chosen = sorted(rng.choice(len(catalog), size=min(N_INDICATORS, len(catalog)), replace=False))
    out = []
    for n, i in enumerate(chosen):
        row = catalog.iloc[int(i)]
        eenheid = row["eenheid"]
        kind = "pct" if eenheid == "percentage" else "count" if eenheid == "aantal" else "dec"
        soort = "schooljaar" if n % 10 == 7 else "jaar"
        out.append(Indicator(row["code"], kind, n % 2 == 0, n % 3 == 0, soort))
    return out


def _real_codes(data_dir: Path, bestand: str, veld: str) -> list[str]:
    features = json.loads((data_dir / "cbs" / bestand).read_text(encoding="utf-8"))["features"]
    return sorted(f["properties"][veld] for f in features)


def country(data_dir: Path) -> list[Gemeente]:
    """Amersfoort (real codes) and the fake gemeenten, wijken and buurten of the national shape."""
    wijken = _real_codes(data_dir, "wijken_2024.geojson", "wijkcode")
    buurten = _real_codes(data_dir, "buurten_2024.geojson", "statcode")
    out = [Gemeente(AMERSFOORT, [AMERSFOORT, *FIXED_AREAS, *wijken], buurten)]
    n_fake = NATIONAL_GEMEENTEN - 1
    fake_wijken = NATIONAL_WIJKEN - len(wijken)
    fake_buurten = NATIONAL_BUURTEN - len(buurten)
    w_done = b_done = 0
    for k in range(n_fake):
        gm = FIRST_FAKE_GEMEENTE + k
        n_w = fake_wijken * (k + 1) // n_fake - w_done
        w_done += n_w
        wijk_codes = [f"WK{gm}{w:02d}" for w in range(1, n_w + 1)]
        buurt_codes = []
        for w, wijk in enumerate(wijk_codes):
            index = w_done - n_w + w + 1
            n_b = fake_buurten * index // fake_wijken - b_done
            b_done += n_b
            buurt_codes += [f"BU{wijk[2:]}{b:02d}" for b in range(1, n_b + 1)]
        out.append(Gemeente(f"GM{gm}", [f"GM{gm}", *wijk_codes], buurt_codes))
    return out


def series(gemeenten: list[Gemeente], indicators: list[Indicator]) -> Iterator[tuple[int, str, int]]:
    """(indicator index, gebied code, group index), gemeente by gemeente: the fixed order of a set."""
    for gemeente in gemeenten:
        for i, ind in enumerate(indicators):
            groups = range(len(GROEPEN)) if ind.grouped else (0,)
            for area in gemeente.top:
                for g in groups:
                    yield i, area, g
            if ind.per_buurt:
                for area in gemeente.buurten:
                    yield i, area, 0


def _values(rng: np.random.Generator, kinds: np.ndarray, first_row: int) -> np.ndarray:
    """(rows x years) cell texts in the notation of docs/extracts.md; '' = empty cell."""
    n, years = len(kinds), len(JAREN)
    cells = np.empty((n, years), dtype=object)
    for kind, table in (("pct", PCT_TABLE), ("dec", DEC_TABLE), ("count", COUNT_TABLE)):
        rows = kinds == kind
        if rows.any():
            cells[rows] = table[rng.integers(0, len(table), size=(int(rows.sum()), years))]
    draw = rng.random((n, years))
    cut1, cut2 = P_EMPTY, P_EMPTY + P_NIET_GEMETEN
    cut3, cut4 = cut2 + P_GEHEIM, cut2 + P_GEHEIM + P_SIGNIFICANT
    significant = (draw >= cut3) & (draw < cut4)
    cells[significant] = cells[significant] + "*"
    cells[draw < cut1] = ""
    cells[(draw >= cut1) & (draw < cut2)] = "-"
    cells[(draw >= cut2) & (draw < cut3)] = "x"
    for r in range(n):
        if (first_row + r) % REJECT_EVERY == REJECT_EVERY // 2:
            cells[r, 0] = "8.3"  # ambiguous with decimal ',': rejected with a reason
    return cells


def _write_extract(
    path: Path, rows: list[tuple[int, str, int]], indicators: list[Indicator], cells: np.ndarray, long: bool
) -> int:
    """Write one extract and its .toml; returns the number of figures (non-empty cells)."""
    lines = []
    if long:
        lines.append("indicator;gebied;dimensie;groep;periode_soort;jaar;waarde")
        for (i, area, g), row in zip(rows, cells, strict=True):
            ind = indicators[i]
            dim, groep = GROEPEN[g]
            prefix = f"{ind.code};{area};{dim};{groep};{ind.periode_soort};"
            lines += [f"{prefix}{jaar};{cell}" for jaar, cell in zip(JAREN, row, strict=True) if cell]
    else:
        lines.append("indicator;gebied;dimensie;groep;periode_soort;" + ";".join(map(str, JAREN)))
        for (i, area, g), row in zip(rows, cells, strict=True):
            ind = indicators[i]
            dim, groep = GROEPEN[g]
            lines.append(f"{ind.code};{area};{dim};{groep};{ind.periode_soort};" + ";".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.with_suffix(".toml").write_text(
        f'bestand  = "{path.name}"\n'
        f'formaat  = "{"long_csv" if long else "wide_csv"}"\n'
        'bron     = "SYNTHETISCH (benchmark, bench/generate.py): geen echte cijfers"\n'
        'indeling = "wijk2024"\ndecimaal = ","\n',
        encoding="utf-8",
    )
    return int((cells != "").sum())


def _areas_csv(gemeenten: list[Gemeente]) -> str:
    """meta/gebieden rows for the fake gemeenten, wijken and buurten (Amersfoort's come from geo)."""
    lines = ["gebied_code,naam,niveau,indeling,parent_code,aliassen"]
    for gemeente in gemeenten:
        if gemeente.code == AMERSFOORT:
            continue
        lines.append(f"{gemeente.code},Synthetische gemeente {gemeente.code[2:]},gemeente,vast,NL01,")
        for wijk in gemeente.top[1:]:
            lines.append(f"{wijk},Synthetische wijk {wijk[2:]},wijk,wijk2024,{gemeente.code},")
        for buurt in gemeente.buurten:
            lines.append(f"{buurt},Synthetische buurt {buurt[2:]},buurt,buurt2024,WK{buurt[2:8]},")
    return "\n".join(lines) + "\n"


def generate(out: Path, *, figures: int | None = None, real_data: Path = REAL_DATA, seed: int = SEED) -> dict:
    """Write the data directory `out` (replaced); figures=None means the whole national shape."""
    out = out.resolve()
    if out == real_data.resolve() or real_data.resolve() in out.parents:
        raise ValueError(f"refusing to write synthetic data under {real_data}")
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(real_data / "cbs", out / "cbs")
    shutil.copytree(real_data / "meta", out / "meta")
    extracts = out / "extracts" / "synthetisch"
    extracts.mkdir(parents=True)

    indicators = pick_indicators(real_data, rng)
    gemeenten = country(real_data)
    # Each series has len(JAREN) cells of which a share P_EMPTY is empty.
    max_series = math.ceil(figures / (len(JAREN) * (1 - P_EMPTY))) if figures is not None else None
    kinds_of = np.array([ind.kind for ind in indicators], dtype=object)

    written = files = n_series = 0
    used_gemeenten: set[str] = set()
    batch: list[tuple[int, str, int]] = []

    def flush() -> None:
        nonlocal written, files
        if not batch:
            return
        kinds = kinds_of[np.fromiter((i for i, _, _ in batch), dtype=np.int64, count=len(batch))]
        cells = _values(rng, kinds, n_series - len(batch))
        long = files % LONG_EVERY == LONG_EVERY - 1
        path = extracts / f"synthetisch_{files + 1:04d}.csv"
        written += _write_extract(path, batch, indicators, cells, long)
        files += 1
        batch.clear()

    for gemeente in gemeenten:
        if max_series is not None and n_series >= max_series:
            break
        used_gemeenten.add(gemeente.code)
        for item in series([gemeente], indicators):
            if max_series is not None and n_series >= max_series:
                break
            batch.append(item)
            n_series += 1
            if len(batch) >= ROWS_PER_FILE:
                flush()
    flush()
    used = [g for g in gemeenten if g.code in used_gemeenten]
    (out / "meta" / "gebieden" / "synthetisch.csv").write_text(_areas_csv(used), encoding="utf-8")
    summary = {
        "out": str(out),
        "seed": seed,
        "figures_requested": figures,
        "figures_written": written,
        "series": n_series,
        "files": files,
        "bytes": sum(p.stat().st_size for p in extracts.iterdir()),
        "indicators": len(indicators),
        "gemeenten": len(used),
        "wijken": sum(c.startswith("WK") for g in used for c in g.top),
        "buurten": sum(len(g.buurten) for g in used),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / "BENCH_DATASET.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--national", action="store_true", help="the full national shape (~33 M figures)")
    size.add_argument("--scale", type=float, help="this many times the figures of the shipped extracts")
    size.add_argument("--figures", type=int, help="this many figures (approximately)")
    parser.add_argument("--out", type=Path, help="data directory to (re)create (default: bench/out/data-…)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.national:
        figures, name = None, "national"
    elif args.scale is not None:
        figures, name = round(args.scale * count_real_figures()), f"{args.scale:g}x"
    else:
        figures, name = args.figures, f"{args.figures}f"
    out = args.out or DEFAULT_OUT / f"data-{name}"
    print(json.dumps(generate(out, figures=figures, seed=args.seed), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
