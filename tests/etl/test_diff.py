"""`python -m etl diff` and `build --strict` against the published warehouse, on real builds.

The second build is made from a copy of the shipped data/ with, in the UWV extract, one value
changed (banenafspraak_nieuwe_banen 2023: 65 -> 66) and one row removed (banenafspraak_banen_sinds_2012,
whose only figure is 2024 = 858). Expected counts are fixed by hand from that edit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.diff import Change, diff_catalogs, diff_files
from etl.errors import EXIT_OK, EXIT_REJECTS_STRICT
from etl.warehouse import create_schema
from tests.conftest import DATA_DIR

UWV = Path("extracts") / "uwv" / "uwv_bestaanszekerheid.csv"
CHANGED = Change("banenafspraak_nieuwe_banen", 2023, "2023", 0, 1, 0)
REMOVED = Change("banenafspraak_banen_sinds_2012", 2024, "2024", 0, 0, 1)


@pytest.fixture(scope="module")
def edited_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("edited") / "data"
    shutil.copytree(DATA_DIR, data)
    text = (data / UWV).read_text(encoding="utf-8")
    assert text == (
        "indicator;gebied;2023;2024\n"
        "banenafspraak_nieuwe_banen;GM0307;65;26\n"
        "banenafspraak_banen_sinds_2012;GM0307;;858\n"
    )
    (data / UWV).write_text(
        "indicator;gebied;2023;2024\nbanenafspraak_nieuwe_banen;GM0307;66;26\n", encoding="utf-8"
    )
    return data


@pytest.fixture(scope="module")
def edited_warehouse(edited_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edited_wh") / "warehouse.duckdb"
    assert main(["build", "--extracts", str(edited_data), "--out", str(out), "--quiet"]) == EXIT_OK
    return out


def test_diff_of_two_real_builds_counts_the_change_and_the_removal(real_warehouse, edited_warehouse):
    diff = diff_files(real_warehouse, edited_warehouse)
    assert diff.changes == [REMOVED, CHANGED]
    assert (diff.toegevoegd, diff.gewijzigd, diff.verwijderd) == (0, 1, 1)
    assert diff.history_rewritten() == ["banenafspraak_banen_sinds_2012", "banenafspraak_nieuwe_banen"]
    back = diff_files(edited_warehouse, real_warehouse)
    assert back.changes == [
        Change("banenafspraak_banen_sinds_2012", 2024, "2024", 1, 0, 0),
        CHANGED,
    ]
    assert back.history_rewritten() == ["banenafspraak_nieuwe_banen"]


def test_a_warehouse_against_itself_has_no_changes(real_warehouse):
    assert diff_files(real_warehouse, real_warehouse).changes == []


def test_diff_cli_prints_totals_and_one_line_per_indicator_and_year(real_warehouse, edited_warehouse, capsys):
    assert main(["diff", str(real_warehouse), str(edited_warehouse)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(": 0 cijfers toegevoegd, 1 gewijzigd, 1 verwijderd")
    assert lines[2].split() == ["banenafspraak_banen_sinds_2012", "2024", "0", "0", "1"]
    assert lines[3].split() == ["banenafspraak_nieuwe_banen", "2023", "0", "1", "0"]
    assert len(lines) == 4


def test_diff_of_a_missing_file_is_one_line_exit_3(real_warehouse, tmp_path, capsys):
    assert main(["diff", str(real_warehouse), str(tmp_path / "nope.duckdb")]) == 3
    assert "nope.duckdb: bestaat niet" in capsys.readouterr().err


def test_strict_refuses_unacknowledged_history_and_publishes_acknowledged(
    real_warehouse, edited_data, tmp_path, capsys
):
    out = tmp_path / "warehouse.duckdb"
    shutil.copy(real_warehouse, out)
    before = out.read_bytes()
    build = ["build", "--extracts", str(edited_data), "--out", str(out), "--strict"]
    # one of the two indicators acknowledged on the command line: still refused, nothing published
    assert main([*build, "--erken", "banenafspraak_nieuwe_banen,geen_code"]) == EXIT_REJECTS_STRICT
    err = capsys.readouterr().err
    assert "let op: erkende wijziging voor 'geen_code': dat is geen indicatorcode" in err
    assert "zonder erkenning: banenafspraak_banen_sinds_2012;" in err
    assert "0 cijfers toegevoegd, 1 gewijzigd, 1 verwijderd" in err
    assert out.read_bytes() == before
    # the other one in the file: published
    erkend = edited_data / "meta" / "erkende_wijzigingen.toml"
    erkend.write_text('[erkend]\nbanenafspraak_banen_sinds_2012 = "UWV trok de reeks in"\n', encoding="utf-8")
    try:
        assert main([*build, "--erken", "banenafspraak_nieuwe_banen"]) == EXIT_OK
    finally:
        erkend.unlink()
    assert "erkend: banenafspraak_banen_sinds_2012: UWV trok de reeks in" in capsys.readouterr().err
    assert diff_files(out, real_warehouse).changes[0].toegevoegd == 1


# -- on two hand-made warehouses: status changes, the decimal edge, ids that differ ----------------


def _tiny(con: duckdb.DuckDBPyConnection, name: str, indicators: dict[str, int], facts: list[tuple]) -> None:
    """An attached in-memory warehouse; facts are (indicator code, gebied code, waarde, status)."""
    con.execute(f"ATTACH ':memory:' AS {name}")
    con.execute(f"USE {name}")
    create_schema(con)
    for code, i in indicators.items():
        con.execute(
            """INSERT INTO dim_indicator (indicator_id, code, naam, thema, eenheid, gewenste_richting, bron,
                                          monitor_status, aggregatie)
               VALUES (?, ?, ?, 'T', 'percentage', 'hoger', 'T', 'actueel', 'geen')""",
            [i, code, code],
        )
    con.execute("INSERT INTO dim_jaar VALUES (1, 2020, 'jaar', '2020')")
    con.execute("INSERT INTO dim_groep VALUES (1, 'totaal', 'totaal', 1)")
    gebieden = sorted({g for _, g, _, _ in facts})
    for n, code in enumerate(gebieden, start=1):
        con.execute("INSERT INTO dim_gebied VALUES (?, ?, ?, 'wijk', 'wijk2024', NULL)", [n, code, code])
    for code, gebied, waarde, status in facts:
        con.execute(
            """INSERT INTO fact_waarde (indicator_id, jaar_id, gebied_id, groep_id, waarde, status)
               VALUES (?, 1, ?, 1, ?, ?)""",
            [indicators[code], gebieden.index(gebied) + 1, waarde, status],
        )
    con.execute("USE memory")


@pytest.mark.parametrize(("nieuw", "gewijzigd"), [(5.0000000001, 0), (5.000000001, 1)])
def test_status_changes_count_and_values_compare_at_nine_decimals(nieuw, gewijzigd):
    con = duckdb.connect()
    # the new warehouse numbers the indicators the other way round: compared by code, not id
    _tiny(
        con, "oud", {"a": 1, "b": 2}, [("a", "WK1", 5.0, "waarde"), ("b", "WK1", None, "geheim/onderdrukt")]
    )
    _tiny(
        con,
        "nieuw",
        {"a": 2, "b": 1},
        [("a", "WK1", nieuw, "waarde"), ("b", "WK1", None, "niet gemeten"), ("a", "WK2", 3.0, "waarde")],
    )
    assert diff_catalogs(con, "oud", "nieuw").changes == [
        Change("a", 2020, "2020", 1, gewijzigd, 0),
        Change("b", 2020, "2020", 0, 1, 0),
    ]
