"""Real-browser tests: Debian Chromium via Playwright against `python -m app` on localhost.

The user's path (indicator, hover, click, year, trend, breakdown, profile), deep links, the back
button, downloads, printing, offline operation and an axe-core audit of every page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from app import fmt

# Assertions wait up to 15 s: callbacks render maps, and CI shares 2 cores with the whole suite.
expect.set_options(timeout=15_000)

pytestmark = pytest.mark.browser

V = "verkenner"


# -- helpers -----------------------------------------------------------------------------------


def open_page(page: Page, path: str) -> None:
    page.goto(page.base_url + path)  # type: ignore[attr-defined]
    expect(page.locator("main h1")).to_be_visible()


def choose(page: Page, dropdown_id: str, option: str, search: str | None = None) -> None:
    """Pick an option of a Dash dropdown like a user: open, (type to search), click."""
    page.click(f"#{dropdown_id}")
    content = page.locator(".dash-dropdown-content")
    expect(content).to_be_visible()
    if search:
        content.locator("input.dash-dropdown-search").fill(search)
    choice = content.locator("label").filter(has_text=re.compile(rf"^{re.escape(option)}")).first
    expect(choice.get_by_role("radio")).to_have_count(1)  # a labelled native radio button
    choice.click()
    expect(content).to_have_count(0)


def fact(warehouse: Path, indicator: str, jaar: int, gebied: str, indeling: str,
         dimensie: str = "totaal", groep: str = "totaal") -> tuple[float | None, str]:
    """(waarde, status) straight from the warehouse, to compare with what the page shows."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            """SELECT waarde, status FROM v_waarde WHERE indicator_code = ? AND jaar = ?
               AND gebied_code = ? AND indeling = ? AND groep_dimensie = ? AND groep = ?""",
            [indicator, jaar, gebied, indeling, dimensie, groep]).fetchone()
    assert row is not None
    return row


def shown(warehouse: Path, indicator: str, jaar: int, gebied: str, indeling: str,
          eenheid: str = "percentage", **groep: str) -> str:
    waarde, status = fact(warehouse, indicator, jaar, gebied, indeling, **groep)
    return fmt.waarde(waarde, eenheid, status)


def label_point(warehouse: Path, code: str, indeling: str) -> tuple[float, float]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT label_lon, label_lat FROM gebied_geometrie "
                           "WHERE gebied_code = ? AND indeling = ?", [code, indeling]).fetchone()


def map_pixel(page: Page, lon: float, lat: float) -> tuple[float, float]:
    """Screen position of a map coordinate (Plotly's own axis conversion)."""
    return page.evaluate(
        """([lon, lat]) => {
            const gd = document.querySelector('#verkenner-kaart .js-plotly-plot');
            gd.scrollIntoView({block: 'center'});  // the mouse reaches only what is on screen
            const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
            return [r.left + gd._fullLayout.xaxis.l2p(lon), r.top + gd._fullLayout.yaxis.l2p(lat)];
        }""", [lon, lat])


def table_cells(page: Page, table_id: str, row_header: str) -> list[str]:
    row = page.locator(f"#{table_id} tbody tr").filter(
        has=page.locator("th", has_text=re.compile(rf"^{re.escape(row_header)}$")))
    return [c.strip() for c in row.first.locator("th, td").all_text_contents()]


def column(page: Page, table_id: str, header: str) -> dict[str, str]:
    headers = [h.strip() for h in page.locator(f"#{table_id} thead th").all_text_contents()]
    i = headers.index(header)
    out = {}
    for row in page.locator(f"#{table_id} tbody tr").all():
        cells = [c.strip() for c in row.locator("th, td").all_text_contents()]
        out[cells[0]] = cells[i]
    return out


def query(page: Page) -> dict[str, str]:
    return dict(p.split("=", 1) for p in urlparse(page.url).query.split("&") if p)


# -- the beleidsregisseur's path ---------------------------------------------------------------


def test_indicator_map_hover_click_year_trend_breakdown(page: Page, warehouse_path: Path) -> None:
    wh = warehouse_path
    open_page(page, "/verkenner")
    choose(page, f"{V}-indicator", "Personen 65 jaar en ouder", search="65 jaar")
    expect(page.locator(f"#{V}-titel")).to_have_text("Personen 65 jaar en ouder")
    choose(page, f"{V}-indicator", "% 13-17 jr dat voldoende weerbaar", search="weerbaar")
    expect(page.locator(f"#{V}-titel")).to_contain_text("weerbaar")
    assert query(page)["indicator"] == "test_weerbaar" and query(page)["jaar"] == "2023"

    # the map of the latest year, drawn from the warehouse (table alternative and hover)
    expect(page.locator(f"#{V}-kaart-data caption")).to_contain_text("2023")
    stadskern_2023 = shown(wh, "test_weerbaar", 2023, "WK030701", "wijk2024")
    amersfoort_2023 = shown(wh, "test_weerbaar", 2023, "GM0307", "vast")
    assert table_cells(page, f"{V}-kaart-data", "Stadskern")[2] == stadskern_2023
    assert table_cells(page, f"{V}-kaart-data", "Soesterkwartier")[2] == "geheim/onderdrukt"
    legend = page.locator(f"#{V}-kaart .legend").text_content()
    assert "Percentage (%)" in legend and "geheim/onderdrukt" in legend and "tot" in legend

    x, y = map_pixel(page, *label_point(wh, "WK030701", "wijk2024"))
    page.mouse.move(x, y)
    hover = page.locator(f"#{V}-kaart .hoverlayer")
    expect(hover).to_contain_text("Stadskern")
    text = hover.text_content()
    assert stadskern_2023 in text and amersfoort_2023 in text and "+5 procentpunt" in text

    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"gebied=WK030701"))
    expect(page.locator(f"#{V}-gebied")).to_contain_text("Stadskern")

    # trend of the wijk against Amersfoort, 100.000+ gemeenten and Nederland
    expect(page.locator(f"#{V}-trend-data thead")).to_contain_text("Stadskern")
    trend = column(page, f"{V}-trend-data", "Stadskern")
    assert trend == {"2019": shown(wh, "test_weerbaar", 2019, "WK030701", "wijk2019"),
                     "2021": shown(wh, "test_weerbaar", 2021, "WK030701", "wijk2024"),
                     "2023": stadskern_2023}
    assert column(page, f"{V}-trend-data", "Amersfoort")["2023"] == amersfoort_2023 + " *"
    assert column(page, f"{V}-trend-data", "Nederland")["2021"] == shown(
        wh, "test_weerbaar", 2021, "NL01", "vast")
    legend = page.locator(f"#{V}-trend .legend").text_content()
    for name in ("Stadskern", "Amersfoort", "100.000+ gemeenten", "Nederland"):
        assert name in legend

    # breakdown of the wijk (it has one by geslacht)
    expect(page.locator(f"#{V}-uits-data caption")).to_contain_text("Stadskern")
    assert table_cells(page, f"{V}-uits-data", "jongens")[2] == shown(
        wh, "test_weerbaar", 2023, "WK030701", "wijk2024", dimensie="geslacht", groep="jongens")

    # change the year: the 2019 division, the same wijk (comparable), the 2019 value
    choose(page, f"{V}-jaar", "2019")
    expect(page).to_have_url(re.compile(r"jaar=2019"))
    expect(page.locator(f"#{V}-kaart-data caption")).to_contain_text("2019")
    expect(page.locator(f"#{V}-kaart-data")).to_contain_text(shown(
        wh, "test_weerbaar", 2019, "WK030701", "wijk2019"))
    assert table_cells(page, f"{V}-kaart-data", "Stadskern")[2] == shown(
        wh, "test_weerbaar", 2019, "WK030701", "wijk2019")
    assert query(page)["gebied"] == "WK030701"
    expect(page.locator(f"#{V}-kaart-uitleg")).to_contain_text("wijkindeling 2019")


def test_gemeente_only_indicator_gets_trend_and_breakdown(page: Page, warehouse_path: Path) -> None:
    open_page(page, "/verkenner?indicator=test_eenzaam")
    expect(page.locator(f"#{V}-kaart-uitleg")).to_contain_text("geen cijfers voor wijken")
    expect(page.locator(f"#{V}-kaart-blok")).to_be_hidden()
    expect(page.locator(f"#{V}-uits-data")).to_contain_text("65+")
    assert column(page, f"{V}-trend-data", "Amersfoort")["2024"] == "12,4% (11,4–13,4)"
    assert table_cells(page, f"{V}-uits-data", "65+")[2] == "niet gemeten"
    assert table_cells(page, f"{V}-uits-data", "18-34")[2] == shown(
        warehouse_path, "test_eenzaam", 2024, "GM0307", "vast", dimensie="leeftijd", groep="18-34")


def test_trend_shows_break_and_excluded_predecessor(page: Page) -> None:
    open_page(page, "/verkenner?indicator=test_weerbaar&jaar=2023&gebied=WK030703")
    expect(page.locator(f"#{V}-trend-notities")).to_contain_text("andere grenzen")
    expect(page.locator(f"#{V}-trend")).to_contain_text("breuk")
    expect(page.locator(f"#{V}-trend-data thead")).to_contain_text("Soesterkwartier")
    soesterkwartier = column(page, f"{V}-trend-data", "Soesterkwartier")
    # the 2019 figure of the 2019 wijk (55%) is of another area; the 2024 wijk has its 2019 figure
    # converted from the old wijken, marked so, and the change of basis is a break in the chart
    assert soesterkwartier["2019"] != "55%" and "omgerekend" in soesterkwartier["2019"]
    assert soesterkwartier["2023"] == "geheim/onderdrukt"


# -- deep links and history --------------------------------------------------------------------


def test_deep_link_reopens_the_view_and_back_button_works(page: Page) -> None:
    link = "/verkenner?indicator=test_weerbaar&jaar=2019&niveau=wijk&gebied=WK030704&weergave=verschil"
    open_page(page, link)
    expect(page.locator(f"#{V}-jaar")).to_contain_text("2019")
    expect(page.locator(f"#{V}-gebied")).to_contain_text("Isselt")
    expect(page.locator(f"#{V}-kaart-data caption")).to_contain_text("2019")
    pressed = page.locator("button[aria-pressed=true]").all_text_contents()
    assert "Verschil met de gemeente" in pressed and "Wijken" in pressed
    assert "Verschil met Amersfoort" in page.locator(f"#{V}-kaart .legend").text_content()

    page.get_by_role("button", name="Waarde", exact=True).click()
    expect(page).to_have_url(re.compile(r"^(?!.*weergave=verschil)"))
    choose(page, f"{V}-jaar", "2023")
    expect(page).to_have_url(re.compile(r"jaar=2023"))
    expect(page.locator(f"#{V}-melding")).to_contain_text("andere grenzen")  # 04 was reused

    page.go_back()
    expect(page).to_have_url(re.compile(r"jaar=2019"))
    expect(page.locator(f"#{V}-kaart-data caption")).to_contain_text("2019")
    page.go_back()
    expect(page).to_have_url(re.compile(r"weergave=verschil"))
    expect(page.locator("button[aria-pressed=true]", has_text="Verschil")).to_have_count(1)


def test_unknown_link_parts_are_reported_kindly(page: Page) -> None:
    # An unknown parameter name is ignored, with a notice naming it (app/params.py lets it pass).
    open_page(page, "/verkenner?indicator=test_weerbaar&kleur=rood")
    expect(page.locator(f"#{V}-melding")).to_contain_text("'kleur'")
    # A value the warehouse does not hold: the server answers 404 with a Dutch page and a way on.
    response = page.goto(page.base_url + "/verkenner?indicator=bestaat_niet&jaar=2023")  # type: ignore[attr-defined]
    assert response is not None and response.status == 404
    expect(page.locator("main h1")).to_have_text("Deze link klopt niet")
    expect(page.locator("main")).to_contain_text("De indicator 'bestaat_niet' bestaat niet.")
    page.get_by_role("link", name="Open de pagina zonder de onderdelen die niet kloppen").click()
    expect(page).to_have_url(re.compile(r"/verkenner\?jaar=2023$"))
    expect(page.locator(f"#{V}-titel")).not_to_be_empty()
    open_page(page, "/pagina-die-niet-bestaat")
    expect(page.locator("main h1")).to_have_text("Deze pagina bestaat niet")


# -- wijkprofiel -------------------------------------------------------------------------------


def test_wijkprofiel_numbers_download_and_print(page: Page, warehouse_path: Path) -> None:
    open_page(page, "/wijkprofiel")
    page.select_option("#profiel-gebied", label="Stadskern")  # a plain <select>, then the button
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/wijkprofiel\?gebied=WK030701&indeling=wijk2024$"))
    expect(page.locator("main h1")).to_have_text("Wijkprofiel Stadskern")
    row = page.locator("table.profiel-tabel tbody tr", has_text="weerbaar").first
    cells = [c.strip() for c in row.locator("td").all_text_contents()]
    assert cells[1] == shown(warehouse_path, "test_weerbaar", 2023, "WK030701", "wijk2024")
    assert cells[2] == shown(warehouse_path, "test_weerbaar", 2023, "GM0307", "vast")
    assert cells[3] == "+5 procentpunt" and cells[4] == "gunstig"
    # 78 -> 80, exactly 2 whole points: may be 1 at the last place (rules.weergavemarge)
    assert "stabiel" in cells[5]
    # the background is a block of key figures in the overview (app/profiel.py KERNCIJFERS)
    inwoners = page.locator("dl.kerncijfers .kerncijfer", has_text="Aantal inwoners").first
    assert inwoners.locator("dd strong").text_content() == shown(
        warehouse_path, "cbs_aantal_inwoners", 2024, "WK030701", "wijk2024", eenheid="aantal")
    # the name opens the definition and source (one place, at the end)
    row.locator("a.indicator-link").click()
    expect(page.locator("#def-test_weerbaar")).to_be_in_viewport()
    expect(page.locator("#def-test_weerbaar")).to_contain_text("TESTDATA gegenereerd")

    with page.expect_download() as info:
        page.click("text=Download Excel")
    book = pd.read_excel(info.value.path(), sheet_name=None)
    prof = book["Wijkprofiel"].set_index("Indicator")
    assert prof.loc["% 13-17 jr dat voldoende weerbaar is (testdata)", "Stadskern"] == 80
    with page.expect_download() as info:
        page.click("text=Download CSV")
    csv = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "Definitie weerbaar (testdata)." in csv and "TESTDATA gegenereerd" in csv

    page.emulate_media(media="print")
    expect(page.locator(".bediening")).to_be_hidden()
    expect(page.locator(".kop nav")).to_be_hidden()
    expect(page.locator("#profiel-print")).to_be_hidden()
    expect(page.locator("table.profiel-tabel").first).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator("#profiel-print")).to_be_visible()  # shown by profiel.js


# -- monitor -----------------------------------------------------------------------------------


def test_monitor_table_with_years_and_judgements(page: Page, warehouse_path: Path) -> None:
    open_page(page, "/monitor?thema=Preventie")
    expect(page.locator("#monitor-titel")).to_have_text("Preventie")
    headers = [h.strip() for h in page.locator("#monitor-tabel thead th").all_text_contents()]
    assert headers[0] == "Indicator" and "2019" in headers and "Trend" in headers
    row = page.locator("#monitor-tabel tbody tr", has_text="weerbaar").first
    cells = [c.strip() for c in row.locator("td").all_text_contents()]
    assert shown(warehouse_path, "test_weerbaar", 2023, "GM0307", "vast") + " *" in cells
    assert "gewenste richting (2021 → 2023)" in cells
    assert "hoger (Nederland 2023: 70%)" in cells
    # a goal, chosen with the form like a user (keyboard: the list, then its button)
    page.select_option("#monitor-doel", "RD-05")
    page.get_by_role("button", name="Toon doel").click()
    expect(page).to_have_url(re.compile(r"/monitor\?doel=RD-05$"))
    expect(page.locator("#monitor-tabel tbody tr")).to_have_count(1)
    page.go_back()
    expect(page.locator("#monitor-titel")).to_have_text("Preventie")


# -- offline, keyboard, accessibility ----------------------------------------------------------

PAGES = [
    "/",
    "/verkenner?indicator=test_weerbaar&jaar=2023&gebied=WK030701",
    "/verkenner?indicator=test_eenzaam",
    "/wijkprofiel",
    "/wijkprofiel?gebied=WK030701&indeling=wijk2024",
    "/wijkprofiel?gebied=WK030707&vergelijk=NL01",
    "/monitor?thema=Preventie",
    "/monitor?doel=ME-A",
    "/bestaat-niet",
]


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-dash-is-loading=true]")).to_have_count(0)


def test_every_page_passes_axe_without_serious_violations(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = {}
    for path in PAGES:
        open_page(page, path)
        _settled(page)
        result = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                    "best-practice"]})
        bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            problems[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert not problems, problems
    assert page.evaluate("document.documentElement.lang") == "nl"


def test_open_dropdown_passes_axe(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, "/verkenner?indicator=test_weerbaar")
    _settled(page)
    page.click(f"#{V}-indicator")
    expect(page.locator(".dash-dropdown-content")).to_be_visible()
    result = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    bad = [(v["id"], v["nodes"][0]["target"]) for v in result.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad


def test_controls_work_with_the_keyboard(page: Page) -> None:
    open_page(page, "/verkenner?indicator=cbs_aantal_inwoners&jaar=2024")
    _settled(page)
    # Tab only once the first drawing is complete: a control redrawn while it has focus loses it,
    # and the loop below would then step past it (seen once in CI on a loaded machine).
    expect(page.locator(f"#{V}-kaart-data caption")).to_contain_text("wijk")
    expect(page.locator(f"#{V}-indicator")).to_contain_text("Aantal inwoners")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "(document.activeElement.id || '') + '|' + document.activeElement.textContent"))
        if "Gebiedsclusters" in reached[-1]:
            break
    assert any(r.startswith(f"{V}-indicator|") or "verkenner-indicator" in r for r in reached), \
        reached
    assert "Gebiedsclusters" in reached[-1], reached
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"niveau=gebiedscluster"))
    expect(page.locator("button[aria-pressed=true]", has_text="Gebiedsclusters")).to_have_count(1)
    expect(page.locator(f"#{V}-kaart-data caption")).to_contain_text("gebiedscluster")


def test_every_request_stays_on_localhost(page: Page) -> None:
    for path in PAGES:
        open_page(page, path)
        _settled(page)
    hosts = {urlparse(u).hostname for u in page.requests_seen}  # type: ignore[attr-defined]
    assert hosts == {"127.0.0.1"}, hosts


def test_charts_can_be_saved_as_png(page: Page) -> None:
    open_page(page, "/verkenner?indicator=test_weerbaar")
    _settled(page)
    page.locator(f"#{V}-trend").hover()
    button = page.locator(f"#{V}-trend .modebar-btn[data-title*='png' i]")
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename.endswith(".png")
    assert io.BytesIO(Path(info.value.path()).read_bytes()).read(8) == b"\x89PNG\r\n\x1a\n"
