"""The kind of each figure (fact_waarde.soort): declared by the .toml or the cell's 'ca.', never guessed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.build import build_warehouse
from etl.errors import ExtractError
from etl.soorten import SOORTEN
from tests.etl.conftest import MakeDataDir, toml

# Two figures per path, so the DuckDB path (large files) and the pandas path read the same cells.
CSV = (
    "indicator;jaar;gebied;waarde\n"
    "test_pct;2023;Amersfoort;ca. 7,4\n"
    "test_pct;2022;Amersfoort;7,0\n"
    "test_pct;2021;Amersfoort;circa 6%\n"
    "test_pct;2020;Amersfoort;ongeveer 5,5\n"
)


def _kinds(out: Path) -> dict[int, tuple[float, str, str | None]]:
    con = duckdb.connect(str(out), read_only=True)
    try:
        rows = con.execute("SELECT jaar, waarde, soort, soort_uitleg FROM v_waarde").fetchall()
    finally:
        con.close()
    return {jaar: (waarde, soort, uitleg) for jaar, waarde, soort, uitleg in rows}


def test_a_cell_marked_ca_is_approximate_and_the_others_measured(
    make_data_dir: MakeDataDir, tmp_path: Path
) -> None:
    data = make_data_dir({"t/a.csv": CSV, "t/a.toml": toml("a.csv", "long_csv")})
    build_warehouse(data, tmp_path / "wh.duckdb", quiet=True)
    assert _kinds(tmp_path / "wh.duckdb") == {
        2023: (7.4, "ongeveer", None),
        2022: (7.0, "gemeten", None),
        2021: (6.0, "ongeveer", None),
        2020: (5.5, "ongeveer", None),
    }


def test_the_large_file_path_reads_ca_as_the_small_one(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    # A long ignored comment makes the file large enough for the DuckDB path (etl.stage.MIN_BYTES).
    opmerking = "x" * 400_000
    csv = "".join(
        line + (";opmerking\n" if i == 0 else f";{opmerking}\n")
        for i, line in enumerate(CSV.splitlines())
    )
    description = toml("a.csv", "long_csv") + 'negeer_kolommen = ["opmerking"]\n'
    data = make_data_dir({"t/a.csv": csv, "t/a.toml": description})
    assert (data / "extracts" / "t" / "a.csv").stat().st_size > 1 << 20
    out = tmp_path / "wh.duckdb"
    build_warehouse(data, out, quiet=True)
    assert {j: k[1] for j, k in _kinds(out).items()} == {
        2023: "ongeveer", 2022: "gemeten", 2021: "ongeveer", 2020: "ongeveer"
    }


def test_a_declared_kind_holds_for_every_figure_with_its_explanation(
    make_data_dir: MakeDataDir, tmp_path: Path
) -> None:
    description = toml("a.csv", "long_csv", soort="modelschatting", uitleg="geschat met een model")
    data = make_data_dir({"t/a.csv": CSV, "t/a.toml": description})
    build_warehouse(data, tmp_path / "wh.duckdb", quiet=True)
    kinds = _kinds(tmp_path / "wh.duckdb")
    # A model estimate stays one, 'ca.' or not: the declaration says more than the cell.
    assert {j: k[1:] for j, k in kinds.items()} == {
        j: ("modelschatting", "geschat met een model") for j in (2020, 2021, 2022, 2023)
    }


def test_a_kind_per_indicator_overrides_the_file(make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    csv = "indicator;jaar;gebied;waarde\ntest_pct;2023;Amersfoort;7,4\ntest_aantal;2023;Amersfoort;ca. 420\n"
    description = toml("a.csv", "long_csv") + (
        '[soort_per_indicator.test_aantal]\nsoort = "prognose"\nuitleg = "raming van een bureau"\n'
    )
    data = make_data_dir({"t/a.csv": csv, "t/a.toml": description})
    out = tmp_path / "wh.duckdb"
    build_warehouse(data, out, quiet=True)
    con = duckdb.connect(str(out), read_only=True)
    rows = con.execute("SELECT indicator_code, soort, soort_uitleg FROM v_waarde ORDER BY 1").fetchall()
    con.close()
    assert rows == [("test_aantal", "prognose", "raming van een bureau"), ("test_pct", "gemeten", None)]


@pytest.mark.parametrize(
    ("extra", "reden"),
    [
        ('soort = "gok"\n', "soort 'gok' onbekend"),
        ('soort = "berekend"\n', "soort 'berekend' onbekend"),  # only the build computes
        ('soort = "herleid"\n', "soort 'herleid' vraagt een uitleg"),
        ('soort = "prognose"\nuitleg = ""\n', "uitleg moet tekst zijn"),
        ('[soort_per_indicator.test_pct]\nsoort = "gok"\n', "[soort_per_indicator.test_pct] soort 'gok' onbekend"),
        ('[soort_per_indicator.test_pct]\nsoort = "herleid"\nuitleg = "x"\nhoe = "y"\n',
         "[soort_per_indicator.test_pct] onbekende sleutel(s): hoe"),
        ('[soort_per_indicator.bestaat_niet]\nsoort = "herleid"\nuitleg = "x"\n',
         "[soort_per_indicator] onbekende indicator 'bestaat_niet'"),
    ],
)
def test_a_bad_kind_declaration_names_file_and_reason(
    make_data_dir: MakeDataDir, tmp_path: Path, extra: str, reden: str
) -> None:
    data = make_data_dir({"t/a.csv": CSV, "t/a.toml": toml("a.csv", "long_csv") + extra})
    with pytest.raises(ExtractError) as raised:
        build_warehouse(data, tmp_path / "wh.duckdb", quiet=True)
    assert Path(raised.value.path).name == "a.toml"
    assert reden in str(raised.value)
    assert not (tmp_path / "wh.duckdb").exists()


def test_the_schema_allows_exactly_the_kinds_of_the_vocabulary(tmp_path: Path) -> None:
    schema = (Path(__file__).resolve().parents[2] / "etl" / "schema.sql").read_text()
    fact_table = schema.split("CREATE TABLE fact_waarde", 1)[1]
    allowed = fact_table.split("CHECK (soort IN (", 1)[1].split("))", 1)[0]
    assert tuple(s.strip().strip("'") for s in allowed.replace("\n", " ").split(",")) == SOORTEN


def test_the_shipped_extracts_declare_their_kinds(real_con: duckdb.DuckDBPyConnection) -> None:
    rows = dict(real_con.execute(
        """SELECT indicator_code || ' ' || gebied_code || ' ' || jaar, soort FROM v_waarde
           WHERE groep = 'totaal' AND (
                 (indicator_code = 'wmo_aantal_inwoners' AND jaar = 2024)
              OR (indicator_code = 'wz_vraag_woonplekken')
              OR (indicator_code = 'banenafspraak_nieuwe_banen' AND jaar = 2024)
              OR (indicator_code = 'statushouders_werk_opleiding' AND jaar = 2024 AND gebied_code = 'GM0307')
              OR (indicator_code = 'energiearmoede_aantal_huishoudens')
              OR (indicator_code = 'risico_armoede_huishoudens' AND gebied_code IN ('WK030710', 'GM0307'))
              OR (indicator_code = 'rivm_ervaren_gezondheid_goed' AND jaar = 2020 AND gebied_code = 'WK030710'))"""
    ).fetchall())
    assert rows == {
        "wmo_aantal_inwoners GM0307 2024": "ongeveer",  # 'ongeveer 11.000'
        "wz_vraag_woonplekken GM0307 2018": "prognose",  # Companen's 'ca. 420'
        "banenafspraak_nieuwe_banen GM0307 2024": "herleid",  # 50% of the regional figure
        "statushouders_werk_opleiding GM0307 2024": "gemeten",  # 'circa 180 gemeenten' is no mark
        "energiearmoede_aantal_huishoudens GM0307 2023": "modelschatting",  # TNO's estimate
        "risico_armoede_huishoudens GM0307 2023": "gemeten",
        "risico_armoede_huishoudens WK030710 2023": "ongeveer",  # 'ongeveer 5%' in Kruiskamp
        "rivm_ervaren_gezondheid_goed WK030710 2020": "modelschatting",
    }
