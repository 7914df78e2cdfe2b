"""Tests of etl.build: schema and v_waarde, rejects and duplicates, atomic publish, determinism."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.build import build_warehouse
from etl.errors import EXIT_EXTRACT_UNREADABLE, EXIT_REJECTS_STRICT, ExtractError, RejectsError
from tests.etl.conftest import MakeDataDir, toml

GOOD = "indicator;jaar;gebied;waarde\ntest_pct;2023;Amersfoort;7,4\ntest_pct;2022;Amersfoort;7,0\n"

V_WAARDE_COLUMNS = [
    "indicator_code", "indicator_naam", "eenheid", "thema", "jaar", "periode_label", "gebied_code",
    "gebied_naam", "gebied_niveau", "indeling", "groep_dimensie", "groep", "waarde", "ondergrens",
    "bovengrens", "significant", "status", "afgeleid", "soort", "soort_uitleg",
]  # fmt: skip


def test_v_waarde_has_the_readable_columns(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir({"t/a.csv": GOOD, "t/a.toml": toml("a.csv", "long_csv")})
    out = tmp_path / "wh.duckdb"
    build_warehouse(data, out, quiet=True)
    con = duckdb.connect(str(out), read_only=True)
    columns = [r[0] for r in con.execute("DESCRIBE v_waarde").fetchall()]
    assert columns == V_WAARDE_COLUMNS
    row = con.execute(
        "SELECT indicator_naam, eenheid, thema, gebied_naam, gebied_niveau, groep_dimensie "
        "FROM v_waarde WHERE jaar = 2023"
    ).fetchone()
    assert row == ("% testindicator", "percentage", "Preventie", "Amersfoort", "gemeente", "totaal")
    load = con.execute("SELECT path, rows_read, rows_loaded, rows_rejected FROM etl_load").fetchone()
    assert load == ("extracts/t/a.csv", 2, 2, 0)
    assert len(con.execute("SELECT sha256 FROM etl_load").fetchone()[0]) == 64


def test_bad_rows_are_rejected_with_reasons_and_good_rows_load(
    make_data_dir: MakeDataDir, tmp_path: Path
) -> None:
    csv = (
        "indicator;jaar;gebied;waarde\n"
        "test_pct;2023;Amersfoort;7,4\n"  # line 2: good
        "onbekend;2023;Amersfoort;1\n"  # line 3
        "test_pct;2023;WK039999;1\n"  # line 4
        "test_pct;2021;Amersfoort;101\n"  # line 5
        "test_pct;2022;Amersfoort;veel\n"  # line 6
        "test_pct;2099;Amersfoort;5\n"  # line 7
        "test_pct;2020;Amersfoort\n"  # line 8: too few fields
        "test_pct;2023;WK030723;5\n"  # line 9: a 2019 wijk in a 2024 extract
    )
    data = make_data_dir({"t/a.csv": csv, "t/a.toml": toml("a.csv", "long_csv")})
    out = tmp_path / "wh.duckdb"
    report = build_warehouse(data, out, quiet=True)
    con = duckdb.connect(str(out), read_only=True)
    found = dict(con.execute("SELECT locatie, reden FROM etl_reject ORDER BY rowid").fetchall())
    assert found == {
        "regel 3": "onbekende indicator 'onbekend'",
        "regel 4": "onbekend gebied 'WK039999'",
        "regel 5": "percentage 101 ligt buiten 0-100",
        "regel 6": "waarde 'veel' is geen getal en geen bekende markering (-, ., x)",
        "regel 7": f"jaar ligt in de toekomst (na {dt.date.today().year}) en is geen prognose",
        "regel 8": "3 velden in plaats van 4 (scheidingsteken ';')",
        "regel 9": "gebied 'WK030723' bestaat niet in indeling wijk2024 (wel in wijk2019)",
    }
    assert con.execute("SELECT count(*) FROM fact_waarde").fetchone() == (1,)
    assert report.loads[0].read == 8
    assert report.rejected == 7


def test_identical_duplicates_load_once_and_conflicts_are_rejected(
    make_data_dir: MakeDataDir, tmp_path: Path
) -> None:
    data = make_data_dir(
        {
            "t/a.csv": GOOD + "test_pct;2023;Amersfoort;7,4\n",
            "t/a.toml": toml("a.csv", "long_csv"),
            "t/b.csv": "indicator;jaar;gebied;waarde\ntest_pct;2022;GM0307;6,9\n",
            "t/b.toml": toml("b.csv", "long_csv"),
        }
    )
    out = tmp_path / "wh.duckdb"
    report = build_warehouse(data, out, quiet=True)
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT waarde FROM v_waarde WHERE jaar = 2023").fetchall() == [(7.4,)]
    assert con.execute("SELECT count(*) FROM v_waarde WHERE jaar = 2022").fetchone() == (0,)
    soorten = con.execute("SELECT soort, path, locatie FROM etl_reject ORDER BY soort, path").fetchall()
    assert soorten == [
        ("afgewezen", "extracts/t/a.csv", "regel 3"),
        ("afgewezen", "extracts/t/b.csv", "regel 2"),
        ("dubbel", "extracts/t/a.csv", "regel 4"),
    ]
    reden = con.execute("SELECT reden FROM etl_reject WHERE path = 'extracts/t/b.csv'").fetchone()[0]
    assert "extracts/t/a.csv, regel 3 = 7; extracts/t/b.csv, regel 2 = 6,9" in reden
    assert (report.loads[0].duplicate, report.rejected) == (1, 2)


def test_failed_build_keeps_the_previous_warehouse(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir({"t/a.csv": GOOD, "t/a.toml": toml("a.csv", "long_csv")})
    out = tmp_path / "wh.duckdb"
    build_warehouse(data, out, quiet=True)
    before = out.read_bytes()
    (data / "extracts" / "t" / "z.csv").write_bytes(b"")
    (data / "extracts" / "t" / "z.toml").write_text(toml("z.csv", "long_csv"))
    with pytest.raises(ExtractError):
        build_warehouse(data, out, quiet=True)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".wh")] == []


def test_strict_build_with_rejects_publishes_nothing(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir(
        {"t/a.csv": GOOD + "test_pct;2020;Amersfoort;abc\n", "t/a.toml": toml("a.csv", "long_csv")}
    )
    out = tmp_path / "wh.duckdb"
    with pytest.raises(RejectsError):
        build_warehouse(data, out, quiet=True, strict=True)
    assert not out.exists()


def test_cli_exit_codes(make_data_dir: MakeDataDir, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = make_data_dir(
        {"t/a.csv": GOOD + "test_pct;2020;Amersfoort;abc\n", "t/a.toml": toml("a.csv", "long_csv")}
    )
    out = tmp_path / "wh.duckdb"
    assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == 0
    assert main(["build", "--extracts", str(data), "--out", str(out), "--strict", "--quiet"]) == EXIT_REJECTS_STRICT
    (data / "extracts" / "t" / "a.csv").write_bytes(b"")
    assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == EXIT_EXTRACT_UNREADABLE
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("fout: ") and "a.csv: bestand is leeg (0 bytes)" in err


def test_data_dir_without_any_extract_stops_with_one_line_and_keeps_the_warehouse(
    make_data_dir: MakeDataDir, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    data = make_data_dir({"t/a.csv": GOOD})  # a file, but no description: not an extract
    out = tmp_path / "wh.duckdb"
    out.write_bytes(b"previous warehouse")
    for geval in ("extracts/ holds no .toml", "no extracts/ at all"):
        if geval == "no extracts/ at all":
            shutil.rmtree(data / "extracts")
        assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == EXIT_EXTRACT_UNREADABLE
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("fout: extracts: geen enkel extract"), geval
        assert out.read_bytes() == b"previous warehouse"


def test_two_builds_of_the_same_extracts_have_the_same_content(
    make_data_dir: MakeDataDir, tmp_path: Path
) -> None:
    data = make_data_dir({"t/a.csv": GOOD, "t/a.toml": toml("a.csv", "long_csv")})
    contents = []
    for name in ("one.duckdb", "two.duckdb"):
        build_warehouse(data, tmp_path / name, quiet=True)
        con = duckdb.connect(str(tmp_path / name), read_only=True)
        tables = ("fact_waarde", "dim_indicator", "dim_gebied", "dim_jaar", "dim_groep", "gebied_geometrie")
        contents.append({t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables})  # noqa: S608
        build_id = con.execute("SELECT waarde FROM warehouse_info WHERE sleutel = 'build_id'").fetchone()
        contents[-1]["build_id"] = build_id
        con.close()
    assert contents[0] == contents[1]


def test_warehouse_file_is_replaced_by_rename_not_rewritten(
    make_data_dir: MakeDataDir, tmp_path: Path
) -> None:
    data = make_data_dir({"t/a.csv": GOOD, "t/a.toml": toml("a.csv", "long_csv")})
    out = tmp_path / "wh.duckdb"
    build_warehouse(data, out, quiet=True)
    reader = duckdb.connect(str(out), read_only=True)  # a reader (the app) holds the old file
    inode = os.stat(out).st_ino
    build_warehouse(data, out, quiet=True)
    assert os.stat(out).st_ino != inode
    assert reader.execute("SELECT count(*) FROM fact_waarde").fetchone() == (2,)
