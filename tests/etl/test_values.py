"""Tests of etl.values: Dutch notation, markers and significance become value and status."""

import pandas as pd
import pytest

from etl.values import parse_values


def parse_one(text: str, decimaal: str = ",") -> dict:
    return parse_values(pd.Series([text]), decimaal).iloc[0].to_dict()


@pytest.mark.parametrize(
    ("text", "waarde"),
    [("7,4%", 7.4), ("1.020.300", 1020300.0), ("1.020,5", 1020.5), ("88 %", 88.0), ("1 020", 1020.0),
     ("-3,5", -3.5), ("0", 0.0), ("1020", 1020.0), ("0,125", 0.125), ("1,0205", 1.0205)],
)
def test_dutch_numbers_become_display_unit_values(text: str, waarde: float) -> None:
    parsed = parse_one(text)
    assert parsed["waarde"] == waarde
    assert parsed["status"] == "waarde"
    assert pd.isna(parsed["fout"])


def test_asterisk_marks_significance() -> None:
    parsed = parse_one("12%*")
    assert (parsed["waarde"], parsed["significant"]) == (12.0, True)
    assert pd.isna(parse_one("12%")["significant"])


@pytest.mark.parametrize(
    ("text", "status"),
    [("-", "niet gemeten"), (".", "niet gemeten"), ("x", "geheim/onderdrukt"), ("?", "geheim/onderdrukt")],
)
def test_missing_markers_become_status_not_number(text: str, status: str) -> None:
    parsed = parse_one(text)
    assert parsed["status"] == status
    assert pd.isna(parsed["waarde"])


def test_english_decimal_in_dutch_file_is_rejected_as_ambiguous() -> None:
    parsed = parse_one("8.3")
    assert pd.isna(parsed["status"])
    assert "decimaalteken ','" in parsed["fout"]


def test_text_in_numeric_column_is_rejected_with_the_text() -> None:
    assert parse_one("veel")["fout"] == "waarde 'veel' is geen getal en geen bekende markering (-, ., x)"


def test_point_decimal_files_read_points_as_decimals() -> None:
    assert parse_one("1.5", ".")["waarde"] == 1.5
    assert parse_one("1,020.5", ".")["waarde"] == 1020.5


def test_empty_cell_is_flagged_empty_not_zero() -> None:
    parsed = parse_one("  ")
    assert parsed["leeg"] is True
    assert pd.isna(parsed["waarde"])


@pytest.mark.parametrize("decimaal", [",", "."])
@pytest.mark.parametrize("text", ["1.020", "1,020", "-8.300", "12,500*", "999.000%"])
def test_one_mark_before_three_digits_is_ambiguous_in_either_notation(text: str, decimaal: str) -> None:
    parsed = parse_one(text, decimaal)
    assert pd.isna(parsed["status"]) and pd.isna(parsed["waarde"])
    assert parsed["fout"] == (
        f"waarde {text!r} is dubbelzinnig: duizendtallen of drie decimalen? "
        "(schrijf duizendtallen zonder punt of komma)"
    )


@pytest.mark.parametrize(("decimaal", "text"), [(",", "8.3"), (".", "8,3"), (".", "12,5%")])
def test_the_other_notations_decimal_is_rejected_symmetrically(decimaal: str, text: str) -> None:
    parsed = parse_one(text, decimaal)
    assert pd.isna(parsed["status"])
    assert f"decimaalteken {decimaal!r}" in parsed["fout"]


@pytest.mark.parametrize(("decimaal", "text"), [(".", "0,125"), (",", "0.125")])
def test_a_zero_cannot_lead_a_thousands_group(decimaal: str, text: str) -> None:
    assert pd.isna(parse_one(text, decimaal)["status"])


def test_non_finite_and_non_ascii_numbers_are_rejected_never_stored() -> None:
    huge = "9" * 400
    cases = {
        huge: f"waarde '{'9' * 60}…' is te groot om als getal op te slaan",
        "inf": "waarde 'inf' is geen getal en geen bekende markering (-, ., x)",
        "-Infinity": "waarde '-Infinity' is geen getal en geen bekende markering (-, ., x)",
        "NaN": "waarde 'NaN' is geen getal en geen bekende markering (-, ., x)",
        "\uff17\uff11": "waarde '\uff17\uff11' bevat andere cijfers dan 0-9",
        "\u0667": "waarde '\u0667' bevat andere cijfers dan 0-9",
    }
    parsed = parse_values(pd.Series(list(cases)), ",")
    assert parsed["status"].isna().all() and parsed["waarde"].isna().all()
    assert list(parsed["fout"]) == list(cases.values())


def test_a_reason_shows_a_short_escaped_excerpt_of_a_huge_cell() -> None:
    reason = parse_one("veel\x00" + "x" * 1_000_000)["fout"]
    assert reason == "waarde 'veel\\x00" + "x" * 55 + "…' is geen getal en geen bekende markering (-, ., x)"
    assert "\x00" not in reason
