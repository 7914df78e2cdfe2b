"""Monitor Inclusieve Stad 2025, chapter 5 'Psychische kwetsbaarheid': exact values.

Values as printed in the chapter table (lines 1603-1627 of the monitor text), the figures
and the text.
"""

from __future__ import annotations

import pytest

from tests.conftest import fetch_fact, indicator_doelen

THEMA = "Psychische kwetsbaarheid"

# (indicator, jaar, gebied, dimensie, groep, waarde, periode_label)
WAARDEN = [
    # chapter table 28% - 23% -; figure 2023: 23,2% Amersfoort, 27,0% Nederland
    ("jeugd_psychische_klachten", 2021, "GM0307", "totaal", "totaal", 28, "2021"),
    ("jeugd_psychische_klachten", 2023, "GM0307", "totaal", "totaal", 23.2, "2023"),
    ("jeugd_psychische_klachten", 2023, "NL01", "totaal", "totaal", 27.0, "2023"),
    ("jeugd_psychische_klachten", 2023, "GM0307", "geslacht", "meisjes", 32, "2023"),
    ("jeugd_psychische_klachten", 2023, "GM0307", "geslacht", "jongens", 13, "2023"),
    # chapter table - 8% - 10%; text: 2016 6%
    ("volw_risico_angst_depressie", 2016, "GM0307", "totaal", "totaal", 6, "2016"),
    ("volw_risico_angst_depressie", 2022, "GM0307", "totaal", "totaal", 8, "2022"),
    ("volw_risico_angst_depressie", 2024, "GM0307", "totaal", "totaal", 10, "2024"),
    # chapter table - 3% - 3%
    ("senioren_risico_angst_depressie", 2022, "GM0307", "totaal", "totaal", 3, "2022"),
    ("senioren_risico_angst_depressie", 2024, "GM0307", "totaal", "totaal", 3, "2024"),
    # figure: % verzekerden met gebruik basis GGZ / POH GGZ, 2023
    ("ggz_gebruik_basis_poh", 2023, "GM0307", "totaal", "totaal", 5.9, "2023"),
    ("ggz_gebruik_basis_poh", 2023, "NL01", "totaal", "totaal", 5.1, "2023"),
    ("ggz_gebruik_basis_poh", 2023, "G100PLUS", "totaal", "totaal", 5.3, "2023"),
    # figure and text: dak- en thuislozen in voorzieningen van Kwintes, 2024
    ("daklozen_kwintes", 2024, "GM0307", "totaal", "totaal", 361, "2024"),
]

# '-' in the chapter table: not measured that year
NIET_GEMETEN = [
    ("jeugd_psychische_klachten", 2022),
    ("jeugd_psychische_klachten", 2024),
    ("volw_risico_angst_depressie", 2021),
    ("volw_risico_angst_depressie", 2023),
    ("senioren_risico_angst_depressie", 2021),
    ("senioren_risico_angst_depressie", 2023),
]

TABEL = {
    "jeugd_psychische_klachten": 1,
    "volw_risico_angst_depressie": 2,
    "senioren_risico_angst_depressie": 3,
}


@pytest.mark.parametrize(
    ("indicator", "jaar", "gebied", "dimensie", "groep", "waarde", "label"), WAARDEN
)
def test_waarde(real_con, indicator, jaar, gebied, dimensie, groep, waarde, label):
    got = fetch_fact(real_con, indicator, jaar, gebied, dimensie, groep)
    assert got == (pytest.approx(waarde), "waarde", label)


@pytest.mark.parametrize(("indicator", "jaar"), NIET_GEMETEN)
def test_niet_gemeten(real_con, indicator, jaar):
    assert fetch_fact(real_con, indicator, jaar) == (None, "niet gemeten", str(jaar))


@pytest.mark.parametrize(("code", "volgorde"), TABEL.items())
def test_tabel_en_doelen(real_con, code, volgorde):
    row = real_con.execute(
        "SELECT indicator_id, tabel_volgorde, thema FROM dim_indicator WHERE code = ?", [code]
    ).fetchone()
    assert row[1:] == (volgorde, THEMA)
    assert indicator_doelen(real_con, code) == {"RD-01", "RD-10"}


def test_geen_ontbrekende_indicatoren(real_con):
    """'In dit hoofdstuk ontbreken geen indicatoren': no 'geen nieuwe cijfers' rows."""
    n = real_con.execute(
        "SELECT count(*) FROM dim_indicator"
        " WHERE thema = ? AND monitor_status = 'geen nieuwe cijfers'",
        [THEMA],
    ).fetchone()[0]
    assert n == 0


def test_geen_extra_feiten(real_con):
    """Every fact of this chapter's monitor indicators is one the monitor states: 20, none derived.

    (The RIVM/CBS wijk estimates of the same theme are not in the monitor: tests/data/test_rivm_gezondheid.py.)
    """
    n = real_con.execute(
        """SELECT count(*) FROM v_waarde WHERE thema = ? AND NOT afgeleid
           AND indicator_code IN (SELECT code FROM dim_indicator WHERE monitor_status <> 'niet in monitor')""",
        [THEMA],
    ).fetchone()[0]
    assert n == 20
