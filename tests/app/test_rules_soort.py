"""The verdict rules per kind of figure (app/rules.py, docs/statistiek.md): edges fixed by hand."""

from __future__ import annotations

import pytest

from app import rules
from app.rules import Meting


def m(waarde: float, soort: str = "gemeten") -> Meting:
    return Meting(waarde, soort=soort)


# -- measured survey percentages: 2 procentpunt, holding at the edge of the last decimal --------

@pytest.mark.parametrize(("wijk", "stad", "richting"), [
    (27.0, 25.0, rules.GELIJK),   # exactly 2,0: 26,95 - 25,05 = 1,9 is possible, no finding
    (27.1, 25.0, rules.HOGER),    # 2,1: at least 2,0 whatever the next decimal
    (26.9, 25.0, rules.GELIJK),   # 1,9
    (22.9, 25.0, rules.LAGER),    # -2,1
    (23.0, 25.0, rules.GELIJK),   # -2,0
])
def test_a_measured_difference_counts_from_two_points_at_the_edge_of_its_decimals(
        wijk: float, stad: float, richting: str) -> None:
    oordeel = rules.vergelijk(m(wijk), m(stad), "percentage")
    assert oordeel.richting == richting
    assert oordeel.methode == rules.METHODE_DREMPEL


@pytest.mark.parametrize(("wijk", "stad", "richting"), [
    (17.0, 15.0, rules.GELIJK),  # whole numbers: 16,5 - 15,5 = 1
    (18.0, 15.0, rules.HOGER),   # 17,5 - 15,5 = 2: still two points
])
def test_whole_numbers_have_a_margin_of_a_whole_point(wijk: float, stad: float, richting: str) -> None:
    assert rules.vergelijk(m(wijk), m(stad), "percentage").richting == richting


# -- model estimates: 5 procentpunt (GGD gebiedsprofielen), no verdict below -------------------

@pytest.mark.parametrize(("wijk", "stad", "richting"), [
    (27.0, 25.0, rules.GELIJK),  # the case: 2 points of a model estimate is no verdict
    (29.9, 25.0, rules.GELIJK),  # 4,9
    (30.0, 25.0, rules.GELIJK),  # exactly 5,0: may be 4,9
    (30.1, 25.0, rules.HOGER),   # 5,1: at least 5,0
    (30.2, 25.0, rules.HOGER),
    (19.9, 25.0, rules.LAGER),   # -5,1
])
def test_a_model_estimate_counts_only_from_five_points(wijk: float, stad: float, richting: str) -> None:
    oordeel = rules.vergelijk(m(wijk, "modelschatting"), m(stad, "modelschatting"), "percentage")
    assert (oordeel.richting, oordeel.methode) == (richting, rules.METHODE_MODEL)
    assert oordeel.verschil == pytest.approx(wijk - stad)


def test_one_model_estimate_in_the_pair_is_enough_for_the_model_rule() -> None:
    # a converted figure or a modelled wijk against a measured city figure
    for soort, methode in (("modelschatting", rules.METHODE_MODEL),
                           ("omgerekend", rules.METHODE_OMGEREKEND)):
        oordeel = rules.vergelijk(m(28.0, soort), m(25.0), "percentage")
        assert (oordeel.richting, oordeel.methode) == (rules.GELIJK, methode)
    # a converted figure's verdict says in words that the conversion adds uncertainty
    assert "omrekenen" in rules.methode_tekst(rules.METHODE_OMGEREKEND, "percentage")


def test_a_model_estimate_in_another_unit_gets_no_verdict() -> None:
    oordeel = rules.vergelijk(m(50.0, "modelschatting"), m(10.0), "per 1000 inwoners")
    assert (oordeel.richting, oordeel.methode) == (rules.ONBEKEND, rules.METHODE_GEEN_REGEL)
    assert rules.gunstigheid(oordeel.richting, "lager") == ""


def test_the_model_rule_gives_no_favourable_verdict_below_its_threshold() -> None:
    oordeel = rules.vergelijk(m(23.0, "modelschatting"), m(25.0, "modelschatting"), "percentage")
    assert rules.gunstigheid(oordeel.richting, "lager") == rules.VERGELIJKBAAR
    assert "5 procentpunt" in rules.methode_tekst(oordeel.methode, "percentage")


# -- counts, forecasts, inferred figures: no verdict ---------------------------------------------

def test_a_count_is_never_judged_against_the_total_it_is_part_of() -> None:
    oordeel = rules.vergelijk(m(6020.0), m(161852.0), "aantal", aantal_tegen_totaal=True)
    assert oordeel == rules.Oordeel(rules.ONBEKEND, None, rules.METHODE_AANTAL)
    assert rules.gunstigheid(oordeel.richting, "lager") == ""


@pytest.mark.parametrize("soort", ["prognose", "herleid"])
def test_a_forecast_or_an_inferred_figure_gets_no_verdict(soort: str) -> None:
    oordeel = rules.vergelijk(m(420.0, soort), m(100.0), "aantal")
    assert (oordeel.richting, oordeel.methode) == (rules.ONBEKEND, rules.METHODE_GEEN_OORDEEL)


# -- approximate figures ('ca.'): their rounding margin on top ----------------------------------

@pytest.mark.parametrize(("wijk", "richting"), [
    (5.0, rules.GELIJK),  # ca. 5% (4,5-5,5) against 3,2%: 1,8 minus margins, no finding
    (6.0, rules.HOGER),   # ca. 6%: 2,8 - 0,5 (rounding) - 0,1 (last decimal) = 2,2: a finding
    (5.7, rules.GELIJK),  # ca. 5,7%: 2,5 - 0,5 - 0,1 = 1,9
])
def test_an_approximate_figure_counts_with_its_rounding_margin(wijk: float, richting: str) -> None:
    oordeel = rules.vergelijk(m(wijk, "ongeveer"), m(3.2), "percentage")
    assert oordeel.methode == rules.METHODE_AFGEROND
    assert oordeel.richting == richting


# -- trends: never across a change of basis ------------------------------------------------------

def rij(jaar: int, waarde: float, soort: str = "gemeten") -> dict:
    return {"jaar": jaar, "waarde": waarde, "status": "waarde", "periode_label": str(jaar),
            "soort": soort}


def test_a_sum_of_wijken_and_the_source_s_own_figure_form_no_trend() -> None:
    # personenauto's: 2019 the sum of the wijken (99.490), 2024 CBS's own figure (142.255)
    t = rules.trend_rijen([rij(2019, 99490.0, "berekend"), rij(2024, 142255.0)], "neutraal", "aantal")
    assert t.oordeel == rules.TREND_BASIS
    assert t.verschil is None


def test_two_computed_figures_or_two_delivered_ones_do_form_a_trend() -> None:
    t = rules.trend_rijen([rij(2019, 100.0, "berekend"), rij(2024, 120.0, "berekend")], "neutraal", "aantal")
    assert t.oordeel == rules.TREND_GESTEGEN
    t = rules.trend_rijen([rij(2019, 100.0), rij(2024, 120.0)], "neutraal", "aantal")
    assert t.oordeel == rules.TREND_GESTEGEN


def test_a_converted_and_a_delivered_figure_form_no_trend() -> None:
    t = rules.trend_rijen([rij(2020, 30.0, "omgerekend"), rij(2024, 20.0)], "lager", "percentage")
    assert t.oordeel == rules.TREND_BASIS


@pytest.mark.parametrize(("nieuw", "oordeel"), [
    (25.0, rules.TREND_STABIEL),   # 5,0 up: may be 4,9
    (25.1, rules.TREND_ONGEWENST),  # 5,1 up of something that should fall
    (17.0, rules.TREND_STABIEL),   # 3 down: a survey change, not a model one
])
def test_a_trend_of_model_estimates_uses_the_model_threshold(nieuw: float, oordeel: str) -> None:
    t = rules.trend_rijen([rij(2016, 20.0, "modelschatting"), rij(2020, nieuw, "modelschatting")],
                          "lager", "percentage")
    assert t.oordeel == oordeel
