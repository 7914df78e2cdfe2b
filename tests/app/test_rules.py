"""Tests of the judgement rules (app/rules.py): trend, comparison, favourability, breaks."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from app import rules
from app.rules import Meting


def reeks(*rows: tuple) -> pd.DataFrame:
    cols = ["jaar", "waarde", "status", "ondergrens", "bovengrens", "significant", "periode_label"]
    out = []
    for r in rows:
        r = tuple(r) + (None,) * (len(cols) - len(r))
        out.append(dict(zip(cols, r, strict=True)))
    frame = pd.DataFrame(out)
    frame["periode_label"] = [p or str(j) for p, j in zip(frame["periode_label"], frame["jaar"], strict=True)]
    return frame


def test_small_percentage_change_without_significance_is_stable() -> None:
    t = rules.trend(reeks((2021, 70.0, "waarde"), (2023, 71.5, "waarde")), "hoger", "percentage")
    assert t.oordeel == rules.TREND_STABIEL
    assert t.methode == rules.METHODE_DREMPEL


def test_change_beyond_threshold_in_desired_direction() -> None:
    t = rules.trend(reeks((2021, 70.0, "waarde"), (2023, 73.0, "waarde")), "hoger", "percentage")
    assert t.oordeel == rules.TREND_GEWENST
    assert (t.vorig_jaar, t.jaar) == (2021, 2023)


def test_rise_of_an_indicator_that_should_fall_is_undesired() -> None:
    t = rules.trend(reeks((2020, 10.0, "waarde"), (2022, 13.0, "waarde")), "lager", "percentage")
    assert t.oordeel == rules.TREND_ONGEWENST


def test_significance_flag_overrides_the_threshold() -> None:
    small_but_significant = reeks((2021, 72.0, "waarde"), (2023, 73.0, "waarde", None, None, True))
    t = rules.trend(small_but_significant, "hoger", "percentage")
    assert t.oordeel == rules.TREND_GEWENST and t.methode == rules.METHODE_SIGNIFICANT
    big_not_significant = reeks((2021, 60.0, "waarde"), (2023, 70.0, "waarde", None, None, False))
    assert rules.trend(big_not_significant, "hoger", "percentage").oordeel == rules.TREND_STABIEL


def test_overlapping_intervals_mean_stable() -> None:
    r = reeks((2022, 12.0, "waarde", 11.0, 13.0), (2024, 12.4, "waarde", 11.4, 13.4))
    t = rules.trend(r, "lager", "percentage")
    assert t.oordeel == rules.TREND_STABIEL and t.methode == rules.METHODE_INTERVAL


def test_trend_uses_previous_measurement_and_skips_unmeasured_years() -> None:
    r = reeks((2019, 20.0, "waarde"), (2021, None, "niet gemeten"), (2023, 30.0, "waarde"))
    t = rules.trend(r, "hoger", "per 1000 inwoners")
    assert (t.vorig_jaar, t.jaar) == (2019, 2023)
    assert t.oordeel == rules.TREND_GEWENST


def test_break_between_measurements_gives_no_judgement() -> None:
    r = reeks((2020, 22.0, "waarde"), (2021, 15.0, "waarde"))
    assert rules.trend(r, "lager", "aantal", [2021]).oordeel == rules.TREND_BREUK


def test_single_measurement_gives_no_judgement() -> None:
    assert rules.trend(reeks((2023, 5.0, "waarde")), "hoger", "aantal").oordeel == rules.TREND_ONBEKEND


def test_neutral_indicator_gets_direction_words() -> None:
    t = rules.trend(reeks((2019, 100.0, "waarde"), (2024, 120.0, "waarde")), "neutraal", "aantal")
    assert t.oordeel == rules.TREND_GESTEGEN


def test_comparison_with_relative_threshold_for_other_units() -> None:
    assert rules.vergelijk(Meting(14.0), Meting(14.2), "per 1000 inwoners").richting == rules.GELIJK
    assert rules.vergelijk(Meting(16.0), Meting(14.2), "per 1000 inwoners").richting == rules.HOGER


def test_value_outside_one_interval_is_different() -> None:
    assert rules.vergelijk(Meting(12.4, 11.4, 13.4), Meting(9.0), "percentage").richting == rules.HOGER
    assert rules.vergelijk(Meting(12.4, 11.4, 13.4), Meting(12.0), "percentage").richting == rules.GELIJK


def test_favourability_follows_desired_direction() -> None:
    assert rules.gunstigheid(rules.HOGER, "hoger") == rules.GUNSTIG
    assert rules.gunstigheid(rules.HOGER, "lager") == rules.ONGUNSTIG
    assert rules.gunstigheid(rules.GELIJK, "lager") == rules.VERGELIJKBAAR
    assert rules.gunstigheid(rules.LAGER, "neutraal") == rules.NEUTRAAL


def test_break_years_are_read_from_the_catalogue_column() -> None:
    assert rules.breuk_jaren("2021") == [2021]
    assert rules.breuk_jaren("2024|2018") == [2018, 2024]
    assert rules.breuk_jaren(None) == []


def test_change_of_period_kind_is_a_break() -> None:
    r = reeks((2019, 1.0, "waarde", None, None, None, "2019"),
              (2021, 1.0, "waarde", None, None, None, "schooljaar 2021-2022"))
    assert rules.periode_breuken(r) == [2021]


@given(a=st.floats(0, 100), b=st.floats(0, 100))
def test_comparison_is_antisymmetric(a: float, b: float) -> None:
    ab = rules.vergelijk(Meting(a), Meting(b), "percentage").richting
    ba = rules.vergelijk(Meting(b), Meting(a), "percentage").richting
    flip = {rules.HOGER: rules.LAGER, rules.LAGER: rules.HOGER, rules.GELIJK: rules.GELIJK}
    assert ba == flip[ab]
