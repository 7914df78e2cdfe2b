"""Tests of figures for larger areas on small hand-made examples: sums, weighted means, refusals.

Two wijken A (1000 inhabitants) and B (3000) make up area C.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.aggregate import (
    FACT_KOLOMMEN,
    MAX_DECIMALEN,
    OVERGESLAGEN_KOLOMMEN,
    afronden,
    aggregate_to_areas,
    decimalen,
    skip_notes,
)

SAMENSTELLING = pd.DataFrame(
    [("C", "A", "wijk2024"), ("C", "B", "wijk2024")],
    columns=["gebied_code", "lid_code", "lid_indeling"],
)
REGELS = pd.DataFrame(
    [
        ("inwoners", "som", None),
        ("pct_rokers", "gewogen", "inwoners"),
        ("cijfer_buurt", "geen", None),
        ("pct_zonder_noemer", "gewogen", None),
    ],
    columns=["indicator", "aggregatie", "noemer"],
)


def fact(
    indicator: str,
    gebied: str,
    waarde: float | None,
    jaar: int = 2024,
    *,
    status: str = "waarde",
    indeling: str = "wijk2024",
    dimensie: str = "totaal",
    groep: str = "totaal",
) -> tuple:
    return (indicator, jaar, str(jaar), dimensie, groep, gebied, indeling, waarde, status)


def run(*rows: tuple, samenstelling: pd.DataFrame = SAMENSTELLING, regels: pd.DataFrame = REGELS):
    return aggregate_to_areas(pd.DataFrame(rows, columns=FACT_KOLOMMEN), samenstelling, regels)


def value(result, indicator: str, jaar: int = 2024) -> float:
    f = result.facts
    [v] = f.loc[(f["indicator"] == indicator) & (f["jaar"] == jaar), "waarde"]
    return v


BASIS = (fact("inwoners", "A", 1000), fact("inwoners", "B", 3000))


def test_count_is_summed() -> None:
    result = run(*BASIS)
    assert value(result, "inwoners") == 4000
    row = result.facts.iloc[0]
    assert (row["gebied_code"], row["indeling"], row["status"]) == ("C", "cluster", "waarde")
    assert list(result.facts.columns) == FACT_KOLOMMEN


def test_rate_is_weighted_by_its_noemer() -> None:
    result = run(*BASIS, fact("pct_rokers", "A", 10.2), fact("pct_rokers", "B", 20.2))
    # (1000 * 10.2 + 3000 * 20.2) / 4000 = 17.7, not the plain mean 15.2
    assert value(result, "pct_rokers") == 17.7


@pytest.mark.parametrize(
    ("a", "b", "verwacht"),
    [
        (10.0, 20.0, 18.0),  # 17.5: a half rounds up (away from zero), as CBS rounds
        (9.0, 20.0, 17.0),  # 17.25
        (11.0, 20.0, 18.0),  # 17.75
        (10.0, 19.0, 17.0),  # 16.75 -> 17: no spurious decimal from whole-number inputs
    ],
)
def test_share_from_whole_number_shares_is_a_whole_number(a: float, b: float, verwacht: float) -> None:
    result = run(*BASIS, fact("pct_rokers", "A", a), fact("pct_rokers", "B", b))
    assert value(result, "pct_rokers") == verwacht


def test_share_keeps_the_most_decimals_of_its_inputs() -> None:
    # (1000 * 10 + 3000 * 20.25) / 4000 = 17.6875 -> two decimals, as B has
    result = run(*BASIS, fact("pct_rokers", "A", 10.0), fact("pct_rokers", "B", 20.25))
    assert value(result, "pct_rokers") == 17.69


def test_sum_of_one_decimal_values_has_no_float_noise() -> None:
    result = run(fact("inwoners", "A", 0.1), fact("inwoners", "B", 0.2))
    assert value(result, "inwoners") == 0.3  # not 0.30000000000000004


# A rate per 1000 inwoners with a count numerator: made from the summed counts.
REGELS_TELLER = pd.DataFrame(
    [
        ("inwoners", "som", None, None, None),
        ("geboorten", "som", None, None, None),
        ("geboorte_per_1000", "gewogen", "inwoners", "geboorten", 1000.0),
    ],
    columns=["indicator", "aggregatie", "noemer", "teller", "schaal"],
)


def test_rate_with_a_teller_is_made_from_the_summed_counts() -> None:
    """CBS's wijk rates come from unrounded counts: A 9 per 1000, B 10 per 1000.

    Weighted by inwoners they give (9 * 1000 + 10 * 3000) / 4000 = 9.75 -> 10; the summed counts
    in the same warehouse give 1000 * (12 + 30) / 4000 = 10.5 -> 11 (whole, like the wijk rates).
    """
    result = run(
        *BASIS,
        fact("geboorten", "A", 12), fact("geboorten", "B", 30),
        fact("geboorte_per_1000", "A", 9.0), fact("geboorte_per_1000", "B", 10.0),
        regels=REGELS_TELLER,
    )
    assert value(result, "geboorten") == 42
    assert value(result, "geboorte_per_1000") == 11.0


def test_rate_with_a_teller_needs_no_rate_of_every_wijk_but_takes_its_decimals() -> None:
    # B's rate is suppressed, its counts are not: 1000 * 42 / 4000 = 10.5, A's rate has one decimal
    result = run(
        *BASIS,
        fact("geboorten", "A", 12), fact("geboorten", "B", 30),
        fact("geboorte_per_1000", "A", 9.1),
        fact("geboorte_per_1000", "B", None, status="geheim/onderdrukt"),
        regels=REGELS_TELLER,
    )
    assert value(result, "geboorte_per_1000") == 10.5


def test_rate_with_a_teller_and_no_rate_that_year_takes_the_decimals_of_other_years() -> None:
    # 2024: both wijk rates suppressed; 2023 rates are whole numbers, so 10.5 -> 11
    geheim = "geheim/onderdrukt"
    rows = [
        *BASIS,
        fact("geboorten", "A", 12), fact("geboorten", "B", 30),
        fact("geboorte_per_1000", "A", None, status=geheim),
        fact("geboorte_per_1000", "B", None, status=geheim),
        fact("geboorte_per_1000", "A", 9.0, 2023),
    ]
    assert value(run(*rows, regels=REGELS_TELLER), "geboorte_per_1000") == 11.0
    # without any wijk rate to take the decimals from: one decimal (DECIMALEN_ZONDER_INVOER)
    assert value(run(*rows[:-1], regels=REGELS_TELLER), "geboorte_per_1000") == 10.5


def test_rate_with_a_teller_missing_for_a_wijk_is_left_out_with_its_reason() -> None:
    result = run(
        *BASIS,
        fact("geboorten", "A", 12),
        fact("geboorte_per_1000", "A", 9.0), fact("geboorte_per_1000", "B", 10.0),
        regels=REGELS_TELLER,
    )
    assert "geboorte_per_1000" not in set(result.facts["indicator"])
    assert "teller geboorten ontbreekt (of is niet eenduidig) voor B" in "\n".join(result.notes)


def test_rate_with_a_teller_and_a_zero_noemer_is_left_out() -> None:
    result = run(
        fact("inwoners", "A", 0), fact("inwoners", "B", 0),
        fact("geboorten", "A", 0), fact("geboorten", "B", 0),
        fact("geboorte_per_1000", "A", 0.0), fact("geboorte_per_1000", "B", 0.0),
        regels=REGELS_TELLER,
    )
    assert "geboorte_per_1000" not in set(result.facts["indicator"])
    assert any("noemer inwoners is 0" in n for n in result.notes)


@pytest.mark.parametrize(
    ("waarde", "d", "verwacht"),
    [
        (17.5, 0, 18.0),  # at the edge: half away from zero (Python's round gives 18 too)
        (10.5, 0, 11.0),  # Python's round(10.5) gives 10 (half to even)
        (10.49, 0, 10.0),  # just below
        (10.51, 0, 11.0),  # just above
        (-0.5, 0, -1.0),
        (-0.4, 0, 0.0),  # never -0.0
        (2.675, 2, 2.68),  # the float 2.675 lies below 2.675; round(2.675, 2) gives 2.67
    ],
)
def test_rounding_is_half_away_from_zero(waarde: float, d: int, verwacht: float) -> None:
    uit = afronden(waarde, d)
    assert uit == verwacht and str(uit) == str(verwacht)


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [(7.0, 0), (0.7, 1), (7 * 0.1, 1), (0.1 + 0.2, 1), (12.25, 2), (1 / 3, MAX_DECIMALEN), (-3.5, 1)],
)
def test_decimals_of_an_input_value(waarde: float, verwacht: int) -> None:
    assert decimalen(waarde) == verwacht


def test_rate_of_a_suppressed_wijk_gives_no_figure_and_a_note() -> None:
    result = run(
        *BASIS, fact("pct_rokers", "A", 10.0), fact("pct_rokers", "B", None, status="geheim/onderdrukt")
    )
    assert result.facts["indicator"].tolist() == ["inwoners"]
    assert any("pct_rokers" in n and "B (geheim/onderdrukt)" in n for n in result.notes)
    assert result.overgeslagen["indicator"].tolist() == ["pct_rokers"]
    assert list(result.overgeslagen.columns) == OVERGESLAGEN_KOLOMMEN


def test_count_with_a_missing_wijk_gives_no_figure() -> None:
    result = run(fact("inwoners", "A", 1000))
    assert result.facts.empty
    assert any("B (geen cijfer)" in n for n in result.notes)


def test_rate_without_noemer_for_that_year_gives_no_figure() -> None:
    result = run(*BASIS, fact("pct_rokers", "A", 10.0, 2023), fact("pct_rokers", "B", 20.0, 2023))
    assert result.facts["indicator"].tolist() == ["inwoners"]
    assert any("noemer inwoners ontbreekt" in n and "2023" in n for n in result.notes)


def test_noemer_must_exist_for_the_same_group() -> None:
    result = run(
        *BASIS,
        fact("pct_rokers", "A", 10.0, dimensie="geslacht", groep="vrouwen"),
        fact("pct_rokers", "B", 20.0, dimensie="geslacht", groep="vrouwen"),
    )
    assert "pct_rokers" not in set(result.facts["indicator"])
    assert any("geslacht vrouwen" in n for n in result.notes)


def test_noemer_of_zero_everywhere_gives_no_figure() -> None:
    result = run(
        fact("inwoners", "A", 0),
        fact("inwoners", "B", 0),
        fact("pct_rokers", "A", 10.0),
        fact("pct_rokers", "B", 20.0),
    )
    assert "pct_rokers" not in set(result.facts["indicator"])
    assert any("is 0" in n for n in result.notes)


def test_indicator_without_known_noemer_is_not_aggregated_and_says_so() -> None:
    result = run(
        fact("cijfer_buurt", "A", 7.0),
        fact("cijfer_buurt", "B", 8.0),
        fact("pct_zonder_noemer", "A", 1.0),
        fact("pct_zonder_noemer", "B", 2.0),
        fact("onbekend", "A", 1.0),
        fact("onbekend", "B", 2.0),
    )
    assert result.facts.empty
    text = "\n".join(result.notes)
    assert "cijfer_buurt" in text and "'geen'" in text
    assert "pct_zonder_noemer" in text and "zonder noemer" in text
    assert "onbekend" in text and "geen aggregatieregel" in text


def test_facts_of_wijken_outside_the_area_or_of_another_indeling_are_ignored() -> None:
    result = run(*BASIS, fact("inwoners", "D", 5000), fact("inwoners", "A", 99, indeling="wijk2019"))
    assert value(result, "inwoners") == 4000


def test_same_area_from_two_indelingen_prefers_2024_and_fills_other_years_from_2019() -> None:
    samenstelling = pd.concat(
        [
            SAMENSTELLING,
            pd.DataFrame([("C", "A", "wijk2019"), ("C", "B", "wijk2019")], columns=SAMENSTELLING.columns),
        ]
    )
    result = run(
        *BASIS,
        fact("inwoners", "A", 900, 2019, indeling="wijk2019"),
        fact("inwoners", "B", 2900, 2019, indeling="wijk2019"),
        fact("inwoners", "A", 999, 2024, indeling="wijk2019"),
        fact("inwoners", "B", 2999, 2024, indeling="wijk2019"),
        samenstelling=samenstelling,
    )
    assert value(result, "inwoners", 2024) == 4000
    assert value(result, "inwoners", 2019) == 3800
    assert len(result.facts) == 2


def test_each_group_and_year_is_aggregated_separately() -> None:
    rows = [
        fact("inwoners", w, n, jaar, dimensie="geslacht", groep=g)
        for jaar in (2023, 2024)
        for w, n in (("A", 10), ("B", 20))
        for g in ("mannen", "vrouwen")
    ]
    result = run(*rows)
    assert len(result.facts) == 4 and (result.facts["waarde"] == 30).all()


def test_unknown_aggregation_rule_is_an_error() -> None:
    regels = pd.DataFrame([("inwoners", "gemiddelde", None)], columns=REGELS.columns)
    with pytest.raises(ValueError, match="gemiddelde"):
        run(*BASIS, regels=regels)


def test_two_figures_for_one_wijk_are_an_error() -> None:
    with pytest.raises(ValueError, match="not unique"):
        run(*BASIS, fact("inwoners", "A", 1001))


def test_empty_input_gives_empty_result() -> None:
    result = run()
    assert result.facts.empty and result.notes == [] and result.overgeslagen.empty
    assert list(result.facts.columns) == FACT_KOLOMMEN


def test_figures_not_computed_are_one_note_per_indicator():
    """Two areas x two years without a figure because of suppressed wijken: one line, each wijk
    and each reason named once (skip_notes, the build's 'noot' lines)."""
    onvolledig = "niet alle wijken hebben een waarde: "
    skipped = pd.DataFrame(
        [
            ("pct_rokers", 2019, "2019", "totaal", "totaal", "GM0307", onvolledig + "A (geheim/onderdrukt)"),
            (
                "pct_rokers",
                2024,
                "2024",
                "totaal",
                "totaal",
                "GM0307",
                onvolledig + "A (geheim/onderdrukt), B (geen cijfer)",
            ),
            ("pct_rokers", 2024, "2024", "totaal", "totaal", "C", onvolledig + "B (geen cijfer)"),
            (
                "pct_rokers",
                2023,
                "2023",
                "geslacht",
                "vrouwen",
                "C",
                "noemer inwoners ontbreekt (of is niet eenduidig) voor A",
            ),
            ("inwoners", 2024, "2024", "totaal", "totaal", "C", onvolledig + "B (geheim/onderdrukt)"),
        ],
        columns=OVERGESLAGEN_KOLOMMEN,
    )
    assert skip_notes(skipped) == [
        "inwoners: geen cijfer voor C in 2024; 1 wijk zonder waarde: B (geheim/onderdrukt)",
        "pct_rokers: geen cijfer voor C, GM0307 in 2019, 2023 (geslacht vrouwen), 2024; "
        "2 wijken zonder waarde: A (geheim/onderdrukt), B (geen cijfer); "
        "noemer inwoners ontbreekt (of is niet eenduidig) voor A",
    ]
    assert skip_notes(skipped.iloc[0:0]) == []
