"""The build stops on a faulty CBS boundary or Kerncijfers file: exit 3, file and reason in one line.

Copies of the shipped CBS files (make_data_dir) with one fault each; geo/load.py's checks one by
one are in tests/geo/test_geo_bad_boundaries.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from etl.__main__ import main
from etl.errors import EXIT_EXTRACT_UNREADABLE
from tests.etl.conftest import MakeDataDir, toml

RD_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}


def _build(make_data_dir: MakeDataDir, tmp_path: Path, capsys, edit) -> list[str]:
    data = make_data_dir({"t/a.csv": "indicator;gebied;jaar;waarde\ntest_aantal;GM0307;2023;5\n",
                          "t/a.toml": toml("a.csv", "long_csv")})
    edit(data / "cbs")
    code = main(["build", "--extracts", str(data), "--out", str(tmp_path / "wh.duckdb"), "--quiet"])
    assert code == EXIT_EXTRACT_UNREADABLE
    assert not (tmp_path / "wh.duckdb").exists()
    return capsys.readouterr().err.strip().splitlines()


def test_build_stops_on_a_boundary_file_declared_in_rd_new(make_data_dir, tmp_path, capsys) -> None:
    def declare_rd(cbs: Path) -> None:
        path = cbs / "wijken_2019.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        collection["crs"] = RD_CRS  # coordinates stay degrees: a file that lies about its CRS
        path.write_text(json.dumps(collection), encoding="utf-8")

    err = _build(make_data_dir, tmp_path, capsys, declare_rd)
    assert err == ["fout: cbs/wijken_2019.geojson: expected WGS84 (EPSG:4326), found EPSG:28992"]


def test_build_stops_when_the_kerncijfers_lack_a_wijk_of_the_boundaries(make_data_dir, tmp_path,
                                                                        capsys) -> None:
    def drop_wk030733(cbs: Path) -> None:
        path = cbs / "kwb_2024.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        assert sum(line.startswith("WK030733,") for line in lines) == 1
        path.write_text("".join(line for line in lines if not line.startswith("WK030733,")),
                        encoding="utf-8")

    err = _build(make_data_dir, tmp_path, capsys, drop_wk030733)
    assert err == ["fout: cbs/kwb_2024.csv: wijk codes differ from the wijk2024 boundaries: "
                   "only in the table [], only in the boundaries ['WK030733']"]


def test_build_stops_on_a_boundary_code_of_another_gemeente(make_data_dir, tmp_path, capsys) -> None:
    def recode(cbs: Path) -> None:
        path = cbs / "wijken_2024.geojson"
        text = path.read_text(encoding="utf-8")
        assert text.count('"WK030733"') == 1
        path.write_text(text.replace('"WK030733"', '"WK036333"'), encoding="utf-8")

    err = _build(make_data_dir, tmp_path, capsys, recode)
    assert err == [r"fout: cbs/wijken_2024.geojson: codes not of the form WK0307\d{2} "
                   "(gemeente GM0307): ['WK036333']"]



def test_build_stops_on_a_buurt_whose_code_names_no_2024_wijk(make_data_dir, tmp_path, capsys) -> None:
    def recode(cbs: Path) -> None:
        path = cbs / "buurten_2024.geojson"
        text = path.read_text(encoding="utf-8")
        assert text.count('"statcode": "BU03073301"') == 1
        path.write_text(text.replace('"statcode": "BU03073301"', '"statcode": "BU03079901"'), encoding="utf-8")

    err = _build(make_data_dir, tmp_path, capsys, recode)
    assert err == ["fout: cbs/buurten_2024.geojson: buurten whose wijk (from the code) is not a 2024 "
                   "wijk: ['BU03079901']"]


def test_build_stops_on_a_cluster_code_of_a_fixed_area(make_data_dir, tmp_path, capsys) -> None:
    def reuse_nl01(cbs: Path) -> None:
        path = cbs.parent / "meta" / "gebiedsclusters.toml"
        text = path.read_text(encoding="utf-8")
        assert text.count('code = "GGD_RANDENBROEK_SCHUILENBURG"') == 1
        path.write_text(text.replace('code = "GGD_RANDENBROEK_SCHUILENBURG"', 'code = "NL01"'),
                        encoding="utf-8")

    err = _build(make_data_dir, tmp_path, capsys, reuse_nl01)
    assert err == ["fout: meta/gebiedsclusters.toml: codes already used by other areas: ['NL01']"]
