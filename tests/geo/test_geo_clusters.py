"""Tests of the larger areas: the config file, their geometry and their composition.

The shipped data/meta/gebiedsclusters.toml and small hand-made config files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import shapely

from geo.build import GeoTables
from geo.clusters import SOORTEN, load_clusters
from geo.errors import GeoError

WIJKEN = {"WK030701", "WK030702", "WK030713", "WK030714"}
SLIVER_M2 = 1.0  # coordinates are rounded to ~0.1 m


def _members(tables: GeoTables, code: str, indeling: str = "wijk2024") -> list[str]:
    s = tables.samenstelling
    return sorted(s.loc[(s["gebied_code"] == code) & (s["lid_indeling"] == indeling), "lid_code"])


def test_shipped_clusters_are_the_documented_ggd_clusters(tables: GeoTables) -> None:
    clusters = tables.gebieden[tables.gebieden["indeling"] == "cluster"].set_index("gebied_code")
    assert clusters["naam"].to_dict() == {
        "GGD_RANDENBROEK_SCHUILENBURG": "Randenbroek-Schuilenburg",
        "GGD_VATHORST_HOOGLANDERVEEN": "Vathorst-Hooglanderveen",
    }
    assert _members(tables, "GGD_RANDENBROEK_SCHUILENBURG") == ["WK030713", "WK030714"]
    assert _members(tables, "GGD_VATHORST_HOOGLANDERVEEN") == [
        "WK030726",
        "WK030728",
        "WK030729",
        "WK030730",
        "WK030731",
        "WK030732",
        "WK030733",
    ]


def test_cluster_geometry_equals_the_union_of_its_wijken(
    tables: GeoTables, served_rd: dict[str, pd.Series]
) -> None:
    wijken = served_rd["wijk2024"]
    for code, cluster in served_rd["cluster"].items():
        union = shapely.union_all(wijken[_members(tables, code)].to_numpy())
        assert shapely.symmetric_difference(cluster, union).area < SLIVER_M2, code
        assert cluster.geom_type == "Polygon", code  # the wijken of each cluster are adjacent


def test_cluster_area_is_the_sum_of_its_wijken(tables: GeoTables) -> None:
    area = tables.geometrie.set_index(["gebied_code", "indeling"])["oppervlakte_km2"]
    for code in tables.samenstelling["gebied_code"].unique():
        members = sum(area[(w, "wijk2024")] for w in _members(tables, code))
        assert area[(code, "cluster")] == pytest.approx(members)


def test_municipality_outline_is_the_union_of_all_2024_wijken(
    served_rd: dict[str, pd.Series],
) -> None:
    union = shapely.union_all(served_rd["wijk2024"].to_numpy())
    assert shapely.symmetric_difference(served_rd["vast"]["GM0307"], union).area < SLIVER_M2


def test_2019_members_are_listed_only_where_they_make_up_the_same_area(tables: GeoTables) -> None:
    # Schuilenburg and Randenbroek kept their area; Vathorst was redrawn (README: 28, 31 changed).
    assert _members(tables, "GGD_RANDENBROEK_SCHUILENBURG", "wijk2019") == ["WK030713", "WK030714"]
    assert _members(tables, "GGD_VATHORST_HOOGLANDERVEEN", "wijk2019") == []


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gebiedsclusters.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_hand_made_config_is_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
[[gebied]]
code = "WT_TEST"
naam = "Werkgebied test"
soort = "wijkteam-werkgebied"
wijken = ["WK030702", "WK030701"]
""",
    )
    [c] = load_clusters(path, WIJKEN)
    assert (c.code, c.naam, c.soort, c.wijken) == (
        "WT_TEST",
        "Werkgebied test",
        "wijkteam-werkgebied",
        ("WK030701", "WK030702"),
    )
    assert c.soort in SOORTEN


def test_absent_config_means_no_clusters(tmp_path: Path) -> None:
    assert load_clusters(tmp_path / "gebiedsclusters.toml", WIJKEN) == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('[[gebied]]\ncode="X"\nnaam="X"\nsoort="GGD-cluster"\nwijken=["WK030799"]', "WK030799"),
        ('[[gebied]]\ncode="X"\nnaam="X"\nsoort="stadsdeel"\nwijken=["WK030701"]', "soort"),
        ('[[gebied]]\ncode="x y"\nnaam="X"\nsoort="GGD-cluster"\nwijken=["WK030701"]', "code"),
        ('[[gebied]]\ncode="X"\nnaam="X"\nsoort="GGD-cluster"\nwijken=[]', "non-empty"),
        ('[[gebied]]\ncode="X"\nnaam="X"\nsoort="GGD-cluster"\nwijk=["WK030701"]', "keys"),
        ('[[gebied]]\ncode="X"\nnaam="X"\nsoort="GGD-cluster"\nwijken=["WK030701"]\n' * 2, "more than once"),
        ('[[gebied]\ncode="X"', "TOML"),
    ],
)
def test_bad_config_stops_with_file_and_reason(tmp_path: Path, body: str, reason: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(GeoError, match=reason) as err:
        load_clusters(path, WIJKEN)
    assert err.value.path == str(path)
