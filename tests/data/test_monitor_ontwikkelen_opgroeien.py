"""Monitor Inclusieve Stad 2025, chapter 4 'Ontwikkelen en opgroeien': exact values.

Values as printed in the chapter table (lines 1363-1376 of the monitor text), the chapter
text and the samenvatting. Schooljaren are stored with their first calendar year
(2023 = schooljaar 2023-2024).
"""

from __future__ import annotations

import pytest

from tests.conftest import fetch_fact, indicator_doelen

THEMA = "Ontwikkelen en opgroeien"

# (indicator, jaar, gebied, dimensie, groep, waarde, periode_label)
WAARDEN = [
    # chapter table: % vroeggeboorte / te laag geboortegewicht (14,7% - - -)
    ("vroeggeboorte_laag_geboortegewicht", 2021, "GM0307", "totaal", "totaal", 14.7, "2021"),
    # chapter table: % 13-17 jr dat bij iemand terecht kan (95% - 96% -), figure 2023 NL 96%
    ("jeugd_terecht_bij_iemand", 2021, "GM0307", "totaal", "totaal", 95, "2021"),
    ("jeugd_terecht_bij_iemand", 2023, "GM0307", "totaal", "totaal", 96, "2023"),
    ("jeugd_terecht_bij_iemand", 2023, "NL01", "totaal", "totaal", 96, "2023"),
    # chapter table: % voortijdig schoolverlaten 1,6% 2,4% 2,3% 2,1%
    # (table columns 2021-2024 are the schooljaren 2020-2021 .. 2023-2024)
    ("voortijdig_schoolverlaten", 2020, "GM0307", "totaal", "totaal", 1.6, "schooljaar 2020-2021"),
    ("voortijdig_schoolverlaten", 2021, "GM0307", "totaal", "totaal", 2.4, "schooljaar 2021-2022"),
    ("voortijdig_schoolverlaten", 2022, "GM0307", "totaal", "totaal", 2.3, "schooljaar 2022-2023"),
    ("voortijdig_schoolverlaten", 2023, "GM0307", "totaal", "totaal", 2.1, "schooljaar 2023-2024"),
    ("voortijdig_schoolverlaten", 2023, "NL01", "totaal", "totaal", 2.3, "schooljaar 2023-2024"),
    # 4.1 problematisch gebruik sociale media (2019 from the samenvatting)
    ("jeugd_risico_problematisch_sociale_media", 2019, "GM0307", "totaal", "totaal", 8, "2019"),
    ("jeugd_risico_problematisch_sociale_media", 2021, "GM0307", "totaal", "totaal", 9, "2021"),
    ("jeugd_risico_problematisch_sociale_media", 2023, "GM0307", "totaal", "totaal", 12, "2023"),
    ("jeugd_risico_problematisch_sociale_media", 2023, "GM0307", "geslacht", "meisjes", 16, "2023"),
    ("jeugd_risico_problematisch_sociale_media", 2023, "GM0307", "geslacht", "jongens", 8, "2023"),
    # 4.1 ontbijt minder dan 5 dagen per week
    ("jeugd_ontbijt_minder_5_dagen", 2019, "GM0307", "totaal", "totaal", 19, "2019"),
    ("jeugd_ontbijt_minder_5_dagen", 2023, "GM0307", "totaal", "totaal", 30, "2023"),
    # 4.2 veilig opgroeien
    ("jeugd_veilig_op_school", 2023, "GM0307", "totaal", "totaal", 79, "2023"),
    ("jeugd_veilig_op_school", 2023, "GM0307", "schooltype", "havo/vwo", 83, "2023"),
    ("jeugd_veilig_op_school", 2023, "GM0307", "schooltype", "vmbo", 72, "2023"),
    ("jeugd_school_leuk", 2021, "GM0307", "totaal", "totaal", 53, "2021"),
    ("jeugd_school_leuk", 2023, "GM0307", "totaal", "totaal", 43, "2023"),
    ("jeugd_gepest_op_school", 2021, "GM0307", "totaal", "totaal", 10, "2021"),
    ("jeugd_gepest_op_school", 2023, "GM0307", "totaal", "totaal", 13, "2023"),
    ("jeugdreclassering_aantal", 2024, "GM0307", "totaal", "totaal", 60, "2024"),
    # 4.3 kansrijk opgroeien (schooljaar 2023-2024)
    ("basisonderwijs_onderadvies", 2023, "GM0307", "totaal", "totaal", 1, "schooljaar 2023-2024"),
    ("relatief_verzuim", 2023, "GM0307", "totaal", "totaal", 3.1, "schooljaar 2023-2024"),
    # creatieve en culturele activiteiten, 2023
    ("jeugd_creatieve_culturele_activiteiten", 2023, "GM0307", "totaal", "totaal", 34, "2023"),
    ("jeugd_activiteiten_andere_vereniging", 2023, "GM0307", "totaal", "totaal", 37, "2023"),
]

# '-' in the chapter table: not measured that year
NIET_GEMETEN = [
    ("vroeggeboorte_laag_geboortegewicht", 2022, "2022"),
    ("vroeggeboorte_laag_geboortegewicht", 2023, "2023"),
    ("vroeggeboorte_laag_geboortegewicht", 2024, "2024"),
    ("jeugd_terecht_bij_iemand", 2022, "2022"),
    ("jeugd_terecht_bij_iemand", 2024, "2024"),
]

GEEN_NIEUWE_CIJFERS = ["kinderen_beeldschermgebruik", "kinderen_ontbijten"]

TABEL = {
    "vroeggeboorte_laag_geboortegewicht": (1, {"RD-02", "RD-14"}),
    "jeugd_terecht_bij_iemand": (2, {"RD-03"}),
    "voortijdig_schoolverlaten": (3, {"RD-02"}),
}


@pytest.mark.parametrize(
    ("indicator", "jaar", "gebied", "dimensie", "groep", "waarde", "label"), WAARDEN
)
def test_waarde(real_con, indicator, jaar, gebied, dimensie, groep, waarde, label):
    got = fetch_fact(real_con, indicator, jaar, gebied, dimensie, groep)
    assert got == (pytest.approx(waarde), "waarde", label)


@pytest.mark.parametrize(("indicator", "jaar", "label"), NIET_GEMETEN)
def test_niet_gemeten(real_con, indicator, jaar, label):
    assert fetch_fact(real_con, indicator, jaar) == (None, "niet gemeten", label)


@pytest.mark.parametrize("code", GEEN_NIEUWE_CIJFERS)
def test_geen_nieuwe_cijfers(real_con, code):
    rows = real_con.execute(
        "SELECT thema, monitor_status FROM dim_indicator WHERE code = ?", [code]
    ).fetchall()
    assert rows == [(THEMA, "geen nieuwe cijfers")]


@pytest.mark.parametrize(("code", "volgorde_doelen"), TABEL.items())
def test_tabel_en_doelen(real_con, code, volgorde_doelen):
    volgorde, doelen = volgorde_doelen
    row = real_con.execute(
        "SELECT indicator_id, tabel_volgorde, thema FROM dim_indicator WHERE code = ?", [code]
    ).fetchone()
    assert row[1:] == (volgorde, THEMA)
    assert indicator_doelen(real_con, code) == doelen


def test_geen_extra_feiten(real_con):
    """Every fact of this chapter is one the monitor states: 33 in total, no derived ones."""
    n = real_con.execute(
        "SELECT count(*) FROM v_waarde WHERE thema = ? AND NOT afgeleid", [THEMA]
    ).fetchone()[0]
    assert n == 33
