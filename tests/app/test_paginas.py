"""One page registry: every route that serves a page is in params.PAGINAS, so its URL is checked.

A page missing from PAGINAS would be served without any check of its parameters (issue 24);
these tests enumerate Flask's url_map, Dash's page_registry and the embed views.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import dash
import pytest

from app import params
from app.embed import views

# Routes that serve no page: Dash's internals and assets, the health check, the embed's
# scripts, and the wijkprofiel's choice form, which only redirects to a checked page link.
GEEN_PAGINA_PREFIXEN = ("/_dash-", "/_reload-hash", "/_favicon.ico", "/assets/", "/embed/js/")
GEEN_PAGINA = {"/healthz", "/wijkprofiel/kies"}
EMBED_REGEL = "/embed/<naam>"
DASH_ALLE_PADEN = "/<path:path>"  # '/' itself is the start page (app/site/start.py)


def pagina_paden(regels: Iterable[tuple[str, Iterable[str]]], dash_paden: Iterable[str],
                 embed_namen: Iterable[str]) -> set[str]:
    """The paths that serve a page: GET rules that are not technical, Dash's pages, embed views."""
    paden: set[str] = set()
    for regel, methoden in regels:
        if "GET" not in methoden or regel == DASH_ALLE_PADEN:
            continue  # Dash's index for any path: its pages come from page_registry
        if regel in GEEN_PAGINA or regel.startswith(GEEN_PAGINA_PREFIXEN):
            continue
        if regel == EMBED_REGEL:
            paden |= {f"{params.EMBED_PREFIX}{naam}" for naam in embed_namen}
            continue
        paden.add(regel)
    return paden | set(dash_paden)


def ontbrekend(paden: set[str], paginas: Mapping[str, object]) -> set[str]:
    """The page paths that the registry does not list."""
    return {p for p in paden if p not in paginas}


@pytest.fixture()
def paden(dash_app) -> set[str]:
    regels = [(r.rule, r.methods or ()) for r in dash_app.server.url_map.iter_rules()]
    return pagina_paden(regels, (p["path"] for p in dash.page_registry.values()), views.weergaven())


def test_every_route_that_serves_a_page_is_in_the_page_registry(paden: set[str]) -> None:
    assert ontbrekend(paden, params.PAGINAS) == set()
    # the enumeration finds the pages of each kind (a broken enumeration would pass vacuously)
    assert {"/verkenner", "/404", "/", "/wijkprofiel", "/monitor.xlsx", "/sjabloon.xlsx",
            "/embed/kaart", "/embed/wijkprofiel"} <= paden


def test_a_page_left_out_of_the_registry_is_found(paden: set[str]) -> None:
    for weg in ("/oordelen", "/verkenner", "/embed/trend"):
        zonder = {k: v for k, v in params.PAGINAS.items() if k != weg}
        assert ontbrekend(paden, zonder) == {weg}


def test_a_new_flask_route_is_a_page_until_declared_otherwise() -> None:
    regels = [("/nieuw", ("GET", "HEAD")), ("/healthz", ("GET",)), ("/_dash-layout", ("GET",)),
              ("/embed/<naam>", ("GET",)), ("/<path:path>", ("GET",)), ("/post", ("POST",))]
    assert pagina_paden(regels, ["/verkenner"], ["kaart"]) == {"/nieuw", "/embed/kaart",
                                                               "/verkenner"}
    assert DASH_ALLE_PADEN in params.DASH_INDEX_REGELS


def test_the_registry_lists_no_page_that_is_not_served(paden: set[str]) -> None:
    assert set(params.PAGINAS) - paden == set()
