"""Tests of loading the CBS boundaries: counts, codes, names, repair, hierarchy, bad input.

Run against the shipped files in data/cbs and against small hand-made GeoJSON files.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.build import GEBIEDEN_KOLOMMEN, GeoTables
from geo.errors import GeoError
from geo.load import LAYERS, load_layer, repair, wijk_of_buurt

CBS_DIR = Path(__file__).resolve().parents[2] / "data" / "cbs"


def test_counts_per_indeling_are_those_cbs_publishes(tables: GeoTables) -> None:
    counts = tables.gebieden.groupby("indeling").size().to_dict()
    assert counts["wijk2019"] == 31 and counts["wijk2024"] == 33 and counts["buurt2024"] == 145
    geo_counts = tables.geometrie.groupby("indeling").size().to_dict()
    assert {k: geo_counts[k] for k in counts} == counts


@pytest.mark.parametrize("indeling", ["wijk2019", "wijk2024", "buurt2024", "cluster", "vast"])
def test_every_served_geometry_is_a_valid_polygon(served: dict[str, pd.Series], indeling: str) -> None:
    geoms = served[indeling]
    assert len(geoms) > 0
    assert shapely.is_valid(geoms.to_numpy()).all()
    assert set(shapely.get_type_id(geoms.to_numpy()).tolist()) <= {3, 6}
    assert not shapely.is_empty(geoms.to_numpy()).any()


def test_invalid_source_buurt_is_repaired_and_keeps_its_area() -> None:
    raw = gpd.read_file(CBS_DIR / "buurten_2024.geojson").set_index("statcode").to_crs(28992)
    assert not raw.geometry["BU03072601"].is_valid  # the known defect of the source
    buurten = load_layer(CBS_DIR, LAYERS[2]).set_index("gebied_code")
    fixed = buurten.geometry["BU03072601"]
    assert fixed.is_valid and fixed.geom_type in ("Polygon", "MultiPolygon")
    assert fixed.area == pytest.approx(shapely.make_valid(raw.geometry["BU03072601"]).area, rel=0.01)


def test_repair_keeps_polygons_only() -> None:
    bowtie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    [fixed] = repair(np.array([bowtie], dtype=object))
    assert fixed.is_valid and fixed.geom_type == "MultiPolygon"
    assert fixed.area == pytest.approx(2.0)


def test_2019_names_drop_the_wijk_number_prefix_and_keep_the_cbs_name(tables: GeoTables) -> None:
    g = tables.gebieden.set_index(["gebied_code", "indeling"])["naam"]
    assert g[("WK030701", "wijk2019")] == "Stadskern"
    assert g[("WK030725", "wijk2019")] == "valleipoort"  # as CBS published it
    assert g[("WK030702", "wijk2024")] == "Nederberg"
    assert not tables.gebieden["naam"].str.match(r"^Wijk \d{2} ").any()


def test_gebieden_rows_follow_the_dim_gebied_rules(tables: GeoTables) -> None:
    g = tables.gebieden
    assert list(g.columns) == GEBIEDEN_KOLOMMEN
    assert not g.duplicated(["gebied_code", "indeling"]).any()
    wijken = g[g["indeling"].isin(["wijk2019", "wijk2024"])]
    assert (wijken["niveau"] == "wijk").all() and (wijken["parent_code"] == "GM0307").all()
    buurten = g[g["indeling"] == "buurt2024"]
    assert (buurten["niveau"] == "buurt").all()
    assert (buurten["parent_code"] == buurten["gebied_code"].map(wijk_of_buurt)).all()
    assert set(buurten["parent_code"]) <= set(g.loc[g["indeling"] == "wijk2024", "gebied_code"])
    clusters = g[g["indeling"] == "cluster"]
    assert (clusters["niveau"] == "gebiedscluster").all()
    assert (clusters["parent_code"] == "GM0307").all()
    assert (clusters["aliassen"] == clusters["naam"]).all()
    assert g.set_index(["gebied_code", "indeling"]).loc[("WK030706", "wijk2024"), "aliassen"] == (
        "De Koppel|Koppel"
    )


def test_wijk_codes_equal_those_of_the_kerncijfers_tables(tables: GeoTables) -> None:
    kwb24 = pd.read_csv(CBS_DIR / "kwb_2024.csv", dtype=str)["regiocode"]
    kwb19 = pd.read_csv(CBS_DIR / "kwb_2019.csv", dtype=str)["wijkcode"]
    g = tables.gebieden
    assert set(g.loc[g["indeling"] == "wijk2024", "gebied_code"]) == set(kwb24[kwb24.str[:2] == "WK"])
    assert set(g.loc[g["indeling"] == "wijk2019", "gebied_code"]) == set(kwb19)


def test_every_buurt_lies_mostly_in_the_wijk_its_code_names(
    served_rd: dict[str, pd.Series],
) -> None:
    buurten, wijken = served_rd["buurt2024"], served_rd["wijk2024"]
    for code, buurt in buurten.items():
        inside = buurt.intersection(wijken[wijk_of_buurt(code)]).area / buurt.area
        assert inside > 0.5, (code, inside)


def test_areas_add_up_to_the_municipality_cbs_publishes(tables: GeoTables) -> None:
    kwb = pd.read_csv(CBS_DIR / "kwb_2024.csv", dtype={"regiocode": str}).set_index("regiocode")
    cbs_km2 = kwb.loc["GM0307", "OppervlakteTotaal_122"] / 100  # hectare -> km2
    geo = tables.geometrie
    for indeling in ("wijk2019", "wijk2024", "buurt2024"):
        total = geo.loc[geo["indeling"] == indeling, "oppervlakte_km2"].sum()
        assert total == pytest.approx(cbs_km2, rel=0.01), indeling


def test_label_point_lies_inside_its_polygon(tables: GeoTables) -> None:
    geo = tables.geometrie
    polys = shapely.from_geojson(geo["geometry"])
    points = shapely.points(geo["label_lon"], geo["label_lat"])
    assert shapely.contains(polys, points).all()


def _write_geojson(path: Path, features: list[dict]) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def _square_feature(code: str, x: float, props_code: str = "wijkcode") -> dict:
    ring = [[x, 52.1], [x + 0.01, 52.1], [x + 0.01, 52.11], [x, 52.11], [x, 52.1]]
    return {
        "type": "Feature",
        "properties": {props_code: code, "wijknaam": f"Wijk {code[-2:]}"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_hand_made_wijk_file_loads_as_a_coverage_in_rd(tmp_path: Path) -> None:
    _write_geojson(
        tmp_path / "wijken_2024.geojson",
        [_square_feature("WK030702", 5.39), _square_feature("WK030701", 5.38)],
    )
    layer = load_layer(tmp_path, LAYERS[1])
    assert list(layer["gebied_code"]) == ["WK030701", "WK030702"]
    assert layer.crs.to_epsg() == 28992
    assert shapely.coverage_is_valid(layer.geometry.to_numpy())


@pytest.mark.parametrize(
    ("features", "reason"),
    [
        ([_square_feature("WK036301", 5.38)], "codes not of the form"),
        ([_square_feature("WK030701", 5.38), _square_feature("WK030701", 5.39)], "more than once"),
        ([_square_feature("WK030701", 5.38, props_code="code")], "property 'wijkcode' missing"),
    ],
)
def test_bad_boundary_file_stops_with_file_and_reason(
    tmp_path: Path, features: list[dict], reason: str
) -> None:
    _write_geojson(tmp_path / "wijken_2024.geojson", features)
    with pytest.raises(GeoError, match=reason) as err:
        load_layer(tmp_path, LAYERS[1])
    assert err.value.path.endswith("wijken_2024.geojson")


def test_missing_boundary_file_stops_with_file_and_reason(tmp_path: Path) -> None:
    with pytest.raises(GeoError, match="not found"):
        load_layer(tmp_path, LAYERS[0])
