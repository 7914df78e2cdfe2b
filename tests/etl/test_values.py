"""Tests of etl.values: Dutch notation, markers and significance become value and status."""

import pandas as pd
import pytest

from etl.values import parse_values


def parse_one(text: str, decimaal: str = ",") -> dict:
    return parse_values(pd.Series([text]), decimaal).iloc[0].to_dict()


@pytest.mark.parametrize(
    ("text", "waarde"),
    [("7,4%", 7.4), ("1.020", 1020.0), ("88 %", 88.0), ("1 020", 1020.0), ("-3,5", -3.5), ("0", 0.0)],
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
