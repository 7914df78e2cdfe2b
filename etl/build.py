"""Orchestrates a warehouse build: catalogues, geo layer, every extract, duplicates, publish.

Progress goes to the report callback; the result is published atomically (etl.warehouse.building).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.adapters import Reader, get_reader
from etl.basis import write_gemeente_basis
from etl.catalog import Catalog, check_programma_gebieden, load_catalog
from etl.coverage import write_coverage
from etl.diff import Diff, acknowledged, check_history, diff_with_previous, format_diff
from etl.errors import ExtractError, RejectsError
from etl.families import load_families, write_families
from etl.keys import DimensionKeys, Periods, create_key_tables, dimension_keys
from etl.kinds import (
    afgerond_op_vijftallen,
    berekend_uitleg,
    check_declared_indicators,
    declare_kinds,
    write_uitleg,
)
from etl.manifest import ExtractSpec, discover
from etl.model import (
    WIJK_INDELINGEN,
    aggregate_areas,
    aggregate_gemeente,
    insert_dimensions,
    insert_facts,
    resolve_duplicates,
)
from etl.omrekenen import convert_divisions, omgerekend_uitleg
from etl.reconcile import Balance, Cells, cells_of, check, write_ignored
from etl.stage import (
    Progress,
    create_staging,
    describe_rows,
    insert_accepted,
    insert_rejects,
    stage_text_extract,
)
from etl.validate import Lookups, conform
from etl.verwant import load_verwant, write_verwant, zonder_wijkcijfers
from etl.warehouse import building
from etl.zoekwoorden import insert_zoekwoorden, load_zoekwoorden
from geo.aggregate import skip_notes
from geo.build import build_geo
from geo.errors import GeoError

# 2: indicator_dekking; 3: uitvoeringsprogramma's (dim_programma ...); 4: kern_indicator;
# 5: fact_waarde.soort and soort_uitleg (the kind of each figure), indicator_familie,
#    zoekwoord and doel_zoekwoord (the search catalogue); 6: indicator_verwant (related indicators)
SCHEMA_VERSION = "6"
MAX_REJECTS_SHOWN = 25
MAX_DIFF_SHOWN = 40  # indicator x period lines of the diff in the build report

Report = Callable[[str], None]


@dataclass
class LoadSummary:
    """Counts of one extract."""

    load_id: int
    path: str
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    duplicate: int = 0
    cells: Cells = field(default_factory=Cells)  # cells read and ignored per rule (etl.reconcile)

    @property
    def ignored(self) -> int:
        return self.cells.ignored_total


@dataclass
class BuildReport:
    """What a build did: per-extract counts, notes, and the published path."""

    out: Path
    loads: list[LoadSummary] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: int = 0
    seconds: float = 0.0
    diff: Diff | None = None  # against the warehouse this build replaces (None: there was none)

    @property
    def rejected(self) -> int:
        return sum(load.rejected for load in self.loads)

    @property
    def duplicates(self) -> int:
        return sum(load.duplicate for load in self.loads)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def file_sha256(path: Path, known: dict[Path, str] | None = None) -> str:
    """sha256 of a file's content; `known` remembers it (a build hashes each file once)."""
    if known is None:
        return _sha256(path)
    key = path.resolve()
    if key not in known:
        known[key] = _sha256(path)
    return known[key]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def input_fingerprint(data_dir: Path, known: dict[Path, str] | None = None) -> str:
    """sha256 over every input file (path and content): equal inputs give an equal build id."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(file_sha256(path, known).encode())
    return digest.hexdigest()


def build_warehouse(
    data_dir: Path,
    out: Path,
    *,
    strict: bool = False,
    quiet: bool = False,
    report: Report | None = None,
    erken: list[str] | None = None,
) -> BuildReport:
    """Build the warehouse from data_dir into out; the previous file stays until success.

    With strict, nothing is published when a row is rejected or when published figures change
    or disappear for an indicator not acknowledged (`erken`, data/meta/erkende_wijzigingen.toml).
    """
    say = report or (_noop if quiet else _stderr)
    try:
        return _build(Path(data_dir), Path(out), strict=strict, say=say, erken=erken or [])
    except ExtractError as exc:  # name files as the user knows them: relative to the data dir
        raise exc.relative_to(Path(data_dir)) from exc


def _build(data_dir: Path, out: Path, *, strict: bool, say: Report, erken: list[str]) -> BuildReport:
    started = time.perf_counter()
    result = BuildReport(out=out)

    catalog = load_catalog(data_dir)
    zoekwoorden = load_zoekwoorden(data_dir / "meta", set(catalog.doelen["doel_code"]))
    gebieden, geo_tables = _gebieden(data_dir, catalog)
    wijk_codes = set(gebieden.loc[gebieden["niveau"] == "wijk", "gebied_code"])
    check_programma_gebieden(catalog.programmas, wijk_codes)
    specs = discover(data_dir)
    if not specs:  # a warehouse without a single figure would blank the dashboard it replaces
        raise ExtractError(
            data_dir / "extracts",
            "geen enkel extract (geen <naam>.toml met beschrijving; zie docs/extracts.md): "
            "het warehouse is niet vervangen",
        )
    lookups = Lookups(
        eenheid=dict(zip(catalog.indicatoren["code"], catalog.indicatoren["eenheid"], strict=True)),
        groepen=set(zip(catalog.groepen["dimensie"], catalog.groepen["groep"], strict=True)),
        gebieden=gebieden,
    )
    say(f"Bouwen van {out} uit {data_dir} ({len(specs)} extracten)")

    keys = dimension_keys(catalog, gebieden)
    for spec in specs:
        check_declared_indicators(spec, set(catalog.indicatoren["code"]))
    uitleg: list[tuple[int, str, str]] = []
    families = load_families(data_dir / "meta", set(catalog.indicatoren["code"]))
    verwant = load_verwant(data_dir / "meta", set(catalog.indicatoren["code"]))
    with building(out) as (con, _tmp):
        create_staging(con)
        create_key_tables(con, keys)
        periods = Periods(con)
        for number, spec in enumerate(specs, start=1):
            summary = _load_extract(con, number, spec, lookups, keys, periods, say, len(specs))
            result.loads.append(summary)
            uitleg += declare_kinds(con, number, spec, keys.indicator_ids())
        resolve_duplicates(con, lambda load_id, places: describe_rows(specs[load_id - 1], places))
        afgerond = afgerond_op_vijftallen(con, WIJK_INDELINGEN)
        uitleg += berekend_uitleg(catalog.indicatoren, keys.indicator_ids(), afgerond)
        if geo_tables is not None:
            overgeslagen: list[pd.DataFrame] = []
            result.notes.extend(aggregate_areas(con, catalog, geo_tables.samenstelling, overgeslagen))
            result.notes.extend(aggregate_gemeente(con, catalog, gebieden, overgeslagen))
            # one summary per indicator over clusters and gemeente (geo.aggregate.skip_notes)
            if overgeslagen:
                result.notes.extend(skip_notes(pd.concat(overgeslagen, ignore_index=True)))
            # After the aggregations: a converted figure never feeds a gemeente or cluster figure.
            for verslag in convert_divisions(con, catalog, geo_tables):
                result.notes.extend(verslag.notes)
                uitleg += omgerekend_uitleg(verslag, keys.indicator_ids())
        insert_dimensions(con, catalog, keys, geo_tables)
        write_uitleg(con, uitleg)
        write_families(con, families, keys.indicator_ids())
        write_verwant(con, verwant, keys.indicator_ids())
        insert_zoekwoorden(con, zoekwoorden)
        hashes: dict[Path, str] = {}
        _finish_loads(con, result, specs, hashes)
        result.facts = insert_facts(con)
        write_gemeente_basis(con, afgerond)
        write_coverage(con)
        result.notes.extend(zonder_wijkcijfers(con))
        _write_info(con, data_dir, result, hashes)
        _report(con, result, say)
        erkend = acknowledged(data_dir, erken)
        for code in sorted(set(erkend) - set(catalog.indicatoren["code"])):  # a typo acknowledges nothing
            say(f"let op: erkende wijziging voor {code!r}: dat is geen indicatorcode van de catalogus")
        result.diff = diff_with_previous(con, out)
        if result.diff is not None:
            say("")
            for line in format_diff(result.diff, str(out), "deze build", MAX_DIFF_SHOWN):
                say(line)
            for code in result.diff.history_rewritten():
                if code in erkend:
                    say(f"  erkend: {code}: {erkend[code]}")
        if strict and result.rejected:
            raise RejectsError(
                f"{result.rejected} regel(s) afgewezen en --strict: het warehouse is niet vervangen"
            )
        if strict and result.diff is not None:
            check_history(result.diff, erkend)
    result.seconds = time.perf_counter() - started
    say(f"Klaar: {result.facts} cijfers in {out} ({result.seconds:.1f} s)")
    return result


def _noop(_message: str) -> None:
    return None


def _gebieden(data_dir: Path, catalog: Catalog):
    """All areas: the fixed ones of the catalogue plus wijken, buurten and clusters from geo."""
    columns = ["gebied_code", "naam", "niveau", "indeling", "parent_code", "aliassen"]
    try:
        geo_tables = build_geo(data_dir)
    except GeoError as exc:
        raise ExtractError(exc.path, exc.reason) from exc
    gebieden = pd.concat([catalog.gebieden[columns], geo_tables.gebieden[columns]], ignore_index=True)
    dup = gebieden[gebieden.duplicated(["gebied_code", "indeling"], keep=False)]
    if len(dup):
        row = dup.iloc[0]
        raise ExtractError(
            data_dir / "meta" / "gebieden",
            f"gebied {row['gebied_code']} ({row['indeling']}) staat ook in de CBS-grenzen of clusters",
        )
    return gebieden, geo_tables


def _load_extract(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    spec: ExtractSpec,
    lookups: Lookups,
    keys: DimensionKeys,
    periods: Periods,
    say: Report,
    total: int,
) -> LoadSummary:
    summary = LoadSummary(load_id=load_id, path=spec.rel_path)
    con.execute("INSERT INTO stg_load VALUES (?, ?)", [load_id, spec.rel_path])
    reader = get_reader_for(spec)
    started = dt.datetime.now()
    progress = Progress()
    if stage_text_extract(con, load_id, spec, lookups, keys, periods, progress, say):
        summary.read, summary.rejected = progress.read, progress.rejected
        ignored = progress.ignored
        summary.cells = Cells(progress.read + sum(ignored.values()), figures=progress.read, ignored=ignored)
    else:
        _stage_chunks(con, load_id, spec, lookups, periods, say, summary, reader)
    if summary.read == 0:
        say(f"    let op: {spec.rel_path} bevat geen gegevensregels (alleen een kopregel?)")
    con.execute("CREATE TEMP TABLE IF NOT EXISTS stg_started (load_id INTEGER, started TIMESTAMP)")
    con.execute("INSERT INTO stg_started VALUES (?, ?)", [load_id, started])
    ignored = f", {summary.ignored} cellen genegeerd" if summary.ignored else ""
    say(f"[{load_id}/{total}] {spec.rel_path}: {summary.read} gelezen, {summary.rejected} afgewezen{ignored}")
    for warning in summary.cells.warnings:
        say(f"    let op: {spec.rel_path}: {warning}")
    return summary


def _stage_chunks(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    spec: ExtractSpec,
    lookups: Lookups,
    periods: Periods,
    say: Report,
    summary: LoadSummary,
    reader: Reader,
) -> None:
    """Read, conform and stage every chunk of one extract (the pandas path); rejects go to stg_reject."""
    seq_base = load_id * 10**10  # global order: by extract, then by position in the extract
    for chunk_no, frame in enumerate(reader(spec.path, spec), start=1):
        accepted, rejects = conform(frame, spec, lookups)
        start = seq_base + summary.read
        seq = np.arange(start, start + len(accepted), dtype=np.int64)
        insert_accepted(con, load_id, accepted, seq, periods)
        insert_rejects(con, load_id, spec.rel_path, rejects)
        summary.read += len(frame)
        summary.rejected += len(rejects)
        summary.cells.add(cells_of(frame))
        if chunk_no > 1 or len(frame) >= 100_000:
            say(f"    … {spec.rel_path}: {summary.read:,} cijfers gelezen".replace(",", "."))


def get_reader_for(spec: ExtractSpec):
    try:
        return get_reader(spec.formaat)
    except ValueError as exc:
        raise ExtractError(spec.toml_path, str(exc)) from exc


def _finish_loads(
    con: duckdb.DuckDBPyConnection, result: BuildReport, specs: list[ExtractSpec], hashes: dict[Path, str]
) -> None:
    counts = dict(
        con.execute(
            "SELECT load_id, count(*) FROM final_fact WHERE load_id IS NOT NULL GROUP BY load_id"
        ).fetchall()
    )
    per_soort = con.execute(
        "SELECT load_id, soort, count(*) FROM stg_reject GROUP BY load_id, soort"
    ).fetchall()
    rejected = {(lid, soort): n for lid, soort, n in per_soort}
    started = dict(con.execute("SELECT load_id, started FROM stg_started").fetchall())
    finished = dt.datetime.now()
    for summary, spec in zip(result.loads, specs, strict=True):
        summary.loaded = counts.get(summary.load_id, 0)
        summary.rejected = rejected.get((summary.load_id, "afgewezen"), 0)
        summary.duplicate = rejected.get((summary.load_id, "dubbel"), 0)
        con.execute(
            "INSERT INTO etl_load VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                summary.load_id,
                spec.rel_path,
                spec.formaat,
                spec.bron,
                file_sha256(spec.path, hashes),
                summary.read,
                summary.loaded,
                summary.rejected,
                summary.duplicate,
                summary.cells.read,
                summary.ignored,
                started.get(summary.load_id, finished),
                finished,
            ],
        )
    con.execute("INSERT INTO etl_reject SELECT * FROM stg_reject ORDER BY load_id")
    write_ignored(
        con,
        [(s.load_id, s.path, rule, n) for s in result.loads for rule, n in sorted(s.cells.ignored.items())],
    )
    check(_balances(result), {s.load_id: s.cells.figures for s in result.loads})


def _balances(result: BuildReport) -> list[Balance]:
    return [
        Balance(s.load_id, s.path, s.cells.read, s.loaded, s.rejected, s.duplicate, s.ignored)
        for s in result.loads
    ]


def _write_info(
    con: duckdb.DuckDBPyConnection, data_dir: Path, result: BuildReport, hashes: dict[Path, str]
) -> None:
    info = {
        "schema_version": SCHEMA_VERSION,
        "build_id": input_fingerprint(data_dir, hashes)[:16],
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "fact_count": str(result.facts),
        "rejected_count": str(result.rejected),
    }
    con.executemany("INSERT INTO warehouse_info VALUES (?, ?)", list(info.items()))


def _report(con: duckdb.DuckDBPyConnection, result: BuildReport, say: Report) -> None:
    say("")
    say("Per extract: elke gelezen cel is geladen, afgewezen, dubbel of genegeerd met een regel")
    say(f"{'extract':<60} {'gelezen':>8} {'geladen':>8} {'afgewezen':>9} {'dubbel':>6} {'genegeerd':>9}")
    for load in result.loads:
        say(
            f"{load.path:<60} {load.cells.read:>8} {load.loaded:>8} {load.rejected:>9} {load.duplicate:>6} "
            f"{load.ignored:>9}"
        )
    for load in result.loads:
        for rule, n in sorted(load.cells.ignored.items()):
            say(f"  genegeerd in {load.path}: {n} cel(len): {rule}")
    for note in result.notes:
        say(f"noot: {note}")
    if result.rejected or result.duplicates:
        say("")
        say("Afgewezen en dubbele regels (alle staan in tabel etl_reject):")
        rows = con.execute(
            "SELECT path, locatie, soort, reden FROM etl_reject ORDER BY load_id, rowid LIMIT ?",
            [MAX_REJECTS_SHOWN],
        ).fetchall()
        for path, locatie, soort, reden in rows:
            say(f"  {path}, {locatie}: [{soort}] {reden}")
        total = result.rejected + result.duplicates
        if total > MAX_REJECTS_SHOWN:
            say(f"  … en nog {total - MAX_REJECTS_SHOWN}")
