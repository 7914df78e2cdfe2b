"""The smaller points of issue 22 (point 6) without a browser: the year a view opens on, breaks
inside the drawn range only, the source in users' words.

Coverage frames here are hand-made (synthetic, no real area); the real-warehouse tests read the
shipped data/ and fix the expected years by hand from its extracts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import no_update

from app import config as app_config
from app import fmt, gebieden, queries
from app import viewstate as vs
from app.onderdelen import trend


def dekking(*rijen: tuple[int, str, bool, int, int]) -> gebieden._Dekking:
    """A coverage from rows (jaar, niveau, totaal, aantal, aantal_waarde), as db.dekking gives
    them (with an indeling per level)."""
    return gebieden._maak_dekking([(jaar, niveau, niveau + "x", totaal, aantal, met_waarde)
                                   for jaar, niveau, totaal, aantal, met_waarde in rijen])


def test_opens_on_the_latest_year_with_a_number_at_the_level() -> None:
    # 2025: a wijk row without a number (status 'niet gemeten'); 2024 has numbers.
    d = dekking((2023, "wijk", True, 3, 3), (2024, "wijk", True, 3, 1), (2025, "wijk", True, 3, 0))
    assert gebieden.jaar_om_te_openen(d, "wijk") == 2024
    # just above the edge: one number in 2025 is enough
    d = dekking((2024, "wijk", True, 3, 3), (2025, "wijk", True, 3, 1))
    assert gebieden.jaar_om_te_openen(d, "wijk") == 2025


def test_without_numbers_at_the_level_the_latest_year_with_a_number_anywhere() -> None:
    # jeugdzorg: gemeente figures 2022-2024, 2025 a row without a figure; no wijk figures at all
    d = dekking((2022, "gemeente", True, 1, 1), (2024, "gemeente", True, 1, 1),
                (2025, "gemeente", True, 1, 0))
    assert gebieden.jaar_om_te_openen(d, "wijk") == 2024
    # a breakdown's number counts where no total has one
    d = dekking((2023, "gemeente", False, 4, 4), (2024, "gemeente", True, 1, 0))
    assert gebieden.jaar_om_te_openen(d, "wijk") == 2023
    # only secret wijk figures: the map year (it explains them), before a later empty year
    d = dekking((2023, "wijk", True, 5, 0), (2024, "gemeente", True, 1, 0))
    assert gebieden.jaar_om_te_openen(d, "wijk") == 2023
    d = dekking((2024, "gemeente", True, 1, 0))
    assert gebieden.jaar_om_te_openen(d, "wijk") == 2024  # nothing has a number: the latest year
    assert gebieden.jaar_om_te_openen(dekking(), "wijk") is None


def test_a_break_is_mentioned_only_between_the_first_and_last_drawn_year() -> None:
    breuken = [(2021, "a"), (2022, "b"), (2023, "c"), (2024, "d"), (2025, "e")]
    # drawn 2022-2024: a break before 2022 lies before the chart, one before 2025 after it
    assert trend.binnen_getekend(breuken, [2022, 2023, 2024, 2024]) == [
        (2023, "c"), (2024, "d")]
    assert trend.binnen_getekend(breuken, [2023]) == []  # one year: nothing to break
    assert trend.binnen_getekend(breuken, []) == []


def test_source_in_users_words() -> None:
    assert fmt.bron_tekst("niet vermeld in monitor (Monitor Inclusieve Stad 2025, O&S)") == \
        "Monitor Inclusieve Stad 2025, O&S (oorspronkelijke bron onbekend)"
    assert fmt.bron_tekst("niet vermeld in monitor") == \
        "Monitor Inclusieve Stad (oorspronkelijke bron onbekend)"
    assert fmt.bron_tekst("niet vermeld in de monitor") == \
        "Monitor Inclusieve Stad (oorspronkelijke bron onbekend)"
    assert fmt.bron_tekst("niet vermeld in monitor 2025") == \
        "Monitor Inclusieve Stad 2025 (oorspronkelijke bron onbekend)"
    assert fmt.bron_tekst("GGD Gezondheidsmonitor (bron niet vermeld in de slotbeschouwing)") == \
        "GGD Gezondheidsmonitor"
    assert fmt.bron_tekst("CBS, bewerking O&S") == "CBS, bewerking O&S"
    assert fmt.bron_tekst(None) is None
    assert fmt.gebruikerstekst("Alleen 2024; bron niet vermeld. Eenheid niet vermeld in deze "
                               "monitor.") == "Alleen 2024; bron onbekend. Eenheid onbekend."
    assert fmt.eenheid_label("niet vermeld") == "onbekend"


# -- on the warehouse of the shipped data/ ---------------------------------------------------------


@pytest.fixture()
def echt(pages, real_warehouse: Path) -> Iterator[queries.Warehouse]:
    app_config.activate(app_config.Config(warehouse=real_warehouse))
    queries.configure(real_warehouse)
    yield pages.verkenner.current()
    queries.configure(pages.verkenner.current().path)


def test_jeugdzorg_opens_on_2024_not_on_2025_without_a_figure(pages, echt) -> None:
    # data/: jeugdzorg_jongeren has gemeente figures 2022-2024 and a 2025 row without a figure
    jaren = set(echt.dekking("jeugdzorg_jongeren").query("aantal_waarde == 0")["jaar"])
    assert jaren == {2025}  # the case of the issue is still in the data
    state, _ = pages.verkenner.bepaal_state(echt, {"indicator": "jeugdzorg_jongeren"})
    assert state.jaar == 2024
    k = vs.voor_weergave(echt, {"indicator": "jeugdzorg_jongeren"})
    assert k.jaar == 2024  # the embeds choose the same year (one rule, app/viewstate.py)
    state, _ = pages.verkenner.bepaal_state(echt, {"indicator": "jeugdzorg_jongeren", "jaar": "2025"})
    assert state.jaar == 2025  # asked for: shown (with its 'no figure')


def test_no_break_before_the_drawn_range_in_the_trend_notes(pages, echt) -> None:
    # problematische_schulden_huishoudens: breuk_jaren 2021 in the catalogue, figures from 2022
    state, _ = pages.verkenner.bepaal_state(echt, {"indicator": "problematische_schulden_huishoudens"})
    _fig, _oordeel, notities, _tabel = pages.verkenner.render_trend(state)
    assert "Breuk" not in str(notities)
    td = trend.trend(echt, "problematische_schulden_huishoudens", "GM0307", ("NL01",))
    assert td.breuken == [] and min(td.reeksen["jaar"]) == 2022


def test_no_curator_note_or_repository_path_reaches_a_user(client, echt) -> None:
    cat = echt.indicatoren()
    for kolom in ("bron", "toelichting"):
        assert not cat[kolom].fillna("").str.contains("niet vermeld", case=False).any(), kolom
    for pad in ("/", "/monitor?thema=Ontwikkelen%20en%20opgroeien",
                "/monitor?thema=Bestaanszekerheid%20en%20participatie",
                "/wijkprofiel?gebied=WK030707&indeling=wijk2024",
                "/embed/trend?indicator=voortijdig_schoolverlaten"):
        tekst = client.get(pad).get_data(as_text=True)
        assert "niet vermeld" not in tekst and "data/meta" not in tekst, pad
    start = client.get("/").get_data(as_text=True)
    assert "Bron: Monitor Inclusieve Stad (oorspronkelijke bron onbekend)" in start


def _kaart_uit(pages, out: tuple) -> dict[str, object]:
    """The map part's outputs of a sync answer, by output name."""
    namen = [(deel.naam, f"{o}.{prop}") for deel in pages.verkenner.onderdelen()
             for o, prop in deel.outputs]
    start = len(out) - len(namen)
    return {o: out[start + i] for i, (d, o) in enumerate(namen) if d == "kaart"}


def test_a_level_without_boundaries_leaves_the_hidden_map_as_it_was(pages, echt) -> None:
    """RIVM buurten 2020 have no boundaries: the map's cell is hidden and the ranking lists the
    146 buurten. Reached from the wijk map, the map's figure is not sent again (the browser would
    redraw it empty where nobody sees it); opened by a link, the page has an empty map."""
    wijk = "?indicator=rivm_moeite_met_rondkomen&jaar=2020"
    vorige = _state_echt(pages, wijk)
    out = pages.verkenner.sync({"type": "verkenner-niveau", "value": "buurt"}, wijk, "",
                               "rivm_moeite_met_rondkomen", 2020, None, None, vorige)
    assert out[1]["niveau"] == "buurt" and out[1]["indeling"] == "buurt2020"
    kaart = _kaart_uit(pages, out)
    assert kaart["kaart.figure"] is no_update
    assert kaart["kaart-vak.hidden"] is True and kaart["kaart-blok.hidden"] is False
    assert "geen grenzen" in str(kaart["kaart-uitleg.children"])
    assert "Buurt 00 van De Kruiskamp" in str(kaart["rang.children"])  # the buurten ranked
    # by a link: the first drawing has an empty map
    link = pages.verkenner.sync(None, wijk + "&niveau=buurt", None, None, None, None, None, None)
    assert _kaart_uit(pages, link)["kaart.figure"]["data"] == []
    # back to the wijken: the whole map again, its 31 wijken
    terug = pages.verkenner.sync({"type": "verkenner-niveau", "value": "wijk"}, wijk, "",
                                 "rivm_moeite_met_rondkomen", 2020, None, None, out[1])
    figuur = _kaart_uit(pages, terug)["kaart.figure"]
    assert len({t["meta"] for t in figuur["data"] if t.get("meta")}) == 31


def _state_echt(pages, search: str) -> dict:
    return pages.verkenner.sync(None, search, None, None, None, None, None, None)[1]
