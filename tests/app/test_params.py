"""Server-side URL checks (app/params.py): every page answers a bad link with a Dutch 4xx page.

`controleer` on the small fixture warehouse, and the real app's responses through Flask's test
client: unknown values, empty and very long values, SQL and HTML injection, repeated and missing
parameters; valid links pass untouched.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import params

FULL_PAGES = ("/verkenner", "/wijkprofiel", "/monitor")
EMBED_PAGES = ("/embed/kaart", "/embed/trend", "/embed/groepen", "/embed/wijkprofiel")

VALID_LINKS = [
    "/",
    "/verkenner?indicator=test_weerbaar&jaar=2023&niveau=wijk&gebied=WK030701&weergave=verschil",
    "/verkenner?thema=Preventie&indicator=test_eenzaam",
    "/verkenner?doel=RD-05",
    "/verkenner?thema=Cli%C3%ABntervaring",
    "/wijkprofiel",
    "/wijkprofiel?gebied=WK030701&indeling=wijk2024&thema=Preventie",
    "/wijkprofiel/?gebied=WK030701",
    "/monitor?thema=Preventie",
    "/monitor?doel=ME-A",
    "/embed/kaart?indicator=test_weerbaar",
    "/embed/kaart?indicator=test_weerbaar&jaar=2019&niveau=wijk&gebied=WK030704&weergave=verschil",
    "/embed/trend?indicator=test_weerbaar&gebied=WK030701",
    "/embed/groepen?indicator=test_weerbaar&jaar=2023&gebied=WK030701&groep=geslacht",
    "/embed/wijkprofiel?gebied=WK030701&indeling=wijk2024",
]

INJECTIONS = [
    "' OR '1'='1",
    "x'; DROP TABLE fact_waarde; --",
    "1 UNION SELECT * FROM warehouse_info",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "%3Cscript%3E",
    "test_weerbaar\x00",
    "../../etc/passwd",
]


def _split(link: str) -> tuple[str, list[tuple[str, str]]]:
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(link)
    return parts.path, parse_qsl(parts.query, keep_blank_values=True)


# -- controleer --------------------------------------------------------------------------------


@pytest.mark.parametrize("link", VALID_LINKS)
def test_valid_links_pass_unchanged(db, link: str) -> None:
    pad, args = _split(link)
    uitslag = params.controleer(pad, args, db)
    assert uitslag.ok, uitslag.fouten
    assert uitslag.status == 200
    assert uitslag.geldig == dict(args)


@pytest.mark.parametrize(("link", "status", "fragment"), [
    ("/verkenner?indicator=bestaat_niet", 404, "De indicator 'bestaat_niet' bestaat niet."),
    ("/verkenner?indicator=test_weerbaar&jaar=2020", 404, "Voor 2020 zijn er geen cijfers van de indicator"),
    ("/verkenner?jaar=1850", 404, "Voor 1850 zijn er geen cijfers."),
    ("/verkenner?jaar=twintig", 400, "'jaar' moet een jaartal zijn"),
    ("/verkenner?gebied=WK999999", 404, "Het gebied 'WK999999' bestaat niet."),
    ("/verkenner?niveau=provincie", 404, "Het gebiedsniveau 'provincie' bestaat niet"),
    ("/verkenner?weergave=taart", 404, "De weergave 'taart' bestaat niet"),
    ("/verkenner?thema=Sport", 404, "Het thema 'Sport' bestaat niet."),
    ("/verkenner?doel=RD-99", 404, "Het doel 'RD-99' bestaat niet."),
    ("/wijkprofiel?gebied=WK030701&indeling=wijk1999", 404, "De indeling 'wijk1999' bestaat niet."),
    ("/wijkprofiel?gebied=BU03070000&indeling=wijk2024", 404, "bestaat niet in de wijkindeling 2024"),
    ("/monitor?thema=", 400, "'thema' staat in de link zonder waarde."),
    ("/verkenner?indicator=test_weerbaar&indicator=test_eenzaam", 400, "'indicator' staat meer dan eens"),
    ("/embed/kaart", 400, "De link mist 'indicator'."),
    ("/embed/kaart?indicator=test_weerbaar&kleur=rood", 400, "Deze weergave kent 'kleur' niet"),
    ("/embed/groepen?indicator=test_weerbaar&groep=inkomen", 404, "geen uitsplitsing naar 'inkomen'"),
    ("/embed/taart?indicator=test_weerbaar", 404, "Deze weergave bestaat niet."),
])
def test_bad_links_get_a_status_and_a_dutch_message(db, link: str, status: int, fragment: str) -> None:
    pad, args = _split(link)
    uitslag = params.controleer(pad, args, db)
    assert uitslag.status == status
    assert any(fragment in f.melding for f in uitslag.fouten), uitslag.fouten


def test_unknown_names_are_ignored_on_the_dashboard_but_refused_by_embed_views(db) -> None:
    assert params.controleer("/verkenner", {"utm_source": "nieuwsbrief"}, db).ok
    assert params.controleer("/embed/trend", {"indicator": "test_weerbaar", "utm_source": "x"},
                             db).status == 400
    assert params.controleer("/verkenner", {"<b>naam</b>": "1"}, db).status == 400


def test_the_clean_link_keeps_only_what_passed(db) -> None:
    uitslag = params.controleer("/verkenner", [("indicator", "bestaat_niet"), ("jaar", "2023"),
                                      ("gebied", "WK030701"), ("kleur", "rood")], db)
    assert uitslag.status == 404
    assert uitslag.schone_link() == "/verkenner?jaar=2023&gebied=WK030701"


def test_echoed_values_are_cut_short(db) -> None:
    lang = "x" * params.MAX_LENGTE
    fout = params.controleer("/verkenner", {"indicator": lang}, db).fouten[0]
    assert fout.status == 404 and lang not in fout.melding and "…" in fout.melding


@pytest.mark.parametrize("pad", FULL_PAGES + EMBED_PAGES)
@pytest.mark.parametrize("waarde", ["", "x" * (params.MAX_LENGTE + 1), *INJECTIONS])
def test_empty_long_and_injected_values_are_4xx_on_every_page(db, pad: str, waarde: str) -> None:
    for naam in params.PAGINAS[pad].params:
        uitslag = params.controleer(pad, {naam: waarde}, db)
        assert uitslag.status in (400, 404), (pad, naam, waarde)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pad=st.sampled_from(sorted(params.PAGINAS)), naam=st.sampled_from(
    ["indicator", "jaar", "niveau", "gebied", "weergave", "thema", "doel", "indeling", "groep"]),
    waarde=st.text(max_size=150))
def test_any_text_gives_a_verdict_never_an_exception(db, pad: str, naam: str, waarde: str) -> None:
    uitslag = params.controleer(pad, {naam: waarde}, db)
    assert uitslag.status in (200, 400, 404)
    assert all(isinstance(f.melding, str) and f.melding for f in uitslag.fouten)


# -- the real app over HTTP --------------------------------------------------------------------



def _tekst(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("pad", FULL_PAGES + EMBED_PAGES)
@pytest.mark.parametrize("waarde", INJECTIONS + ["x" * 3000, ""])
def test_every_page_answers_bad_values_with_a_dutch_page_never_a_trace(client, pad, waarde) -> None:
    naam = params.PAGINAS[pad].params[0]
    response = client.get(pad, query_string={naam: waarde})
    body = response.get_data(as_text=True)
    assert response.status_code in (400, 404)
    assert response.mimetype == "text/html" and '<html lang="nl">' in body
    assert "Traceback" not in body and "Error" not in body
    assert "<script>alert" not in body and "onerror" not in body and "<img" not in body
    tekst = _tekst(body)
    assert "kan niet worden getoond" in tekst or "Deze link klopt niet" in tekst
    assert response.headers["Cache-Control"] == "no-store"


def test_full_page_message_offers_the_nearest_valid_view(client) -> None:
    response = client.get("/verkenner?indicator=bestaat_niet&jaar=2023")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "De indicator &#39;bestaat_niet&#39; bestaat niet." in body
    assert 'href="/verkenner?jaar=2023"' in body
    assert 'aria-label="Hoofdmenu"' in body  # the dashboard's header: a way on


def test_embed_message_is_compact(client) -> None:
    body = client.get("/embed/kaart?indicator=bestaat_niet").get_data(as_text=True)
    assert 'class="embed"' in body and "Hoofdmenu" not in body
    assert "Deze weergave kan niet worden getoond" in body


@pytest.mark.parametrize("link", VALID_LINKS)
def test_valid_links_are_served(client, link: str) -> None:
    assert client.get(link).status_code == 200


def test_unknown_paths_get_the_not_found_page_with_status_404(client) -> None:
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert 'id="react-entry-point"' in response.get_data(as_text=True)  # Dash's Dutch 404 page


@pytest.mark.parametrize("query", ["indicator=test_weerbaar&jaar=2023&gebied=WK030701",
                                   "doel=RD-05", "weergave=verschil&utm_source=brief"])
def test_old_verkenner_links_on_the_start_page_are_sent_on_with_the_same_query(client,
                                                                            query: str) -> None:
    response = client.get(f"/?{query}")
    assert response.status_code == 308
    assert response.headers["Location"] == f"/verkenner?{query}"


def test_start_page_without_verkenner_parameters_is_not_redirected(client) -> None:
    assert client.get("/?utm_source=brief").status_code != 308
    assert client.get("/").status_code != 308


def test_a_malformed_old_verkenner_link_gets_its_400_on_the_start_page(client) -> None:
    response = client.get("/?indicator=test_weerbaar&jaar=twintig")
    assert response.status_code == 400
    assert 'href="/verkenner?indicator=test_weerbaar"' in response.get_data(as_text=True)
    assert client.get("/?indicator=bestaat_niet").status_code == 308  # /verkenner says 404
