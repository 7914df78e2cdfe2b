"""Monitor Inclusieve Stad 2025, chapter 3 'Bestaanszekerheid en participatie': exact figures.

Every expected value below is printed in the monitor text (seed 000, lines ~984-1362).
"""

from __future__ import annotations

import pytest

from tests.conftest import chapter_table, fetch_fact

# (indicator, jaar, gebied, dimensie, groep, waarde, periode_label)
EXPECTED = [
    # chapter table: Indicator 2022 2023 2024
    ("problematische_schulden_huishoudens", 2022, "GM0307", "totaal", "totaal", 7.4,
     "peildatum 1 januari 2022"),
    ("problematische_schulden_huishoudens", 2023, "GM0307", "totaal", "totaal", 8.2,
     "peildatum 1 januari 2023"),
    ("problematische_schulden_huishoudens", 2024, "GM0307", "totaal", "totaal", 8.3,
     "peildatum 1 januari 2024"),
    ("problematische_schulden_huishoudens", 2024, "NL01", "totaal", "totaal", 8.9,
     "peildatum 1 januari 2024"),
    ("uitstroom_bijstand_werk", 2022, "GM0307", "totaal", "totaal", 37, "2022"),
    ("uitstroom_bijstand_werk", 2023, "GM0307", "totaal", "totaal", 30, "2023"),
    ("uitstroom_bijstand_werk", 2024, "GM0307", "totaal", "totaal", 31, "2024"),
    # armoede (new CBS definition) and lage-inkomensgrens
    ("armoede_personen", 2022, "GM0307", "totaal", "totaal", 3.0, "2022"),
    ("armoede_personen", 2023, "GM0307", "totaal", "totaal", 2.7, "2023"),
    ("armoede_personen", 2023, "NL01", "totaal", "totaal", 3.1, "2023"),
    ("risico_armoede_huishoudens", 2023, "GM0307", "totaal", "totaal", 3.2, "2023"),
    ("risico_armoede_huishoudens", 2023, "WK030713", "totaal", "totaal", 5, "2023"),
    ("risico_armoede_aantal_huishoudens", 2023, "GM0307", "totaal", "totaal", 2200, "2023"),
    ("risico_armoede_aantal_huishoudens", 2023, "GM0307", "inkomensbron",
     "loon werknemer of zelfstandige", 800, "2023"),
    ("risico_armoede_aantal_huishoudens", 2023, "GM0307", "inkomensbron",
     "pensioen of uitkering", 1400, "2023"),
    ("risico_armoede_aantal_personen", 2023, "GM0307", "totaal", "totaal", 4400, "2023"),
    ("risico_armoede_aantal_personen", 2023, "GM0307", "leeftijd", "0-17", 1200, "2023"),
    ("kinderen_uitkeringsgezin", 2023, "GM0307", "totaal", "totaal", 5, "2023"),
    # energiearmoede (TNO), incl. wijken
    ("energiearmoede_huishoudens", 2023, "GM0307", "totaal", "totaal", 3.4, "2023"),
    ("energiearmoede_huishoudens", 2020, "GM0307", "totaal", "totaal", 4.3, "2020"),
    ("energiearmoede_huishoudens", 2023, "NL01", "totaal", "totaal", 6.4, "2023"),
    ("energiearmoede_huishoudens", 2023, "WK030708", "totaal", "totaal", 10.1, "2023"),
    ("energiearmoede_huishoudens", 2023, "WK030702", "totaal", "totaal", 6.9, "2023"),
    ("energiearmoede_huishoudens", 2023, "WK030707", "totaal", "totaal", 6.8, "2023"),
    ("energiearmoede_huishoudens", 2023, "WK030706", "totaal", "totaal", 6.7, "2023"),
    ("energiearmoede_aantal_huishoudens", 2023, "GM0307", "totaal", "totaal", 2500, "2023"),
    # schulden
    ("problematische_schulden_aantal_huishoudens", 2024, "GM0307", "totaal", "totaal", 6030,
     "peildatum 1 januari 2024"),
    ("problematische_schulden_personen", 2023, "NL01", "totaal", "totaal", 10, "2023"),
    ("problematische_schulden_personen", 2023, "NL01", "armoede", "in armoede", 31, "2023"),
    ("schuldregeling_aandeel_huishoudens", 2024, "GM0307", "totaal", "totaal", 11, "2024"),
    ("schuldenaren_schuldregeling_aantal", 2024, "GM0307", "totaal", "totaal", 681, "2024"),
    # werk
    ("werkloosheid", 2024, "GM0307", "totaal", "totaal", 3.8, "2024"),
    ("werkloosheid", 2024, "G100PLUS", "totaal", "totaal", 4.0, "2024"),
    ("werkloosheid", 2024, "NL01", "totaal", "totaal", 3.7, "2024"),
    ("jeugdwerkloosheid", 2024, "GM0307", "totaal", "totaal", 10.1, "2024"),
    ("banenafspraak_nieuwe_banen", 2023, "GM0307", "totaal", "totaal", 65, "2023"),
    ("banenafspraak_nieuwe_banen", 2024, "GM0307", "totaal", "totaal", 26, "2024"),
    ("banenafspraak_banen_sinds_2012", 2024, "GM0307", "totaal", "totaal", 858, "2024"),
    # meedoen
    ("vrijwilligers", 2015, "GM0307", "totaal", "totaal", 36, "2015"),
    ("vrijwilligers", 2017, "GM0307", "totaal", "totaal", 38, "2017"),
    ("vrijwilligers", 2019, "GM0307", "totaal", "totaal", 39, "2019"),
    ("vrijwilligers", 2021, "GM0307", "totaal", "totaal", 33, "2021"),
    ("vrijwilligers", 2023, "GM0307", "totaal", "totaal", 34, "2023"),
    ("digitaal_onvoldoende_vaardig", 2024, "GM0307", "totaal", "totaal", 3, "2024"),
    ("digitaal_onvoldoende_vaardig", 2024, "GM0307", "leeftijd", "75+", 21, "2024"),
    ("digitaal_onvoldoende_vaardig", 2024, "GM0307", "opleiding", "basisonderwijs/vmbo/mbo-1",
     14, "2024"),
]


@pytest.mark.parametrize(
    ("indicator", "jaar", "gebied", "dimensie", "groep", "waarde", "label"), EXPECTED
)
def test_bestaanszekerheid_value_as_printed(
    real_con, indicator, jaar, gebied, dimensie, groep, waarde, label
):
    got, status, periode_label = fetch_fact(real_con, indicator, jaar, gebied, dimensie, groep)
    assert status == "waarde"
    assert got == pytest.approx(waarde)
    assert periode_label == label


def test_risico_armoede_only_the_wijken_the_text_names(real_con):
    rows = real_con.execute(
        """SELECT gebied_code, waarde FROM v_waarde
           WHERE indicator_code = 'risico_armoede_huishoudens' AND gebied_niveau = 'wijk'
             AND NOT afgeleid ORDER BY gebied_code"""
    ).fetchall()
    assert rows == [("WK030706", 5), ("WK030707", 5), ("WK030710", 5), ("WK030713", 5)]


def test_energiearmoede_only_the_wijken_the_text_names(real_con):
    rows = real_con.execute(
        """SELECT gebied_code FROM v_waarde
           WHERE indicator_code = 'energiearmoede_huishoudens' AND gebied_niveau = 'wijk'
             AND NOT afgeleid ORDER BY gebied_code"""
    ).fetchall()
    assert [r[0] for r in rows] == ["WK030702", "WK030706", "WK030707", "WK030708"]


def test_vrijwilligers_drop_2019_2021_is_significant(real_con):
    (sig,) = real_con.execute(
        """SELECT significant FROM v_waarde
           WHERE indicator_code = 'vrijwilligers' AND jaar = 2021 AND gebied_code = 'GM0307'"""
    ).fetchone()
    assert sig is True


def test_uitstroom_bijstand_has_no_2021_column(real_con):
    (n,) = real_con.execute(
        """SELECT count(*) FROM v_waarde
           WHERE indicator_code = 'uitstroom_bijstand_werk' AND jaar = 2021"""
    ).fetchone()
    assert n == 0


def test_table_indicators_and_goals(real_con):
    rows = chapter_table(real_con, "Bestaanszekerheid en participatie")
    assert rows == [
        ("problematische_schulden_huishoudens", 1, "RD-07|RD-10"),
        ("uitstroom_bijstand_werk", 2, "RD-08"),
    ]


@pytest.mark.parametrize("code", ["laaggeletterdheid"])
def test_ontbrekende_cijfers_in_catalogue(real_con, code):
    row = real_con.execute(
        "SELECT monitor_status, thema FROM dim_indicator WHERE code = ?", [code]
    ).fetchone()
    assert row == ("geen nieuwe cijfers", "Bestaanszekerheid en participatie")


def test_definition_breaks_are_recorded_for_the_trend(real_con):
    rows = dict(
        real_con.execute(
            "SELECT code, breuk_jaren FROM dim_indicator WHERE code IN (?, ?)",
            ["problematische_schulden_huishoudens", "armoede_personen"],
        ).fetchall()
    )
    assert rows == {"problematische_schulden_huishoudens": "2021", "armoede_personen": "2022"}
