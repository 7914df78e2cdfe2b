"""Reconciliation (etl/reconcile.py): every source cell is loaded, rejected, or ignored by a rule.

The StatLine export is the hand-written one of tests/etl/test_statline.py; the expected counts
below are counted by hand from its lines (see the comments there and here).
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

import etl.adapters.statline as statline
import etl.stage
from etl.__main__ import main
from etl.errors import EXIT_FAILED, EXIT_OK
from etl.reconcile import Balance, ReconcileError, check
from tests.etl.conftest import MakeDataDir
from tests.etl.test_statline import DESCRIPTION, GOOD, KOLOMMEN

OVERSLAAN = "Marges = MOG0095: 'overslaan' in de beschrijving"
SOORTREGIO = "kolom SoortRegio_2 staat in [statline] negeer van de beschrijving"


def _build(make_data_dir: MakeDataDir, tmp_path, description: str = DESCRIPTION, csv: str = GOOD):
    data = make_data_dir(
        {"test/s.csv": csv + "\n", "test/s.toml": description, "test/kolommen.csv": KOLOMMEN}
    )
    out = tmp_path / "wh.duckdb"
    out.write_bytes(b"previous")
    code = main(["build", "--extracts", str(data), "--out", str(out)])
    return code, out


def _counts(out):
    con = duckdb.connect(str(out), read_only=True)
    load = con.execute(
        "SELECT cells_read, rows_loaded, rows_rejected, rows_duplicate, cells_ignored FROM etl_load"
    ).fetchone()
    ignored = con.execute("SELECT regel, cellen FROM etl_ignored ORDER BY regel").fetchall()
    return load, ignored


def test_every_cell_of_a_statline_export_is_accounted_for(make_data_dir, tmp_path, capsys):
    # Non-key cells per line (SoortRegio_2, Percentage_4, Aantal_5): 2: 3, 3: 2, 4: 3, 5: 2
    # (MOG0095, left out), 6: 2; lines 7 and 8 are rejected rows, one cell each: 14 read.
    # Loaded 6 figures, 2 rejects, ignored: SoortRegio_2 on lines 2, 3, 4, 6 and line 5's 2 cells.
    code, out = _build(make_data_dir, tmp_path)
    assert code == EXIT_OK
    load, ignored = _counts(out)
    assert load == (14, 6, 2, 0, 6)
    assert ignored == [(OVERSLAAN, 2), (SOORTREGIO, 4)]
    report = capsys.readouterr().err
    assert "extracts/test/s.csv" in report and f"4 cel(len): {SOORTREGIO}" in report


def test_a_column_claimed_empty_that_holds_cells_is_reported(make_data_dir, tmp_path, capsys):
    description = DESCRIPTION.replace('negeer = ["SoortRegio_2"]', 'negeer_leeg = ["SoortRegio_2"]')
    code, out = _build(make_data_dir, tmp_path, description)
    assert code == EXIT_OK
    rule = "kolom SoortRegio_2 staat in negeer_leeg (volgens de beschrijving leeg), maar heeft cellen"
    assert _counts(out) == ((14, 6, 2, 0, 6), [(OVERSLAAN, 2), (rule, 4)])
    assert f"let op: extracts/test/s.csv: {rule}: 4" in capsys.readouterr().err


def test_an_area_delivered_elsewhere_is_ignored_with_its_reason(make_data_dir, tmp_path):
    description = DESCRIPTION + '\n[statline.negeer_gebieden]\nGM0307 = "al geleverd in a.csv"\n'
    code, out = _build(make_data_dir, tmp_path, description)
    assert code == EXIT_OK
    # line 2 (GM0307): its 3 cells go under the area rule; 2 figures fewer are loaded
    assert _counts(out) == (
        (14, 4, 2, 0, 8),
        [(OVERSLAAN, 2), ("gebied GM0307: al geleverd in a.csv", 3), (SOORTREGIO, 3)],
    )


def test_a_figure_lost_after_counting_fails_the_build_and_publishes_nothing(
    make_data_dir, tmp_path, monkeypatch, capsys
):
    real = statline._figures

    def lossy(chunk, lay):  # a bug: the last figure of each chunk disappears, its count stays
        figures, cells = real(chunk, lay)
        return figures.iloc[:-1], cells

    monkeypatch.setattr(statline, "_figures", lossy)
    code, out = _build(make_data_dir, tmp_path)
    assert code == EXIT_FAILED
    assert out.read_bytes() == b"previous"
    assert "extracts/test/s.csv: 14 cellen gelezen" in capsys.readouterr().err


@pytest.mark.parametrize(("read", "ok"), [(9, False), (10, True), (11, False)])
def test_check_accepts_exactly_the_sum(read, ok):
    # loaded 5 + rejected 2 + duplicate 1 + ignored 2 = 10
    balance = Balance(1, "x.csv", read, 5, 2, 1, 2)
    if ok:
        check([balance], {1: 8})
    else:
        with pytest.raises(ReconcileError, match="x.csv"):
            check([balance], {1: 8})


@pytest.mark.parametrize("figures", [7, 9])
def test_check_refuses_figures_that_do_not_reach_the_warehouse(figures):
    with pytest.raises(ReconcileError):
        check([Balance(1, "x.csv", 10, 5, 2, 1, 2)], {1: figures})


def test_ignored_columns_of_a_long_csv_are_counted_on_both_staging_paths(
    make_data_dir, tmp_path, monkeypatch
):
    text = "indicator;jaar;gebied;waarde;opmerking\ntest_pct;2021;GM0307;5;bron X\ntest_pct;2022;GM0307;6;\n"
    toml = 'bestand = "a.csv"\nformaat = "long_csv"\nbron = "T"\nnegeer_kolommen = ["opmerking"]\n'
    rule = "kolom opmerking staat in negeer_kolommen van de beschrijving"
    for min_bytes in (1 << 20, 0):  # the pandas path, then the DuckDB path
        monkeypatch.setattr(etl.stage, "MIN_BYTES", min_bytes)
        data = make_data_dir({"t/a.csv": text, "t/a.toml": toml})
        out = tmp_path / f"wh{min_bytes}.duckdb"
        assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == EXIT_OK
        assert _counts(out) == ((3, 2, 0, 0, 1), [(rule, 1)])
        shutil.rmtree(data)


def test_note_lines_and_ignored_columns_of_a_workbook_are_counted(make_data_dir, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    for row in (
        ["Indicator", "Gebied", "Opmerking", 2021, 2022],
        ["test_pct", "GM0307", "voorlopig", 5, 6],  # 2 figures, 1 ignored cell
        ["test_pct", "WK030701", None, 7, None],  # 1 figure
        ["Bron: GGD"],  # a note line: 1 ignored cell
    ):
        sheet.append(row)
    toml = 'bestand = "x.xlsx"\nformaat = "xlsx"\nbron = "T"\nnegeer_kolommen = ["Opmerking"]\n'
    data = make_data_dir({"t/x.toml": toml})
    wb.save(data / "extracts" / "t" / "x.xlsx")
    out = tmp_path / "wh.duckdb"
    assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == EXIT_OK
    assert _counts(out) == (
        (5, 3, 0, 0, 2),
        [
            ("kolom Opmerking staat in negeer_kolommen van de beschrijving", 1),
            ("regel met alleen een noot (Bron:, Toelichting:, Noot:, *) onder een tabel", 1),
        ],
    )
