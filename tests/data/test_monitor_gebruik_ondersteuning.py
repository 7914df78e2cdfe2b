"""Monitor Inclusieve Stad 2025, chapter 8 'Ontwikkeling gebruik ondersteuning': exact values.

Covers the chapter table (2022-2025, '-' cells), figure series, comparisons and peildata.
"""

from __future__ import annotations

import pytest

from tests.conftest import chapter_table, fetch_fact

THEMA = "Ontwikkeling gebruik ondersteuning"

# (indicator, jaar, gebied, waarde, periode_label)
FIGURES = [
    # chapter table (2022 2023 2024 2025)
    ("indebuurt033_bereik", 2022, "GM0307", 1.9, "2022"),
    ("indebuurt033_bereik", 2023, "GM0307", 2.0, "2023"),
    ("indebuurt033_bereik", 2024, "GM0307", 2.1, "2024"),
    ("wijkteams_actieve_zaak", 2022, "GM0307", 7436.0, "2022"),
    ("wijkteams_actieve_zaak", 2023, "GM0307", 7439.0, "2023"),
    ("wijkteams_actieve_zaak", 2024, "GM0307", 7387.0, "2024"),
    ("wmo_inwoners", 2022, "GM0307", 6.3, "2022"),
    ("wmo_inwoners", 2023, "GM0307", 6.3, "2023"),
    ("wmo_inwoners", 2024, "GM0307", 6.8, "2024"),
    ("jeugdzorg_jongeren", 2022, "GM0307", 12.5, "2022"),
    ("jeugdzorg_jongeren", 2023, "GM0307", 13.4, "2023"),
    ("jeugdzorg_jongeren", 2024, "GM0307", 12.9, "2024"),
    ("bijstand_huishoudens", 2022, "GM0307", 4.9, "peildatum 1 januari 2022"),
    ("bijstand_huishoudens", 2023, "GM0307", 4.8, "peildatum 1 januari 2023"),
    ("bijstand_huishoudens", 2024, "GM0307", 4.8, "peildatum 1 januari 2024"),
    ("bijstand_huishoudens", 2025, "GM0307", 4.8, "peildatum 1 januari 2025"),
    ("speciaal_onderwijs_leerlingen", 2022, "GM0307", 1636.0, "peildatum 1 oktober 2022"),
    ("speciaal_onderwijs_leerlingen", 2023, "GM0307", 1691.0, "peildatum 1 oktober 2023"),
    ("speciaal_onderwijs_leerlingen", 2024, "GM0307", 1651.0, "peildatum 1 oktober 2024"),
    # figure: groepen met actieve zaak bij het wijkteam 2020-2021
    ("wijkteams_actieve_zaak", 2020, "GM0307", 7658.0, "2020"),
    ("wijkteams_actieve_zaak", 2021, "GM0307", 7645.0, "2021"),
    # bijstand januari 2025: 100.000-300.000 gemeenten and Nederland
    ("bijstand_huishoudens", 2025, "G100PLUS", 5.4, "peildatum 1 januari 2025"),
    ("bijstand_huishoudens", 2025, "NL01", 4.8, "peildatum 1 januari 2025"),
    # text: aandeel 75-plussers
    ("aandeel_75plus", 2022, "GM0307", 6.7, "2022"),
    ("aandeel_75plus", 2023, "GM0307", 7.0, "2023"),
    ("aandeel_75plus", 2024, "GM0307", 7.3, "2024"),
    # text: rounded counts for 2024
    ("indebuurt033_unieke_bezoekers", 2024, "GM0307", 3300.0, "2024"),
    ("wmo_aantal_inwoners", 2024, "GM0307", 11000.0, "2024"),
    ("jeugdzorg_aantal_jongeren", 2024, "GM0307", 5500.0, "2024"),
]

# '-' in the 2025 column of the chapter table
NIET_GEMETEN_2025 = [
    "indebuurt033_bereik",
    "wijkteams_actieve_zaak",
    "wmo_inwoners",
    "jeugdzorg_jongeren",
]

GEEN_NIEUWE_CIJFERS = ["wijkteam_begeleiding_aandeel"]


@pytest.mark.parametrize(("indicator", "jaar", "gebied", "waarde", "label"), FIGURES)
def test_figure(real_con, indicator, jaar, gebied, waarde, label):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar, gebied)
    assert status == "waarde"
    assert got == pytest.approx(waarde)
    assert periode_label == label


@pytest.mark.parametrize("indicator", NIET_GEMETEN_2025)
def test_dash_2025_is_not_measured(real_con, indicator):
    assert fetch_fact(real_con, indicator, 2025) == (None, "niet gemeten", "2025")


def test_speciaal_onderwijs_2025_is_not_measured_on_its_count_day(real_con):
    got = fetch_fact(real_con, "speciaal_onderwijs_leerlingen", 2025)
    assert got == (None, "niet gemeten", "peildatum 1 oktober 2025")


def test_table_catalogue(real_con):
    rows = chapter_table(real_con, THEMA)
    assert rows == [
        ("indebuurt033_bereik", 1, "TD-B|TD-C"),
        ("wijkteams_actieve_zaak", 2, "TD-C"),
        ("wmo_inwoners", 3, "TD-C"),
        ("jeugdzorg_jongeren", 4, "TD-C"),
        ("bijstand_huishoudens", 5, "TD-C"),
        ("speciaal_onderwijs_leerlingen", 6, "TD-C"),
    ]


@pytest.mark.parametrize("code", GEEN_NIEUWE_CIJFERS)
def test_geen_nieuwe_cijfers(real_con, code):
    row = real_con.execute(
        "SELECT monitor_status, thema FROM dim_indicator WHERE code = ?", [code]
    ).fetchone()
    assert row == ("geen nieuwe cijfers", THEMA)
    facts = real_con.execute(
        "SELECT count(*) FROM v_waarde WHERE indicator_code = ?", [code]
    ).fetchone()
    assert facts[0] == 0
