"""Monitor Inclusieve Stad 2025, chapter 6 'Ouder worden': exact values in the warehouse.

Covers the chapter table, text and figure values, breakdowns and the slotbeschouwing figures.
"""

from __future__ import annotations

import pytest

from tests.conftest import chapter_table, fetch_fact

THEMA = "Ouder worden"

# (indicator, jaar, gebied, dimensie, groep, waarde, periode_label)
FIGURES = [
    # chapter table (2022 2023 2024): 94% 94% -
    ("ouderen_zelfstandig_wonend", 2022, "GM0307", "totaal", "totaal", 94.0, "2022"),
    ("ouderen_zelfstandig_wonend", 2023, "GM0307", "totaal", "totaal", 94.0, "2023"),
    # figure '% zelfstandig wonende 70-plussers, 2025'
    ("ouderen_zelfstandig_wonend", 2025, "NL01", "totaal", "totaal", 95.3, "2025"),
    ("ouderen_zelfstandig_wonend", 2025, "G100PLUS", "totaal", "totaal", 95.0, "2025"),
    # langdurige ziekte 2024: volwassenen 30%, senioren 49%; slotbeschouwing 34%
    ("langdurige_ziekte", 2024, "GM0307", "leeftijd", "18-64", 30.0, "2024"),
    ("langdurige_ziekte", 2024, "GM0307", "leeftijd", "65+", 49.0, "2024"),
    ("langdurige_ziekte", 2024, "GM0307", "totaal", "totaal", 34.0, "2024"),
    # mantelzorg
    ("mantelzorgers", 2024, "GM0307", "totaal", "totaal", 13.8, "2024"),
    ("mantelzorgers_zwaar_belast", 2020, "GM0307", "totaal", "totaal", 10.0, "2020"),
    ("mantelzorgers_zwaar_belast", 2024, "GM0307", "totaal", "totaal", 23.7, "2024"),
    ("mantelzorgers_zwaar_belast", 2024, "NL01", "totaal", "totaal", 22.3, "2024"),
    ("mantelzorgers_zwaar_belast", 2024, "GM0307", "geslacht", "vrouwen", 30.0, "2024"),
    ("mantelzorgers_zwaar_belast", 2024, "GM0307", "geslacht", "mannen", 17.0, "2024"),
    # landelijk: uren mantelzorg (AZW info)
    ("mantelzorg_uren", 2015, "NL01", "totaal", "totaal", 11.3, "2015"),
    ("mantelzorg_uren", 2023, "NL01", "totaal", "totaal", 13.2, "2023"),
]


@pytest.mark.parametrize(
    ("indicator", "jaar", "gebied", "dimensie", "groep", "waarde", "label"), FIGURES
)
def test_figure(real_con, indicator, jaar, gebied, dimensie, groep, waarde, label):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar, gebied, dimensie, groep)
    assert status == "waarde"
    assert got == pytest.approx(waarde)
    assert periode_label == label


def test_zelfstandig_wonen_2024_not_measured(real_con):
    assert fetch_fact(real_con, "ouderen_zelfstandig_wonend", 2024) == (None, "niet gemeten", "2024")


def test_no_amersfoort_value_for_2025(real_con):
    row = real_con.execute(
        "SELECT count(*) FROM v_waarde WHERE indicator_code = 'ouderen_zelfstandig_wonend'"
        " AND jaar = 2025 AND gebied_code = 'GM0307'"
    ).fetchone()
    assert row[0] == 0


def test_table_catalogue(real_con):
    rows = chapter_table(real_con, THEMA)
    assert rows == [("ouderen_zelfstandig_wonend", 1, "RD-13")]


def test_no_missing_indicators_in_chapter(real_con):
    """'In dit hoofdstuk ontbreken geen indicatoren.' (Indicators not in the monitor do not count.)"""
    row = real_con.execute(
        "SELECT count(*) FROM dim_indicator WHERE thema = ? AND monitor_status = 'geen nieuwe cijfers'",
        [THEMA],
    ).fetchone()
    assert row[0] == 0


def test_prognose_65plus_catalogued_without_facts(real_con):
    """The 2025-2035 growth (38%) fits no period kind: catalogue row only."""
    row = real_con.execute(
        "SELECT thema FROM dim_indicator WHERE code = 'prognose_groei_65plus'"
    ).fetchone()
    assert row == (THEMA,)
    facts = real_con.execute(
        "SELECT count(*) FROM v_waarde WHERE indicator_code = 'prognose_groei_65plus'"
    ).fetchone()
    assert facts[0] == 0
