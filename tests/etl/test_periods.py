"""Tests of etl.periods: period kinds give the labels the monitor prints."""

import pytest

from etl.periods import periode_label


@pytest.mark.parametrize(
    ("soort", "jaar", "label"),
    [
        ("jaar", 2023, "2023"),
        ("schooljaar", 2023, "schooljaar 2023-2024"),
        ("gemiddelde_2jaar", 2023, "gemiddelde 2022 en 2023"),
        ("gemiddelde_2schooljaren", 2023, "gemiddelde schooljaren 2022-2023 en 2023-2024"),
        ("peildatum", 2025, "peildatum 1 januari 2025"),
        ("prognose", 2035, "prognose 2035"),
    ],
)
def test_period_labels(soort: str, jaar: int, label: str) -> None:
    assert periode_label(soort, jaar) == label


def test_unknown_period_kind_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="schooljaar"):
        periode_label("kwartaal", 2023)
