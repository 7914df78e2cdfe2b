"""Gemeente figures computed from all wijken (etl.model.aggregate_gemeente): a delivered figure wins.

A rate is weighted by its noemer, so the noemer's wijk figures come along; where the source
delivers the noemer for the gemeente itself, that figure stays and no computed sum is added
beside it (which would be a second figure for one fact key).
"""

from __future__ import annotations

import json

import duckdb

from etl.__main__ import main
from etl.errors import EXIT_OK
from tests.conftest import DATA_DIR
from tests.etl.conftest import toml


def _wijken_2024() -> list[str]:
    geo = json.loads((DATA_DIR / "cbs" / "wijken_2024.geojson").read_text(encoding="utf-8"))
    return sorted(f["properties"]["wijkcode"] for f in geo["features"])


def test_delivered_gemeente_noemer_wins_and_the_rate_is_computed(make_data_dir, tmp_path) -> None:
    wijken = _wijken_2024()
    regels = ["indicator;jaar;gebied;waarde"]
    for i, wijk in enumerate(wijken):
        regels += [f"test_pct;2023;{wijk};{10 + i % 5}", f"test_inwoners;2023;{wijk};{100 + i}"]
    regels.append("test_inwoners;2023;GM0307;999")  # the source's own gemeente figure
    data = make_data_dir({"t/a.csv": "\n".join(regels) + "\n", "t/a.toml": toml("a.csv", "long_csv")})
    out = tmp_path / "wh.duckdb"
    assert main(["build", "--extracts", str(data), "--out", str(out), "--quiet"]) == EXIT_OK
    with duckdb.connect(str(out), read_only=True) as con:
        rijen = dict(con.execute(
            """SELECT indicator_code, (waarde, afgeleid) FROM v_waarde
               WHERE gebied_code = 'GM0307' AND jaar = 2023"""
        ).fetchall())
    assert rijen["test_inwoners"] == (999.0, False)
    assert len(wijken) == 33
    # sum((10 + i % 5) * (100 + i)) / sum(100 + i) over i < 33 = 45605 / 3828 = 11.91...: whole
    # numbers in, a whole number out
    assert rijen["test_pct"] == (12.0, True)


# A rate per 1000 made from two counts (catalogue column teller), beside the test indicators.
TELLER_CATALOGUS = """code,naam,thema,eenheid,gewenste_richting,bron,definitie,toelichting,monitor_status,tabel_volgorde,aggregatie,noemer,doelen,teller
test_geboorten,Geboorten,Bevolking,aantal,neutraal,Testbron,Test,,niet in monitor,,som,,,
test_per_1000,Geboorten per 1000,Bevolking,per 1000 inwoners,neutraal,Testbron,Test,,niet in monitor,,gewogen,test_inwoners,,test_geboorten
"""


def _build_teller(make_data_dir, tmp_path, gemeente: list[str]) -> tuple[dict, str]:
    wijken = _wijken_2024()
    regels = ["indicator;jaar;gebied;waarde"]
    for i, wijk in enumerate(wijken):
        # each wijk's own rate is 9 per 1000, as if CBS computed it from unrounded counts
        regels += [f"test_inwoners;2023;{wijk};1000", f"test_geboorten;2023;{wijk};{10 + i % 2}",
                   f"test_per_1000;2023;{wijk};9"]
    regels += gemeente
    data = make_data_dir({"t/a.csv": "\n".join(regels) + "\n", "t/a.toml": toml("a.csv", "long_csv")})
    (data / "meta" / "indicatoren" / "teller.csv").write_text(TELLER_CATALOGUS, encoding="utf-8")
    out = tmp_path / "wh.duckdb"
    assert main(["build", "--extracts", str(data), "--out", str(out)]) == EXIT_OK
    with duckdb.connect(str(out), read_only=True) as con:
        rijen = dict(con.execute(
            """SELECT indicator_code, (waarde, soort, soort_uitleg) FROM v_waarde
               WHERE gebied_code = 'GM0307' AND jaar = 2023"""
        ).fetchall())
    return rijen, out


def test_gemeente_rate_with_a_teller_agrees_with_the_summed_counts(make_data_dir, tmp_path) -> None:
    rijen, _ = _build_teller(make_data_dir, tmp_path, [])
    # 33 wijken: births 17 x 10 + 16 x 11 = 346, inwoners 33 000: 1000 * 346 / 33000 = 10.48 -> 10,
    # not the weighted mean of the wijk rates (9)
    assert rijen["test_geboorten"][:2] == (346.0, "berekend")
    assert rijen["test_inwoners"][:2] == (33000.0, "berekend")
    waarde, soort, uitleg = rijen["test_per_1000"]
    assert (waarde, soort) == (10.0, "berekend")
    assert uitleg == (
        "berekend uit de opgetelde wijkcijfers: geboorten gedeeld door testinwoners; "
        "afgerond zoals de wijkcijfers"
    )


def test_gemeente_rate_is_left_out_when_the_source_gives_another_count(make_data_dir, tmp_path, capsys) -> None:
    # the source's own gemeente count of inwoners (40 000) is not the sum of the wijken (33 000):
    # a rate from the wijk sums would contradict it
    rijen, _ = _build_teller(make_data_dir, tmp_path, ["test_inwoners;2023;GM0307;40000"])
    assert rijen["test_inwoners"][:2] == (40000.0, "gemeten")
    assert "test_per_1000" not in rijen
    assert rijen["test_geboorten"][:2] == (346.0, "berekend")
    # the build report's notes name the rate and the reason (however they are grouped)
    uit = capsys.readouterr().err
    assert "test_per_1000" in uit
    assert "de bron geeft een eigen noemer test_inwoners (40000) die afwijkt van de som van de wijken (33000)" in uit


def test_gemeente_rate_stays_when_the_source_gives_the_same_count(make_data_dir, tmp_path) -> None:
    rijen, _ = _build_teller(make_data_dir, tmp_path, ["test_inwoners;2023;GM0307;33000"])
    assert rijen["test_per_1000"][:2] == (10.0, "berekend")
