"""Hostile deliveries (issue 12): no figure loaded wrongly or lost silently, no crash, no file
read outside the data directory.

Each case is generated here and asserts the exact outcome through the CLI: the figures loaded,
the rejects with place and reason, or the one exit-3 line with the previous warehouse intact.
CSV cases run through both staging paths (pandas and DuckDB), which must say the same.
"""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

import etl.stage
from etl.__main__ import main
from etl.errors import EXIT_EXTRACT_UNREADABLE, EXIT_OK
from etl.warehouse import temporary_path
from tests.etl.conftest import MakeDataDir, toml

PREVIOUS = b"previous warehouse"
LONG = "indicator;jaar;gebied;waarde\n"
Files = dict[str, str | bytes]


class Outcome:
    """What one CLI build did: its exit code, stderr, and (on success) the warehouse."""

    def __init__(self, code: int, err: str, out: Path) -> None:
        self.code, self.err, self.out = code, err, out

    def fout(self) -> str:
        """The exit-3 line; the previous warehouse must be untouched."""
        assert self.code == EXIT_EXTRACT_UNREADABLE, self.err
        assert self.out.read_bytes() == PREVIOUS
        lines = self.err.strip().splitlines()
        assert lines[-1].startswith("fout: ")
        assert "Traceback" not in self.err
        return lines[-1]

    def con(self) -> duckdb.DuckDBPyConnection:
        assert self.code == EXIT_OK, self.err
        return duckdb.connect(str(self.out), read_only=True)

    def rejects(self) -> list[tuple[str, str]]:
        return (
            self.con()
            .execute("SELECT locatie, reden FROM etl_reject WHERE soort = 'afgewezen' ORDER BY rowid")
            .fetchall()
        )

    def figures(self) -> list[tuple]:
        """(indicator, jaar, gebied, groep, waarde, status) of every loaded figure, sorted."""
        return (
            self.con()
            .execute(
                """SELECT indicator_code, jaar, gebied_code, groep, waarde, status FROM v_waarde
                   ORDER BY ALL"""
            )
            .fetchall()
        )


Run = Callable[..., Outcome]


@pytest.fixture(params=["pandas", "duckdb"])
def staging(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a CSV is read: small files by pandas, large ones staged in DuckDB."""
    if request.param == "duckdb":
        monkeypatch.setattr(etl.stage, "MIN_BYTES", 0)
    return request.param


@pytest.fixture()
def run(make_data_dir: MakeDataDir, tmp_path: Path, capsys: pytest.CaptureFixture) -> Run:
    def build(files: Files, prepare: Callable[[Path], None] | None = None) -> Outcome:
        shutil.rmtree(tmp_path / "data", ignore_errors=True)  # a test may build several times
        data = make_data_dir(files)
        if prepare is not None:
            prepare(data)
        out = tmp_path / "wh.duckdb"
        out.write_bytes(PREVIOUS)
        code = main(["build", "--extracts", str(data), "--out", str(out)])
        return Outcome(code, capsys.readouterr().err, out)

    return build


def long_csv(text: str, **extra: str) -> Files:
    return {"t/a.csv": text, "t/a.toml": toml("a.csv", "long_csv", **extra)}


def wide_csv(text: str, **extra: str) -> Files:
    return {"t/w.csv": text, "t/w.toml": toml("w.csv", "wide_csv", **extra)}


def workbook(data: Path, rows_per_sheet: dict[str, list[list]]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in rows_per_sheet.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    return wb


def save(wb: Workbook, data: Path, name: str = "t/x.xlsx") -> None:
    wb.save(data / "extracts" / name)


XLSX = {"t/x.toml": toml("x.xlsx", "xlsx")}


def with_xlsx(run: Run, rows_per_sheet: dict[str, list[list]], edit=None, toml_text: str | None = None) -> Outcome:
    def prepare(data: Path) -> None:
        wb = workbook(data, rows_per_sheet)
        if edit is not None:
            edit(wb)
        save(wb, data)

    files = dict(XLSX) if toml_text is None else {"t/x.toml": toml_text}
    return run(files, prepare)


# -- wrong figures: a second table ---------------------------------------------------------------


def test_two_long_csv_exports_glued_together_stop_at_the_second_header(run: Run, staging: str) -> None:
    text = LONG + "test_pct;2021;GM0307;5\n\nIndicator;gebied;jaar;waarde\ntest_pct;2022;GM0307;6\n"
    assert run(long_csv(text)).fout() == (
        "fout: extracts/t/a.csv, regel 4: tweede kopregel: hier begint een tweede tabel; "
        "lever elke tabel als eigen bestand"
    )


def test_a_second_wide_table_with_other_years_is_not_read_under_the_first_years(run: Run, staging: str) -> None:
    text = "indicator;gebied;2019;2020\ntest_pct;GM0307;5;6\nindicator;gebied;2023;2024\ntest_pct;GM0307;7;8\n"
    assert run(wide_csv(text)).fout().startswith("fout: extracts/t/w.csv, regel 3: tweede kopregel")


def test_a_second_table_of_another_width_in_a_malformed_csv_stops_too(run: Run, staging: str) -> None:
    text = LONG + "test_pct;2021;GM0307;5\ngebied;indicator;2023\nGM0307;test_pct;7\n"
    assert run(long_csv(text)).fout().startswith("fout: extracts/t/a.csv, regel 3: tweede kopregel")


def test_two_cbs_tables_glued_together_stop_at_the_second_header(run: Run) -> None:
    table = "regiocode,Inw_1\nGM0307,161852\nWijkcode,Inw_1\nWK030701,5775\n"
    assert run({**CBS, "cbs/k.csv": table, "cbs/kol.csv": "kolom,indicator\nInw_1,test_inwoners\n"}).fout() == (
        "fout: extracts/cbs/k.csv, regel 3: tweede kopregel: hier begint een tweede tabel; "
        "lever elke tabel als eigen bestand"
    )


def test_each_table_stacked_in_one_sheet_is_read_under_its_own_header(run: Run) -> None:
    rows = [
        ["Indicator", "Gebied", 2019, 2020],
        ["test_pct", "GM0307", 5, 6],
        [],
        ["Bron: test"],
        ["Indicator", "Gebied", 2023, 2024],
        ["test_pct", "GM0307", 7, 8],
    ]
    figures = with_xlsx(run, {"Blad": rows}).figures()
    assert [(j, w) for _, j, _, _, w, _ in figures] == [(2019, 5.0), (2020, 6.0), (2023, 7.0), (2024, 8.0)]


# -- wrong figures: the area column --------------------------------------------------------------


def test_no_area_column_and_no_declared_default_stops_the_build(run: Run, staging: str) -> None:
    assert run(long_csv("indicator;jaar;waarde\ntest_pct;2021;5\n")).fout() == (
        "fout: extracts/t/a.csv, regel 1: geen gebiedskolom (gebied, wijkcode, buurtcode, regio, …) en de "
        'beschrijving noemt geen standaard gebied ([standaard] gebied = "GM0307")'
    )


def test_the_gemeente_default_applies_only_when_declared(run: Run, staging: str) -> None:
    files = long_csv("indicator;jaar;waarde\ntest_pct;2021;5\n")
    files["t/a.toml"] += '[standaard]\ngebied = "GM0307"\n'
    assert run(files).figures() == [("test_pct", 2021, "GM0307", "totaal", 5.0, "waarde")]


def test_a_blank_cell_under_an_area_column_is_a_reject_even_with_a_default(run: Run, staging: str) -> None:
    text = "indicator;gebied;groep;2021\ntest_pct;WK030701;totaal;5\ntest_pct;;totaal;6\ntest_pct; ;totaal;7\n"
    files = wide_csv(text)
    files["t/w.toml"] += '[standaard]\ngebied = "GM0307"\n'
    outcome = run(files)
    assert outcome.rejects() == [
        ("regel 3, kolom 2021", "gebied ontbreekt"),
        ("regel 4, kolom 2021", "gebied ontbreekt"),
    ]
    assert [f[2] for f in outcome.figures()] == ["WK030701"]


@pytest.mark.parametrize("name", ["wijkcode", "Buurtcode", "regio", "GWB_code"])
def test_an_area_column_under_another_name_is_read_as_the_area(run: Run, staging: str, name: str) -> None:
    outcome = run(wide_csv(f"indicator;{name};2021\ntest_pct;WK030701;5\n"))
    assert outcome.figures() == [("test_pct", 2021, "WK030701", "totaal", 5.0, "waarde")]


def test_two_area_columns_stop_the_build(run: Run, staging: str) -> None:
    text = "indicator;gebied;wijkcode;jaar;waarde\ntest_pct;GM0307;WK030701;2021;5\n"
    assert run(long_csv(text)).fout() == (
        "fout: extracts/t/a.csv, regel 1: kolommen 'gebied' en 'wijkcode' zijn allebei een gebiedkolom; "
        "noem er één in negeer_kolommen van de beschrijving"
    )


def test_an_excel_area_cell_merged_over_its_group_rows_fills_down(run: Run) -> None:
    rows = [
        ["Indicator", "Gebied", "Dimensie", "Groep", 2021],
        ["test_pct", "WK030701", "geslacht", "jongens", 5],
        ["test_pct", None, "geslacht", "meisjes", 6],
        ["test_pct", None, None, "totaal", 7],
    ]

    def merge(wb: Workbook) -> None:
        wb["Blad"].merge_cells("B2:B4")

    figures = with_xlsx(run, {"Blad": rows}, merge).figures()
    assert [(g, gr, w) for _, _, g, gr, w, _ in figures] == [
        ("WK030701", "jongens", 5.0),
        ("WK030701", "meisjes", 6.0),
        ("WK030701", "totaal", 7.0),
    ]


def test_a_pivot_style_blank_area_in_excel_is_a_reject_not_the_gemeente(run: Run) -> None:
    rows = [["Indicator", "Gebied", 2021], ["test_pct", "WK030701", 5], ["test_pct", None, 6]]
    outcome = with_xlsx(run, {"Blad": rows})
    assert outcome.rejects() == [("Blad!C3", "gebied ontbreekt")]


# -- wrong figures: undocumented and duplicated columns ------------------------------------------


UNKNOWN = "kolom 'schaal' is geen bekende kolom; een kolom die niet gelezen moet worden hoort in negeer_kolommen van de beschrijving"


def test_an_undocumented_column_stops_the_build(run: Run, staging: str) -> None:
    text = "indicator;jaar;gebied;waarde;schaal\ntest_aantal;2021;GM0307;5;1000\n"
    assert run(long_csv(text)).fout() == f"fout: extracts/t/a.csv, regel 1: {UNKNOWN}"


def test_an_undocumented_column_in_a_wide_file_or_sheet_stops_the_build(run: Run) -> None:
    text = "indicator;gebied;schaal;2021\ntest_aantal;GM0307;1000;5\n"
    wide = "kolom 'schaal' is geen jaartal (jaarkolommen heten 2021, 2022, …) en geen bekende kolom"
    assert run(wide_csv(text)).fout().startswith(f"fout: extracts/t/w.csv, regel 1: {wide}")
    rows = [["Titel"], ["Indicator", "Gebied", "Jaar", "Waarde", "Schaal"], ["test_aantal", "GM0307", 2021, 5, 1000]]
    assert with_xlsx(run, {"Blad": rows}).fout().startswith(
        "fout: extracts/t/x.xlsx, Blad!E2: kolom 'Schaal' is geen bekende kolom"
    )


def test_a_column_listed_as_ignored_is_not_read(run: Run, staging: str) -> None:
    text = "indicator;jaar;gebied;waarde;Schaal;opmerking\ntest_aantal;2021;GM0307;5;1000;nvt\n"
    files = long_csv(text)
    files["t/a.toml"] += 'negeer_kolommen = ["schaal", "Opmerking"]\n'
    assert run(files).figures() == [("test_aantal", 2021, "GM0307", "totaal", 5.0, "waarde")]


@pytest.mark.parametrize(
    ("files", "fout"),
    [
        (long_csv(LONG.replace("waarde", "waarde;Waarde") + "test_pct;2021;GM0307;5;50\n"),
         "fout: extracts/t/a.csv, regel 1: kolom 'Waarde' staat twee keer in de kopregel"),
        (wide_csv("indicator;gebied;2021;2021\ntest_pct;GM0307;5;6\n"),
         "fout: extracts/t/w.csv, regel 1: kolom '2021' staat twee keer in de kopregel"),
        ({"cbs/k.csv": "regiocode,Inw_1,inw_1\nGM0307,5,6\n",
          "cbs/k.toml": toml("k.csv", "cbs_kwb", decimaal=".", kolommen="kol.csv") + "jaar = 2024\n",
          "cbs/kol.csv": "kolom,indicator,schaal\nInw_1,test_inwoners,1\n"},
         "fout: extracts/cbs/k.csv, regel 1: kolom 'inw_1' staat twee keer in de kopregel"),
    ],
)  # fmt: skip
def test_a_duplicated_column_name_stops_the_build(run: Run, files: Files, fout: str) -> None:
    assert run(files).fout() == fout


def test_a_duplicated_column_name_in_a_sheet_stops_the_build(run: Run) -> None:
    rows = [["Indicator", "Gebied", 2021, "2021 "], ["test_pct", "GM0307", 5, 6]]
    assert with_xlsx(run, {"Blad": rows}).fout() == (
        "fout: extracts/t/x.xlsx, Blad!D1: kolom '2021' staat twee keer in de kopregel"
    )


# -- wrong figures: intervals, non-finite numbers, thousands -------------------------------------


def test_implausible_confidence_intervals_are_rejected_with_the_reason(run: Run, staging: str) -> None:
    text = (
        "indicator;jaar;gebied;waarde;ondergrens;bovengrens\n"
        "test_pct;2021;WK030701;50;40;60\n"
        "test_pct;2021;WK030702;50;60;40\n"
        "test_pct;2021;WK030703;70;40;60\n"
        "test_pct;2021;WK030704;50;-5;60\n"
        "test_pct;2021;WK030705;99;90;100,5\n"
        "test_aantal;2021;WK030706;500;400;600\n"
        "test_aantal;2021;WK030707;300;400;\n"
        "test_pct;2021;WK030708;x;60;40\n"
    )
    outcome = run(long_csv(text))
    assert outcome.rejects() == [
        ("regel 3", "ondergrens 60 ligt boven bovengrens 40; waarde 50 ligt buiten het eigen betrouwbaarheidsinterval 60 - 40"),
        ("regel 4", "waarde 70 ligt buiten het eigen betrouwbaarheidsinterval 40 - 60"),
        ("regel 5", "ondergrens -5 ligt buiten 0-100"),
        ("regel 6", "bovengrens 100,5 ligt buiten 0-100"),
        ("regel 8", "waarde 300 ligt buiten het eigen betrouwbaarheidsinterval 400 - …"),
        ("regel 9", "ondergrens 60 ligt boven bovengrens 40"),
    ]
    assert sorted(f[2] for f in outcome.figures()) == ["WK030701", "WK030706"]


def test_implausible_intervals_in_a_sheet_are_rejected(run: Run) -> None:
    rows = [
        ["Indicator", "Gebied", "Jaar", "Waarde", "Ondergrens", "Bovengrens"],
        ["test_pct", "WK030701", 2021, 50, 40, 60],
        ["test_pct", "WK030702", 2021, 50, 60, 40],
    ]
    assert with_xlsx(run, {"Blad": rows}).rejects() == [
        ("Blad!D3", "ondergrens 60 ligt boven bovengrens 40; waarde 50 ligt buiten het eigen betrouwbaarheidsinterval 60 - 40")
    ]


def test_non_finite_and_foreign_digit_numbers_are_rejected_never_stored(run: Run, staging: str) -> None:
    text = (
        "indicator;jaar;gebied;waarde;bovengrens\n"
        f"test_aantal;2021;WK030701;{'9' * 400};\n"
        "test_aantal;2021;WK030702;inf;\n"
        "test_aantal;2021;WK030703;NaN;\n"
        "test_aantal;2021;WK030704;\uff17\uff11;\n"
        "test_aantal;2021;WK030705;5;Infinity\n"
        "test_aantal;\uff12\uff10\uff12\uff11;WK030706;5;\n"
        "test_aantal;inf;WK030707;5;\n"
        "test_aantal;2021;WK030708;5;\n"
    )
    outcome = run(long_csv(text))
    assert outcome.rejects() == [
        ("regel 2", f"waarde '{'9' * 60}…' is te groot om als getal op te slaan"),
        ("regel 3", "waarde 'inf' is geen getal en geen bekende markering (-, ., x)"),
        ("regel 4", "waarde 'NaN' is geen getal en geen bekende markering (-, ., x)"),
        ("regel 5", "waarde '\uff17\uff11' bevat andere cijfers dan 0-9"),
        ("regel 6", "bovengrens 'Infinity' is geen getal"),
        ("regel 7", "jaar '\uff12\uff10\uff12\uff11' is geen jaartal"),
        ("regel 8", "jaar 'inf' is geen jaartal"),
    ]
    con = outcome.con()
    assert con.execute("SELECT count(*) FROM fact_waarde").fetchone() == (1,)
    bad = """SELECT count(*) FROM fact_waarde WHERE NOT isfinite(waarde)
             OR (status = 'waarde' AND waarde IS NULL) OR NOT isfinite(coalesce(bovengrens, 0))"""
    assert con.execute(bad).fetchone() == (0,)


def test_non_finite_numbers_in_a_wide_file_and_a_sheet_are_rejected(run: Run) -> None:
    outcome = run(wide_csv("indicator;gebied;2021;2022\ntest_aantal;GM0307;NaN;\uff17\n"))
    assert outcome.rejects() == [
        ("regel 2, kolom 2021", "waarde 'NaN' is geen getal en geen bekende markering (-, ., x)"),
        ("regel 2, kolom 2022", "waarde '\uff17' bevat andere cijfers dan 0-9"),
    ]
    rows = [["Indicator", "Gebied", 2021, 2022], ["test_aantal", "GM0307", "\uff17\uff11", 12345]]

    def infinite(data: Path) -> None:  # a number cell Excel would not write, but a file can hold
        path = data / "extracts" / "t" / "x.xlsx"
        wb = workbook(data, {"Blad": rows})
        save(wb, data)
        content = path.read_bytes()
        with zipfile.ZipFile(path) as src:
            items = [(item, src.read(item.filename)) for item in src.infolist()]
        with zipfile.ZipFile(path, "w") as dst:
            for item, body in items:
                dst.writestr(item, body.replace(b"<v>12345</v>", b"<v>1e999</v>"))
        assert content != path.read_bytes()

    assert run(dict(XLSX), infinite).rejects() == [
        ("Blad!C2", "waarde '\uff17\uff11' bevat andere cijfers dan 0-9"),
        ("Blad!D2", "waarde 'inf' is geen getal en geen bekende markering (-, ., x)"),
    ]


@pytest.mark.parametrize("decimaal", [",", "."])
def test_one_mark_before_three_digits_is_rejected_in_either_notation(run: Run, staging: str, decimaal: str) -> None:
    other = "8,3" if decimaal == "." else "8.3"
    text = LONG + f"test_aantal;2021;WK030701;1,020\ntest_aantal;2021;WK030702;1.020\ntest_aantal;2021;WK030703;{other}\n"
    text += "test_aantal;2021;WK030704;1 020\n"
    outcome = run(long_csv(text, decimaal=decimaal))
    ambiguous = "is dubbelzinnig: duizendtallen of drie decimalen? (schrijf duizendtallen zonder punt of komma)"
    assert outcome.rejects() == [
        ("regel 2", f"waarde '1,020' {ambiguous}"),
        ("regel 3", f"waarde '1.020' {ambiguous}"),
        ("regel 4", f"waarde {other!r} is geen getal in de notatie van dit bestand "
                    f"(decimaalteken {decimaal!r}; duizendtallen in groepen van drie)"),
    ]  # fmt: skip
    assert outcome.figures() == [("test_aantal", 2021, "WK030704", "totaal", 1020.0, "waarde")]


def test_an_excel_number_with_three_decimals_is_not_taken_for_thousands(run: Run) -> None:
    rows = [["Indicator", "Gebied", 2021, 2022], ["test_aantal", "GM0307", 1.025, 1020]]
    assert [f[4] for f in with_xlsx(run, {"Blad": rows}).figures()] == [1.025, 1020.0]


# -- figures lost: headers ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["2011-2012", "2012 *", "totaal", "2012a", ""])
def test_a_wide_header_that_is_no_year_is_reported_never_dropped(run: Run, name: str) -> None:
    outcome = run(wide_csv(f"indicator;gebied;2011;{name}\ntest_pct;GM0307;5;6\n"))
    shown = "zonder naam" if not name else repr(name)
    assert outcome.fout() == (
        f"fout: extracts/t/w.csv, regel 1: kolom {shown} is geen jaartal (jaarkolommen heten 2021, 2022, …) en "
        "geen bekende kolom; een kolom die niet gelezen moet worden hoort in negeer_kolommen van de beschrijving"
    )


def test_excel_year_headers_typed_as_text_or_float_are_read(run: Run) -> None:
    rows = [["Indicator", "Gebied", "2011 ", 2012.0, 2013], ["test_pct", "GM0307", 5, 6, 7]]
    assert [(f[1], f[4]) for f in with_xlsx(run, {"Blad": rows}).figures()] == [(2011, 5.0), (2012, 6.0), (2013, 7.0)]


def test_a_second_sheet_with_a_variant_header_name_is_read(run: Run) -> None:
    sheets = {
        "Een": [["Indicator", "Gebied", 2021], ["test_pct", "GM0307", 5]],
        "Twee": [["Indicatornaam", "Wijkcode", 2021], ["test_pct", "WK030701", 6]],
    }
    assert [(f[2], f[4]) for f in with_xlsx(run, sheets).figures()] == [("GM0307", 5.0), ("WK030701", 6.0)]


def test_a_sheet_with_numbers_but_no_header_stops_the_build(run: Run) -> None:
    sheets = {
        "Een": [["Indicator", "Gebied", 2021], ["test_pct", "GM0307", 5]],
        "Toelichting": [["Alleen tekst: dit blad wordt overgeslagen"]],
        "Twee": [["Naam", "Gebied", 2021], ["test_pct", "GM0307", 6]],
    }
    assert with_xlsx(run, sheets).fout() == (
        "fout: extracts/t/x.xlsx, Twee!C1: blad met getallen maar zonder kopregel die met 'Indicator' begint"
    )


def test_a_formula_without_a_cached_value_is_reported(run: Run) -> None:
    rows = [["Indicator", "Gebied", 2021, 2022], ["test_aantal", "GM0307", 5, "=C2*2"]]
    assert with_xlsx(run, {"Blad": rows}).rejects() == [
        ("Blad!D2", "formule zonder opgeslagen uitkomst ('=C2*2'): bewaar het in Excel")
    ]


def test_an_unterminated_quote_rejects_its_line_only(run: Run, staging: str) -> None:
    text = LONG + 'test_pct;2021;WK030701;5\ntest_pct;2021;"WK030702;6\ntest_pct;2021;WK030703;7\ntest_pct;2021;WK030704;8\n'
    reason = "aanhalingsteken op regel 3 niet afgesloten: alleen deze regel is afgewezen"
    outcome = run(long_csv(text))
    assert outcome.rejects() == [("regel 3", reason)]
    assert [f[2] for f in outcome.figures()] == ["WK030701", "WK030703", "WK030704"]


def test_two_unterminated_quotes_and_a_real_multiline_field(run: Run, staging: str) -> None:
    """Only the lines that open a quote never closed are rejected; a quoted field that does close
    on a later line stays one record (its figure keeps the line it starts on)."""
    text = LONG + (
        'test_pct;2021;"WK030701;5\n'  # line 2: never closed
        'test_pct;2021;WK030702;"6"\n'  # line 3
        'test_pct;2021;"WK030703;7\n'  # line 4: never closed
        'test_pct;2021;WK030704;8\n'  # line 5
    )
    outcome = run(long_csv(text))
    assert [r[0] for r in outcome.rejects()] == ["regel 2", "regel 4"]
    assert [(f[2], f[4]) for f in outcome.figures()] == [("WK030702", 6.0), ("WK030704", 8.0)]


# -- crashes: files that are not what they say ----------------------------------------------------


def _zip_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "z.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "x")
    return path.read_bytes()


def test_files_that_are_not_what_their_description_says(run: Run, tmp_path: Path) -> None:
    zipped = _zip_bytes(tmp_path)
    assert run(long_csv(zipped)).fout() == "fout: extracts/t/a.csv: is een zip-bestand (xlsx?), geen CSV-tekst"  # type: ignore[arg-type]
    as_xlsx = {"t/x.xlsx": LONG + "test_pct;2021;GM0307;5\n", **XLSX}
    assert run(as_xlsx).fout() == (
        "fout: extracts/t/x.xlsx: is geen Excel-bestand (geen zip; een CSV-bestand met een .xlsx-naam?)"
    )
    assert run({"t/x.xlsx": zipped, **XLSX}).fout().startswith(
        "fout: extracts/t/x.xlsx: geen leesbaar Excel-bestand (afgebroken of beschadigd?): "
    )


def test_a_corrupt_sheet_xml_is_an_unreadable_workbook(run: Run, tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    wb = Workbook()
    wb.active.append(["Indicator", "Gebied", 2021])
    wb.save(good)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            dst.writestr(item, content)
    assert run({"t/x.xlsx": broken.read_bytes(), **XLSX}).fout().startswith(
        "fout: extracts/t/x.xlsx: geen leesbaar Excel-bestand (afgebroken of beschadigd?): "
    )


def test_encodings_that_cannot_be_read_are_named(run: Run, staging: str) -> None:
    mixed = (LONG + "test_pct;2021;Soesterkwarti\xe8r;5\n").encode("cp1252") + "test_pct;2022;Soesterkwartièr;6\n".encode()
    assert run(long_csv(mixed)).fout() == (  # type: ignore[arg-type]
        "fout: extracts/t/a.csv, regel 3: gemengde tekencodering: regel 3 is UTF-8, regel 2 niet (cp1252?); "
        "sla het bestand in één codering op, liefst UTF-8"
    )
    utf16 = (LONG + "test_pct;2021;GM0307;5\n").encode("utf-16")
    assert run(long_csv(utf16)).fout() == "fout: extracts/t/a.csv: is UTF-16 gecodeerd; sla het op als UTF-8"  # type: ignore[arg-type]
    no_bom = (LONG + "test_pct;2021;GM0307;5\n").encode("utf-16-le")
    assert "UTF-16" in run(long_csv(no_bom)).fout()  # type: ignore[arg-type]
    undefined = (LONG + "test_pct;2021;GM0307;5\n").encode() + b"test_pct;2022;GM\x810307;5\n"
    assert run(long_csv(undefined)).fout() == "fout: extracts/t/a.csv, regel 3: tekst is geen UTF-8 en geen cp1252"  # type: ignore[arg-type]


CBS = {
    "cbs/k.csv": "regiocode,Inw_1\nGM0307,161852\n",
    "cbs/k.toml": toml("k.csv", "cbs_kwb", decimaal=".", kolommen="kol.csv") + "jaar = 2024\n",
}


@pytest.mark.parametrize(
    ("mapping", "fout"),
    [
        ("kolom,indicator,schaal\nInw_1\n", "fout: extracts/cbs/kol.csv, regel 2: regel zonder kolom of indicator (te weinig velden?)"),
        ("kolom,indicator\nInw_1,test_inwoners\ninw_1,test_aantal\n", "fout: extracts/cbs/kol.csv, regel 3: kolom 'inw_1' staat er twee keer in (ook regel 2)"),
        ("kolom;indicator;schaal\nInw_1;test_inwoners;1\n", "fout: extracts/cbs/kol.csv, regel 1: kolommenbestand heeft de kolommen kolom,indicator,schaal nodig"),
        ("kolom,indicator\nInw_1,test_inwoners\n".encode("utf-16"), "fout: extracts/cbs/kol.csv: is UTF-16 gecodeerd; sla het op als UTF-8"),
    ],
)  # fmt: skip
def test_a_bad_cbs_column_mapping_file_is_named_with_its_line(run: Run, mapping: str | bytes, fout: str) -> None:
    assert run({**CBS, "cbs/kol.csv": mapping}).fout() == fout


def test_a_cp1252_cbs_column_mapping_file_is_read(run: Run) -> None:
    mapping = "kolom,indicator,toelichting\nInw_1,test_inwoners,Inwoners (één telling)\n".encode("cp1252")
    figures = run({**CBS, "cbs/kol.csv": mapping}).figures()
    assert figures == [("test_inwoners", 2024, "GM0307", "totaal", 161852.0, "waarde")]


# -- crashes: descriptions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "reden"),
    [
        ('jaar = "2012a"', "jaar moet een jaartal zijn (jaar = 2024), niet '2012a'"),
        ("jaar = true", "jaar moet een jaartal zijn (jaar = 2024), niet True"),
        ("standaard = 5", "standaard moet een tabel zijn ([standaard]), niet 5"),
        ("kolommen = 5", "kolommen moet een bestandsnaam zijn, niet 5"),
        ('negeer_kolommen = "opmerking"', "negeer_kolommen moet een lijst van namen zijn ([\"opmerking\"]), niet 'opmerking'"),
        ("indeling = 2024", "indeling 2024 onbekend; kies uit ('wijk2019', 'wijk2024')"),
        ("[standaard]\ngroep = [1, 2]", "[standaard] groep moet tekst of een getal zijn, niet [1, 2]"),
        ('[standaard]\nlocatie = "Blad1!A1"', "[standaard] 'locatie' is geen kolom; bekend: bovengrens, dimensie, gebied, groep, indicator, jaar, ondergrens, peildag, periode_soort, schaal, significant, waarde"),
    ],
)  # fmt: skip
def test_a_description_with_a_wrong_typed_value_is_named(run: Run, extra: str, reden: str) -> None:
    files = long_csv(LONG + "test_pct;2021;GM0307;5\n")
    files["t/a.toml"] += extra + "\n"
    assert run(files).fout() == f"fout: extracts/t/a.toml: {reden}"


def test_a_directory_named_toml_is_named_and_a_bom_toml_is_accepted(run: Run) -> None:
    files = long_csv(LONG + "test_pct;2021;GM0307;5\n")
    files["t/a.toml"] = "\ufeff" + files["t/a.toml"]
    assert run(files).figures() == [("test_pct", 2021, "GM0307", "totaal", 5.0, "waarde")]
    files["t/map.toml/leeg.txt"] = ""
    assert run(files).fout() == "fout: extracts/t/map.toml: is een map of geen gewoon bestand, geen beschrijving"


@pytest.mark.parametrize("peildag", ["1|oktober", "1 oktober|", "|||"])
def test_unexpected_text_in_peildag_is_a_reject(run: Run, staging: str, peildag: str) -> None:
    text = "indicator;jaar;gebied;waarde;periode_soort;peildag\n"
    text += f"test_pct;2021;GM0307;5;peildatum;{peildag}\ntest_pct;2022;GM0307;5;peildatum;1 oktober\n"
    outcome = run(long_csv(text))
    assert outcome.rejects() == [("regel 2", f"peildag {peildag.strip()!r} is geen dag als '1 oktober'")]
    assert len(outcome.figures()) == 1


# -- crashes: sizes ---------------------------------------------------------------------------------


def test_a_stray_far_cell_does_not_make_the_sheet_huge(run: Run) -> None:
    def stray(wb: Workbook) -> None:
        wb["Blad"]["XFD1048576"] = "x"

    started = time.perf_counter()
    outcome = with_xlsx(run, {"Blad": [["Indicator", "Gebied", 2021], ["test_pct", "GM0307", 5]]}, stray)
    assert [f[4] for f in outcome.figures()] == [5.0]
    assert outcome.rejects() == [("Blad!XFD1048576", "cel staat in een kolom zonder kop")]
    assert time.perf_counter() - started < 30  # was minutes and 4.6 GB; seconds on a loaded machine


def test_a_value_in_a_column_without_a_header_is_reported(run: Run) -> None:
    rows = [["Indicator", "Gebied", 2021], ["test_pct", "GM0307", 5, 6]]
    outcome = with_xlsx(run, {"Blad": rows})
    assert outcome.rejects() == [("Blad!D2", "cel staat in een kolom zonder kop")]


@pytest.mark.parametrize("kind", ["long", "wide", "cbs"])
def test_a_header_with_100000_columns_fails_fast(run: Run, kind: str) -> None:
    names = ";".join(f"k{i}" for i in range(100_000))
    if kind == "cbs":
        files = {**CBS, "cbs/k.csv": "regiocode," + names.replace(";", ",") + "\nGM0307\n", "cbs/kol.csv": "kolom,indicator\nk1,test_aantal\n"}
        where = "extracts/cbs/k.csv"
    elif kind == "long":
        files, where = long_csv(f"indicator;jaar;gebied;waarde;{names}\n" + "test_pct;2021;GM0307;5\n"), "extracts/t/a.csv"
    else:
        files, where = wide_csv(f"indicator;gebied;2021;{names}\n"), "extracts/t/w.csv"
    started = time.perf_counter()
    fout = run(files).fout()
    assert time.perf_counter() - started < 30  # was 100 s and 2.6 GB
    assert fout == f"fout: {where}, regel 1: kopregel met {100_000 + (1 if kind == 'cbs' else 4 if kind == 'long' else 3)} kolommen (meer dan 5000)"


# -- files outside the data directory ----------------------------------------------------------------


def test_a_path_outside_the_data_directory_is_refused_and_never_echoed(run: Run, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.csv"
    secret.write_text("root:x:0:0:geheime eerste regel\n", encoding="utf-8")
    files = {"t/a.toml": toml("../../../geheim.csv", "long_csv")}
    fout = run(files).fout()
    assert fout == (
        "fout: extracts/t/a.toml: bestand '../../../geheim.csv' ligt buiten de datamap; "
        "alleen bestanden in de datamap worden gelezen"
    )
    files = {"t/a.toml": toml("../../../../../../../../etc/passwd", "long_csv")}
    assert "ligt buiten de datamap" in run(files).fout()


def test_a_symlink_to_a_file_outside_the_data_directory_is_refused(run: Run, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.csv"
    secret.write_text("root:x:0:0:geheime eerste regel\n", encoding="utf-8")

    def link(data: Path) -> None:
        (data / "extracts" / "t" / "a.csv").symlink_to(secret)

    outcome = run({"t/a.toml": toml("a.csv", "long_csv")}, link)
    assert outcome.fout() == (
        "fout: extracts/t/a.toml: bestand 'a.csv' ligt buiten de datamap; alleen bestanden in de datamap worden gelezen"
    )
    assert "root" not in outcome.err and "geheim" not in outcome.err.replace("geheim.csv", "")

    def link_toml(data: Path) -> None:
        outside = tmp_path / "b.toml"
        outside.write_text(toml("a.csv", "long_csv"), encoding="utf-8")
        (data / "extracts" / "t").mkdir(parents=True, exist_ok=True)
        (data / "extracts" / "t" / "b.toml").symlink_to(outside)

    assert run({}, link_toml).fout() == (
        "fout: extracts/t/b.toml: beschrijving verwijst (als symlink) naar een plek buiten de datamap"
    )


# -- messages ------------------------------------------------------------------------------------------


def test_a_huge_cell_with_a_nul_byte_gives_a_short_escaped_reason(run: Run, staging: str) -> None:
    cell = "WK\x00" + "9" * 1_000_000
    outcome = run(long_csv(LONG + f"test_pct;2021;{cell};5\ntest_pct;2021;GM0307;5\n"))
    [(place, reason)] = outcome.rejects()
    assert (place, reason) == ("regel 2", "onbekend gebied 'WK\\x00" + "9" * 57 + "…'")
    assert "\x00" not in outcome.err and len(max(outcome.err.splitlines(), key=len)) < 300


def test_a_field_over_the_csv_limit_is_reported_on_the_line_where_its_record_starts(run: Run) -> None:
    big = "x\n" * 100_000  # 200 kB over 100,000 lines, above the csv module's field limit
    text = LONG + "test_pct;2021;GM0307;5;te veel\n" + f'test_pct;2021;"{big}";5\n'
    assert run(long_csv(text)).fout() == (
        "fout: extracts/t/a.csv, regel 3: onleesbare CSV: field larger than field limit (131072)"
    )


def test_an_encrypted_workbook_and_a_directory_as_bestand_are_said_exactly(run: Run) -> None:
    # The start of a compound file with the stream name an encrypted .xlsx carries.
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptionInfo".encode("utf-16-le")
    assert run({"t/x.xlsx": encrypted, **XLSX}).fout() == (
        "fout: extracts/t/x.xlsx: werkmap is versleuteld (met een wachtwoord beveiligd); lever hem zonder"
    )
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    assert run({"t/x.xlsx": old, **XLSX}).fout() == (
        "fout: extracts/t/x.xlsx: is een oud Excel-bestand (.xls, 97-2003); sla het op als .xlsx"
    )
    files = {"t/a.toml": toml("map", "long_csv"), "t/map/b.txt": ""}
    assert run(files).fout() == "fout: extracts/t/a.toml: bestand 'map' is een map, geen bestand"


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


def test_stale_temp_files_of_dead_builds_are_cleaned_at_the_next_build(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "wh.duckdb"
    dead = out.with_name(f".{out.name}.building-{_dead_pid()}")
    alive = out.with_name(f".{out.name}.building-{os.getppid()}")
    other = out.with_name(f".ander.duckdb.building-{_dead_pid()}")
    for path in (dead, dead.with_name(dead.name + ".wal"), alive, other):
        path.write_bytes(b"half a warehouse")
    outcome = run(long_csv(LONG + "test_pct;2021;GM0307;5\n"))
    assert outcome.code == EXIT_OK
    assert not dead.exists() and not dead.with_name(dead.name + ".wal").exists()
    assert alive.exists() and other.exists()  # a running build's file, another target's file
    assert not temporary_path(out).exists()


# -- found by fuzzing the readers ------------------------------------------------------------------


def test_a_short_row_in_a_file_with_interval_columns_is_one_reject(run: Run, staging: str) -> None:
    text = "indicator;jaar;gebied;waarde;ondergrens;bovengrens\ntest_pct;2021;GM0307;70"
    assert run(long_csv(text)).rejects() == [("regel 2", "4 velden in plaats van 6 (scheidingsteken ';')")]


def test_a_sheet_of_only_header_rows_holds_no_figures_and_no_error(run: Run) -> None:
    rows = [["Indicator", "Gebied", "Jaar"], [None, None, 2021]]

    def merge(wb: Workbook) -> None:
        for col in "AB":
            wb["Blad"].merge_cells(f"{col}1:{col}2")

    outcome = with_xlsx(run, {"Blad": rows}, merge)
    assert outcome.figures() == [] and outcome.rejects() == []
    assert "bevat geen gegevensregels" in outcome.err


def test_a_cbs_mapping_outside_the_data_directory_is_refused(run: Run) -> None:
    files = {**CBS, "cbs/k.toml": toml("k.csv", "cbs_kwb", decimaal=".", kolommen="../../../x.csv") + "jaar = 2024\n"}
    assert run(files).fout() == (
        "fout: extracts/cbs/k.toml: kolommen '../../../x.csv' ligt buiten de datamap; "
        "alleen bestanden in de datamap worden gelezen"
    )


def test_a_symlink_to_a_file_inside_the_data_directory_is_read(run: Run) -> None:
    def link(data: Path) -> None:
        target = data / "elders.csv"
        target.write_text(LONG + "test_pct;2021;GM0307;5\n", encoding="utf-8")
        (data / "extracts" / "t" / "a.csv").symlink_to(target)

    outcome = run({"t/a.toml": toml("a.csv", "long_csv")}, link)
    assert outcome.figures() == [("test_pct", 2021, "GM0307", "totaal", 5.0, "waarde")]
