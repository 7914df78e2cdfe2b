"""gemeente_basis: does a delivered gemeente figure equal the sum of its wijken (etl.basis)?

If not, the years computed from the wijken are on another basis and no trend may join them.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from etl.__main__ import main
from etl.errors import EXIT_OK
from tests.conftest import DATA_DIR
from tests.etl.conftest import TEST_INDICATORS, toml

CATALOGUS = """code,naam,thema,eenheid,gewenste_richting,bron,definitie,toelichting,monitor_status,tabel_volgorde,aggregatie,noemer,doelen
t_op,Op de rand,Bevolking,aantal,neutraal,Testbron,Test,,niet in monitor,,som,,
t_onder,Net binnen,Bevolking,aantal,neutraal,Testbron,Test,,niet in monitor,,som,,
t_boven,Net buiten,Bevolking,aantal,neutraal,Testbron,Test,,niet in monitor,,som,,
t_vijf,Vijftallen,Bevolking,aantal,neutraal,Testbron,Test,,niet in monitor,,som,,
"""


@pytest.fixture(scope="module")
def basis(tmp_path_factory) -> dict[str, tuple]:
    geo = json.loads((DATA_DIR / "cbs" / "wijken_2024.geojson").read_text(encoding="utf-8"))
    wijken = sorted(f["properties"]["wijkcode"] for f in geo["features"])
    assert len(wijken) == 33
    regels = ["indicator;jaar;gebied;waarde"]
    for jaar in (2023, 2024):  # 2023: wijken only, so the gemeente figure is computed
        for wijk in wijken:
            regels += [f"{code};{jaar};{wijk};1" for code in ("t_op", "t_onder", "t_boven")]
            regels.append(f"t_vijf;{jaar};{wijk};5")
    # 33 wijken of 1: sum 33, margin 33 x 0.5 = 16.5; of 5 (rounded to fives): 165, margin 82.5
    regels += ["t_op;2024;GM0307;49,5", "t_onder;2024;GM0307;49,4", "t_boven;2024;GM0307;49,6",
               "t_vijf;2024;GM0307;247,5"]
    # the data directory of tests.etl.conftest.make_data_dir, built once for the module
    data = tmp_path_factory.mktemp("basis") / "data"
    shutil.copytree(DATA_DIR / "cbs", data / "cbs")
    for sub in ("doelen", "gebieden"):
        shutil.copytree(DATA_DIR / "meta" / sub, data / "meta" / sub)
    (data / "meta" / "groepen").mkdir(parents=True)
    shutil.copy(DATA_DIR / "meta" / "groepen" / "basis.csv", data / "meta" / "groepen" / "basis.csv")
    for extra in DATA_DIR.glob("meta/*.toml"):
        shutil.copy(extra, data / "meta" / extra.name)
    (data / "meta" / "indicatoren").mkdir()
    (data / "meta" / "indicatoren" / "test.csv").write_text(TEST_INDICATORS, encoding="utf-8")
    (data / "meta" / "indicatoren" / "basis.csv").write_text(CATALOGUS, encoding="utf-8")
    (data / "extracts" / "t").mkdir(parents=True)
    (data / "extracts" / "t" / "a.csv").write_text("\n".join(regels) + "\n", encoding="utf-8")
    (data / "extracts" / "t" / "a.toml").write_text(toml("a.csv", "long_csv"), encoding="utf-8")
    out = data.parent / "wh.duckdb"
    assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == EXIT_OK
    with duckdb.connect(str(out), read_only=True) as con:
        rows = con.execute(
            """SELECT i.code, b.jaar, b.indeling, b.geleverd, b.som_wijken, b.n_wijken, b.marge, b.zelfde_basis
               FROM gemeente_basis b JOIN dim_indicator i USING (indicator_id)"""
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


@pytest.mark.parametrize(
    ("code", "geleverd", "zelfde"),
    [("t_onder", 49.4, True), ("t_op", 49.5, True), ("t_boven", 49.6, False)],
)
def test_same_basis_up_to_the_rounding_of_the_summed_wijken(basis, code, geleverd, zelfde) -> None:
    assert basis[code] == (2024, "wijk2024", geleverd, 33.0, 33, 16.5, zelfde)


def test_counts_rounded_to_fives_get_the_wider_margin(basis) -> None:
    # 33 x 2.5 = 82.5: 165 + 82.5 = 247.5 is still the same basis
    assert basis["t_vijf"] == (2024, "wijk2024", 247.5, 165.0, 33, 82.5, True)


def test_only_indicators_with_computed_gemeente_years_are_listed(basis) -> None:
    assert sorted(basis) == ["t_boven", "t_onder", "t_op", "t_vijf"]
