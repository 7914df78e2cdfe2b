"""Computed gemeente figures of the real build agree with the counts beside them (issue 21, point 3).

Expected values are fixed by hand from data/cbs/kwb_2019.csv (31 wijken, summed with a calculator
script that uses no project code); docs/geo.md, "Berekende cijfers", states the rules.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import fetch_fact

# From kwb_2019.csv: sum of aantal_inw, geboorte_t, sterfte_to, mannen, vrouwen over the 31 wijken.
INWONERS_2019 = 156230.0
GEBOORTEN_2019 = 1705.0  # 1000 * 1705 / 156230 = 10.913 per 1000
STERFTE_2019 = 1040.0  # 1000 * 1040 / 156230 = 6.657 per 1000
MANNEN_2019, VROUWEN_2019 = 76980.0, 79185.0  # together 156165: 65 less than the inwoners
WIJKEN_2019 = 31
# CBS rounds each wijk count to five: a sum of 31 of them is off by at most 31 * 2.5.
AFRONDING_SOM_2019 = WIJKEN_2019 * 2.5


def _gemeente(con: duckdb.DuckDBPyConnection, indicator: str, jaar: int) -> tuple[float, str, str]:
    return con.execute(
        """SELECT waarde, soort, soort_uitleg FROM v_waarde
           WHERE indicator_code = ? AND jaar = ? AND gebied_code = 'GM0307' AND groep = 'totaal'""",
        [indicator, jaar],
    ).fetchone()


def test_births_per_1000_is_the_count_based_figure(real_con) -> None:
    # 10.913 per 1000 from the counts, shown whole like CBS's wijk rates of 2019; the weighted mean
    # of the rounded wijk rates (11.13) no longer stands beside counts that give 10.91
    assert fetch_fact(real_con, "cbs_geboorte_totaal", 2019)[0] == GEBOORTEN_2019
    assert fetch_fact(real_con, "cbs_aantal_inwoners", 2019)[0] == INWONERS_2019
    waarde, soort, uitleg = _gemeente(real_con, "cbs_geboorte_relatief", 2019)
    assert (waarde, soort) == (11.0, "berekend")
    assert uitleg.startswith("berekend uit de opgetelde wijkcijfers: geboorte totaal gedeeld door aantal inwoners")


@pytest.mark.parametrize(
    ("indicator", "verwacht"),
    [
        ("cbs_sterfte_relatief", 7.0),  # 6.657 -> 7 (the weighted wijk rates gave 7.01)
        ("cbs_bevolkingsdichtheid", 2495.0),  # 100 * 156230 / 6262 ha = 2494.9 per km2
        ("cbs_personenautos_per_huishouden", 1.5),  # 99490 / 68490 = 1.45 (wijk rates: 1 decimal)
        ("cbs_personenautos_naar_oppervlakte", 1589.0),  # 100 * 99490 / 6262 = 1588.8
    ],
)
def test_other_rates_with_a_teller_follow_the_counts(real_con, indicator: str, verwacht: float) -> None:
    assert _gemeente(real_con, indicator, 2019)[:2] == (verwacht, "berekend")


def test_age_shares_are_whole_and_add_up_to_100_within_their_rounding(real_con) -> None:
    # weighted by inwoners from kwb_2019.csv: 18.58, 11.96, 26.78, 28.22, 14.65 (sum 100.18)
    codes = ["cbs_pct_0_tot_15_jaar", "cbs_pct_15_tot_25_jaar", "cbs_pct_25_tot_45_jaar",
             "cbs_pct_45_tot_65_jaar", "cbs_pct_65_jaar_en_ouder"]
    shares = [_gemeente(real_con, code, 2019)[0] for code in codes]
    assert shares == [19.0, 12.0, 27.0, 28.0, 15.0]
    # five whole-number shares, each within 0.5 of the unrounded one
    assert abs(sum(shares) - 100) <= 5 * 0.5


def _decimals(v: float) -> int:
    text = f"{v:.10f}".rstrip("0")
    return len(text.split(".")[1])


def test_no_computed_figure_has_more_decimals_than_its_wijk_inputs(real_con) -> None:
    computed = real_con.execute(
        """SELECT indicator_code, jaar, gebied_code, waarde FROM v_waarde
           WHERE soort = 'berekend' AND status = 'waarde'"""
    ).fetchall()
    inputs: dict[tuple[str, int], int] = {}
    for code, jaar, waarde in real_con.execute(
        """SELECT indicator_code, jaar, waarde FROM v_waarde
           WHERE gebied_niveau = 'wijk' AND NOT afgeleid AND status = 'waarde'"""
    ).fetchall():
        inputs[(code, jaar)] = max(inputs.get((code, jaar), 0), _decimals(waarde))
    assert len(computed) > 100  # gemeente 2019/2021 and the GGD clusters
    too_precise = [(c, j, g, w) for c, j, g, w in computed if _decimals(w) > inputs[(c, j)]]
    assert too_precise == []


def test_sums_of_rounded_counts_say_they_are_approximate(real_con) -> None:
    mannen, _, uitleg = _gemeente(real_con, "cbs_mannen", 2019)
    vrouwen = _gemeente(real_con, "cbs_vrouwen", 2019)[0]
    inwoners = _gemeente(real_con, "cbs_aantal_inwoners", 2019)[0]
    assert (mannen, vrouwen, inwoners) == (MANNEN_2019, VROUWEN_2019, INWONERS_2019)
    assert uitleg == "som van afgeronde wijkcijfers (de bron rondt af op vijftallen), dus bij benadering"
    # 65 apart: within the rounding of the three sums
    assert abs(mannen + vrouwen - inwoners) <= 3 * AFRONDING_SOM_2019
    # an unrounded count (hectares of land) is summed without that remark
    assert _gemeente(real_con, "cbs_oppervlakte_land", 2019)[2] == (
        "berekend door de cijfers van de wijken op te tellen"
    )


def test_each_indicator_has_one_precision_from_its_delivered_figures(real_con) -> None:
    rows = dict(real_con.execute(
        """SELECT code, decimalen FROM dim_indicator WHERE code IN (
               'cbs_pct_65_jaar_en_ouder', 'cbs_gemiddelde_huishoudensgrootte', 'cbs_geboorte_relatief',
               'cbs_personenautos_per_huishouden')"""
    ).fetchall())
    assert rows == {
        "cbs_pct_65_jaar_en_ouder": 0,  # CBS: whole percents
        "cbs_gemiddelde_huishoudensgrootte": 1,  # 1.5 in Stadskern 2019
        "cbs_geboorte_relatief": 0,  # 9 per 1000 in Stadskern 2019
        "cbs_personenautos_per_huishouden": 1,  # 0.6 in Stadskern 2019
    }


def test_cars_2024_are_not_on_the_basis_of_the_computed_2019_sum(real_con) -> None:
    """CBS's own 2024 gemeente total (142,255) is not the sum of the 33 wijken (74,335): the 2019
    figure, a wijk sum (99,490), must not be joined to it in one trend ("gestegen +42.765")."""
    rows = real_con.execute(
        """SELECT i.code, b.jaar, b.geleverd, b.som_wijken, b.n_wijken, b.marge, b.zelfde_basis
           FROM gemeente_basis b JOIN dim_indicator i USING (indicator_id)
           WHERE i.code IN ('cbs_personenautos_totaal', 'cbs_aantal_inwoners') ORDER BY 1"""
    ).fetchall()
    assert rows == [
        # 161,852 against 161,825: 27 apart, within 33 x 2.5
        ("cbs_aantal_inwoners", 2024, 161852.0, 161825.0, 33, 82.5, True),
        ("cbs_personenautos_totaal", 2024, 142255.0, 74335.0, 33, 82.5, False),
    ]
    assert _gemeente(real_con, "cbs_personenautos_totaal", 2019)[:2] == (99490.0, "berekend")
