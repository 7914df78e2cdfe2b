"""The wijkprofiel's default view, read in a minute (app/profiel.py Kort, issue 22 point 1).

Unit checks on hand-made rows (which rows the overview lists, a family once, a figure's age at
its edge), then the page and the embed on the small fixture warehouse through Flask's test
client. Heights and print pages on the real data: test_wijkprofiel_kort_browser.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app import profiel, rules, vocab
from app.config import settings

from .test_wijkprofiel import _rij, tekst

MONITOR = {"m1": "actueel", "m2": "actueel"}


def _sectie(*rijen: profiel.Rij, sid: str = "effect-me-a") -> profiel.Sectie:
    return profiel.Sectie(sid, "A. Gezonde en vitale inwoners", profiel.tabellen(list(rijen), []))


def _status(*codes: str) -> dict[str, str]:
    return {c: MONITOR.get(c, vocab.NIET_IN_MONITOR) for c in codes}


# -- age --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("jaar", "oud"), [
    (2023, ""),              # 3 years: the last GGD round, not marked
    (2022, "4 jaar oud"),    # exactly OUD_VANAF_JAREN
    (2021, "5 jaar oud"),
    (2026, ""),
])
def test_a_figure_is_marked_by_its_age_from_four_years(jaar: int, oud: str) -> None:
    assert profiel.OUD_VANAF_JAREN == 4
    assert replace(_rij("x", rules.GUNSTIG, 1.0), jaar=jaar, leeftijd=2026 - jaar).oud == oud


def test_age_is_counted_from_the_injected_year(db) -> None:
    from app.site import wijkprofiel as pagina

    g = pagina.gebied(db, "WK030707", "wijk2024")
    p2030 = profiel.maak(db, g, pagina.gemeente_gebied(db), peiljaar=2030)
    p2024 = profiel.maak(db, g, pagina.gemeente_gebied(db), peiljaar=2024)
    assert p2030.rijen and all(r.leeftijd == 2030 - r.jaar for r in p2030.rijen)
    assert all(r.leeftijd == max(2024 - r.jaar, 0) for r in p2024.rijen)
    assert p2030.kort is None and p2030.volledig  # maak's default: the full view


# -- which rows the overview lists ---------------------------------------------------------------


def test_rows_without_a_figure_to_compare_are_counted_not_listed() -> None:
    geen_stad = replace(_rij("m2", "", 0.0), gemeente="geen gegevens", gemeente_getal=None)
    geheim = replace(_rij("m1", rules.GUNSTIG, 1.0), wijk="geheim/onderdrukt", wijk_getal=None)
    met_stad = replace(_rij("x1", "", 0.0), code="x1")  # a gemeente figure, no verdict
    ongunstig = _rij("x2", rules.ONGUNSTIG, 2.0)
    assert not geen_stad.te_vergelijken and not geheim.te_vergelijken and met_stad.te_vergelijken
    # a verdict without a gemeente figure (a comparison with its own interval) still compares
    assert replace(geen_stad, oordeel=rules.VERGELIJKBAAR).te_vergelijken
    k = profiel.kort([_sectie(geen_stad, geheim, met_stad, ongunstig)],
                     _status("m1", "m2", "x1", "x2"))
    # the monitor's own indicators with a figure to compare, the estimates with a verdict
    assert [r.code for s in k.secties for t in s.tabellen for r in t.rijen] == ["x2"]
    assert (k.niet_getoond, k.zonder_vergelijking) == (3, 2)


def test_monitor_indicators_are_listed_with_or_without_verdict() -> None:
    m1 = replace(_rij("m1", "", 0.0), trend="stabiel")  # gemeente figure, no verdict (a count)
    k = profiel.kort([_sectie(m1, _rij("x", rules.VERGELIJKBAAR, 0.2))], _status("m1", "x"))
    t = k.secties[0].tabellen[0]
    assert [r.code for r in t.rijen] == ["m1"] and [r.code for r in t.vergelijkbaar] == ["x"]
    assert k.niet_getoond == 0


def test_a_family_is_one_row_with_the_number_of_its_other_members() -> None:
    leden = [replace(_rij(c, o, a), familie="eenzaam", familie_naam="Eenzaamheid", hoofd=h)
             for c, o, a, h in (("e1", rules.ONGUNSTIG, 1.4, True), ("e2", rules.ONGUNSTIG, 1.5, False),
                                ("e3", rules.VERGELIJKBAAR, 0.1, False))]
    k = profiel.kort([_sectie(*leden)], _status("e1", "e2", "e3"))
    t = k.secties[0].tabellen[0]
    assert [(r.code, r.verwant) for r in t.rijen] == [("e1", 2)] and t.vergelijkbaar == []
    assert k.niet_getoond == 2 and k.zonder_vergelijking == 0


def test_background_shows_the_key_figures_in_their_order_and_counts_the_rest() -> None:
    rijen = [replace(_rij(c, "", 0.0), thema=t) for c, t in (
        ("cbs_afstand_tot_sauna", "Voorzieningen"), ("cbs_aantal_huishoudens", "Bevolking"),
        ("cbs_aantal_inwoners", "Bevolking"))]
    k = profiel.kort([profiel.Sectie("achtergrond", profiel.KOP_ACHTERGROND,
                                     profiel.tabellen(rijen, ["Bevolking", "Voorzieningen"]))],
                     _status(*(r.code for r in rijen)))
    assert [r.code for r in k.kerncijfers] == ["cbs_aantal_inwoners", "cbs_aantal_huishoudens"]
    assert k.achtergrond == [("Bevolking", 2), ("Voorzieningen", 1)] and k.secties == []
    assert k.niet_getoond == 1


# -- the page and the embed (fixture warehouse) ----------------------------------------------------


@pytest.fixture()
def peiljaar_2030(app_env):
    oud = settings().peiljaar
    object.__setattr__(settings(), "peiljaar", 2030)
    yield 2030
    object.__setattr__(settings(), "peiljaar", oud)


def test_default_page_is_the_overview_with_the_full_profile_one_click_away(client) -> None:
    body = client.get("/wijkprofiel?gebied=WK030707&indeling=wijk2024").get_data(as_text=True)
    t = tekst(body)
    vol = client.get("/wijkprofiel?gebied=WK030707&indeling=wijk2024&volledig=1").get_data(
        as_text=True)
    n_vol = len(re.findall(r'class="indicator-link"', vol.split('id="definities-kop"')[0]))
    n_kort = len(re.findall(r'class="indicator-link"', body.split('id="definities-kop"')[0]))
    # the fixture's Kruiskamp has three rows, each with a figure to compare: all shown, the
    # two CBS figures as key figures (tiles, no table row) and nothing counted as left out
    assert (n_vol, n_kort) == (3, 3)
    assert body.count('class="datatabel profiel-tabel"') == 1 < vol.count('class="datatabel profiel-tabel"')
    assert "staan niet in dit overzicht" not in t
    assert ('href="/wijkprofiel?gebied=WK030707&amp;indeling=wijk2024&amp;volledig=1"' in body)
    assert "Toon het volledige profiel" in t and "Terug naar het overzicht" in tekst(vol)
    # the key figures of the background, the rest per thema one click away
    assert '<dl class="kerncijfers">' in body and "Aantal inwoners" in t
    assert re.search(r'href="/wijkprofiel\?gebied=WK030707&amp;indeling=wijk2024&amp;thema=Bevolking'
                     r'&amp;volledig=1">Bevolking \(\d+\)</a>', body)
    # the definitions of the rows shown, closed, and one per link target
    assert '<details class="definities definities-kort" id="definities">' in body
    assert '<details class="definities' not in vol
    # the choice form keeps the full view when asked for
    assert '<input type="hidden" name="volledig" value="1">' in vol
    assert '<input type="hidden" name="volledig"' not in body


def test_old_figures_say_their_age(client, peiljaar_2030) -> None:
    body = client.get("/wijkprofiel?gebied=WK030707&indeling=wijk2024&volledig=1").get_data(
        as_text=True)
    # test_weerbaar is of 2023, the CBS figures of 2024 (fixture): 7 and 6 years before 2030
    leeftijden = re.findall(r'<td data-kop="Periode">(\d{4})<span class="oud">(\d+) jaar oud</span>',
                            body)
    assert sorted(leeftijden) == [("2023", "7"), ("2024", "6"), ("2024", "6")]
    kort = client.get("/wijkprofiel?gebied=WK030707&indeling=wijk2024").get_data(as_text=True)
    assert re.search(r"\(2023, 7 jaar oud\s*\)", tekst(kort))  # in 'Opvallend'
    assert re.search(r"2024, 6 jaar oud", tekst(kort))  # a key figure


def test_figures_younger_than_four_years_are_not_marked(client) -> None:
    object.__setattr__(settings(), "peiljaar", 2026)
    try:
        body = client.get("/wijkprofiel?gebied=WK030707&indeling=wijk2024&volledig=1").get_data(
            as_text=True)
    finally:
        object.__setattr__(settings(), "peiljaar", None)
    assert 'class="oud"' not in body  # 2023 and 2024 in 2026: 3 and 2 years


@pytest.mark.parametrize(("waarde", "status"), [("1", 200), ("0", 404), ("ja", 404)])
def test_volledig_takes_only_1(client, waarde: str, status: int) -> None:
    r = client.get(f"/wijkprofiel?gebied=WK030707&volledig={waarde}")
    assert r.status_code == status
    if status != 200:
        assert "gebruik volledig=1" in r.get_data(as_text=True)


def test_downloads_stay_complete_in_either_view(client) -> None:
    kort = client.get("/wijkprofiel.csv?gebied=WK030707&indeling=wijk2024").get_data(as_text=True)
    vol = client.get("/wijkprofiel.csv?gebied=WK030707&indeling=wijk2024&volledig=1").get_data(
        as_text=True)
    pagina = client.get("/wijkprofiel?gebied=WK030707&indeling=wijk2024&volledig=1").get_data(
        as_text=True)
    rijen = len(re.findall(r'<tr>\s*<th scope="row"><a href="#def-', pagina))
    tabel = kort.split("\n\n")[0] if "\n\n" in kort else kort
    assert kort.count("\n") == vol.count("\n") and rijen > 0
    assert len([r for r in tabel.splitlines()[1:] if r.strip()]) >= rijen
