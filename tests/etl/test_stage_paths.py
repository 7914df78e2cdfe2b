"""The DuckDB staging path (etl.stage) gives the same warehouse as the pandas path, row for row.

Well-formed CSV extracts are staged by etl.stage; every other extract by the adapters and
etl.validate.conform. Here the same awkward extracts (defaults, whitespace, markers, bounds,
rejects of every kind, blank lines, duplicates within and across files, a wide file with
repeated rows) are built once normally and once with the DuckDB path switched off, and every
table must match in content and order.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import etl.build
import etl.model
import etl.stage
from etl.build import build_warehouse
from tests.etl.conftest import MakeDataDir, toml

LONG = """indicator;jaar;gebied;dimensie;groep;waarde;ondergrens;bovengrens;significant;periode_soort;peildag
test_pct;2021;WK030701;totaal;totaal;7,4%;6,1;8,2;ja;jaar;
test_pct;2022;WK030701;totaal;totaal;12*;;;;;
test_aantal;2021;Amersfoort;totaal;totaal;1.020;;;;;
test_aantal;2021; nederland ;totaal;totaal;1 020;;;;;
test_pct;2021;WK030702;totaal;totaal;-;;;;;
test_pct;2021;WK030703;totaal;totaal;x;;;;;

test_pct;2021;WK030704;totaal;totaal;8.3;;;;;
test_pct;2021;WK030705;totaal;totaal;101;;;;;
test_pct;2021;WK030706; geslacht ;mannen;5;;;nee;;
;;;;;;;;;;
test_onbekend;2021;WK030701;totaal;totaal;5;;;;;
test_pct;2021;WK030799;totaal;totaal;5;;;;;
test_pct;2021;WK030723;totaal;totaal;5;;;;;
test_pct;1980;WK030701;totaal;totaal;5;;;;;
test_pct;2099;WK030701;totaal;totaal;5;;;;prognose;
test_pct;2099;WK030702;totaal;totaal;5;;;;;
test_pct;2023;WK030701;totaal;totaal;5;;;;peildatum;1 oktober
test_pct;2023;WK030702;totaal;totaal;5;;;;jaar;1 oktober
test_pct;2023;WK030703;totaal;totaal;5;;;misschien;;
test_pct;2023;WK030704;totaal;totaal;5;abc;;;;
test_pct;abc;WK030701;totaal;totaal;5;;;;;
test_pct;2023;WK030705;totaal;totaal;;;;;;
test_pct;2023;WK030706;totaal;onbekend;5;;;;;
test_pct;2022;WK030701;totaal;totaal;12*;;;;;
test_pct;2021;WK030702;totaal;totaal;5;;;;;
test_pct;2020;WK030701;totaal;totaal;3,5;;;;schooljaar;
test_pct;2020;WK030701;totaal;totaal;3,5;;;;onzin;
"""

WIDE = """Indicator;Gebied;Dimensie;Groep;2019;2020;2021;2022
test_pct;WK030701;totaal;totaal;1;2;7,4;
test_pct;WK030707;totaal;totaal;-;  ;x;3*
test_pct;WK030708;totaal;totaal;4;5;6;7
test_pct;WK030708;totaal;totaal;4;5;6;8
test_aantal;WK030709;leeftijd;65+;1.000;2.000;;9.999

test_inwoners;WK030701;totaal;totaal;100;100;100;100
test_inwoners;WK030702;totaal;totaal;100;100;100;100
test_pct;WK030702;totaal;totaal;50;50;50;50
test_pct;WK030701;totaal;totaal;1;2;;
"""

DEFAULTS = """indicator;jaar;waarde;groep
test_pct;2020;1.5;
test_pct;2021;2.5;
test_aantal;2021;1,000.5;
test_aantal;2021;8,3;
"""

DEFAULTS_TOML = """bestand = "standaard.csv"
formaat = "long_csv"
bron = "Testbron"
decimaal = "."
[standaard]
gebied = "WK030711"
periode_soort = "schooljaar"
dimensie = "totaal"
groep = "totaal"
schaal = "0.5"
"""

MALFORMED = """indicator;jaar;gebied;waarde
test_pct;2021;WK030712;5
test_pct;2021;WK030713;5;extra
test_pct;2021;WK030701;7,4
"""


@pytest.fixture()
def data_dir(make_data_dir: MakeDataDir) -> Path:
    return make_data_dir(
        {
            "a/lang.csv": LONG,
            "a/lang.toml": toml("lang.csv", "long_csv"),
            "a/breed.csv": WIDE,
            "a/breed.toml": toml("breed.csv", "wide_csv"),
            "b/standaard.csv": DEFAULTS,
            "b/standaard.toml": DEFAULTS_TOML,
            "b/cp1252.csv": "indicator;jaar;gebied;waarde\ntest_pct;2021;Soesterkwarti\xe8r;5\n".encode(
                "cp1252"
            ),
            "b/cp1252.toml": toml("cp1252.csv", "long_csv"),
            "c/kapot.csv": MALFORMED,
            "c/kapot.toml": toml("kapot.csv", "long_csv"),
        }
    )


def _tables(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
        rows = con.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
        if table == "etl_load":
            rows = [row[:-2] for row in rows]  # started, finished
        if table == "warehouse_info":
            rows = [row for row in rows if row[0] != "built_at"]
        out[table] = rows
    con.close()
    return out


def test_duckdb_path_equals_pandas_path(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(etl.stage, "MIN_BYTES", 0)  # these small files too
    fast = build_warehouse(data_dir, tmp_path / "fast.duckdb", quiet=True)
    monkeypatch.setattr(etl.build, "stage_text_extract", lambda *args, **kwargs: False)
    monkeypatch.setattr(etl.model, "_packed_key", lambda con: None)  # the wide-key fallback too
    slow = build_warehouse(data_dir, tmp_path / "slow.duckdb", quiet=True)

    assert fast.rejected == slow.rejected > 15
    assert fast.duplicates == slow.duplicates > 0
    left, right = _tables(tmp_path / "fast.duckdb"), _tables(tmp_path / "slow.duckdb")
    assert left.keys() == right.keys()
    for table in left:
        assert left[table] == right[table], table
    rejects = {(path, locatie) for _, path, locatie, *_ in left["etl_reject"]}
    assert ("extracts/a/breed.csv", "regel 5, kolom 2022") in rejects  # a conflict in a wide file
    assert any(path == "extracts/c/kapot.csv" for path, _ in rejects)  # the pandas path, both times
