"""Chapter 2 'Preventie' of the Monitor Inclusieve Stad 2025: exact values in the warehouse."""

from __future__ import annotations

import pytest

from tests.conftest import fetch_fact, indicator_doelen

# (indicator, jaar, gebied, dimensie, groep, waarde, periode_label)
WAARDEN = [
    # chapter table
    ("jeugd_weerbaar", 2021, "GM0307", "totaal", "totaal", 88, "2021"),
    ("jeugd_weerbaar", 2023, "GM0307", "totaal", "totaal", 89, "2023"),
    ("jeugd_stress", 2021, "GM0307", "totaal", "totaal", 49, "2021"),
    ("jeugd_stress", 2023, "GM0307", "totaal", "totaal", 51, "2023"),
    ("volw_ernstig_eenzaam", 2022, "GM0307", "totaal", "totaal", 13, "2022"),
    ("volw_ernstig_eenzaam", 2024, "GM0307", "totaal", "totaal", 12, "2024"),
    ("senior_onvoldoende_regie", 2024, "GM0307", "totaal", "totaal", 15, "2024"),
    ("jeugd_binge_drinken", 2021, "GM0307", "totaal", "totaal", 15, "2021"),
    ("jeugd_binge_drinken", 2023, "GM0307", "totaal", "totaal", 12, "2023"),
    ("jeugd_bewegen_5dagen", 2023, "GM0307", "totaal", "totaal", 47, "2023"),
    ("volw_overgewicht", 2022, "GM0307", "totaal", "totaal", 42, "2022"),
    ("volw_overgewicht", 2024, "GM0307", "totaal", "totaal", 43, "2024"),
    # text, figures and breakdowns
    ("jeugd_binge_drinken", 2019, "GM0307", "totaal", "totaal", 13, "2019"),
    ("jeugd_vapen_wekelijks", 2021, "GM0307", "totaal", "totaal", 1, "2021"),
    ("jeugd_vapen_wekelijks", 2023, "GM0307", "totaal", "totaal", 7, "2023"),
    ("jeugd_roken_wekelijks", 2023, "GM0307", "totaal", "totaal", 4, "2023"),
    ("jeugd_roken_en_of_vapen", 2023, "GM0307", "totaal", "totaal", 8, "2023"),
    ("jeugd_bewegen_5dagen", 2023, "NL01", "totaal", "totaal", 45, "2023"),
    ("jeugd_ervaren_gezondheid_goed", 2023, "GM0307", "totaal", "totaal", 81, "2023"),
    ("jeugd_ervaren_gezondheid_goed", 2023, "NL01", "totaal", "totaal", 80, "2023"),
    ("jeugd_ervaren_gezondheid_goed", 2023, "GM0307", "geslacht", "meisjes", 75, "2023"),
    ("jeugd_ervaren_gezondheid_goed", 2023, "GM0307", "geslacht", "jongens", 87, "2023"),
    ("jeugd_gelukkig", 2023, "GM0307", "totaal", "totaal", 80, "2023"),
    ("jeugd_gelukkig", 2023, "NL01", "totaal", "totaal", 77, "2023"),
    ("jeugd_stress", 2023, "GM0307", "geslacht", "jongens", 37, "2023"),
    ("jeugd_stress", 2023, "GM0307", "geslacht", "meisjes", 63, "2023"),
    ("jeugd_sport_club", 2021, "GM0307", "totaal", "totaal", 77, "2021"),
    ("jeugd_sport_club", 2023, "GM0307", "totaal", "totaal", 79, "2023"),
    ("jeugd_sport_club", 2023, "NL01", "totaal", "totaal", 76, "2023"),
    ("ervaren_gezondheid_goed_18plus", 2024, "GM0307", "opleiding", "basisonderwijs/vmbo/mbo-1", 61, "2024"),
    ("ervaren_gezondheid_goed_18plus", 2024, "GM0307", "opleiding", "hbo/wo", 85, "2024"),
    ("volw_onvoldoende_regie", 2020, "GM0307", "totaal", "totaal", 7, "2020"),
    ("volw_onvoldoende_regie", 2024, "GM0307", "totaal", "totaal", 10, "2024"),
    ("senior_onvoldoende_regie", 2024, "GM0307", "leeftijd", "65-74", 11, "2024"),
    ("senior_onvoldoende_regie", 2024, "GM0307", "leeftijd", "75+", 19, "2024"),
    ("senior_overgewicht", 2024, "GM0307", "totaal", "totaal", 52, "2024"),
    ("volw_beweegrichtlijn", 2024, "GM0307", "totaal", "totaal", 53, "2024"),
    ("senior_beweegrichtlijn", 2024, "GM0307", "totaal", "totaal", 44, "2024"),
    ("volw_sport_wekelijks", 2024, "GM0307", "totaal", "totaal", 69, "2024"),
    ("senior_sport_wekelijks", 2024, "GM0307", "totaal", "totaal", 48, "2024"),
    ("cannabis_4wk", 2024, "GM0307", "leeftijd", "16-25", 18, "2024"),
    ("geen_steun_18plus", 2024, "GM0307", "totaal", "totaal", 2, "2024"),
    ("buurt_voldoende_groen", 2024, "GM0307", "totaal", "totaal", 80, "2024"),
    ("vt_casussen_huiselijk_geweld", 2023, "GM0307", "totaal", "totaal", 835, "2023"),
    ("vt_casussen_huiselijk_geweld", 2024, "GM0307", "totaal", "totaal", 1020, "2024"),
    ("nl_slachtoffer_huiselijk_geweld", 2024, "NL01", "totaal", "totaal", 9, "2024"),
]

# '-' in the chapter table (and the 2020 GGD gap for sport): status 'niet gemeten'
NIET_GEMETEN = [
    ("jeugd_weerbaar", 2022),
    ("jeugd_weerbaar", 2024),
    ("jeugd_stress", 2024),
    ("volw_ernstig_eenzaam", 2021),
    ("volw_ernstig_eenzaam", 2023),
    ("senior_onvoldoende_regie", 2021),
    ("senior_onvoldoende_regie", 2022),
    ("senior_onvoldoende_regie", 2023),
    ("jeugd_binge_drinken", 2022),
    ("jeugd_bewegen_5dagen", 2021),
    ("jeugd_bewegen_5dagen", 2022),
    ("jeugd_bewegen_5dagen", 2024),
    ("volw_overgewicht", 2023),
    ("volw_sport_wekelijks", 2020),
    ("senior_sport_wekelijks", 2020),
]

# wijk figures, areas as the monitor names them (GGD clusters; "Liendert" is the wijk WK030710).
# "Amersfoort-Zuid" is a GGD area whose wijken the material does not list: it is a fixed area
# in data/meta/gebieden/ggd_clusters.csv (figures, no geometry), not a cluster of wijken.
CLUSTERS = [
    ("Vathorst-Hooglanderveen", 85),
    ("Randenbroek-Schuilenburg", 69),
    ("Liendert", 59),
    ("Amersfoort-Zuid", 85),
]

TABEL = [
    ("jeugd_weerbaar", 1, {"RD-01", "RD-12"}),
    ("jeugd_stress", 2, {"RD-02", "RD-14"}),
    ("volw_ernstig_eenzaam", 3, {"RD-04", "RD-05", "RD-14"}),
    ("senior_onvoldoende_regie", 4, {"RD-10", "RD-13"}),
    ("jeugd_binge_drinken", 5, {"RD-14"}),
    ("jeugd_bewegen_5dagen", 6, {"RD-14"}),
    ("volw_overgewicht", 7, {"RD-14"}),
]


@pytest.mark.parametrize(("indicator", "jaar", "gebied", "dimensie", "groep", "waarde", "label"), WAARDEN)
def test_waarde(real_con, indicator, jaar, gebied, dimensie, groep, waarde, label):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar, gebied, dimensie, groep)
    assert status == "waarde"
    assert got == pytest.approx(waarde)
    assert periode_label == label


@pytest.mark.parametrize(("indicator", "jaar"), NIET_GEMETEN)
def test_niet_gemeten(real_con, indicator, jaar):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar)
    assert got is None
    assert status == "niet gemeten"
    assert periode_label == str(jaar)


def test_significant_2021_2023(real_con):
    rows = real_con.execute(
        """SELECT indicator_code, significant FROM v_waarde
           WHERE indicator_code IN ('jeugd_vapen_wekelijks', 'jeugd_binge_drinken')
             AND jaar = 2023 AND gebied_code = 'GM0307' AND groep = 'totaal'"""
    ).fetchall()
    assert dict(rows) == {"jeugd_vapen_wekelijks": True, "jeugd_binge_drinken": True}


@pytest.mark.parametrize(("naam", "waarde"), CLUSTERS)
def test_sport_club_clusters(real_con, naam, waarde):
    rows = real_con.execute(
        """SELECT waarde, status, periode_label FROM v_waarde
           WHERE indicator_code = 'jeugd_sport_club' AND jaar = 2023 AND gebied_naam = ?""",
        [naam],
    ).fetchall()
    assert rows == [(pytest.approx(waarde), "waarde", "2023")]


def test_sport_club_geen_verzonnen_wijken(real_con):
    namen = {
        r[0]
        for r in real_con.execute(
            """SELECT gebied_naam FROM v_waarde
               WHERE indicator_code = 'jeugd_sport_club' AND NOT afgeleid
                 AND gebied_code NOT IN ('GM0307', 'NL01')"""
        ).fetchall()
    }
    assert {"Vathorst-Hooglanderveen", "Randenbroek-Schuilenburg", "Liendert"} <= namen
    assert namen <= {"Vathorst-Hooglanderveen", "Randenbroek-Schuilenburg", "Liendert", "Amersfoort-Zuid"}


@pytest.mark.parametrize(("code", "volgorde", "doelen"), TABEL)
def test_tabel_en_doelen(real_con, code, volgorde, doelen):
    row = real_con.execute(
        "SELECT indicator_id, tabel_volgorde, thema, monitor_status FROM dim_indicator WHERE code = ?",
        [code],
    ).fetchone()
    assert row[1:] == (volgorde, "Preventie", "actueel")
    assert indicator_doelen(real_con, code) == doelen


def test_ontbrekende_cijfers(real_con):
    row = real_con.execute(
        "SELECT monitor_status, thema FROM dim_indicator WHERE code = 'sociale_overlast'"
    ).fetchone()
    assert row == ("geen nieuwe cijfers", "Preventie")
    n = real_con.execute(
        "SELECT count(*) FROM v_waarde WHERE indicator_code = 'sociale_overlast'"
    ).fetchone()[0]
    assert n == 0


def test_kinderen_overgewicht_twee_schooljaren(real_con):
    toelichting = real_con.execute(
        "SELECT toelichting FROM dim_indicator WHERE code = 'kinderen_overgewicht'"
    ).fetchone()[0]
    assert "2 schooljaren" in toelichting
