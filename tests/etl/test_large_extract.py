"""A large generated extract (about 200 MB) loads with bounded memory and reports progress.

The file is synthetic (generated here, in a temporary directory) and never reaches data/.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.etl.conftest import MakeDataDir, toml

INDICATORS = 800
YEARS = range(1990, 2026)
GROUPS = [("totaal", "totaal"), ("geslacht", "mannen"), ("geslacht", "vrouwen"), ("leeftijd", "18-64"), ("leeftijd", "65+")]
WIJKEN = [f"WK0307{i:02d}" for i in range(1, 35) if i != 23]
# Peak resident memory allowed for the whole build process with DuckDB capped at 512 MB:
# well under the file size times the ~4x that loading it whole into pandas would take.
PEAK_RSS_LIMIT_MB = 1800

MEASURE = """
import json, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"code": proc.returncode, "err": proc.stderr,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def write_large_extract(path: Path) -> int:
    """A long CSV of synthetic figures for real wijk codes; returns the number of rows."""
    rnd = random.Random(7)
    rows = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("indicator;jaar;gebied;dimensie;groep;waarde\n")
        for i in range(INDICATORS):
            lines = [
                f"gen_{i:04d};{jaar};{wijk};{dim};{groep};{rnd.randrange(1000) // 10},{rnd.randrange(10)}\n"
                for jaar in YEARS
                for wijk in WIJKEN
                for dim, groep in GROUPS
            ]
            handle.writelines(lines)
            rows += len(lines)
    return rows


def test_large_generated_extract_loads_with_bounded_memory_and_progress(
    make_data_dir: MakeDataDir, tmp_path: Path
) -> None:
    data = make_data_dir({"gen/groot.toml": toml("groot.csv", "long_csv")})
    catalog = data / "meta" / "indicatoren" / "gen.csv"
    catalog.write_text(
        "code,naam,thema,eenheid,gewenste_richting,bron,definitie,toelichting,monitor_status,"
        "tabel_volgorde,aggregatie,noemer,doelen\n"
        + "".join(f"gen_{i:04d},% gegenereerd {i},Preventie,percentage,hoger,Gegenereerd,,,actueel,,geen,,\n" for i in range(INDICATORS)),
        encoding="utf-8",
    )
    extract = data / "extracts" / "gen" / "groot.csv"
    rows = write_large_extract(extract)
    assert extract.stat().st_size > 150 * 2**20

    out = tmp_path / "wh.duckdb"
    env = {**os.environ, "WIJKMONITOR_ETL_MEMORY": "512MB", "WIJKMONITOR_ETL_CHUNK_ROWS": "200000"}
    command = [sys.executable, "-m", "etl", "build", "--extracts", str(data), "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, env=env, check=True
    )
    measured = json.loads(result.stdout)
    assert measured["code"] == 0, measured["err"][-2000:]
    progress = [line for line in measured["err"].splitlines() if "cijfers gelezen" in line]
    assert len(progress) >= 5, measured["err"][-2000:]
    assert measured["peak_mb"] < PEAK_RSS_LIMIT_MB
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM fact_waarde").fetchone() == (rows,)
    assert con.execute("SELECT rows_rejected FROM etl_load").fetchone() == (0,)
