"""A national-scale warehouse for the app benchmark, for when `python -m etl build` cannot make one.

The real ETL builds the dimensions (catalogue, 17,500 areas, geo layer) from a skeleton extract;
the 31 million generated figures are then bulk-loaded with DuckDB SQL, parsed as docs/extracts.md says.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np

from bench import generate
from bench.common import OUT_DIR, PYTHON, REPO_ROOT
from etl.config import ROW_GROUP_SIZE
from etl.coverage import write_coverage

# The generator writes 'jaar' and 'schooljaar' periods only (bench/generate.py).
PERIODE_LABEL = """CASE periode_soort WHEN 'jaar' THEN CAST(jaar AS VARCHAR)
    WHEN 'schooljaar' THEN 'schooljaar ' || jaar || '-' || (jaar + 1) END"""
# docs/extracts.md, decimal ',': thousands in groups of three with '.', else digits, optional ',d+'.
NUMBER = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"


def skeleton(data_dir: Path, out: Path) -> Path:
    """A data directory with the set's catalogues and areas, and one row per indicator x year."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(data_dir / "cbs", out / "cbs")
    shutil.copytree(data_dir / "meta", out / "meta")
    rows = ["indicator;gebied;periode_soort;jaar;waarde"]
    indicators = generate.pick_indicators(generate.REAL_DATA, np.random.default_rng(generate.SEED))
    for ind in indicators:
        rows += [f"{ind.code};GM0307;{ind.periode_soort};{jaar};1" for jaar in generate.JAREN]
    ext = out / "extracts" / "skelet"
    ext.mkdir(parents=True)
    (ext / "skelet.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (ext / "skelet.toml").write_text('bestand = "skelet.csv"\nformaat = "long_csv"\n'
                                     'bron = "SYNTHETISCH (benchmark)"\n', encoding="utf-8")
    return out


def _header(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        return handle.readline()


def bulk_load(warehouse: Path, extracts: Path) -> int:
    con = duckdb.connect()  # the facts in the build's row groups (etl.warehouse), not DuckDB's default
    con.execute(f"ATTACH ? AS warehouse (ROW_GROUP_SIZE {int(ROW_GROUP_SIZE)})", [str(warehouse)])
    con.execute("USE warehouse")
    try:
        files = sorted(extracts.glob("*.csv"))
        wide = [str(p) for p in files if _header(p).rstrip().endswith(str(generate.JAREN[-1]))]
        long = [str(p) for p in files if str(p) not in wide]
        read = "read_csv({files}, delim=';', header=true, all_varchar=true)"
        # SQL built from file names and constants of this module, never from user input.
        parts = [f"""SELECT indicator, gebied, dimensie, groep, periode_soort,
                            CAST(jaar AS INTEGER) AS jaar, waarde
                     FROM (UNPIVOT (SELECT * FROM {read.format(files=wide)})
                           ON COLUMNS('^[0-9]{{4}}$') INTO NAME jaar VALUE waarde)"""]  # noqa: S608
        if long:
            parts.append(f"""SELECT indicator, gebied, dimensie, groep, periode_soort,
                                    CAST(jaar AS INTEGER), waarde FROM {read.format(files=long)}""")  # noqa: S608
        con.execute("DELETE FROM fact_waarde")
        con.execute(f"""
            CREATE TEMP TABLE cel AS
            WITH ruw AS ({" UNION ALL ".join(parts)}),
            t AS (SELECT *, trim(waarde) AS w FROM ruw WHERE trim(coalesce(waarde, '')) <> ''),
            p AS (SELECT *, ends_with(w, '*') AS sig, trim(regexp_replace(rtrim(w, '*'), '\\s*%$', '')) AS g
                  FROM t)
            SELECT indicator, gebied, dimensie, groep, jaar, {PERIODE_LABEL} AS periode_label,
                   CASE WHEN g IN ('-', '–', '.') THEN 'niet gemeten'
                        WHEN g IN ('x', 'X', '?') THEN 'geheim/onderdrukt'
                        WHEN regexp_full_match(g, '{NUMBER}') THEN 'waarde' END AS status,
                   CASE WHEN regexp_full_match(g, '{NUMBER}')
                        THEN CAST(replace(replace(g, '.', ''), ',', '.') AS DOUBLE) END AS waarde,
                   CASE WHEN sig AND regexp_full_match(g, '{NUMBER}') THEN TRUE END AS significant,
                   CASE WHEN gebied LIKE 'WK%' THEN 'wijk2024' WHEN gebied LIKE 'BU%' THEN 'buurt2024'
                        ELSE 'vast' END AS indeling
            FROM p""")  # noqa: S608
        con.execute("""
            INSERT INTO fact_waarde (indicator_id, jaar_id, gebied_id, groep_id, waarde, ondergrens,
                                     bovengrens, significant, status, afgeleid, load_id)
            SELECT i.indicator_id, j.jaar_id, g.gebied_id, gr.groep_id, c.waarde, NULL, NULL,
                   c.significant, c.status, FALSE, NULL
            FROM cel c
            JOIN dim_indicator i ON i.code = c.indicator
            JOIN dim_jaar j ON j.jaar = c.jaar AND j.periode_label = c.periode_label
            JOIN dim_gebied g ON g.gebied_code = c.gebied AND g.indeling = c.indeling
            JOIN dim_groep gr ON gr.dimensie = c.dimensie AND gr.groep = c.groep
            WHERE c.status IS NOT NULL
            ORDER BY i.indicator_id, g.gebied_id, j.jaar_id, gr.groep_id""")  # as etl.model.insert_facts
        # The skeleton build computed the coverage on its one-row-per-year facts: recompute it.
        con.execute("DELETE FROM indicator_dekking")
        write_coverage(con)
        facts = con.execute("SELECT count(*) FROM fact_waarde").fetchone()[0]
        con.execute("UPDATE warehouse_info SET waarde = ? WHERE sleutel = 'fact_count'", [str(facts)])
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('benchmark', "
                    "'SYNTHETISCH: bulk-loaded by bench/national_warehouse.py')")
        con.execute("CHECKPOINT")
        return facts
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.national_warehouse",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=OUT_DIR / "data-national")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "warehouse-national.duckdb")
    args = parser.parse_args(argv)
    if not (args.data / "BENCH_DATASET.json").exists():
        generate.generate(args.data, figures=None)
    started = time.perf_counter()
    skel = skeleton(args.data, OUT_DIR / "data-national-skeleton")
    subprocess.run([PYTHON, "-m", "etl", "build", "--extracts", str(skel), "--out", str(args.out),
                    "--quiet"], cwd=REPO_ROOT, check=True)
    dims_s = time.perf_counter() - started
    facts = bulk_load(args.out, args.data / "extracts" / "synthetisch")
    print(f"{args.out}: {facts:,} facts; dimensions by the ETL in {dims_s:.0f} s, "
          f"facts by DuckDB in {time.perf_counter() - started - dims_s:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
