"""The programme blocks ("Wat doen we eraan", "Lopend in deze wijk") rendered from the real warehouse.

HTML through the Jinja partial templates/_acties.html, and the compact Dash tree of the Verkenner.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from dash import html

from app import programma
from app.queries import Warehouse


@pytest.fixture()
def db(real_warehouse: Path) -> Iterator[Warehouse]:
    wh = Warehouse(real_warehouse)
    yield wh
    wh.close()


def _walk(node: object) -> Iterator[object]:
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        yield from _walk(child)


def test_goal_block_lists_every_action_of_the_goal_with_its_reason(db: Warehouse) -> None:
    view = programma.programma_voor_doel(db, "RD-03")
    blok = programma.blok_voor_doel(view)
    titels = [a.titel for p in blok.programmas for o in p.onderdelen for a in o.acties]
    assert sorted(titels) == sorted(view.acties["titel"])
    page = str(programma.acties_html(blok))
    assert page.count('<li class="actie"') == len(view.acties)
    assert "Wat doen we eraan" in page
    assert "Wijk: Liendert, Schuilenburg" in page
    assert "Partners: Leger des Heils, Indebuurt033, Kwintes, Jellinek · Periode: per 2023" in page
    assert "Waarom: RD-03: positief pedagogisch klimaat om veilig op te groeien" in page
    assert "Periode: looptijd programma (2022-2024)" in page  # no period in the text: the programme's


def test_wijk_block_of_liendert_and_the_empty_case_in_words(db: Warehouse) -> None:
    liendert = programma.acties_html(programma.blok_voor_wijk(
        programma.acties_in_wijk(db, "WK030710", "wijk2024"), "Liendert", "WK030710"))
    assert "Lopend in deze wijk" in liendert
    assert 'id="lopend-wk030710-actie-UPJO-3.2.1-A01"' in liendert
    assert 'id="lopend-wk030710-actie-UPJO-2.3-A01"' in liendert
    assert "Waarom:" not in liendert
    hoogland = programma.acties_html(programma.blok_voor_wijk(
        programma.acties_in_wijk(db, "WK030719", "wijk2024"), "Hoogland", "WK030719"))
    assert "Geen actie uit de uitvoeringsprogramma&#39;s noemt Hoogland bij naam." in hoogland
    assert '<li class="actie"' not in hoogland


def test_text_from_the_catalogue_is_escaped(db: Warehouse) -> None:
    acties = programma.acties_in_wijk(db, "WK030710", "wijk2024").copy()
    acties.loc[0, "titel"] = "<script>alert(1)</script>"
    page = str(programma.acties_html(programma.blok_voor_wijk(acties, "<b>wijk</b>", "WK030710")))
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>wijk</b>" not in page


def test_dash_tree_has_one_collapsible_part_per_programme_and_one_item_per_action(db: Warehouse) -> None:
    view = programma.programma_voor_doel(db, "ME-E")
    tree = programma.acties_dash(programma.blok_voor_doel(view))
    nodes = list(_walk(tree))
    details = [n for n in nodes if isinstance(n, html.Details)]
    items = [n for n in nodes if isinstance(n, html.Li) and getattr(n, "className", None) == "actie"]
    assert len(details) == view.acties["programma_code"].nunique() == 2
    assert details[0].open is True and details[1].open is False
    assert len(items) == len(view.acties)


def test_dash_tree_says_so_when_nothing_is_linked() -> None:
    empty = pd.DataFrame(columns=["actie_code"])
    tree = programma.acties_dash(programma.blok_voor_wijk(empty, "Hoogland", "WK030719"))
    texts = [n.children for n in _walk(tree) if isinstance(n, html.P)]
    assert "Geen actie uit de uitvoeringsprogramma's noemt Hoogland bij naam." in texts
