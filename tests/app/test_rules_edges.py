"""Edges of app.rules.vergelijk: intervals that touch, a value on an interval's bound, the thresholds.

Every expected verdict is written out by hand; each edge is tested at, just below and just above.
"""

from __future__ import annotations

import pytest

from app.rules import GELIJK, HOGER, LAGER, METHODE_DREMPEL, METHODE_INTERVAL, Meting, vergelijk

# Intervals far apart in value (6 points, three times the threshold) so that only the
# intervals can make them 'gelijk': touching or overlapping intervals mean no difference.
TOUCHING = [
    # (gebied, referentie, expected): the area's interval ends where the reference's begins
    pytest.param(Meting(9.0, 6.0, 12.0), Meting(15.0, 12.0, 18.0), GELIJK, id="touch at 12 (area below)"),
    pytest.param(Meting(15.0, 12.0, 18.0), Meting(9.0, 6.0, 12.0), GELIJK, id="touch at 12 (area above)"),
    pytest.param(Meting(9.0, 6.0, 11.9), Meting(15.0, 12.0, 18.0), LAGER, id="0,1 apart (area below)"),
    pytest.param(Meting(15.0, 12.1, 18.0), Meting(9.0, 6.0, 12.0), HOGER, id="0,1 apart (area above)"),
    pytest.param(Meting(9.0, 6.0, 12.1), Meting(15.0, 12.0, 18.0), GELIJK, id="0,1 overlap (area below)"),
    pytest.param(Meting(15.0, 11.9, 18.0), Meting(9.0, 6.0, 12.0), GELIJK, id="0,1 overlap (area above)"),
]


@pytest.mark.parametrize(("gebied", "referentie", "expected"), TOUCHING)
def test_intervals_that_touch_overlap(gebied: Meting, referentie: Meting, expected: str) -> None:
    oordeel = vergelijk(gebied, referentie, "percentage")
    assert (oordeel.richting, oordeel.methode) == (expected, METHODE_INTERVAL)


# One figure with an interval [10, 14], the other without: a value on a bound lies inside.
ON_A_BOUND = [
    pytest.param(14.0, GELIJK, id="on the upper bound"),
    pytest.param(14.1, HOGER, id="just above the upper bound"),
    pytest.param(13.9, GELIJK, id="just below the upper bound"),
    pytest.param(10.0, GELIJK, id="on the lower bound"),
    pytest.param(9.9, LAGER, id="just below the lower bound"),
    pytest.param(10.1, GELIJK, id="just above the lower bound"),
]


@pytest.mark.parametrize(("waarde", "expected"), ON_A_BOUND)
def test_value_on_the_bound_of_the_references_interval(waarde: float, expected: str) -> None:
    oordeel = vergelijk(Meting(waarde), Meting(12.0, 10.0, 14.0), "percentage")
    assert (oordeel.richting, oordeel.methode) == (expected, METHODE_INTERVAL)


@pytest.mark.parametrize(("waarde", "expected"), ON_A_BOUND)
def test_value_on_the_bound_of_the_areas_own_interval(waarde: float, expected: str) -> None:
    # the same edge with the roles swapped: the area has the interval, the reference a value
    # (the reference lies above the area's interval: the area is 'lager', and the other way round)
    flipped = {HOGER: LAGER, LAGER: HOGER, GELIJK: GELIJK}[expected]
    oordeel = vergelijk(Meting(12.0, 10.0, 14.0), Meting(waarde), "percentage")
    assert (oordeel.richting, oordeel.methode) == (flipped, METHODE_INTERVAL)


@pytest.mark.parametrize(("waarde", "referentie", "eenheid", "expected"), [
    # 2 procentpunt without significance information (DREMPEL_PROCENTPUNT)
    # exactly 2 is no finding: 52 and 50 may be 51,5 and 50,5 (rules.weergavemarge, issue 21:
    # a verdict that would flip at the next decimal is not a finding)
    (52.0, 50.0, "percentage", GELIJK),
    (51.9, 50.0, "percentage", GELIJK),
    (52.1, 50.0, "percentage", HOGER),
    (48.0, 50.0, "percentage", GELIJK),
    (47.9, 50.0, "percentage", LAGER),  # 2,1: at least 2,0 at the last decimal
    (48.1, 50.0, "percentage", GELIJK),
    # 5% of the reference for other units (DREMPEL_RELATIEF): 5 on 100
    (105.0, 100.0, "per 1000 inwoners", GELIJK),  # exactly 5%: may be 4 at the last place
    (104.9, 100.0, "per 1000 inwoners", GELIJK),
    (105.1, 100.0, "per 1000 inwoners", HOGER),
    (95.0, 100.0, "per 1000 inwoners", GELIJK),
    (94.9, 100.0, "per 1000 inwoners", LAGER),
    (95.1, 100.0, "per 1000 inwoners", GELIJK),
])
def test_threshold_edges_without_significance(waarde: float, referentie: float, eenheid: str,
                                              expected: str) -> None:
    oordeel = vergelijk(Meting(waarde), Meting(referentie), eenheid)
    assert (oordeel.richting, oordeel.methode) == (expected, METHODE_DREMPEL)
