"""Tests of the Dutch number and status display (app/fmt.py)."""

from __future__ import annotations

import math

from app import fmt


def test_dutch_decimal_comma_and_thousands_dot() -> None:
    assert fmt.getal(161852) == "161.852"
    assert fmt.getal(8.3) == "8,3"
    assert fmt.getal(0.35) == "0,35"
    assert fmt.getal(-0.04, 1) == "0,0"


def test_values_carry_their_unit() -> None:
    assert fmt.waarde(8.3, "percentage") == "8,3%"
    assert fmt.waarde(1020, "aantal") == "1.020"
    assert fmt.waarde(12.5, "per 1000 inwoners") == "12,5 per 1000 inwoners"
    assert fmt.waarde(3.2, "km") == "3,2 km"


def test_statuses_are_words_never_zero() -> None:
    assert fmt.waarde(None, "percentage", "geheim/onderdrukt") == "geheim/onderdrukt"
    assert fmt.waarde(None, "percentage", "niet gemeten") == "niet gemeten"
    assert fmt.waarde(math.nan, "percentage") == "geen gegevens"


def test_differences_of_percentages_are_percentage_points() -> None:
    assert fmt.verschil(1.2, "percentage") == "+1,2 procentpunt"
    assert fmt.verschil(-3, "per 1000 inwoners") == "-3 per 1000 inwoners"
    assert fmt.verschil(0, "percentage") == "0 procentpunt"
