"""Tests of figures for larger areas on small hand-made examples: sums, weighted means, refusals.

Two wijken A (1000 inhabitants) and B (3000) make up area C.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.aggregate import FACT_KOLOMMEN, OVERGESLAGEN_KOLOMMEN, aggregate_to_areas, skip_notes

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
    result = run(*BASIS, fact("pct_rokers", "A", 10.0), fact("pct_rokers", "B", 20.0))
    # (1000 * 10 + 3000 * 20) / 4000 = 17.5, not the plain mean 15
    assert value(result, "pct_rokers") == pytest.approx(17.5)


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
