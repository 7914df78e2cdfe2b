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
    assert fmt.waarde(12.5, "per 1000 inwoners") == "12,5 per 1.000 inwoners"
    assert fmt.waarde(3.2, "km") == "3,2 km"


def test_units_are_written_as_people_write_them() -> None:
    assert fmt.waarde(372, "1000 euro") == "372 × € 1.000"
    assert fmt.waarde(4120, "per km2") == "4.120 per km²"
    assert fmt.waarde(1650, "m3") == "1.650 m³"
    assert fmt.eenheid_label("adressen per km2") == "adressen per km²"
    assert fmt.verschil(-3, "per 1000 inwoners") == "-3 per 1.000 inwoners"


def test_one_number_of_decimals_per_indicator() -> None:
    assert fmt.decimalen([2119, 2119.5, 12]) == 1
    assert fmt.decimalen([2119, 12]) == 0
    assert fmt.decimalen([0.35, 0.4]) == 2
    assert fmt.decimalen([None, math.nan]) == 0
    assert fmt.getal(2119, fmt.decimalen([2119, 2119.5])) == "2.119,0"


def test_statuses_are_words_never_zero() -> None:
    assert fmt.waarde(None, "percentage", "geheim/onderdrukt") == "geheim/onderdrukt"
    assert fmt.waarde(None, "percentage", "niet gemeten") == "niet gemeten"
    assert fmt.waarde(math.nan, "percentage") == "geen gegevens"


def test_differences_of_percentages_are_percentage_points() -> None:
    assert fmt.verschil(1.2, "percentage") == "+1,2 procentpunt"
    assert fmt.verschil(-3, "per 1000 inwoners") == "-3 per 1.000 inwoners"
    assert fmt.verschil(0, "percentage") == "0 procentpunt"
