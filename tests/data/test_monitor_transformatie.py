"""Monitor Inclusieve Stad 2025, chapter 9 'Transformatie': exact values in the warehouse."""

from __future__ import annotations

import pytest

from tests.conftest import chapter_table, fetch_fact

# (indicator, jaar, gebied, waarde, periode_label)
FIGURES = [
    # chapter table (2022 2023 2024)
    ("huishoudens_zonder_voorziening", 2022, "GM0307", 79.0, "2022"),
    ("huishoudens_zonder_voorziening", 2023, "GM0307", 79.0, "2023"),
    ("huishoudens_zonder_voorziening", 2024, "GM0307", 79.0, "2024"),
    ("huishoudens_stapeling", 2022, "GM0307", 3.0, "2022"),
    ("huishoudens_stapeling", 2023, "GM0307", 2.8, "2023"),
    ("huishoudens_stapeling", 2024, "GM0307", 3.0, "2024"),
    ("vroegsignalering_meldingen", 2022, "GM0307", 3987.0, "2022"),
    ("vroegsignalering_meldingen", 2023, "GM0307", 3684.0, "2023"),
    ("vroegsignalering_meldingen", 2024, "GM0307", 4460.0, "2024"),
    ("jeugdhulp_herhaald_beroep", 2022, "GM0307", 30.0, "2022"),
    ("jeugdhulp_herhaald_beroep", 2023, "GM0307", 30.0, "2023"),
    ("jeugdhulp_herhaald_beroep", 2024, "GM0307", 35.0, "2024"),
    # figure: interventies vroegsignalering 2016-2021
    ("vroegsignalering_meldingen", 2016, "GM0307", 898.0, "2016"),
    ("vroegsignalering_meldingen", 2017, "GM0307", 657.0, "2017"),
    ("vroegsignalering_meldingen", 2018, "GM0307", 1232.0, "2018"),
    ("vroegsignalering_meldingen", 2019, "GM0307", 1507.0, "2019"),
    ("vroegsignalering_meldingen", 2020, "GM0307", 1016.0, "2020"),
    ("vroegsignalering_meldingen", 2021, "GM0307", 2901.0, "2021"),
    # per wijk (text): gebruik van een gemeentelijke voorziening, 2024
    ("huishoudens_met_voorziening", 2024, "WK030718", 11.0, "2024"),  # De Berg-Noord
    ("huishoudens_met_voorziening", 2024, "WK030708", 32.0, "2024"),  # Schothorst-Zuid
    # uitval jeugdhulp zonder verblijf 2023, with 100.000+ gemeenten
    ("jeugdhulp_uitval_zonder_verblijf", 2023, "GM0307", 1.3, "2023"),
    ("jeugdhulp_uitval_zonder_verblijf", 2023, "G100PLUS", 2.4, "2023"),
    ("jeugdhulp_uitval_zonder_verblijf_aantal", 2023, "GM0307", 50.0, "2023"),
    # schone lei 2016-2023
    ("schuldhulp_schone_lei", 2016, "GM0307", 83.0, "2016"),
    ("schuldhulp_schone_lei", 2017, "GM0307", 88.0, "2017"),
    ("schuldhulp_schone_lei", 2018, "GM0307", 89.0, "2018"),
    ("schuldhulp_schone_lei", 2019, "GM0307", 90.0, "2019"),
    ("schuldhulp_schone_lei", 2020, "GM0307", 99.0, "2020"),
    ("schuldhulp_schone_lei", 2021, "GM0307", 96.0, "2021"),
    ("schuldhulp_schone_lei", 2022, "GM0307", 89.0, "2022"),
    ("schuldhulp_schone_lei", 2023, "GM0307", 94.0, "2023"),
    # wachtlijsten
    ("wachtlijst_beschermd_wonen", 2022, "GM0307", 75.0, "2022"),
    ("wachtlijst_beschermd_wonen", 2023, "GM0307", 74.0, "2023"),
    ("wachtlijst_beschermd_wonen", 2025, "GM0307", 21.0, "peildatum 1 september 2025"),
    ("wachtlijst_jeugdhulp_zonder_ondersteuning", 2025, "GM0307", 460.0, "2025"),
    ("wachtlijst_jeugdhulp_aanvullend", 2025, "GM0307", 174.0, "2025"),
]

GEEN_NIEUWE_CIJFERS = [
    "samenwerking_indebuurt033",
    "samenwerking_jeugdhulp",
    "wijkteam_uitval",
    "wijkteam_afgesloten_eigen_kracht_sbi",
    "jeugdhulp_verwijzers",
]


@pytest.mark.parametrize(("indicator", "jaar", "gebied", "waarde", "label"), FIGURES)
def test_figure(real_con, indicator, jaar, gebied, waarde, label):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar, gebied)
    assert status == "waarde"
    assert got == pytest.approx(waarde)
    assert periode_label == label


def test_schone_lei_has_no_2024(real_con):
    rows = real_con.execute(
        "SELECT count(*) FROM v_waarde"
        " WHERE indicator_code = 'schuldhulp_schone_lei' AND jaar = 2024"
    ).fetchone()
    assert rows[0] == 0


def test_only_named_wijken_for_gebruik_voorziening(real_con):
    gebieden = {
        r[0]
        for r in real_con.execute(
            "SELECT gebied_code FROM v_waarde WHERE indicator_code = 'huishoudens_met_voorziening'"
        ).fetchall()
    }
    assert gebieden == {"WK030718", "WK030708"}


def test_table_catalogue(real_con):
    assert chapter_table(real_con, "Transformatie") == [
        ("huishoudens_zonder_voorziening", 1, "TD-A"),
        ("huishoudens_stapeling", 2, "TD-D"),
        ("vroegsignalering_meldingen", 3, "TD-B|TD-D"),
        ("jeugdhulp_herhaald_beroep", 4, "TD-E"),
    ]


@pytest.mark.parametrize("code", GEEN_NIEUWE_CIJFERS)
def test_geen_nieuwe_cijfers(real_con, code):
    row = real_con.execute(
        "SELECT monitor_status, thema FROM dim_indicator WHERE code = ?", [code]
    ).fetchone()
    assert row == ("geen nieuwe cijfers", "Transformatie")
