"""Tests of the adapters through real builds: each delivery format, good and malformed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from etl.build import build_warehouse
from etl.errors import ExtractError
from tests.conftest import fetch_fact
from tests.etl.conftest import MakeDataDir, toml


def build(data: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    out = tmp_path / "wh.duckdb"
    build_warehouse(data, out, quiet=True)
    return duckdb.connect(str(out), read_only=True)


def rejects(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return con.execute("SELECT path, locatie, reden FROM etl_reject WHERE soort = 'afgewezen' ORDER BY rowid").fetchall()


def test_long_csv_semicolon_dutch_numbers(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir(
        {
            "t/a.csv": "indicator;jaar;gebied;dimensie;groep;waarde\n"
            "test_pct;2023;Amersfoort;totaal;totaal;7,4%\n"
            "test_pct;2023;Nederland;;;8,1\n"
            "test_aantal;2024;GM0307;;;1.020,0\n"
            "test_pct;2023;GM0307;geslacht;meisjes;12%*\n",
            "t/a.toml": toml("a.csv", "long_csv"),
        }
    )
    con = build(data, tmp_path)
    assert fetch_fact(con, "test_pct", 2023) == (7.4, "waarde", "2023")
    assert fetch_fact(con, "test_pct", 2023, "NL01")[0] == 8.1
    assert fetch_fact(con, "test_aantal", 2024)[0] == 1020.0
    assert fetch_fact(con, "test_pct", 2023, dimensie="geslacht", groep="meisjes")[0] == 12.0
    sig = con.execute("SELECT significant FROM v_waarde WHERE groep = 'meisjes'").fetchone()
    assert sig == (True,)
    assert rejects(con) == []


def test_wide_csv_years_as_columns_and_markers(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir(
        {
            "t/w.csv": "indicator,gebied,periode_soort,2021,2022,2023\n"
            'test_pct,GM0307,schooljaar,"1,6",-,x\n'
            "test_aantal,GM0307,,,5,6\n",
            "t/w.toml": toml("w.csv", "wide_csv"),
        }
    )
    con = build(data, tmp_path)
    assert fetch_fact(con, "test_pct", 2021) == (1.6, "waarde", "schooljaar 2021-2022")
    assert fetch_fact(con, "test_pct", 2022) == (None, "niet gemeten", "schooljaar 2022-2023")
    assert fetch_fact(con, "test_pct", 2023) == (None, "geheim/onderdrukt", "schooljaar 2023-2024")
    # an empty cell is no figure at all, not a zero and not a status
    assert con.execute("SELECT count(*) FROM v_waarde WHERE indicator_code = 'test_aantal'").fetchone() == (2,)


def test_cp1252_and_bom_files_read_the_same(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    text = "indicator;jaar;gebied;waarde\ntest_pct;2023;Amersfoort;7,4\n"
    data = make_data_dir(
        {
            "t/bom.csv": "\ufeff" + text,
            "t/bom.toml": toml("bom.csv", "long_csv"),
            "t/ansi.csv": ("indicator;jaar;gebied;waarde;toelichting\n"
                           "test_aantal;2023;Amersfoort;3;café\n").encode("cp1252"),
            "t/ansi.toml": toml("ansi.csv", "long_csv") + 'negeer_kolommen = ["toelichting"]\n',
        }
    )
    con = build(data, tmp_path)
    assert fetch_fact(con, "test_pct", 2023)[0] == 7.4
    assert fetch_fact(con, "test_aantal", 2023)[0] == 3.0


def ggd_workbook(path: Path) -> None:
    """A sheet the way GGD delivers it: title, source, two header rows with merged cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Jeugd"
    ws["A1"] = "Gezondheidsmonitor Jeugd (testbestand)"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Bron: GGD (test)"
    ws.append([])
    ws.append(["Indicator", "Gebied", "Dimensie", "Groep", "Jaar", None])
    ws.append([None, None, None, None, 2021, 2023])
    for col in "ABCD":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("E4:F4")
    ws.append(["test_pct", "Amersfoort", "totaal", "totaal", "28%", "23%*"])
    ws.append(["test_pct", "Nederland", "totaal", "totaal", None, 27])
    pct = ws.cell(row=8, column=5, value=0.31)
    pct.number_format = "0%"
    ws.cell(row=8, column=1, value="test_pct")
    ws.cell(row=8, column=2, value="Amersfoort")
    ws.cell(row=8, column=3, value="geslacht")
    ws.cell(row=8, column=4, value="meisjes")
    ws.append(["* significant verschil"])
    wb.save(path)


def test_xlsx_two_header_rows_and_merged_cells(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir({"ggd/g.toml": toml("g.xlsx", "xlsx")})
    ggd_workbook(data / "extracts" / "ggd" / "g.xlsx")
    con = build(data, tmp_path)
    assert fetch_fact(con, "test_pct", 2021)[0] == 28.0
    assert fetch_fact(con, "test_pct", 2023)[0] == 23.0
    assert fetch_fact(con, "test_pct", 2023, "NL01")[0] == 27.0
    assert fetch_fact(con, "test_pct", 2021, dimensie="geslacht", groep="meisjes")[0] == 31.0
    assert rejects(con) == []
    locaties = con.execute("SELECT count(*) FROM etl_load WHERE rows_read = 4").fetchone()
    assert locaties == (1,)


def test_xlsx_long_sheet_whose_first_row_holds_a_year(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir({"os/o.toml": toml("o.xlsx", "xlsx")})
    wb = Workbook()
    ws = wb.active
    ws.append(["Indicator", "Gebied", "Jaar", "Waarde"])
    ws.append(["test_pct", "Amersfoort", 2015, 36])
    ws.append(["test_pct", "Amersfoort", 2017, 38])
    wb.save(data / "extracts" / "os" / "o.xlsx")
    con = build(data, tmp_path)
    assert fetch_fact(con, "test_pct", 2015)[0] == 36.0
    assert fetch_fact(con, "test_pct", 2017)[0] == 38.0


def test_truncated_xlsx_fails_the_build_naming_the_file(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir({"ggd/g.toml": toml("g.xlsx", "xlsx")})
    full = tmp_path / "full.xlsx"
    ggd_workbook(full)
    (data / "extracts" / "ggd" / "g.xlsx").write_bytes(full.read_bytes()[:700])
    with pytest.raises(ExtractError, match=r"g\.xlsx: geen leesbaar Excel-bestand"):
        build_warehouse(data, tmp_path / "wh.duckdb", quiet=True)


def test_cbs_kwb_sentinels_become_status_never_numbers(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    data = make_data_dir(
        {
            "cbs/k.csv": "regiocode,naam,Inw_1,Woz_2\nGM0307,Amersfoort,161852,-99997\n"
            "WK030701,Stadskern,5775,\nWK030702,Nederberg,-99999999,2.5\n",
            "cbs/k.toml": toml("k.csv", "cbs_kwb", decimaal=".", kolommen="kol.csv") + "jaar = 2024\n",
            "cbs/kol.csv": "kolom,indicator,schaal\nInw_1,test_inwoners,1\nWoz_2,test_aantal,1000\n",
        }
    )
    con = build(data, tmp_path)
    assert fetch_fact(con, "test_inwoners", 2024)[0] == 161852.0
    assert fetch_fact(con, "test_aantal", 2024) == (None, "geheim/onderdrukt", "2024")
    assert fetch_fact(con, "test_aantal", 2024, "WK030701", indeling="wijk2024")[1] == "geheim/onderdrukt"
    assert fetch_fact(con, "test_inwoners", 2024, "WK030702", indeling="wijk2024")[1] == "geheim/onderdrukt"
    assert fetch_fact(con, "test_aantal", 2024, "WK030702", indeling="wijk2024")[0] == 2500.0
    negatives = con.execute("SELECT count(*) FROM v_waarde WHERE waarde < 0").fetchone()
    assert negatives == (0,)


@pytest.mark.parametrize(
    ("content", "reden"),
    [
        (b"", "bestand is leeg"),
        (b"indicator|jaar|waarde\ntest_pct|2023|7\n", "kolom(men) indicator, jaar, waarde ontbreken"),
    ],
)
def test_unreadable_csv_fails_naming_file_and_reason(
    make_data_dir: MakeDataDir, tmp_path: Path, content: bytes, reden: str
) -> None:
    data = make_data_dir({"t/bad.csv": content, "t/bad.toml": toml("bad.csv", "long_csv")})
    with pytest.raises(ExtractError) as info:
        build_warehouse(data, tmp_path / "wh.duckdb", quiet=True)
    assert "bad.csv" in str(info.value)
    assert reden in str(info.value)
