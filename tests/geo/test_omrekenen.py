"""Conversion between area divisions (geo.omrekenen) on small synthetic maps with answers by hand.

Split, merge, moved boundary, the minimum piece share at its edge, identity, disclosure, cost.
"""

from __future__ import annotations

import time

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.compare import OPPERVLAKTE, overlap_table
from geo.omrekenen import (
    GEHEIM,
    MIN_STUK_AANDEEL,
    omreken,
    overlay,
    same_area_pairs,
    verdeling,
    verschil_per_doel,
)

RD = "EPSG:28992"
REGELS = pd.DataFrame(
    [
        ("inw", "som", "", "aantal"),
        ("tel", "som", "", "aantal"),
        ("opp", "som", "", "ha"),
        ("pct", "geen", "", "percentage"),
        ("hh", "som", "", "aantal"),
        ("pct_hh", "gewogen", "hh", "percentage"),
        ("dicht", "gewogen", "opp", "per km2"),
        ("gas", "geen", "", "m3"),
    ],
    columns=["indicator", "aggregatie", "noemer", "eenheid"],
)


def laag(vakken: dict[str, tuple[float, float, float, float]]) -> gpd.GeoDataFrame:
    """Areas from boxes (xmin, ymin, xmax, ymax) in metres."""
    codes = sorted(vakken)
    geoms = [shapely.box(*vakken[c]) for c in codes]
    # the published size (ha) that geo.compare's same-area rule reads beside the overlap
    return gpd.GeoDataFrame({"gebied_code": codes, OPPERVLAKTE: [g.area / 10_000 for g in geoms]},
                            geometry=geoms, crs=RD)


def feiten(rijen: list[tuple[str, str, float | None, str]]) -> pd.DataFrame:
    """Facts (indicator, gebied, waarde, status) of jaar 2019, group totaal, division 'oud'."""
    return pd.DataFrame(
        [
            {
                "indicator": i,
                "jaar": 2019,
                "periode_label": "2019",
                "dimensie": "totaal",
                "groep": "totaal",
                "gebied_code": g,
                "indeling": "oud",
                "waarde": w,
                "status": s,
            }
            for i, g, w, s in rijen
        ]
    )


def waarden(result, indicator: str) -> dict[str, float]:
    f = result.facts[result.facts["indicator"] == indicator]
    return dict(zip(f["gebied_code"], f["waarde"], strict=True))


def statussen(result, indicator: str) -> dict[str, str]:
    f = result.facts[result.facts["indicator"] == indicator]
    return dict(zip(f["gebied_code"], f["status"], strict=True))


def verdeel(van, naar, pv: dict, pn: dict, identiek: dict | None = None, **kw):
    return verdeling(
        overlay(van, naar), pd.Series(pv, dtype=float), pd.Series(pn, dtype=float), identiek or {}, **kw
    )


# -- a wijk split in two -------------------------------------------------------------------------

SPLIT_VAN = {"A": (0, 0, 2000, 1000)}
SPLIT_NAAR = {"A1": (0, 0, 1000, 1000), "A2": (1000, 0, 2000, 1000)}


def test_split_people_follow_the_new_wijken_not_the_area():
    # 100 people in A; the new halves hold 30 and 90 (scaled to 100: 25 and 75).
    v = verdeel(laag(SPLIT_VAN), laag(SPLIT_NAAR), {"A": 100}, {"A1": 30, "A2": 90})
    per = v.stukken.set_index("naar")["bewoners"]
    assert per["A1"] == pytest.approx(25.0)
    assert per["A2"] == pytest.approx(75.0)
    verschil = verschil_per_doel(v).set_index("naar")
    assert verschil.loc["A1", "bewoners_oppervlak"] == pytest.approx(50.0)  # plain area weighting
    assert verschil.loc["A1", "verschil"] == pytest.approx(-25.0)


def test_split_counts_are_apportioned_and_shares_copied():
    v = verdeel(laag(SPLIT_VAN), laag(SPLIT_NAAR), {"A": 100}, {"A1": 30, "A2": 90})
    f = feiten([("tel", "A", 40, "waarde"), ("pct", "A", 12.5, "waarde"), ("opp", "A", 200, "waarde")])
    r = omreken(f, v, REGELS, "nieuw")
    assert waarden(r, "tel") == pytest.approx({"A1": 10.0, "A2": 30.0})
    assert waarden(r, "pct") == pytest.approx({"A1": 12.5, "A2": 12.5})  # uniform within A
    assert waarden(r, "opp") == pytest.approx({"A1": 100.0, "A2": 100.0})  # an area goes by area
    assert set(r.facts["indeling"]) == {"nieuw"}


def test_a_new_wijk_without_inhabitants_gets_none_of_the_people():
    # As Vathorst-Bovenduist: 0 inhabitants in the new division.
    v = verdeel(laag(SPLIT_VAN), laag(SPLIT_NAAR), {"A": 100}, {"A1": 0, "A2": 90})
    f = feiten([("tel", "A", 40, "waarde"), ("pct", "A", 12.5, "waarde")])
    r = omreken(f, v, REGELS, "nieuw")
    assert waarden(r, "tel") == pytest.approx({"A1": 0.0, "A2": 40.0})
    assert waarden(r, "pct") == {"A2": 12.5}  # a share of nobody is no figure
    reden = r.overgeslagen.set_index(["indicator", "gebied_code"])["reden"]
    assert reden[("pct", "A1")] == "geen inwoners (of noemer 0) in het doelgebied"


def test_people_of_a_wijk_whose_every_new_part_is_uninhabited_are_spread_by_area():
    # Both margins cannot hold (100 people, 0 in every target): conservation wins, and says so.
    v = verdeel(laag(SPLIT_VAN), laag(SPLIT_NAAR), {"A": 100}, {"A1": 0, "A2": 0})
    assert v.stukken.set_index("naar")["bewoners"].to_dict() == pytest.approx({"A1": 50.0, "A2": 50.0})
    assert any("naar oppervlakte verdeeld" in n and "A" in n for n in v.notes)


# -- two wijken merged ---------------------------------------------------------------------------

MERGE_VAN = {"B1": (0, 0, 1000, 1000), "B2": (1000, 0, 2000, 1000)}
MERGE_NAAR = {"T": (0, 0, 2000, 1000)}


def merged():
    return verdeel(laag(MERGE_VAN), laag(MERGE_NAAR), {"B1": 100, "B2": 300}, {"T": 500})


def test_merge_sums_counts_and_weights_shares_by_people():
    f = feiten(
        [
            ("tel", "B1", 10, "waarde"),
            ("tel", "B2", 30, "waarde"),
            ("pct", "B1", 10, "waarde"),
            ("pct", "B2", 50, "waarde"),
        ]
    )
    r = omreken(f, merged(), REGELS, "nieuw")
    assert waarden(r, "tel") == pytest.approx({"T": 40.0})
    assert waarden(r, "pct") == pytest.approx({"T": 40.0})  # (10*100 + 50*300) / 400


def test_merge_weights_a_rate_by_its_noemer():
    f = feiten(
        [
            ("hh", "B1", 50, "waarde"),
            ("hh", "B2", 100, "waarde"),
            ("pct_hh", "B1", 20, "waarde"),
            ("pct_hh", "B2", 80, "waarde"),
        ]
    )
    r = omreken(f, merged(), REGELS, "nieuw")
    assert waarden(r, "pct_hh") == pytest.approx({"T": 60.0})  # (20*50 + 80*100) / 150


def test_merge_without_the_noemer_of_one_wijk_gives_no_figure():
    f = feiten([("hh", "B1", 50, "waarde"), ("pct_hh", "B1", 20, "waarde"), ("pct_hh", "B2", 80, "waarde")])
    r = omreken(f, merged(), REGELS, "nieuw")
    assert "pct_hh" not in set(r.facts["indicator"])
    assert set(r.overgeslagen["reden"]) >= {"noemer ontbreekt voor een bronwijk"}


def test_merge_with_one_suppressed_wijk_is_suppressed_never_a_number():
    f = feiten([("tel", "B1", None, GEHEIM), ("tel", "B2", 30, "waarde")])
    r = omreken(f, merged(), REGELS, "nieuw")
    assert statussen(r, "tel") == {"T": GEHEIM}
    assert r.facts["waarde"].isna().all()


def test_merge_with_one_wijk_missing_gives_no_figure():
    f = feiten([("tel", "B2", 30, "waarde")])
    r = omreken(f, merged(), REGELS, "nieuw")
    assert r.facts.empty
    assert list(r.overgeslagen["reden"]) == ["niet alle bronwijken hebben een cijfer"]


def test_merge_missing_wins_over_suppressed():
    f = feiten([("tel", "B1", None, GEHEIM)])
    r = omreken(f, merged(), REGELS, "nieuw")
    assert r.facts.empty


def test_a_unit_without_a_base_is_not_converted_and_says_why():
    f = feiten([("gas", "B1", 1200, "waarde"), ("gas", "B2", 1500, "waarde")])
    r = omreken(f, merged(), REGELS, "nieuw")
    assert r.facts.empty
    assert "eenheid 'm3'" in r.overgeslagen["reden"].iloc[0]


# -- a boundary moved ----------------------------------------------------------------------------

MOVED_VAN = {"S1": (0, 0, 2000, 1000), "S2": (2000, 0, 4000, 1000)}
MOVED_NAAR = {"T1": (0, 0, 3000, 1000), "T2": (3000, 0, 4000, 1000)}


def moved():
    # 200 + 200 people; afterwards T1 holds 240 and T2 160: the strip moved to T1 held 40.
    return verdeel(laag(MOVED_VAN), laag(MOVED_NAAR), {"S1": 200, "S2": 200}, {"T1": 240, "T2": 160})


def test_moved_boundary_piece_populations():
    s = moved().stukken.set_index(["van", "naar"])["bewoners"]
    assert s[("S1", "T1")] == pytest.approx(200.0)
    assert s[("S2", "T1")] == pytest.approx(40.0)
    assert s[("S2", "T2")] == pytest.approx(160.0)


def test_moved_boundary_counts_conserved_and_shares_weighted():
    f = feiten(
        [
            ("tel", "S1", 20, "waarde"),
            ("tel", "S2", 40, "waarde"),
            ("pct", "S1", 10, "waarde"),
            ("pct", "S2", 30, "waarde"),
        ]
    )
    r = omreken(f, moved(), REGELS, "nieuw")
    assert waarden(r, "tel") == pytest.approx({"T1": 28.0, "T2": 32.0})  # 20 + 40*40/200; 40*160/200
    assert sum(waarden(r, "tel").values()) == pytest.approx(60.0)
    assert waarden(r, "pct") == pytest.approx({"T1": 3200 / 240, "T2": 30.0})  # (10*200+30*40)/240
    assert 10 <= waarden(r, "pct")["T1"] <= 30


def test_moved_boundary_suppression_reaches_only_where_the_wijk_contributes():
    f = feiten([("tel", "S1", None, GEHEIM), ("tel", "S2", 40, "waarde")])
    r = omreken(f, moved(), REGELS, "nieuw")
    assert statussen(r, "tel") == {"T1": GEHEIM, "T2": "waarde"}
    assert waarden(r, "tel")["T2"] == pytest.approx(32.0)


def test_a_density_is_converted_count_over_converted_area():
    # 200 people on 2 km² in each old wijk (100 per km²); T2 gets 160 people on 1 km².
    f = feiten(
        [
            ("opp", "S1", 200, "waarde"),
            ("opp", "S2", 200, "waarde"),
            ("dicht", "S1", 100, "waarde"),
            ("dicht", "S2", 100, "waarde"),
        ]
    )
    r = omreken(f, moved(), REGELS, "nieuw")
    assert waarden(r, "opp") == pytest.approx({"T1": 300.0, "T2": 100.0})
    assert waarden(r, "dicht") == pytest.approx({"T1": 80.0, "T2": 160.0})  # 240/3, 160/1


def test_a_delivered_figure_of_the_target_is_never_replaced():
    f = feiten([("tel", "S1", 20, "waarde"), ("tel", "S2", 40, "waarde")])
    bestaand = pd.DataFrame(
        [("tel", 2019, "2019", "totaal", "totaal", "T2")],
        columns=["indicator", "jaar", "periode_label", "dimensie", "groep", "gebied_code"],
    )
    r = omreken(f, moved(), REGELS, "nieuw", bestaand=bestaand)
    assert waarden(r, "tel") == pytest.approx({"T1": 28.0})


# -- identity ------------------------------------------------------------------------------------


def test_an_unchanged_wijk_converts_to_exactly_its_own_figures():
    # U redrawn 20 m wider (IoU 0.98: the same area by geo.compare's rule); V and W swap a strip.
    van = laag({"U": (0, 0, 1000, 1000), "V": (1000, 0, 2000, 1000), "W": (2000, 0, 3000, 1000)})
    naar = laag({"U": (0, 0, 1020, 1000), "V": (1020, 0, 2500, 1000), "W": (2500, 0, 3000, 1000)})
    identiek = same_area_pairs(overlap_table(van, "oud", naar, "nieuw"))
    assert identiek == {"U": "U"}
    v = verdeel(van, naar, {"U": 333, "V": 100, "W": 100}, {"U": 333, "V": 150, "W": 50}, identiek)
    f = feiten(
        [
            ("tel", "U", 17, "waarde"),
            ("tel", "V", 10, "waarde"),
            ("tel", "W", 20, "waarde"),
            ("pct", "U", 0.1 + 0.2, "waarde"),  # not exactly 0.3: identity must copy, not recompute
            ("pct", "V", 5, "waarde"),
            ("pct", "W", 6, "waarde"),
            ("inw", "U", None, GEHEIM),
            ("gas", "U", 1234, "waarde"),  # not converted elsewhere (no base), but copied here
        ]
    )
    r = omreken(f, v, REGELS, "nieuw")
    u = r.facts[r.facts["gebied_code"] == "U"].set_index("indicator")
    assert u.loc["tel", "waarde"] == 17
    assert u.loc["pct", "waarde"] == 0.1 + 0.2
    assert u.loc["inw", "status"] == GEHEIM
    assert u.loc["gas", "waarde"] == 1234
    assert u["identiek"].all()
    # The strip of V inside the redrawn U is a generalisation sliver: left out, V keeps its people.
    assert ("V", "U") in set(zip(v.weggelaten["van"], v.weggelaten["naar"], strict=True))
    assert waarden(r, "tel")["V"] + waarden(r, "tel")["W"] == pytest.approx(30.0)


# -- the minimum piece share, at its edge -------------------------------------------------------


@pytest.mark.parametrize(
    ("strook", "behouden"),
    [(50.0, True), (49.9, False), (50.1, True)],  # 50 m of a 1000 m wijk = exactly 5 %
)
def test_a_piece_below_the_minimum_share_contributes_nothing(strook: float, behouden: bool):
    assert MIN_STUK_AANDEEL == 0.05
    van = laag({"P": (0, 0, 1000, 1000), "Q": (1000, 0, 2000, 1000)})
    naar = laag({"X": (0, 0, 1000 + strook, 1000), "Y": (1000 + strook, 0, 3000, 1000)})
    v = verdeel(van, naar, {"P": 100, "Q": 100}, {"X": 100, "Y": 100})
    paren = set(zip(v.stukken["van"], v.stukken["naar"], strict=True))
    assert (("Q", "X") in paren) is behouden
    weg = set(zip(v.weggelaten["van"], v.weggelaten["naar"], strict=True))
    assert (("Q", "X") in weg) is not behouden
    # Conservation either way: Q's 100 people all land somewhere.
    assert v.stukken.loc[v.stukken["van"] == "Q", "bewoners"].sum() == pytest.approx(100.0)
    # An area goes by area: a kept strip carries Q's suppressed area into X; a left-out one not.
    f = feiten([("opp", "P", 100, "waarde"), ("opp", "Q", None, GEHEIM)])
    r = omreken(f, v, REGELS, "nieuw")
    assert statussen(r, "opp")["X"] == (GEHEIM if behouden else "waarde")
    if not behouden:
        assert waarden(r, "opp")["X"] == pytest.approx(100.0)


# -- cost ---------------------------------------------------------------------------------------


def _omrekentijd(n: int) -> float:
    van = laag({f"G{i:05d}": (i * 100, 0, (i + 1) * 100, 100) for i in range(n)})
    naar = laag({f"H{i:05d}": (i * 100 + 30, 0, (i + 1) * 100 + 30, 100) for i in range(n)})
    pv = pd.Series(100.0, index=van["gebied_code"])
    pn = pd.Series(100.0, index=naar["gebied_code"])
    f = pd.concat(
        [feiten([(ind, c, 10.0, "waarde") for c in van["gebied_code"]]) for ind in ("tel", "pct")],
        ignore_index=True,
    )
    start = time.process_time()  # CPU: the machine is shared, wall time is not this code's
    v = verdeling(overlay(van, naar), pv, pn, {})
    omreken(f, v, REGELS, "nieuw")
    return time.process_time() - start


def test_cost_grows_linearly_with_the_number_of_areas():
    """A strip of N and 4N wijken, every boundary moved 30 m: 4x the areas may cost at most ~6x
    (4x plus noise), not the 16x of a cost quadratic in the areas."""
    _omrekentijd(200)  # warm up
    klein = min(_omrekentijd(1000) for _ in range(2))
    groot = min(_omrekentijd(4000) for _ in range(2))
    assert groot / klein < 8, (klein, groot)
