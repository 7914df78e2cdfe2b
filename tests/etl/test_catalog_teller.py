"""The optional catalogue column teller: the count a 'gewogen' rate is made of, checked on load.

A wrong declaration stops the build with file, line and reason; a right one reaches dim_indicator.
"""

from __future__ import annotations

import duckdb
import pytest

from etl.__main__ import main
from etl.catalog import TELLER_SCHAAL
from etl.errors import EXIT_EXTRACT_UNREADABLE, EXIT_OK
from tests.etl.conftest import MakeDataDir, toml

HEADER = (
    "code,naam,thema,eenheid,gewenste_richting,bron,definitie,toelichting,monitor_status,"
    "tabel_volgorde,aggregatie,noemer,doelen,teller\n"
)


def build_with(make_data_dir: MakeDataDir, tmp_path, row: str) -> tuple[int, str]:
    # one generated figure: a build needs an extract
    data = make_data_dir(
        {"t/a.csv": "indicator;jaar;waarde\ntest_pct;2023;50\n",
         "t/a.toml": toml("a.csv", "long_csv") + '[standaard]\ngebied = "GM0307"\n'}
    )
    (data / "meta" / "indicatoren" / "teller.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    out = tmp_path / "wh.duckdb"
    return main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]), str(out)


def test_a_declared_teller_is_kept_in_dim_indicator(make_data_dir, tmp_path) -> None:
    row = "test_per_1000,Per 1000,Bevolking,per 1000 inwoners,neutraal,Testbron,,,niet in monitor,,gewogen,test_inwoners,,test_aantal"
    code, out = build_with(make_data_dir, tmp_path, row)
    assert code == EXIT_OK
    with duckdb.connect(out, read_only=True) as con:
        rows = con.execute(
            "SELECT code, teller FROM dim_indicator WHERE teller IS NOT NULL OR code = 'test_pct' ORDER BY code"
        ).fetchall()
    assert rows == [("test_pct", None), ("test_per_1000", "test_aantal")]


SCHALEN = sorted(TELLER_SCHAAL)


@pytest.mark.parametrize(
    ("eenheid", "aggregatie", "noemer", "teller", "fout"),
    [
        ("aantal", "som", "", "test_aantal", "teller 'test_aantal' alleen bij aggregatie 'gewogen', niet 'som'"),
        ("per 1000 inwoners", "gewogen", "test_inwoners", "test_onbekend",
         "teller 'test_onbekend' is geen bekende indicator"),
        ("per 1000 inwoners", "gewogen", "test_inwoners", "test_pct",
         "teller 'test_pct' moet een aantal zijn met aggregatie 'som'"),
        ("per 1000 inwoners", "gewogen", "test_pct", "test_aantal",
         "de noemer 'test_pct' van een teller moet aggregatie 'som' hebben"),
        ("per 100 leerlingen", "gewogen", "test_inwoners", "test_aantal",
         f"test_x: geen bekende schaal voor eenheid 'per 100 leerlingen' met een noemer in 'aantal' (bekend: {SCHALEN})"),
    ],
)
def test_a_wrong_teller_stops_the_build(make_data_dir, tmp_path, capsys, eenheid, aggregatie, noemer, teller, fout):
    row = f"test_x,X,Bevolking,{eenheid},neutraal,Testbron,,,niet in monitor,,{aggregatie},{noemer},,{teller}"
    code, _ = build_with(make_data_dir, tmp_path, row)
    assert code == EXIT_EXTRACT_UNREADABLE
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"fout: meta/indicatoren/teller.csv, regel 2: {fout}"


def test_the_known_scales_follow_from_the_units() -> None:
    assert TELLER_SCHAAL == {
        ("percentage", "aantal"): 100.0,
        ("per 1000 inwoners", "aantal"): 1000.0,
        ("per huishouden", "aantal"): 1.0,
        ("per km2", "ha"): 100.0,
    }
