"""`python -m etl diff` and `build --strict` against the published warehouse, on real builds.

The second build is made from a copy of the shipped data/ with, in the UWV extract, one value
changed (banenafspraak_nieuwe_banen 2023: 65 -> 66) and one row removed (banenafspraak_banen_sinds_2012,
whose only figure is 2024 = 858). Expected counts are fixed by hand from that edit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.__main__ import main
from etl.diff import Change, diff_files
from etl.errors import EXIT_OK, EXIT_REJECTS_STRICT
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
    assert main([*build, "--erken", "banenafspraak_nieuwe_banen"]) == EXIT_REJECTS_STRICT
    err = capsys.readouterr().err
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
