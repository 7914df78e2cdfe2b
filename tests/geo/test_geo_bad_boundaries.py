"""Every check of the boundary loader (geo/load.py) fails on a file that violates it, naming file and reason.

Small GeoJSON and Kerncijfers files are written here; tests/etl/test_bad_boundaries.py runs the
real build on copies of the shipped CBS files with one such fault.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo.errors import GeoError
from geo.load import LAYERS, check_against_kwb, load_layer

WIJK2024, BUURT2024 = LAYERS[1], LAYERS[2]
RD_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}


def _square(x: float) -> list[list[list[float]]]:
    return [[[x, 52.1], [x + 0.01, 52.1], [x + 0.01, 52.11], [x, 52.11], [x, 52.1]]]


def _feature(code: str, x: float, naam: str | None = "Een wijk", *, code_veld: str = "wijkcode",
             naam_veld: str = "wijknaam", geometry: dict | None = None) -> dict:
    return {"type": "Feature", "properties": {code_veld: code, naam_veld: naam},
            "geometry": geometry or {"type": "Polygon", "coordinates": _square(x)}}


def _write(path: Path, features: list[dict], crs: dict | None = None) -> Path:
    collection: dict = {"type": "FeatureCollection", "features": features}
    if crs is not None:
        collection["crs"] = crs
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def _fails(tmp_path: Path, spec, reason: str) -> None:
    with pytest.raises(GeoError) as err:
        load_layer(tmp_path, spec)
    path = tmp_path / spec.bestand
    assert (err.value.path, err.value.reason) == (str(path), reason)
    assert str(err.value) == f"{path}: {reason}"


def test_a_file_in_rd_new_instead_of_wgs84_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "wijken_2024.geojson",
           [_feature("WK030701", 155000), _feature("WK030702", 156000)], crs=RD_CRS)
    _fails(tmp_path, WIJK2024, "expected WGS84 (EPSG:4326), found EPSG:28992")


def test_a_file_without_a_crs_is_wgs84(tmp_path: Path) -> None:
    # RFC 7946: no crs member means WGS84; the same squares load, in RD New afterwards
    _write(tmp_path / "wijken_2024.geojson", [_feature("WK030701", 5.38)])
    layer = load_layer(tmp_path, WIJK2024)
    assert layer.crs.to_epsg() == 28992
    centre = layer.geometry.iloc[0].centroid  # 5.385 E, 52.105 N: Amersfoort, in metres
    assert 150_000 < centre.x < 160_000 and 455_000 < centre.y < 460_000


@pytest.mark.parametrize(("code", "fout"), [
    ("WK036301", "['WK036301']"),  # a wijk of another gemeente (Amsterdam)
    ("WK03071", "['WK03071']"),  # one digit short
    ("BU03070101", "['BU03070101']"),  # a buurt code in the wijk file
    ("wk030701", "['wk030701']"),  # lower case
])
def test_a_wijk_code_not_of_amersfoort_is_refused(tmp_path: Path, code: str, fout: str) -> None:
    _write(tmp_path / "wijken_2024.geojson", [_feature("WK030702", 5.39), _feature(code, 5.38)])
    _fails(tmp_path, WIJK2024, rf"codes not of the form WK0307\d{{2}} (gemeente GM0307): {fout}")


def test_a_buurt_code_of_another_gemeente_is_refused(tmp_path: Path) -> None:
    features = [_feature(c, x, code_veld="statcode", naam_veld="statnaam")
                for c, x in (("BU03070101", 5.38), ("BU03630101", 5.39))]
    _write(tmp_path / "buurten_2024.geojson", features)
    _fails(tmp_path, BUURT2024, r"codes not of the form BU0307\d{4} (gemeente GM0307): ['BU03630101']")


def test_a_code_twice_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "wijken_2024.geojson",
           [_feature("WK030701", 5.38), _feature("WK030702", 5.39), _feature(" WK030701", 5.40)])
    _fails(tmp_path, WIJK2024, "codes occur more than once: ['WK030701']")


def test_a_feature_without_a_name_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "wijken_2024.geojson", [_feature("WK030701", 5.38), _feature("WK030702", 5.39, None)])
    _fails(tmp_path, WIJK2024, "features without a name: ['WK030702']")


def test_a_point_feature_is_refused(tmp_path: Path) -> None:
    punt = {"type": "Point", "coordinates": [5.39, 52.1]}
    _write(tmp_path / "wijken_2024.geojson", [_feature("WK030701", 5.38), _feature("WK030702", 0, geometry=punt)])
    _fails(tmp_path, WIJK2024, "features must be polygons")


def test_a_polygon_without_area_is_refused(tmp_path: Path) -> None:
    plat = {"type": "Polygon", "coordinates": [[[5.39, 52.1], [5.40, 52.1], [5.39, 52.1]]]}
    _write(tmp_path / "wijken_2024.geojson", [_feature("WK030701", 5.38), _feature("WK030702", 0, geometry=plat)])
    _fails(tmp_path, WIJK2024, "no area left after repair: ['WK030702']")


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "wijken_2024.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(GeoError) as err:
        load_layer(tmp_path, WIJK2024)
    assert err.value.path == str(tmp_path / "wijken_2024.geojson")
    assert err.value.reason.startswith("cannot read as GeoJSON (")


def _kwb(tmp_path: Path, codes: list[str]) -> Path:
    path = tmp_path / "kwb_2024.csv"
    pd.DataFrame({"regiocode": ["GM0307", *codes, "BU03070101"]}).to_csv(path, index=False)
    return path


def test_wijk_codes_differing_from_the_kerncijfers_table_are_refused(tmp_path: Path) -> None:
    path = _kwb(tmp_path, ["WK030701", "WK030703"])
    with pytest.raises(GeoError) as err:
        check_against_kwb(tmp_path, "wijk2024", pd.Series(["WK030701", "WK030702"]))
    assert (err.value.path, err.value.reason) == (
        str(path), "wijk codes differ from the wijk2024 boundaries: only in the table "
                   "['WK030703'], only in the boundaries ['WK030702']")


def test_equal_wijk_codes_pass_and_other_rows_of_the_table_are_ignored(tmp_path: Path) -> None:
    _kwb(tmp_path, [" WK030702", "WK030701"])  # GM and BU rows, and spaces, do not count
    check_against_kwb(tmp_path, "wijk2024", pd.Series(["WK030701", "WK030702"]))
    check_against_kwb(tmp_path, "buurt2024", pd.Series(["BU03079999"]))  # no table to compare with

