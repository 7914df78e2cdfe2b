"""Sums of counts the source rounds to fives say so (etl.kinds.afgerond_op_vijftallen).

Read from the delivered wijk figures: all multiples of five, at least MIN_CELLEN_AFRONDING of
them non-zero. Small staging tables are generated here.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from etl.keys import STG_GEBIED, STG_INDICATOR
from etl.kinds import MIN_CELLEN_AFRONDING, UITLEG_AFGEROND, afgerond_op_vijftallen, berekend_uitleg
from etl.stage import STG_FACT

WIJKEN = [f"WK0307{i:02d}" for i in range(1, 21)]


def _con(waarden: list[float | None], *, indeling: str = "wijk2024", afgeleid: bool = False):
    con = duckdb.connect()
    con.execute(f"CREATE TABLE {STG_INDICATOR} AS SELECT 'test_aantal' AS code, 1 AS indicator_id")
    con.register("gebieden", pd.DataFrame(
        {"gebied_code": WIJKEN, "indeling": indeling, "gebied_id": range(1, 21)}))
    con.execute(f"CREATE TABLE {STG_GEBIED} AS SELECT * FROM gebieden")
    con.register("feiten", pd.DataFrame({"indicator_id": 1, "gebied_id": range(1, len(waarden) + 1),
                                         "waarde": waarden, "afgeleid": afgeleid}))
    con.execute(f"CREATE TABLE {STG_FACT} AS SELECT * FROM feiten")
    return con


def test_the_edge_is_seven_non_zero_figures() -> None:
    assert MIN_CELLEN_AFRONDING == 7


@pytest.mark.parametrize(
    ("waarden", "afgerond"),
    [
        ([5.0] * 6 + [0.0] * 10, False),  # 6 non-zero: just below the edge, could be chance
        ([5.0] * 7 + [0.0] * 10, True),  # exactly at the edge
        ([10.0] * 8, True),  # just above
        ([5.0] * 7 + [3.0], False),  # one figure not a multiple of five
        ([5.0] * 7 + [None], True),  # a suppressed figure has no value to judge
        ([5.0] * 6 + [7.5, 2.5], False),  # halves are not fives
    ],
)
def test_all_wijk_figures_multiples_of_five(waarden, afgerond) -> None:
    with _con(waarden) as con:
        assert afgerond_op_vijftallen(con, ("wijk2019", "wijk2024")) == ({"test_aantal"} if afgerond else set())


def test_only_delivered_figures_of_the_wijk_divisions_count() -> None:
    with _con([5.0] * 8, indeling="buurt2024") as con:
        assert afgerond_op_vijftallen(con, ("wijk2019", "wijk2024")) == set()
    with _con([5.0] * 8, afgeleid=True) as con:
        assert afgerond_op_vijftallen(con, ("wijk2019", "wijk2024")) == set()


def test_a_rounded_sum_gets_the_remark_and_an_unrounded_one_not() -> None:
    indicatoren = pd.DataFrame({
        "code": ["a", "b", "c"], "naam": ["A", "B", "C"], "aggregatie": ["som", "som", "gewogen"],
        "noemer": [None, None, "a"], "teller": [None, None, None],
    })
    rows = berekend_uitleg(indicatoren, {"a": 1, "b": 2, "c": 3}, {"a", "c"})
    assert rows == [
        (1, "berekend", UITLEG_AFGEROND),
        (2, "berekend", "berekend door de cijfers van de wijken op te tellen"),
        # the remark is for sums: a share of rounded counts is rounded like its wijk shares
        (3, "berekend", "berekend als gemiddelde van de wijken, gewogen naar a; afgerond zoals de wijkcijfers"),
    ]
