"""Tests of the figure builders (app/figures.py): classes, legend, missing values, breaks."""

from __future__ import annotations

import json

import pytest

from app import data, figures
from app.queries import Warehouse

GM = "GM0307"


def test_quantile_bounds_are_rounded_and_increasing() -> None:
    bounds = figures.klassegrenzen([60, 66, 69, 71, 74, 77, 80])
    assert bounds[0] == 60 and bounds[-1] == 80
    assert bounds == sorted(set(bounds))
    assert len(bounds) - 1 <= figures.KLASSEN
    assert figures.klassegrenzen([5, 5, 5]) == [5.0, 5.0]
    assert figures.klassegrenzen([]) == []


def test_every_value_falls_in_a_class() -> None:
    values = [0.3, 1.7, 2.2, 9.9, 120.0]
    bounds = figures.klassegrenzen(values)
    for v in values:
        i = figures.klasse_index(v, bounds)
        assert bounds[i] <= v <= bounds[i + 1]


def _legend(fig) -> list[str]:
    return [t.name for t in fig.data if t.showlegend]


def test_map_legend_states_unit_bounds_and_statuses(db: Warehouse) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = figures.kaart_figuur(kd)
    legend = _legend(fig)
    assert "%" in fig.layout.legend.title.text.lower() or "percentage" in fig.layout.legend.title.text.lower()
    assert legend[0].startswith("60 tot") and legend[0].endswith("%")
    assert any(name.endswith("t/m 80%") for name in legend)
    assert {"niet gemeten", "geheim/onderdrukt", "geen gegevens"} <= set(legend)


def test_areas_without_value_are_patterned_never_coloured(db: Warehouse) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = figures.kaart_figuur(kd)
    by_code = {t.meta: t for t in fig.data if t.meta}
    assert by_code["WK030703"].fillpattern.shape == figures.STATUS_PATROON["geheim/onderdrukt"]
    assert by_code["WK030704"].fillpattern.shape == figures.STATUS_PATROON["niet gemeten"]
    assert by_code["WK030701"].fillcolor in figures.SEQUENTIEEL
    assert by_code["WK030703"].fillcolor not in figures.SEQUENTIEEL
    assert "80%" in by_code["WK030701"].text and "+5 procentpunt" in by_code["WK030701"].text


def test_selected_area_is_outlined(db: Warehouse) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = figures.kaart_figuur(kd, geselecteerd="WK030701")
    assert fig.data[-1].name == "gekozen: Stadskern"


def test_difference_map_uses_diverging_palette(db: Warehouse) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = figures.kaart_figuur(kd, weergave="verschil")
    colours = {t.fillcolor for t in fig.data if t.meta and t.fillpattern is None or
               (t.meta and not t.fillpattern.shape)}
    assert colours <= set(figures.DIVERGEREND)
    assert "procentpunt" in fig.layout.legend.title.text


def test_map_is_drawn_without_tiles_or_geo_subplot(db: Warehouse) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = figures.kaart_figuur(kd)
    assert all(t.type in ("scatter", "bar") for t in fig.data)
    assert not fig.layout.images
    assert "cdn" not in json.dumps(fig.to_plotly_json())


def test_basemap_is_optional_and_configured(db: Warehouse) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = figures.kaart_figuur(kd, basemap_url="http://localhost:9/{z}/{x}/{y}.png")
    assert fig.layout.images and fig.layout.images[0].source.startswith("http://localhost:9/")


def test_holes_are_wound_opposite_to_their_exterior() -> None:
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]  # same (counter-clockwise) winding as input
    xs, ys = figures.ringen(json.dumps({"type": "Polygon", "coordinates": [square, hole]}))
    split = xs.index(None)
    outer = list(zip(xs[:split], ys[:split], strict=True))
    inner = list(zip(xs[split + 1:], ys[split + 1:], strict=True))
    assert figures._ring_area(outer) > 0 > figures._ring_area(inner)


def test_trend_gap_for_unmeasured_year_and_break_line(db: Warehouse) -> None:
    td = data.trend(db, "test_meldingen", GM, ("G100PLUS", "NL01"))
    fig = figures.trend_figuur(td)
    amersfoort = next(t for t in fig.data if t.name == "Amersfoort")
    assert None in amersfoort.y  # the line is interrupted at the break
    assert any(s.x0 == pytest.approx(2020.5) for s in fig.layout.shapes)
    assert any("breuk" in a.text for a in fig.layout.annotations)


def test_trend_marks_significance_and_intervals(db: Warehouse) -> None:
    td = data.trend(db, "test_weerbaar", GM, ("G100PLUS", "NL01"))
    fig = figures.trend_figuur(td)
    amersfoort = next(t for t in fig.data if t.name == "Amersfoort")
    assert list(amersfoort.marker.symbol)[-1] == figures.SIGNIFICANT_SYMBOOL
    assert any(t.name == "significant verschil met vorige meting" for t in fig.data)
    eenzaam = figures.trend_figuur(data.trend(db, "test_eenzaam", GM, ("G100PLUS", "NL01")))
    a = next(t for t in eenzaam.data if t.name == "Amersfoort")
    assert a.error_y.array is not None


def test_breakdown_shows_suppressed_group_as_hatched_not_zero(db: Warehouse) -> None:
    ud = data.uitsplitsing(db, "test_weerbaar", 2023, GM)
    fig = figures.uitsplitsing_figuur(ud)
    values = fig.data[0]
    hbo = list(values.y[1]).index("hbo/wo")
    assert values.x[hbo] is None
    hatched = next(t for t in fig.data if t.name.startswith("geheim/onderdrukt"))
    assert hatched.marker.pattern.shape == figures.STATUS_PATROON["geheim/onderdrukt"]
