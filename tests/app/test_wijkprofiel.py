"""The wijkprofiel (app/profiel.py, app/site/wijkprofiel.py): summary, order, comparison, exports.

Rendered by the real app through Flask's test client on the small fixture warehouse; expected
values are read from the warehouse with SQL. Browser checks: test_wijkprofiel_browser.py.
"""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
from dataclasses import replace
from pathlib import Path

import duckdb
import openpyxl
import pytest

from app import fmt, profiel, rules, vocab
from app.site import wijkprofiel

NAAM_WEERBAAR = "% 13-17 jr dat voldoende weerbaar is (testdata)"


def sql_waarde(warehouse: Path, indicator: str, gebied: str, indeling: str,
               jaar: int | None = None) -> tuple[int, float | None, str]:
    """(jaar, waarde, status) of a total figure: the given year, else the latest."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            """SELECT jaar, waarde, status FROM v_waarde WHERE indicator_code = ? AND gebied_code = ?
               AND indeling = ? AND groep_dimensie = 'totaal' AND (? IS NULL OR jaar = ?)
               ORDER BY jaar DESC LIMIT 1""",
            [indicator, gebied, indeling, jaar, jaar]).fetchone()


def tekst(body: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def opvallend(body: str, soort: str) -> list[str]:
    """The items of one list of 'Opvallend in ...', as text."""
    blok = re.search(rf'<div class="opvallend-{soort}">(.*?)</div>', body, re.S)
    items = re.findall(r"<li>(.*?)</li>", blok.group(1), re.S) if blok else []
    return [htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", i))).strip() for i in items]


# -- summary: order and counts (unit) ------------------------------------------------------------


def _rij(code: str, oordeel: str, afwijking: float, effect: str = "ME-A") -> profiel.Rij:
    return profiel.Rij(
        code=code, naam=code, thema="Preventie", effect=effect, jaar=2023, periode="2023",
        wijk="1%", gemeente="1%", verschil="0", oordeel=oordeel, vergelijk="", trend="",
        trend_detail="", eenheid="percentage", bron="b", definitie="", toelichting="",
        gewenste_richting="hoger", methode="", doelen="", wijk_soort="gemeten", sparklijn=None,
        sparklijn_label="", wijk_getal=1.0, gemeente_getal=1.0, verschil_getal=0.0,
        vergelijk_getal=None, afwijking=afwijking)


def test_summary_lists_largest_differences_unfavourable_first_and_counts_per_effect() -> None:
    effecten = {"ME-A": "Gezond", "ME-B": "Kansrijk", "ME-C": "Omzien"}
    rijen = [_rij(f"o{i}", rules.ONGUNSTIG, a) for i, a in enumerate((1.2, 4.0, 2.5, 9.0, 1.0, 3.0))]
    rijen += [_rij("g1", rules.GUNSTIG, 1.5, "ME-B"), _rij("g2", rules.GUNSTIG, 6.0, "ME-B"),
              _rij("v1", rules.VERGELIJKBAAR, 0.4, "ME-B"), _rij("n1", rules.NEUTRAAL, 5.0, "ME-B"),
              _rij("x1", "", 0.0, "")]
    ongunstig, gunstig, tellingen = profiel.samenvatting(rijen, effecten)
    assert [r.code for r in ongunstig] == ["o3", "o1", "o5", "o2", "o0"]  # 5 largest, largest first
    assert len(ongunstig) == profiel.OPVALLEND_MAX
    assert [r.code for r in gunstig] == ["g2", "g1"]
    assert [(t.effect, t.gunstig, t.vergelijkbaar, t.ongunstig, t.zonder_oordeel)
            for t in tellingen] == [("ME-A", 0, 0, 6, 0), ("ME-B", 2, 1, 0, 1)]  # no empty ME-C
    assert tellingen[0].kop == "A. Gezond"


def test_sections_follow_the_effects_then_monitor_then_background() -> None:
    effecten = {"ME-A": "Gezond", "ME-B": "Kansrijk"}
    rijen = [replace(_rij("cbs", "", 0, ""), thema="Bevolking"),
             replace(_rij("mon", "", 0, ""), thema="Preventie"),
             replace(_rij("b", "", 0, "ME-B"), thema="Preventie"),
             replace(_rij("a2", "", 0, "ME-A"), thema="Cliëntervaring", naam="a"),
             replace(_rij("a1", "", 0, "ME-A"), thema="Preventie", naam="z")]
    secties = profiel.volgorde(rijen, effecten, ["Preventie", "Cliëntervaring", "Bevolking"],
                               {"cbs": vocab.NIET_IN_MONITOR, "mon": "actueel"})
    assert [s.kop for s in secties] == ["A. Gezond", "B. Kansrijk", profiel.KOP_OVERIG_MONITOR,
                                        profiel.KOP_ACHTERGROND]
    assert [t.thema for t in secties[0].tabellen] == ["Preventie", "Cliëntervaring"]  # monitor order
    assert [[r.code for r in t.rijen] for s in secties for t in s.tabellen] == [
        ["a1"], ["a2"], ["b"], ["mon"], ["cbs"]]


def test_approximate_figure_is_judged_with_its_rounding_margin() -> None:
    # the kind 'ongeveer' comes from the cell's 'ca.' (etl/values.py), never from a note's wording
    assert rules.afrondingsmarge(5, "percentage") == 0.5
    assert rules.afrondingsmarge(5500, "aantal") == 50 and rules.afrondingsmarge(11000, "aantal") == 500
    stad = rules.Meting(2.6)
    # 5,0 against 2,6 = 2,4: as exact figures a finding (2,4 - 0,1 >= 2) ...
    assert rules.vergelijk(rules.Meting(5.0), stad, "percentage").richting == rules.HOGER
    # ... but 'ca. 5%' may be 4,5%: 2,4 - 0,5 - 0,1 = 1,8
    exact_niet = rules.vergelijk(rules.Meting(5.0, soort="ongeveer"), stad, "percentage")
    assert exact_niet.richting == rules.GELIJK and exact_niet.methode == rules.METHODE_AFGEROND
    # 'ca. 6%': 3,4 - 0,5 - 0,1 = 2,8
    assert rules.vergelijk(rules.Meting(6.0, soort="ongeveer"), stad, "percentage").richting == rules.HOGER


def test_difference_in_thresholds_ranks_across_units() -> None:
    pct = rules.Oordeel(rules.HOGER, 6.0, rules.METHODE_DREMPEL)
    per1000 = rules.Oordeel(rules.HOGER, -30.0, rules.METHODE_DREMPEL)
    assert rules.afwijking(pct, 40.0, "percentage") == 3.0
    assert rules.afwijking(per1000, 200.0, "per 1000 inwoners") == 3.0
    assert rules.afwijking(rules.Oordeel(rules.ONBEKEND, None, ""), 5.0, "percentage") == 0.0


def test_print_footer_text_is_safe_css() -> None:
    assert str(wijkprofiel.css_tekst('Wijk "x" </style>')) == 'Wijk \\22 x\\22  \\3c \\2f style\\3e '


# -- the page -------------------------------------------------------------------------------------


def test_page_summary_rows_and_definitions(client, warehouse_path) -> None:
    # the full view (volledig=1): every row in its thema's table, every definition
    body = client.get("/wijkprofiel?gebied=WK030707&indeling=wijk2024&volledig=1").get_data(
        as_text=True)
    t = tekst(body)
    jaar, wijk, _ = sql_waarde(warehouse_path, "test_weerbaar", "WK030707", "wijk2024")
    _, stad, _ = sql_waarde(warehouse_path, "test_weerbaar", "GM0307", "vast", jaar)
    assert wijk < stad - rules.DREMPEL_PROCENTPUNT  # lower than the city: unfavourable (hoger gewenst)
    assert "Opvallend in Kruiskamp Ongunstiger dan Amersfoort" in t
    assert opvallend(body, "ongunstig") == [
        f"{NAAM_WEERBAAR}: {fmt.waarde(wijk, 'percentage')} tegen {fmt.waarde(stad, 'percentage')} "
        f"in Amersfoort ({jaar})"]
    assert opvallend(body, "gunstig") == [] and "Gunstiger dan Amersfoort" not in t
    # per effect: test_weerbaar serves RD-01 and RD-02, it stands (and counts) under A only
    assert re.search(r"A\. Gezonde en vitale inwoners\s*</a></th>\s*<td[^>]*>0</td><td[^>]*>0</td>"
                     r"<td[^>]*>1</td>", body)
    sections = re.findall(r'<section class="profiel-sectie" id="([^"]+)"', body)
    assert sections == ["effect-me-a", "achtergrond"]
    # the indicator's name opens its definition; one definition per row, no toggles per row
    assert f'<a href="#def-test_weerbaar" class="indicator-link">{htmllib.escape(NAAM_WEERBAAR)}' in body
    assert body.count('class="definitie"') == body.count('class="indicator-link"') == 3
    assert "<details" not in body.split('id="definities-kop"')[0].split("Opvallend")[1]
    # between the summary and the tables: the programme actions that name the wijk (in words
    # when none does)
    assert t.index("Opvallend in Kruiskamp") < t.index("Lopend in deze wijk") < t.index(
        "A. Gezonde en vitale inwoners Preventie")


def test_inline_trend_draws_area_and_gemeente_on_one_scale_with_a_dot_for_the_area(client) -> None:
    body = client.get("/wijkprofiel?gebied=WK030707&indeling=wijk2024&volledig=1").get_data(
        as_text=True)
    lijnen = {re.search(r'aria-label="Ontwikkeling\. ([^"]+)"', s).group(1): s
              for s in re.findall(r'<svg class="sparklijn".*?</svg>', body, re.S)}
    # the area measured once, the city three times: the city's line, the area's dot, no area line
    enkel = next(s for k, s in lijnen.items() if k.startswith("Kruiskamp: 2023 66%"))
    assert re.findall(r'<path class="spark-stad" d="M[\d. ]+(?:L[\d. ]+){2}"/>', enkel)
    assert "spark-gebied" not in enkel and enkel.count("<circle") == 1
    # both measured twice: two lines on one scale, the dot on the area's latest figure
    beide = next(s for k, s in lijnen.items() if "Amersfoort: 2019" in k and "Kruiskamp: 2019" in k)
    gebied = re.search(r'class="spark-gebied" d="M[\d.]+ [\d.]+L([\d.]+) ([\d.]+)"', beide)
    punt = re.search(r'<circle class="spark-punt" cx="([\d.]+)" cy="([\d.]+)"', beide)
    assert gebied and punt and tuple(map(float, gebied.groups())) == tuple(map(float, punt.groups()))
    assert beide.index('class="spark-stad"') < beide.index('class="spark-gebied"')  # area on top


def test_comparison_area_is_an_extra_column_in_the_same_period(client, warehouse_path) -> None:
    body = client.get("/wijkprofiel?gebied=WK030701&vergelijk=NL01&volledig=1").get_data(
        as_text=True)
    jaar, _, _ = sql_waarde(warehouse_path, "test_weerbaar", "WK030701", "wijk2024")
    _, nl, _ = sql_waarde(warehouse_path, "test_weerbaar", "NL01", "vast", jaar)
    rij = re.search(r'href="#def-test_weerbaar" class="indicator-link".*?</tr>', body, re.S).group(0)
    assert f'data-kop="Nederland">{fmt.waarde(nl, "percentage")}</td>' in rij
    assert '<th scope="col" class="num">Nederland</th>' in body
    wijk = client.get("/wijkprofiel?gebied=WK030701&vergelijk=WK030702&volledig=1").get_data(
        as_text=True)
    _, nederberg, _ = sql_waarde(warehouse_path, "test_weerbaar", "WK030702", "wijk2024", jaar)
    rij = re.search(r'href="#def-test_weerbaar" class="indicator-link".*?</tr>', wijk, re.S).group(0)
    assert f'data-kop="Nederberg">{fmt.waarde(nederberg, "percentage")}</td>' in rij
    inwoners = re.search(r'href="#def-cbs_aantal_inwoners" class="indicator-link".*?</tr>', wijk,
                         re.S).group(0)
    jaar_inw, _, _ = sql_waarde(warehouse_path, "cbs_aantal_inwoners", "WK030701", "wijk2024")
    _, ander, _ = sql_waarde(warehouse_path, "cbs_aantal_inwoners", "WK030702", "wijk2024", jaar_inw)
    assert f'data-kop="Nederberg">{fmt.waarde(ander, "aantal")}</td>' in inwoners


@pytest.mark.parametrize(("url", "status", "fragment"), [
    ("/wijkprofiel?gebied=XX", 404, "Het gebied &#39;XX&#39; bestaat niet."),
    ("/wijkprofiel?gebied=WK030701&vergelijk=nergens", 404, "om mee te vergelijken bestaat niet"),
    ("/wijkprofiel?gebied=WK030701&thema=Onzin", 404, "Het thema &#39;Onzin&#39; bestaat niet."),
    ("/wijkprofiel?gebied=WK030701&gebied=WK030702", 400, "staat meer dan eens in de link"),
    ("/wijkprofiel.csv", 400, "De link mist &#39;gebied&#39;."),
    ("/wijkprofiel.xlsx?gebied=%3Cscript%3E", 400, "bevat tekens"),
])
def test_bad_links_get_a_dutch_message(client, url: str, status: int, fragment: str) -> None:
    r = client.get(url)
    assert r.status_code == status and fragment in r.get_data(as_text=True)


def test_theme_filter_limits_rows_and_summary_and_says_so(client) -> None:
    body = client.get("/wijkprofiel?gebied=WK030707&thema=Bevolking&vergelijk=GM0307&volledig=1"
                      ).get_data(as_text=True)
    assert "Opvallend in Kruiskamp (thema Bevolking)" in tekst(body)
    assert opvallend(body, "ongunstig") == []  # test_weerbaar is Preventie: not in this view
    assert 'id="effect-me-a"' not in body and 'id="achtergrond"' in body
    assert '<th scope="col" class="num">Amersfoort</th>' in body
    assert body.count('<th scope="col" class="num">Amersfoort</th>') == 1  # no second column


def test_area_without_figures_says_so_instead_of_a_summary(client, warehouse_path) -> None:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        (zonder,) = con.execute(
            """SELECT g.gebied_code FROM dim_gebied g WHERE g.indeling = 'buurt2024'
               AND g.gebied_code NOT IN (SELECT gebied_code FROM v_waarde WHERE indeling = 'buurt2024')
               ORDER BY 1 LIMIT 1""").fetchone()
    body = client.get(f"/wijkprofiel?gebied={zonder}&indeling=buurt2024").get_data(as_text=True)
    assert "Er zijn (nog) geen cijfers voor" in body
    assert "Opvallend in" not in body and 'class="datatabel profiel-tabel"' not in body


def test_form_choice_redirects_to_the_pages_own_link(client) -> None:
    r = client.get("/wijkprofiel/kies?gebied=WK030704%7Cwijk2019&thema=&vergelijk=NL01")
    assert r.status_code == 303
    assert r.headers["Location"] == "/wijkprofiel?gebied=WK030704&indeling=wijk2019&vergelijk=NL01"
    r = client.get("/wijkprofiel?gebied=WK030704&indeling=wijk2019&vergelijk=NL01")
    assert r.status_code == 200 and 'value="WK030704|wijk2019" selected' in r.get_data(as_text=True)
    assert client.get("/wijkprofiel/kies?gebied=%00").status_code == 303  # checked where it lands


def test_page_without_area_is_the_choice(client) -> None:
    r = client.get("/wijkprofiel?utm_source=x")
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and "Kies een wijk om het profiel te zien." in body
    assert "onbekende onderdelen (&#39;utm_source&#39;)" in body
    assert '<form class="bediening geen-print" action="/wijkprofiel/kies" method="get"' in body
    assert "dash" not in body.lower().replace("dashboard", "")  # no Dash renderer on this page


# -- exports --------------------------------------------------------------------------------------


def test_csv_has_dutch_headers_integer_years_rounded_numbers_and_a_definitions_section(
        client, warehouse_path) -> None:
    r = client.get("/wijkprofiel.csv?gebied=WK030701&vergelijk=NL01")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    text = r.get_data().decode("utf-8-sig")
    data, _, rest = text.partition("\n\nDefinities en bronnen\n")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0] == ["Maatschappelijk effect", "Thema", "Indicator", "Periode", "Stadskern",
                       "Amersfoort", "Verschil", "Oordeel", "Nederland", "Ontwikkeling", "Eenheid",
                       "Soort cijfer", "Bron"]
    by_name = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    w = by_name[NAAM_WEERBAAR]
    jaar, wijk, _ = sql_waarde(warehouse_path, "test_weerbaar", "WK030701", "wijk2024")
    _, stad, _ = sql_waarde(warehouse_path, "test_weerbaar", "GM0307", "vast", jaar)
    assert w["Periode"] == str(jaar)  # not '2023,0'
    assert w["Stadskern"] == fmt.getal(wijk) and w["Amersfoort"] == fmt.getal(stad)
    assert w["Verschil"] == fmt.getal(wijk - stad) and w["Oordeel"] == "gunstig"
    pct = by_name["Personen 65 jaar en ouder"]
    assert re.fullmatch(r"-?\d+(,\d)?", pct["Verschil"])  # rounded as on screen, no 1,79999
    assert "\nLopend in deze wijk\n" not in text  # no programme names Stadskern in the fixture
    definities = list(csv.reader(io.StringIO(rest.split("\n\nOver dit bestand\n")[0]), delimiter=";"))
    assert definities[0][:3] == ["Indicator", "Definitie", "Bron"]
    assert [NAAM_WEERBAAR, "Definitie weerbaar (testdata).", "TESTDATA gegenereerd"] in [
        d[:3] for d in definities]


def test_excel_has_frozen_header_filter_widths_and_dutch_number_formats(client, warehouse_path) -> None:
    r = client.get("/wijkprofiel.xlsx?gebied=WK030701")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(r.data))
    assert book.sheetnames == ["Wijkprofiel", "Definities en bronnen", "Over dit bestand"]
    ws = book["Wijkprofiel"]
    kop = [c.value for c in ws[1]]
    assert kop[:8] == ["Maatschappelijk effect", "Thema", "Indicator", "Periode", "Stadskern",
                       "Amersfoort", "Verschil", "Oordeel"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, len(kop)).column_letter}{ws.max_row}"
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["C"].width >= len(NAAM_WEERBAAR) - 10  # the names have room
    rij = next(row for row in ws.iter_rows(min_row=2) if row[2].value == NAAM_WEERBAAR)
    cel = dict(zip(kop, rij, strict=True))
    jaar, wijk, _ = sql_waarde(warehouse_path, "test_weerbaar", "WK030701", "wijk2024")
    assert cel["Periode"].value == jaar and isinstance(cel["Periode"].value, int)
    assert cel["Periode"].number_format == "0"  # 2023, not 2.023
    assert cel["Stadskern"].value == wijk and cel["Stadskern"].number_format == "#,##0"
    inw = next(row for row in ws.iter_rows(min_row=2) if row[2].value == "Aantal inwoners")
    assert dict(zip(kop, inw, strict=True))["Oordeel"].value == "niet beoordeeld"
    defs = book["Definities en bronnen"]
    assert [c.value for c in defs[1]][:3] == ["Indicator", "Definitie", "Bron"]
    assert defs.freeze_panes == "A2"
    over = {r[0].value: r[1].value for r in book["Over dit bestand"].iter_rows(min_row=2)}
    assert over["Weergave"] == "/wijkprofiel?gebied=WK030701&indeling=wijk2024"
    # the fixture has no programmes: no sheet of actions, and the file says so in words
    assert over["Lopend in deze wijk"] == "Geen actie uit de uitvoeringsprogramma's noemt Stadskern bij naam."
    assert "warehouse" not in " ".join(map(str, over.values())).lower()


def test_a_profile_is_drawn_once_per_address_and_warehouse_version(client, monkeypatch) -> None:
    """GETEKENDE_PAGINAS: the same query string at the same address is served from the page
    cache (profiel.maak is not called again); another area, another host or another year of
    reference (peiljaar) is drawn anew, with its own embed code."""
    getekend: list[str] = []
    echte_maak = profiel.maak

    def tellende_maak(db, hoofd, *args, **kwargs):
        getekend.append(hoofd.code)
        return echte_maak(db, hoofd, *args, **kwargs)

    monkeypatch.setattr(profiel, "maak", tellende_maak)
    adres = "/wijkprofiel?gebied=WK030707&indeling=wijk2024&proef=cache"
    eerste = client.get(adres).get_data(as_text=True)
    tweede = client.get(adres).get_data(as_text=True)
    assert getekend == ["WK030707"] and tweede == eerste
    client.get("/wijkprofiel?gebied=WK030708&indeling=wijk2024&proef=cache")
    assert getekend == ["WK030707", "WK030708"]
    elders = client.get(adres, base_url="https://wijkmonitor.example.nl").get_data(as_text=True)
    assert getekend == ["WK030707", "WK030708", "WK030707"]
    assert "https://wijkmonitor.example.nl/embed/wijkprofiel" in elders
    assert "https://wijkmonitor.example.nl/embed/wijkprofiel" not in eerste
    # the unknown parameter's message belongs to the page drawn for that query string
    assert "proef" in tekst(eerste)
