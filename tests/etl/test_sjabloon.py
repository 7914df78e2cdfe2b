"""The fill-in template (`python -m etl sjabloon`, package sjabloon): made from the warehouse, filled
here with SYNTHETIC values, put with its .toml in a copy of the data dir, it builds with 0 rejects."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl.__main__ import main
from etl.build import build_warehouse
from sjabloon import KOPREGEL, standaard_jaren
from tests.conftest import DATA_DIR

INDICATOR = "volw_ernstig_eenzaam"  # a monitor indicator without wijk figures in the shipped data
WIJKEN_2024 = 33  # wijken of the CBS division 2024 in Amersfoort


def _maak(real_warehouse: Path, out: Path, *extra: str) -> None:
    assert main(["sjabloon", INDICATOR, "--warehouse", str(real_warehouse), "--out", str(out),
                 *extra]) == 0


def test_template_lists_the_wijken_and_years_in_the_etl_layout(real_warehouse: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    _maak(real_warehouse, out)
    blad = openpyxl.load_workbook(out)["Cijfers"]
    rijen = list(blad.iter_rows(min_row=KOPREGEL, values_only=True))
    # default years: the latest three with a figure (the indicator has 2021-2024)
    assert rijen[0] == ("Indicator", "Gebied", "Naam wijk", 2022, 2023, 2024)
    assert len(rijen) - 1 == WIJKEN_2024
    assert rijen[1] == (INDICATOR, "WK030701", "Stadskern", None, None, None)
    assert blad.freeze_panes == f"D{KOPREGEL + 1}"
    assert str(blad.data_validations.dataValidation[0].sqref) == f"D{KOPREGEL + 1}:F{KOPREGEL + WIJKEN_2024}"
    toml = out.with_suffix(".toml").read_text(encoding="utf-8")
    assert 'bestand = "s.xlsx"' in toml and 'negeer_kolommen = ["naam wijk"]' in toml


def test_years_and_division_can_be_chosen(real_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    _maak(real_warehouse, out, "--jaren", "2025,2024", "--indeling", "wijk2019")
    rijen = list(openpyxl.load_workbook(out)["Cijfers"].iter_rows(min_row=KOPREGEL, values_only=True))
    assert rijen[0][3:] == (2024, 2025)
    assert len(rijen) - 1 == 31  # wijken of the CBS division 2019


@pytest.mark.parametrize(("args", "code"), [
    (["sjabloon", "bestaat_niet"], 2),
    (["sjabloon", INDICATOR, "--jaren", "23,24"], 2),
    (["sjabloon", INDICATOR, "--indeling", "wijk1999"], 2),
    (["sjabloon", INDICATOR, "--out", "s.csv"], 2),
])
def test_a_wrong_request_is_a_usage_error(real_warehouse: Path, args: list[str], code: int,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*args, "--warehouse", str(real_warehouse)]) == code
    assert capsys.readouterr().err.startswith("fout: ")


def test_without_a_warehouse_the_cli_says_to_build_first(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sjabloon", INDICATOR, "--warehouse", str(tmp_path / "geen.duckdb")]) == 3
    assert "bouw het eerst" in capsys.readouterr().err


@pytest.mark.parametrize(("met_cijfers", "verwacht"), [
    ([2019, 2022, 2023, 2024], (2022, 2023, 2024)),  # more than three: the latest three
    ([2024, 2022, 2023], (2022, 2023, 2024)),  # exactly three
    ([2023, 2023], (2023,)),  # fewer
    ([], (2025,)),  # none: the last full year
])
def test_default_years(met_cijfers: list[int], verwacht: tuple[int, ...]) -> None:
    assert standaard_jaren(met_cijfers, 2026) == verwacht


def test_a_filled_template_builds_with_no_rejects(real_warehouse: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    out = data / "extracts" / "sjabloon_test" / f"sjabloon_{INDICATOR}.xlsx"
    _maak(real_warehouse, out, "--jaren", "2022,2024")
    boek = openpyxl.load_workbook(out)
    blad = boek["Cijfers"]
    eerste = KOPREGEL + 1
    # SYNTHETIC values, generated here: 2022 = 20 + row number for every wijk; 2024 a few cells in
    # each notation. Nothing here is a real figure of a wijk.
    for i in range(WIJKEN_2024):
        blad.cell(eerste + i, 4, 20 + i)
    blad.cell(eerste, 5, 11.5)  # WK030701: a number cell
    blad.cell(eerste + 1, 5, "7,4")  # WK030702: text with a decimal comma
    blad.cell(eerste + 2, 5, "-")  # WK030703: not measured
    blad.cell(eerste + 3, 5, "x")  # WK030704: suppressed
    blad.cell(eerste + 4, 5, "ca. 12")  # WK030705: approximate
    boek.save(out)

    warehouse = tmp_path / "w.duckdb"
    build_warehouse(data, warehouse, quiet=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        load = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected FROM etl_load WHERE path LIKE ?",
            [f"%sjabloon_{INDICATOR}.xlsx"]).fetchone()
        rejects = con.execute("SELECT count(*) FROM etl_reject").fetchone()[0]
        waarden = con.execute(
            """SELECT gebied_code, jaar, waarde, status, soort FROM v_waarde
               WHERE indicator_code = ? AND indeling = 'wijk2024' AND gebied_code IN
                     ('WK030701', 'WK030702', 'WK030703', 'WK030704', 'WK030705')
               ORDER BY jaar, gebied_code""", [INDICATOR]).fetchall()
        wijken = con.execute(
            "SELECT count(*) FROM v_waarde WHERE indicator_code = ? AND gebied_niveau = 'wijk' "
            "AND indeling = 'wijk2024' AND jaar = 2022", [INDICATOR]).fetchone()[0]
        heeft_wijk = con.execute(
            "SELECT k.heeft_wijk FROM indicator_dekking k JOIN dim_indicator i USING (indicator_id) "
            "WHERE i.code = ?", [INDICATOR]).fetchone()[0]
    assert load == (WIJKEN_2024 + 5, WIJKEN_2024 + 5, 0)
    assert rejects == 0
    assert wijken == WIJKEN_2024
    assert heeft_wijk is True
    assert waarden == [
        ("WK030701", 2022, 20.0, "waarde", "gemeten"),
        ("WK030702", 2022, 21.0, "waarde", "gemeten"),
        ("WK030703", 2022, 22.0, "waarde", "gemeten"),
        ("WK030704", 2022, 23.0, "waarde", "gemeten"),
        ("WK030705", 2022, 24.0, "waarde", "gemeten"),
        ("WK030701", 2024, 11.5, "waarde", "gemeten"),
        ("WK030702", 2024, 7.4, "waarde", "gemeten"),
        ("WK030703", 2024, None, "niet gemeten", "gemeten"),
        ("WK030704", 2024, None, "geheim/onderdrukt", "gemeten"),
        ("WK030705", 2024, 12.0, "waarde", "ongeveer"),
    ]
