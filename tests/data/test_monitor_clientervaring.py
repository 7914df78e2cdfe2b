"""Monitor Inclusieve Stad 2025, chapter 10 'Cliëntervaring': exact values in the warehouse."""

from __future__ import annotations

import pytest

from tests.conftest import chapter_table, fetch_fact

# (indicator, jaar, dimensie, groep, waarde, periode_label)
FIGURES = [
    # chapter table (2020 2021 2022 2023)
    ("wmo_ondersteuning_past_hulpvraag", 2020, "totaal", "totaal", 82.0, "2020"),
    ("wmo_ondersteuning_past_hulpvraag", 2023, "totaal", "totaal", 83.0, "2023"),
    ("jeugdhulp_client_hulp_nodig", 2021, "totaal", "totaal", 87.0, "2021"),
    ("wmo_tevreden_wijkteam", 2020, "totaal", "totaal", 81.0, "2020"),
    ("wmo_tevreden_wijkteam", 2023, "totaal", "totaal", 81.0, "2023"),
    ("jeugdhulp_client_tevreden_wijkteam", 2021, "totaal", "totaal", 65.0, "2021"),
    ("sociale_dienst_rapportcijfer", 2022, "totaal", "totaal", 7.5, "2022"),
    ("wmo_beter_redden", 2020, "totaal", "totaal", 87.0, "2020"),
    ("wmo_beter_redden", 2023, "totaal", "totaal", 86.0, "2023"),
    ("jeugdhulp_client_beter_problemen_oplossen", 2021, "totaal", "totaal", 78.0, "2021"),
    ("reintegratie_meer_kans_betaalde_baan", 2022, "totaal", "totaal", 68.0, "2022"),
    # text
    ("wmo_snel_geholpen", 2023, "totaal", "totaal", 81.0, "2023"),
    ("wmo_bekend_clientondersteuner", 2023, "totaal", "totaal", 22.0, "2023"),
    # figures: answer distribution 2017 / 2020 / 2023
    ("wmo_weet_waar_hulpvraag", 2017, "antwoord", "mee eens", 60.0, "2017"),
    ("wmo_weet_waar_hulpvraag", 2017, "antwoord", "neutraal", 19.0, "2017"),
    ("wmo_weet_waar_hulpvraag", 2017, "antwoord", "oneens", 21.0, "2017"),
    ("wmo_weet_waar_hulpvraag", 2020, "antwoord", "mee eens", 69.0, "2020"),
    ("wmo_weet_waar_hulpvraag", 2023, "antwoord", "mee eens", 75.0, "2023"),
    ("wmo_weet_waar_hulpvraag", 2023, "antwoord", "oneens", 11.0, "2023"),
    ("wmo_kwaliteit_goed", 2017, "antwoord", "mee eens", 82.0, "2017"),
    ("wmo_kwaliteit_goed", 2020, "antwoord", "neutraal", 14.0, "2020"),
    ("wmo_kwaliteit_goed", 2023, "antwoord", "mee eens", 84.0, "2023"),
    ("wmo_kwaliteit_goed", 2023, "antwoord", "oneens", 6.0, "2023"),
    ("wmo_ondersteuning_past_hulpvraag", 2017, "antwoord", "neutraal", 13.0, "2017"),
    ("wmo_ondersteuning_past_hulpvraag", 2020, "antwoord", "oneens", 8.0, "2020"),
    ("wmo_ondersteuning_past_hulpvraag", 2023, "antwoord", "mee eens", 83.0, "2023"),
    ("wmo_tevreden_wijkteam", 2020, "antwoord", "neutraal", 10.0, "2020"),
    ("wmo_tevreden_wijkteam", 2020, "antwoord", "oneens", 9.0, "2020"),
    ("wmo_tevreden_wijkteam", 2023, "antwoord", "neutraal", 9.0, "2023"),
    ("wmo_tevreden_wijkteam", 2023, "antwoord", "oneens", 10.0, "2023"),
    ("wmo_beter_redden", 2017, "antwoord", "mee eens", 81.0, "2017"),
    ("wmo_beter_redden", 2017, "antwoord", "oneens", 5.0, "2017"),
    ("wmo_beter_redden", 2020, "antwoord", "neutraal", 11.0, "2020"),
    ("wmo_beter_redden", 2023, "antwoord", "neutraal", 10.0, "2023"),
    ("wmo_beter_redden", 2023, "antwoord", "oneens", 4.0, "2023"),
]

# '-' in the table: not measured that year
NIET_GEMETEN = [
    ("wmo_ondersteuning_past_hulpvraag", 2021),
    ("wmo_ondersteuning_past_hulpvraag", 2022),
    ("jeugdhulp_client_hulp_nodig", 2020),
    ("jeugdhulp_client_hulp_nodig", 2023),
    ("jeugdhulp_client_tevreden_wijkteam", 2022),
    ("sociale_dienst_rapportcijfer", 2021),
    ("sociale_dienst_rapportcijfer", 2023),
    ("reintegratie_meer_kans_betaalde_baan", 2020),
    ("jeugdhulp_client_beter_problemen_oplossen", 2023),
]

GEEN_NIEUWE_CIJFERS = [
    "jeugdhulp_client_hulp_nodig",
    "jeugdhulp_client_tevreden_wijkteam",
    "sociale_dienst_rapportcijfer",
    "jeugdhulp_client_beter_problemen_oplossen",
    "reintegratie_meer_kans_betaalde_baan",
    "clientervaring_indebuurt033",
]


@pytest.mark.parametrize(("indicator", "jaar", "dimensie", "groep", "waarde", "label"), FIGURES)
def test_figure(real_con, indicator, jaar, dimensie, groep, waarde, label):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar, "GM0307", dimensie, groep)
    assert status == "waarde"
    assert got == pytest.approx(waarde)
    assert periode_label == label


@pytest.mark.parametrize(("indicator", "jaar"), NIET_GEMETEN)
def test_niet_gemeten(real_con, indicator, jaar):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar)
    assert (got, status, periode_label) == (None, "niet gemeten", str(jaar))


def test_beter_redden_2020_oneens_not_printed(real_con):
    n = real_con.execute(
        """SELECT count(*) FROM v_waarde WHERE indicator_code = 'wmo_beter_redden'
           AND jaar = 2020 AND groep_dimensie = 'antwoord' AND groep = 'oneens'"""
    ).fetchone()[0]
    assert n == 0


def test_table_catalogue(real_con):
    rows = chapter_table(real_con, "Cliëntervaring")
    assert rows == [
        ("wmo_ondersteuning_past_hulpvraag", 1, "TD-E"),
        ("jeugdhulp_client_hulp_nodig", 2, "TD-E"),
        ("wmo_tevreden_wijkteam", 3, "TD-E"),
        ("jeugdhulp_client_tevreden_wijkteam", 4, "TD-E"),
        ("sociale_dienst_rapportcijfer", 5, "TD-E"),
        ("wmo_beter_redden", 6, "TD-A"),
        ("jeugdhulp_client_beter_problemen_oplossen", 7, "TD-A"),
        ("reintegratie_meer_kans_betaalde_baan", 8, "TD-A"),
    ]


@pytest.mark.parametrize("code", GEEN_NIEUWE_CIJFERS)
def test_geen_nieuwe_cijfers(real_con, code):
    row = real_con.execute(
        "SELECT monitor_status, thema FROM dim_indicator WHERE code = ?", [code]
    ).fetchone()
    assert row == ("geen nieuwe cijfers", "Cliëntervaring")
