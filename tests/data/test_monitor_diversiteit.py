"""Monitor Inclusieve Stad 2025, chapter 7 'Diversiteit en discriminatie': exact values.

Covers the chapter table ('-' cells included), text figures and the Divosa peildatum.
"""

from __future__ import annotations

import pytest

from tests.conftest import chapter_table, fetch_fact

THEMA = "Diversiteit en discriminatie"

# (indicator, jaar, gebied, waarde, periode_label)
FIGURES = [
    # chapter table (2022 2023 2024)
    ("jeugd_discriminatie", 2023, "GM0307", 17.0, "2023"),
    ("volw_discriminatie", 2022, "GM0307", 20.0, "2022"),
    ("volw_discriminatie", 2024, "GM0307", 20.0, "2024"),
    ("jeugd_lhbtq_open_op_school", 2023, "GM0307", 19.0, "2023"),
    ("statushouders_werk_opleiding", 2022, "GM0307", 50.0, "peildatum 1 januari 2022"),
    ("statushouders_werk_opleiding", 2023, "GM0307", 48.0, "peildatum 1 januari 2023"),
    ("statushouders_werk_opleiding", 2024, "GM0307", 48.0, "peildatum 1 januari 2024"),
    # text: 2019 measurements of the Gezondheidsmonitor Jeugd
    ("jeugd_discriminatie", 2019, "GM0307", 17.0, "2019"),
    ("jeugd_lhbtq_open_op_school", 2019, "GM0307", 26.0, "2019"),
    ("jeugd_homoseksualiteit_normaal", 2019, "GM0307", 72.0, "2019"),
    ("jeugd_homoseksualiteit_normaal", 2023, "GM0307", 48.0, "2023"),
    # text: senioren 11% (2024)
    ("senioren_discriminatie", 2024, "GM0307", 11.0, "2024"),
    # text: meldingen van discriminatie
    ("discriminatie_meldingen", 2023, "GM0307", 101.0, "2023"),
    ("discriminatie_meldingen", 2024, "GM0307", 180.0, "2024"),
]

# '-' cells of the chapter table: (indicator, jaar)
NIET_GEMETEN = [
    ("jeugd_discriminatie", 2022),
    ("jeugd_discriminatie", 2024),
    ("volw_discriminatie", 2023),
    ("jeugd_lhbtq_open_op_school", 2022),
    ("jeugd_lhbtq_open_op_school", 2024),
]


@pytest.mark.parametrize(("indicator", "jaar", "gebied", "waarde", "label"), FIGURES)
def test_figure(real_con, indicator, jaar, gebied, waarde, label):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar, gebied)
    assert status == "waarde"
    assert got == pytest.approx(waarde)
    assert periode_label == label


@pytest.mark.parametrize(("indicator", "jaar"), NIET_GEMETEN)
def test_dash_is_not_measured(real_con, indicator, jaar):
    assert fetch_fact(real_con, indicator, jaar) == (None, "niet gemeten", str(jaar))


def test_table_catalogue(real_con):
    rows = chapter_table(real_con, THEMA)
    assert rows == [
        ("jeugd_discriminatie", 1, "RD-09"),
        ("volw_discriminatie", 2, "RD-09"),
        ("jeugd_lhbtq_open_op_school", 3, "RD-02|RD-03|RD-09"),
        ("statushouders_werk_opleiding", 4, "RD-08|RD-09|RD-11"),
    ]


def test_no_missing_indicators_in_chapter(real_con):
    """'In dit hoofdstuk ontbreken geen indicatoren.'"""
    row = real_con.execute(
        "SELECT count(*) FROM dim_indicator WHERE thema = ? AND monitor_status <> 'actueel'",
        [THEMA],
    ).fetchone()
    assert row[0] == 0
