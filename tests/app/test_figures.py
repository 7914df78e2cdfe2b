"""Tests of the figure builders (app/onderdelen: kaart_figures, trend_figures, uitsplitsing):
classes, legend, missing values, breaks.

The builders return Plotly's JSON form as plain dicts; the tests read them as such and check,
with plotly.graph_objects (only here, never in the app), that every figure is a valid one.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from app.onderdelen import basis as embed_basis
from app.onderdelen import kaart, kaart_figures, stijl, trend, trend_figures, uitsplitsing
from app.queries import Warehouse

GM = "GM0307"
REF = ("G100PLUS", "NL01")


def test_quantile_bounds_are_rounded_and_increasing() -> None:
    bounds = kaart_figures.klassegrenzen([60, 66, 69, 71, 74, 77, 80])
    assert bounds[0] == 60 and bounds[-1] == 80
    assert bounds == sorted(set(bounds))
    assert len(bounds) - 1 <= kaart_figures.KLASSEN
    assert kaart_figures.klassegrenzen([5, 5, 5]) == [5.0, 5.0]
    assert kaart_figures.klassegrenzen([]) == []


def test_every_value_falls_in_a_class() -> None:
    values = [0.3, 1.7, 2.2, 9.9, 120.0]
    bounds = kaart_figures.klassegrenzen(values)
    for v in values:
        i = kaart_figures.klasse_index(v, bounds)
        assert bounds[i] <= v <= bounds[i + 1]


def _legend(fig: stijl.Figuur) -> list[str]:
    return [t["name"] for t in fig["data"] if t.get("showlegend")]


def _areas(fig: stijl.Figuur) -> dict[str, dict[str, Any]]:
    """The map's area traces by gebied code."""
    return {t["meta"]: t for t in fig["data"] if t.get("meta")}


def test_map_legend_states_unit_bounds_and_statuses(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = kaart_figures.kaart_figuur(kd)
    legend = _legend(fig)
    titel = fig["layout"]["legend"]["title"]["text"].lower()
    assert "%" in titel or "percentage" in titel
    assert legend[0].startswith("60 tot") and legend[0].endswith("%")
    assert any(name.endswith("t/m 80%") for name in legend)
    assert {"niet gemeten", "geheim/onderdrukt", "geen gegevens"} <= set(legend)
    # legend entries are empty bars in the class colour; status entries are patterned
    entries = {t["name"]: t for t in fig["data"] if t.get("showlegend")}
    assert entries[legend[0]]["type"] == "bar" and entries[legend[0]]["x"] == [None]
    assert entries[legend[0]]["marker"]["color"] in kaart_figures.SEQUENTIEEL
    assert entries["niet gemeten"]["marker"]["pattern"]["shape"] == "/"


def test_areas_without_value_are_patterned_never_coloured(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = kaart_figures.kaart_figuur(kd)
    by_code = _areas(fig)
    assert set(by_code) == set(kd.gebieden["gebied_code"])  # one filled path per area
    assert by_code["WK030703"]["fillpattern"]["shape"] == stijl.STATUS_PATROON["geheim/onderdrukt"]
    assert by_code["WK030704"]["fillpattern"]["shape"] == stijl.STATUS_PATROON["niet gemeten"]
    assert by_code["WK030701"]["fillcolor"] in kaart_figures.SEQUENTIEEL
    assert "fillpattern" not in by_code["WK030701"]
    assert by_code["WK030703"]["fillcolor"] not in kaart_figures.SEQUENTIEEL
    text = by_code["WK030701"]["text"]
    assert "80%" in text and "+5 procentpunt" in text and "Amersfoort: " in text
    assert by_code["WK030703"]["text"] == "<b>Soesterkwartier</b><br>geheim/onderdrukt"


def test_map_hover_label_is_the_whole_name_dark_on_a_white_bordered_box(db: Warehouse) -> None:
    """Plotly's default label took the area's fill as its box and drew the name, cut after 15
    characters, outside the box in the fill colour: pale yellow on white (issue 22)."""
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    for weergave in ("waarde", "verschil"):
        fig = kaart_figures.kaart_figuur(kd, weergave)
        label = fig["layout"]["hoverlabel"]
        assert label["bgcolor"] == "#ffffff" and label["bordercolor"] == "#4d4d4d"
        assert label["font"]["color"] == "#1a1a1a" and label["namelength"] == -1
        by_code = _areas(fig)
        # the name inside the box, whole (16 characters), escaped; nothing outside it
        assert by_code["WK030709"]["text"].startswith("<b>Schothorst-Noord</b><br>69%<br>")
        assert all(t["hoverinfo"] == "text" for t in by_code.values())
    g = tuple(dataclasses.replace(r, naam="<i>Schothorst</i> & co") if r.gebied_code == "WK030709"
              else r for r in kd.rijen)
    fig = kaart_figures.kaart_figuur(dataclasses.replace(kd, rijen=g))
    assert _areas(fig)["WK030709"]["text"].startswith(
        "<b>&lt;i&gt;Schothorst&lt;/i&gt; &amp; co</b><br>")


def test_area_colour_follows_its_class(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = kaart_figures.kaart_figuur(kd)
    met_waarde = kd.gebieden[kd.gebieden["status"] == "waarde"]
    klassen = kaart_figures.waarde_klassen(met_waarde["waarde"], "percentage")
    by_code = _areas(fig)
    for code, waarde in zip(met_waarde["gebied_code"], met_waarde["waarde"], strict=True):
        k = next(k for k in reversed(klassen) if waarde >= k.ondergrens)
        assert by_code[code]["fillcolor"] == k.kleur
        assert by_code[code]["legendgroup"] == f"k{klassen.index(k)}"


def test_click_on_an_area_names_it(db: Warehouse) -> None:
    """plotly.js reports a click on a fill without a point; dcc.Graph then passes the trace's
    whole customdata. That must be the area's code (read by the verkenner's sync callback)."""
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    for code, trace in _areas(kaart_figures.kaart_figuur(kd)).items():
        assert trace["customdata"] == [code]
        assert trace["hoveron"] == "fills" and trace["fill"] == "toself"
        assert trace["mode"] == "lines"


def test_click_data_as_dcc_graph_sends_it_selects_the_area(pages) -> None:
    """The verkenner reads the code from the click data dcc.Graph builds from a fill click."""
    click = {"points": [{"curveNumber": 3, "pointNumber": None, "customdata": ["WK030701"]}]}
    assert pages.verkenner._code_uit_klik(click) == "WK030701"


def test_selected_area_is_outlined(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = kaart_figures.kaart_figuur(kd, geselecteerd="WK030701")
    (outline,) = fig["layout"]["shapes"]  # a shape: another choice patches only the shapes
    assert outline["name"] == "gekozen: Stadskern" and outline.get("showlegend") is True
    assert outline["line"]["color"] == kaart_figures.SELECTIE_KLEUR
    assert outline["line"]["width"] == kaart_figures.SELECTIE_BREEDTE
    assert (outline["xref"], outline["yref"], outline["fillcolor"]) == ("x", "y", "rgba(0,0,0,0)")
    area = _areas(fig)["WK030701"]
    # the path visits the area's points in order: M first, L the rest, Z closing each ring
    punten = [tuple(map(float, p[1:].split(","))) for p in outline["path"].split() if p != "Z"]
    ring = [(x, y) for x, y in zip(area["x"], area["y"], strict=True) if x is not None]
    assert punten == ring and outline["path"].count("M") == list(area["x"]).count(None) + 1
    assert not any(t["name"].startswith("gekozen") for t in fig["data"])
    assert kaart_figures.kaart_figuur(kd)["layout"]["shapes"] == []


def test_difference_map_uses_diverging_palette(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = kaart_figures.kaart_figuur(kd, weergave="verschil")
    colours = {t["fillcolor"] for t in _areas(fig).values() if "fillpattern" not in t}
    assert colours and colours <= set(kaart_figures.DIVERGEREND)
    assert "procentpunt" in fig["layout"]["legend"]["title"]["text"]


def test_map_is_drawn_without_tiles_or_geo_subplot(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = kaart_figures.kaart_figuur(kd)
    assert all(t["type"] in ("scatter", "bar") for t in fig["data"])
    assert not fig["layout"].get("images")
    assert "cdn" not in json.dumps(fig)
    layout = fig["layout"]
    assert layout["yaxis"]["scaleanchor"] == "x" and layout["xaxis"]["visible"] is False
    assert layout["title"]["text"].startswith("<br>".join(stijl.titel_regels(kaart_figures.kaart_titel(kd))))
    assert "Bron: " in layout["title"]["text"]
    assert not layout.get("annotations")  # the source is under the title, not under the legend


def test_map_coordinates_are_rounded(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    for trace in _areas(kaart_figures.kaart_figuur(kd)).values():
        for v in [*trace["x"], *trace["y"]]:
            assert v is None or v == round(v, kaart_figures.COORDINAAT_DECIMALEN)


def test_basemap_is_optional_and_configured(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    fig = kaart_figures.kaart_figuur(kd, basemap_url="http://localhost:9/{z}/{x}/{y}.png",
                               attributie="OSM")
    images = fig["layout"]["images"]
    assert images and images[0]["source"].startswith("http://localhost:9/")
    titel = " ".join(re.sub(r"<[^>]+>", " ", fig["layout"]["title"]["text"]).split())
    assert "Achtergrond: OSM" in titel


def test_holes_are_wound_opposite_to_their_exterior() -> None:
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]  # same (counter-clockwise) winding as input
    xs, ys = kaart_figures.ringen(json.dumps({"type": "Polygon", "coordinates": [square, hole]}))
    split = xs.index(None)
    outer = list(zip(xs[:split], ys[:split], strict=True))
    inner = list(zip(xs[split + 1:], ys[split + 1:], strict=True))
    assert kaart_figures._ring_area(outer) > 0 > kaart_figures._ring_area(inner)


def test_trend_gap_for_unmeasured_year_and_break_line(db: Warehouse) -> None:
    td = trend.trend(db, "test_meldingen", GM, REF)
    fig = trend_figures.trend_figuur(td)
    amersfoort = next(t for t in fig["data"] if t["name"] == "Amersfoort")
    assert None in amersfoort["y"]  # the line is interrupted at the break
    assert amersfoort["connectgaps"] is False
    assert any(s["x0"] == pytest.approx(2020.5) for s in fig["layout"]["shapes"])
    assert any("breuk" in a["text"] for a in fig["layout"]["annotations"])


def test_trend_marks_significance_and_intervals(db: Warehouse) -> None:
    td = trend.trend(db, "test_weerbaar", GM, REF)
    fig = trend_figures.trend_figuur(td)
    amersfoort = next(t for t in fig["data"] if t["name"] == "Amersfoort")
    assert amersfoort["marker"]["symbol"][-1] == trend_figures.SIGNIFICANT_SYMBOOL
    assert amersfoort["marker"]["size"][-1] == 13
    assert "significant verschil" in amersfoort["text"][-1]
    assert any(t["name"] == "significant verschil met vorige meting" for t in fig["data"])
    eenzaam = trend_figures.trend_figuur(trend.trend(db, "test_eenzaam", GM, REF))
    a = next(t for t in eenzaam["data"] if t["name"] == "Amersfoort")
    assert a["error_y"]["array"] is not None and a["error_y"]["symmetric"] is False
    assert "95%-interval" in " ".join(a["text"])


def test_trend_series_keep_their_role_colours(db: Warehouse) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    gebied = ("WK030701", kd.indeling, "wijk")
    fig = trend_figures.trend_figuur(trend.trend(db, "test_weerbaar", GM, REF, gebied))
    lijnen = [t for t in fig["data"] if t.get("mode") == "lines+markers"]
    assert [t["name"] for t in lijnen][:4] == ["Stadskern", "Amersfoort", "100.000+ gemeenten",
                                               "Nederland"]
    for rol, t in enumerate(lijnen):
        assert t["line"]["color"] == trend_figures.REEKS_KLEUREN[rol]
        assert t["line"]["dash"] == trend_figures.REEKS_STREEP[rol]
    assert lijnen[0]["line"]["width"] == 3 and lijnen[1]["line"]["width"] == 2
    jaren = fig["layout"]["xaxis"]["tickvals"]
    assert jaren == sorted(jaren) and all(isinstance(j, int) for j in jaren)


def test_breakdown_shows_suppressed_group_as_hatched_not_zero(db: Warehouse) -> None:
    ud = uitsplitsing.uitsplitsing(db, "test_weerbaar", 2023, GM)
    fig = uitsplitsing.uitsplitsing_figuur(ud)
    values = fig["data"][0]
    hbo = list(values["y"][1]).index("hbo/wo")
    assert values["x"][hbo] is None and values["text"][hbo] == ""
    assert values["marker"]["color"] == stijl.BALK_KLEUR
    hatched = next(t for t in fig["data"] if t["name"].startswith("geheim/onderdrukt"))
    assert hatched["marker"]["pattern"]["shape"] == stijl.STATUS_PATROON["geheim/onderdrukt"]
    assert "hbo/wo" in hatched["y"][1]
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"


def _alle_figuren(db: Warehouse) -> list[stijl.Figuur]:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    gebied = ("WK030701", kd.indeling, "wijk")
    return [
        kaart_figures.kaart_figuur(kd),
        kaart_figures.kaart_figuur(kd, "verschil", "WK030701", "http://localhost:9/{z}/{x}/{y}.png"),
        kaart_figures.kaart_figuur(kaart.kaart(db, "cbs_aantal_inwoners", 2024, "gebiedscluster", GM)),
        trend_figures.trend_figuur(trend.trend(db, "test_weerbaar", GM, REF, gebied)),
        trend_figures.trend_figuur(trend.trend(db, "test_meldingen", GM, REF)),
        trend_figures.trend_figuur(trend.trend(db, "test_eenzaam", GM, REF)),
        uitsplitsing.uitsplitsing_figuur(uitsplitsing.uitsplitsing(db, "test_weerbaar", 2023, GM)),
    ]


def test_figures_are_valid_plotly_json(db: Warehouse) -> None:
    """Every figure passes plotly's own validation and serialises with the standard json."""
    for fig in _alle_figuren(db):
        assert set(fig) == {"data", "layout"}
        go.Figure(fig)  # raises on any unknown or invalid property
        text = json.dumps(fig)
        assert json.loads(text)["data"]


def test_figures_keep_plotly_default_look(db: Warehouse) -> None:
    """dcc.Graph applies no template to a dict: the figures carry the part of 'plotly' they use."""
    full = pio.templates["plotly"].to_plotly_json()
    for fig in _alle_figuren(db):
        template = fig["layout"]["template"]
        assert all(full["layout"][k] == v for k, v in template["layout"].items())
        assert all(full["data"][k] == v for k, v in template["data"].items())
        assert {t["type"] for t in fig["data"]} <= set(template["data"])
    assert len(json.dumps(stijl.TEMPLATE)) < len(json.dumps(full)) / 4


def test_embed_figures_drop_title_source_and_zoom(db: Warehouse) -> None:
    for fig in _alle_figuren(db):
        embed = embed_basis.voor_embed(fig)
        layout = embed["layout"]
        assert "title" not in layout and layout["dragmode"] is False
        assert layout["margin"]["t"] == embed_basis.EMBED_MARGE_BOVEN
        assert not any(a["text"].startswith("Bron:") for a in layout["annotations"])
        assert all(layout[k]["fixedrange"] is True for k in layout if embed_basis._AS.fullmatch(k))
        assert fig["layout"].get("title")  # the dashboard's figure is left as it was
        go.Figure(embed)
        json.dumps(embed)


def _synthetische_trend(rijen: list[tuple[str, int, float | None, str]],
                        ondergrens: dict[int, float] | None = None) -> trend.TrendData:
    """A TrendData of generated rows (reeks, jaar, waarde, status): test data, no real wijk."""
    import pandas as pd

    ondergrens = ondergrens or {}
    rows: list[dict] = [{
        "reeks": r, "gebied_code": r, "indeling": "vast", "jaar": j, "periode_label": str(j),
        "waarde": w, "status": s, "significant": None,
        "ondergrens": ondergrens.get(j) if r == "Amersfoort" else None,
        "bovengrens": (2 * w - ondergrens[j]) if r == "Amersfoort" and j in ondergrens else None,
    } for r, j, w, s in rijen]
    ind = pd.Series({"code": "synth", "naam": "Synthetisch", "eenheid": "percentage",
                     "bron": "testdata", "gewenste_richting": "lager"})
    namen = list(dict.fromkeys(r["reeks"] for r in rows))
    return trend.TrendData(ind, rows, namen, [], [], {}, {n: i + 1 for i, n in enumerate(namen)})


def test_unmeasured_years_sit_in_their_own_lane_never_at_zero() -> None:
    td = _synthetische_trend([
        ("Amersfoort", 2019, 20.0, "waarde"), ("Amersfoort", 2020, None, "niet gemeten"),
        ("Amersfoort", 2021, 24.0, "waarde"), ("Amersfoort", 2022, None, "geheim/onderdrukt"),
        ("Amersfoort", 2023, 22.0, "waarde"),
    ])
    fig = trend_figures.trend_figuur(td)
    for t in fig["data"]:
        if t.get("yaxis") != "y2":
            assert all(y != 0 for y in t["y"] if y is not None)
            assert 2020 not in [x for x, y in zip(t["x"], t["y"], strict=True) if y is not None]
    lane = [t for t in fig["data"] if t.get("yaxis") == "y2"]
    assert {t["name"] for t in lane} == {"niet gemeten", "geheim/onderdrukt"}
    assert all(y == trend_figures.STATUS_BAAN_LABEL for t in lane for y in t["y"])
    y2, y = fig["layout"]["yaxis2"], fig["layout"]["yaxis"]
    assert "overlaying" not in y2 and y2["domain"][1] < y["domain"][0]  # below, not on, the axis
    go.Figure(fig)


def test_measurements_across_unmeasured_years_are_joined_by_a_dashed_line() -> None:
    td = _synthetische_trend([("Amersfoort", 2019, 20.0, "waarde"),
                              ("Amersfoort", 2021, 24.0, "waarde"),
                              ("Amersfoort", 2022, 23.0, "waarde")])
    fig = trend_figures.trend_figuur(td)
    lijn = next(t for t in fig["data"] if t["name"] == "Amersfoort")
    assert lijn["x"] == [2019, None, 2021, 2022]  # the solid line joins adjacent years only
    join = next(t for t in fig["data"] if t["name"] == "Amersfoort (geen meting ertussen)")
    assert join["x"] == [2019, 2021, None] and join["line"]["dash"] == trend_figures.VERBINDING_STREEP


def test_value_axis_holds_every_point_and_interval() -> None:
    td = _synthetische_trend([("Amersfoort", 2019, 40.0, "waarde"),
                              ("Amersfoort", 2020, 61.0, "waarde"),
                              ("Nederland", 2020, 58.0, "waarde")], ondergrens={2020: 55.0})
    fig = trend_figures.trend_figuur(td)
    lo, hi = fig["layout"]["yaxis"]["range"]
    assert lo == 0  # a percentage axis starts at 0
    assert hi > 67.0  # the upper bound of the 2020 interval (61 + 6) is inside the axis
    assert hi % fig["layout"]["yaxis"]["dtick"] == 0  # ends on a gridline
    assert "s" not in fig["layout"]["yaxis"]["tickformat"]  # no SI suffixes (150k)


def test_a_single_figure_is_written_with_its_period() -> None:
    td = _synthetische_trend([("Amersfoort", 2024, 12.5, "waarde")])
    fig = trend_figures.trend_figuur(td)
    punt = next(t for t in fig["data"] if t["name"] == "Amersfoort")
    assert punt["mode"] == "markers+text" and punt["texttemplate"] == ["12,5%"]
    assert fig["layout"]["xaxis"]["tickvals"] == [2024]
