"""The public embed views (app/embed): content, numbers from the warehouse, messages, snippets.

Rendered by the real app through Flask's test client on the small fixture warehouse; the browser
checks (iframe from another origin, keyboard, widths) are in test_embed_browser.py.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import duckdb
import pytest

from app import config as app_config
from app import embed, fmt
from app import viewstate as vs


def shown(warehouse: Path, indicator: str, jaar: int, gebied: str, indeling: str,
          eenheid: str = "percentage", dimensie: str = "totaal", groep: str = "totaal") -> str:
    """The value as the app must show it, straight from the warehouse."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        waarde, status = con.execute(
            """SELECT waarde, status FROM v_waarde WHERE indicator_code = ? AND jaar = ?
               AND gebied_code = ? AND indeling = ? AND groep_dimensie = ? AND groep = ?""",
            [indicator, jaar, gebied, indeling, dimensie, groep]).fetchone()
    return fmt.waarde(waarde, eenheid, status)


def page(client, url: str) -> tuple[str, str]:
    """(html, visible text) of a 200 embed page."""
    r = client.get(url)
    assert r.status_code == 200, (url, r.get_data(as_text=True)[-500:])
    body = r.get_data(as_text=True)
    text = htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
    return body, text


def rows(body: str) -> dict[str, list[str]]:
    """Table rows by their row header (th scope=row, else the first cell), the other cells after."""
    out = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [(attrs, htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip())
                 for attrs, c in re.findall(r"<t[hd]([^>]*)>(.*?)</t[hd]>", tr, re.S)]
        if not cells:
            continue
        kop = next((i for i, (attrs, _) in enumerate(cells) if 'scope="row"' in attrs), 0)
        out.setdefault(cells[kop][1], [c for i, (_, c) in enumerate(cells) if i != kop])
    return out


def figure(body: str) -> dict:
    data = re.search(r'<script type="application/json" id="embed-figuur-data">(.*?)</script>',
                     body, re.S).group(1)
    return json.loads(data)


def test_map_view_has_title_unit_source_table_and_link(client, warehouse_path) -> None:
    body, text = page(client, "/embed/kaart?indicator=test_weerbaar&jaar=2023&gebied=WK030701")
    assert "<h1 id=\"embed-titel\">% 13-17 jr dat voldoende weerbaar is (testdata)</h1>" in body
    assert "Eenheid: percentage (%)" in text
    assert "Bron: TESTDATA gegenereerd; grenzen: CBS/PDOK, Wijk- en buurtkaart" in text
    assert ('href="/verkenner?indicator=test_weerbaar&amp;jaar=2023&amp;niveau=wijk&amp;gebied=WK030701"'
            in body)
    assert 'target="_blank" rel="noopener"' in body
    tabel = rows(body)
    assert tabel["Stadskern"][:2] == ["WK030701", shown(warehouse_path, "test_weerbaar", 2023,
                                                        "WK030701", "wijk2024")]
    assert tabel["Soesterkwartier"][1] == "geheim/onderdrukt"
    assert "<summary>Tabel bij de kaart</summary>" in body
    assert 'tabindex="0" role="region"' in body
    fig = figure(body)
    assert fig["data"] and "title" not in fig["layout"] or not fig["layout"].get("title", {}).get("text")
    assert not any(str(a.get("text", "")).startswith("Bron:") for a in fig["layout"].get("annotations", []))
    assert [v.get("name") for v in fig["layout"]["shapes"]] == ["gekozen: Stadskern"]


def test_the_figure_json_cannot_end_its_script_element(client) -> None:
    body, _ = page(client, "/embed/kaart?indicator=test_weerbaar")
    data = re.search(r'id="embed-figuur-data">(.*?)</script>', body, re.S).group(1)
    assert "<" not in data and ">" not in data and "&" not in data


def test_trend_view_shows_every_series_with_warehouse_values(client, warehouse_path) -> None:
    body, text = page(client, "/embed/trend?indicator=test_weerbaar&gebied=WK030701")
    tabel = rows(body)
    assert tabel["Jaar"] == ["Stadskern", "Amersfoort", "100.000+ gemeenten", "Nederland"]
    assert tabel["2023"][0] == shown(warehouse_path, "test_weerbaar", 2023, "WK030701", "wijk2024")
    assert tabel["2019"][0] == shown(warehouse_path, "test_weerbaar", 2019, "WK030701", "wijk2019")
    # 78 -> 80, exactly 2 whole points: may be 1 (rules.weergavemarge), no change stated
    assert "Stadskern, 2021 → 2023: stabiel." in text
    assert [t["name"] for t in figure(body)["data"]][:2] == ["Stadskern", "Amersfoort"]


def test_breakdown_view_can_show_one_dimension(client, warehouse_path) -> None:
    body, text = page(client, "/embed/groepen?indicator=test_weerbaar&jaar=2023&gebied=WK030701"
                              "&groep=geslacht")
    tabel = rows(body)
    assert tabel["jongens"] == ["geslacht", shown(warehouse_path, "test_weerbaar", 2023, "WK030701",
                                                  "wijk2024", dimensie="geslacht", groep="jongens")]
    assert "hbo/wo" not in tabel
    assert "Stadskern, 2023, naar geslacht." in text
    body, _ = page(client, "/embed/groepen?indicator=test_weerbaar&jaar=2023")
    assert rows(body)["hbo/wo"] == ["opleiding", "geheim/onderdrukt"]


def test_compact_wijkprofiel_is_the_pages_summary_with_a_link_to_the_full_profile(
        client, warehouse_path) -> None:
    body, text = page(client, "/embed/wijkprofiel?gebied=WK030701&thema=Preventie")
    assert "Wijkprofiel Stadskern" in text and "Opvallend in Stadskern" in text
    assert "plotly" not in body and "<details" not in body
    # the summary alone (templates/_profiel.html): no tables per thema, no definitions
    assert 'class="datatabel profiel-tabel"' not in body and 'id="def-' not in body
    assert "profiel.css" in body
    wijk = shown(warehouse_path, "test_weerbaar", 2023, "WK030701", "wijk2024")
    stad = shown(warehouse_path, "test_weerbaar", 2023, "GM0307", "vast")
    assert re.search(rf"weerbaar is \(testdata\)\s*:\s*{re.escape(wijk)} tegen {re.escape(stad)} "
                     r"in Amersfoort", text)
    # every link of the summary opens the full profile (where the definitions are), in a new window
    volledig = "/wijkprofiel?gebied=WK030701&amp;indeling=wijk2024&amp;thema=Preventie&amp;volledig=1"
    assert f'href="{volledig}#def-test_weerbaar" target="_blank"' in body
    assert f'<a href="{volledig}" target="_blank" rel="noopener">Volledig wijkprofiel van Stadskern' in body


@pytest.mark.parametrize(("url", "fragment"), [
    ("/embed/kaart?indicator=test_weerbaar&jaar=2019&gebied=WK030732",
     "hoort niet bij de wijkindeling 2019"),
    ("/embed/kaart?indicator=cbs_aantal_inwoners&weergave=verschil", "Deze indicator is een aantal"),
    ("/embed/kaart?indicator=test_eenzaam", "geen cijfers van deze indicator per wijk"),
    ("/embed/trend?indicator=test_antwoord", "geen totaalcijfers"),
    ("/embed/groepen?indicator=cbs_aantal_inwoners", "geen uitsplitsing"),
])
def test_valid_but_empty_views_say_why_with_404(client, url: str, fragment: str) -> None:
    r = client.get(url)
    body = htmllib.unescape(r.get_data(as_text=True))
    assert r.status_code == 404, body[-600:]
    assert fragment in body and "Deze weergave kan niet worden getoond" in body
    assert 'class="embed"' in body


def test_snippet_is_an_escaped_titled_iframe() -> None:
    code = embed.snippet("https://wijkmonitor.example/", "kaart",
                         {"gebied": "WK030701", "indicator": "a&b", "jaar": 2023, "weergave": None},
                         'Kaart "x" <y>')
    assert code.startswith('<iframe src="https://wijkmonitor.example/embed/kaart?indicator=a%26b'
                           '&amp;jaar=2023&amp;gebied=WK030701"')
    assert 'title="Kaart &#34;x&#34; &lt;y&gt;"' in code and 'loading="lazy"' in code


def test_insluiten_gives_code_for_each_view_with_data(dash_app, pages, app_env) -> None:
    with dash_app.server.test_request_context("/_dash-update-component", method="POST",
                                              base_url="http://wijkmonitor.test"):
        state = vs.ViewState(indicator="test_weerbaar", jaar=2023, niveau="wijk",
                             indeling="wijk2024", gebied="WK030701")
        blokken = pages.verkenner.render_insluiten(state)
        codes = {b.children[-1].id: b.children[-1].value for b in blokken}
        assert set(codes) == {"verkenner-insluiten-kaart", "verkenner-insluiten-trend",
                              "verkenner-insluiten-groepen"}
        assert ('src="http://wijkmonitor.test/embed/kaart?indicator=test_weerbaar&amp;jaar=2023'
                '&amp;niveau=wijk&amp;gebied=WK030701"') in codes["verkenner-insluiten-kaart"]
        eenzaam = state.vervang(indicator="test_eenzaam", jaar=2024, gebied=None)
        ids = [b.children[-1].id for b in pages.verkenner.render_insluiten(eenzaam)]
        assert ids == ["verkenner-insluiten-trend", "verkenner-insluiten-groepen"]
    profiel = dash_app.server.test_client().get("/wijkprofiel?gebied=WK030701",
                                                base_url="http://wijkmonitor.test")
    code = re.search(r'<textarea id="profiel-insluitcode"[^>]*>(.*?)</textarea>',
                     profiel.get_data(as_text=True), re.S).group(1)
    assert htmllib.unescape(code).startswith(
        '<iframe src="http://wijkmonitor.test/embed/wijkprofiel?gebied=WK030701&amp;indeling=wijk2024"')
    app_config.activate(app_config.Config(warehouse=app_env.warehouse,
                                          public_url="https://wijkmonitor.amersfoort.nl"))
    try:
        with dash_app.server.test_request_context("/", base_url="http://intern:8050"):
            assert embed.basis_url() == "https://wijkmonitor.amersfoort.nl"
    finally:
        app_config.activate(app_env)
