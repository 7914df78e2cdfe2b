"""The inline trend line (app/sparklijn.py) of the start page's cards and the wijkprofiel's rows.

Geometry from hand-made series: where the points land, which segments are solid or dashed, and
that an unmeasured year never becomes a point. The pages that draw it: test_start.py and
test_wijkprofiel.py.
"""

from __future__ import annotations

import pytest

from app.sparklijn import KAART, TABEL, sparklijn


def test_sparkline_joins_measurements_and_bridges_unmeasured_years_dashed() -> None:
    lijn = sparklijn([(2019, 70.0), (2021, 72.0), (2023, 75.0)])
    assert lijn is not None and len(lijn.lijnen) == 1
    een = lijn.lijnen[0]
    assert een.gestippeld == "" and len(een.punten) == 3
    assert een.punten[0][0] < een.punten[1][0] < een.punten[2][0]
    assert een.punten[2][1] < een.punten[0][1]  # higher value = higher on screen
    assert een.doorgetrokken.count("M") == 1  # consecutive measurements: one unbroken line
    gat = sparklijn([(2020, 10.0), (2022, None), (2024, 12.0)]).lijnen[0]
    assert len(gat.punten) == 2  # no point for the unmeasured year
    assert gat.doorgetrokken == "" and gat.gestippeld.count("M") == 1
    assert sparklijn([(2021, 7.3)]) is None and sparklijn([(2021, None), (2023, None)]) is None
    vlak = sparklijn([(2021, 5.0), (2023, 5.0)]).lijnen[0]
    assert vlak.punten[0][1] == vlak.punten[1][1] == KAART.hoogte / 2


def test_sparkline_gap_splits_the_solid_line_and_an_unmeasured_end_year_takes_room() -> None:
    s = sparklijn([(2018, 1.0), (2019, 2.0), (2020, None), (2021, 3.0), (2022, 4.0), (2023, None)])
    een = s.lijnen[0]
    assert len(een.punten) == 4
    assert een.doorgetrokken.count("M") == 2 and een.gestippeld.count("M") == 1
    # 2023 is listed but not measured: the last point stands before the right margin
    assert een.laatste[0] < KAART.breedte - KAART.marge
    x = [p[0] for p in een.punten]
    assert x[1] - x[0] == pytest.approx(x[3] - x[2])  # x proportional to the year


def test_inline_trend_geometry() -> None:
    s = sparklijn(((2019, 10.0), (2021, 20.0)), ((2019, 15.0), (2021, 15.0), (2023, 30.0)), maat=TABEL)
    assert s is not None and (s.breedte, s.hoogte) == (TABEL.breedte, TABEL.hoogte)
    gebied, stad = s.lijnen
    m, b, h = TABEL.marge, TABEL.breedte, TABEL.hoogte
    assert gebied.punten[0] == (m, h - m)  # lowest value, first year
    assert stad.punten[-1] == (b - m, m)  # highest value, last year
    assert gebied.laatste == (48.0, 14.0)  # the area's last point: 2021 halfway, 20 in the middle
    assert gebied.doorgetrokken.startswith("M3 25L") and stad.gestippeld == gebied.gestippeld == ""
    assert sparklijn(((2023, 1.0),), (), maat=TABEL) is None  # one point: no line
    enkel = sparklijn(((2023, 1.0),), ((2021, 1.0), (2023, 2.0)), maat=TABEL).lijnen[0]
    assert enkel.doorgetrokken == "" and enkel.laatste == (b - m, h - m)  # a dot, no line


def test_series_share_one_scale_and_each_marks_its_own_gaps() -> None:
    gebied, stad = sparklijn([(2019, 10.0), (2021, None), (2023, 30.0)],
                             [(2019, 20.0), (2021, 20.0), (2023, 20.0)]).lijnen
    assert gebied.gestippeld and not gebied.doorgetrokken  # 2021 not measured in the area
    assert stad.doorgetrokken and not stad.gestippeld
    assert stad.punten[0][1] == KAART.hoogte / 2  # 20 is halfway between the area's 10 and 30
    assert len(gebied.punten) == 2
