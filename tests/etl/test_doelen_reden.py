"""The optional catalogue column doelen_reden: a reason per goal link, kept in the bridge."""

from __future__ import annotations

import duckdb
import pytest

from etl.__main__ import main
from etl.errors import EXIT_EXTRACT_UNREADABLE, EXIT_OK
from tests.etl.conftest import MakeDataDir, toml

HEADER = "code,naam,thema,eenheid,gewenste_richting,bron,definitie,toelichting,monitor_status,tabel_volgorde,aggregatie,noemer,doelen,doelen_reden\n"


def build_with(make_data_dir: MakeDataDir, tmp_path, row: str) -> tuple[int, str]:
    # one generated figure: a build needs an extract
    data = make_data_dir(
        {"t/a.csv": "indicator;jaar;waarde\ntest_pct;2023;50\n", "t/a.toml": toml("a.csv", "long_csv") + '[standaard]\ngebied = "GM0307"\n'}
    )
    (data / "meta" / "indicatoren" / "reden.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    out = tmp_path / "wh.duckdb"
    return main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]), str(out)


def test_reason_per_goal_is_stored_in_the_bridge(make_data_dir, tmp_path):
    row = "test_reden,% test,Preventie,percentage,lager,Testbron,,,niet in monitor,,geen,,RD-05|RD-14,RD-05: eenzaamheid is het doel"
    code, out = build_with(make_data_dir, tmp_path, row)
    assert code == EXIT_OK
    with duckdb.connect(out, read_only=True) as con:
        rows = con.execute(
            """SELECT b.doel_code, b.reden FROM bridge_indicator_doel b JOIN dim_indicator i USING (indicator_id)
               WHERE i.code = 'test_reden' ORDER BY 1"""
        ).fetchall()
    assert rows == [("RD-05", "eenzaamheid is het doel"), ("RD-14", None)]


@pytest.mark.parametrize(
    ("reden", "fout"),
    [
        ("RD-07: geld", "doelen_reden noemt ['RD-07'], die niet in doelen staan"),
        ("eenzaamheid", "doelen_reden 'eenzaamheid': verwacht 'DOELCODE: reden'"),
    ],
)
def test_a_reason_without_its_goal_stops_the_build(make_data_dir, tmp_path, capsys, reden, fout):
    row = f"test_reden,% test,Preventie,percentage,lager,Testbron,,,niet in monitor,,geen,,RD-05,{reden}"
    code, _ = build_with(make_data_dir, tmp_path, row)
    assert code == EXIT_EXTRACT_UNREADABLE
    assert (
        capsys.readouterr().err.strip().splitlines()[-1]
        == f"fout: meta/indicatoren/reden.csv, regel 2: {fout}"
    )
