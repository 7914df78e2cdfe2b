"""The registry of kinds of view (app/onderdelen): every consumer reads it, and a new kind is one
module and one registry line.

A dummy kind, made here and registered for one test, appears in the Verkenner (layout, the one
callback's answer, the embed code, the download), in the embed route and in params' URL check.
Then every registered kind is checked against every consumer.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from dash import html, no_update

from app import embed, params
from app import viewstate as vs
from app.embed import views
from app.onderdelen import register
from app.onderdelen.basis import Embed, Onderdeel, Pagina, Weergave

V = "verkenner"
INDICATOR = "test_weerbaar"  # has map, trend and breakdown figures in the fixture warehouse


# -- a dummy kind of view, written as a new kind's module would be ------------------------------


def _render(state: vs.ViewState, pagina: Pagina) -> tuple:
    return (f"proef: {state.indicator} {state.jaar}",)


def _blok(prefix: str, eerst: Any) -> html.Section:
    return html.Section(html.P(eerst["proef", "children"], id=f"{prefix}-proef"))


def _maak(db: Any, k: vs.ViewState, cfg: Any) -> Weergave:
    return Weergave(soort="proef", titel=f"Proefweergave van {k.indicator}",
                    ondertitel=f"jaar {k.jaar}", eenheid="", bron="test", link=k.link(),
                    figuur=None, grafiek_label="", tabellen=[])


PROEF = Onderdeel(
    naam="proef",
    outputs=(("proef", "children"),),
    sleutels=lambda s: (s.indicator, s.jaar),
    render=_render,
    blok=_blok,
    embed=Embed("proef", ("indicator", "jaar"), hoogte=432, titel="proefweergave", maak=_maak,
                beschikbaar=lambda db, state: True),
    export=lambda db, state: {"proef": pd.DataFrame({"jaar": [state.jaar], "waarde": [1.5]})},
    export_volgorde=9,
)


@pytest.fixture()
def proef(monkeypatch: pytest.MonkeyPatch) -> Onderdeel:
    """The dummy kind registered: the one line a new kind adds to app/onderdelen/__init__.py."""
    monkeypatch.setitem(register.REGISTER, "proef", PROEF)
    return PROEF


def _ids(component: Any) -> dict[str, Any]:
    """Every component of a layout with an id, by id."""
    return {c.id: c for c in [component, *component._traverse()]
            if isinstance(getattr(c, "id", None), str)}


def _delen(verkenner: Any, out: tuple) -> dict[str, list]:
    """sync's outputs after the controls' 14, per part of the page."""
    delen, i = {}, 14
    for deel in verkenner.onderdelen():
        delen[deel.naam], i = list(out[i:i + len(deel.outputs)]), i + len(deel.outputs)
    assert i == len(out)
    return delen


# -- adding a kind of view = one module + one registry line ------------------------------------


def test_a_registered_kind_is_drawn_by_the_verkenner(pages, proef) -> None:
    v = pages.verkenner
    assert proef in v.onderdelen()
    page = _ids(v.layout(indicator=INDICATOR, jaar="2023"))
    assert page[f"{V}-proef"].children == f"proef: {INDICATOR} 2023"  # drawn in the layout

    geopend = v.sync(None, f"?indicator={INDICATOR}&jaar=2023", None, None, None, None, None,
                     None)
    assert _delen(v, geopend)["proef"] == [f"proef: {INDICATOR} 2023"]
    state = geopend[1]
    # redrawn when its keys change (the year), left alone when they do not (the area)
    jaar = _delen(v, v.sync(f"{V}-jaar", "?x", "", INDICATOR, 2021, None, None, state))
    assert jaar["proef"] == [f"proef: {INDICATOR} 2021"]
    gebied = _delen(v, v.sync(f"{V}-gebied", "?x", "", INDICATOR, 2023, "WK030701", None, state))
    assert gebied["proef"] == [no_update]


def test_a_registered_kind_gets_an_embed_its_url_check_and_its_snippet(client, pages,
                                                                       proef) -> None:
    assert params.PAGINAS["/embed/proef"] == params.Pagina(("indicator", "jaar"),
                                                           verplicht=("indicator",), embed=True)
    r = client.get(f"/embed/proef?indicator={INDICATOR}&jaar=2023")
    assert r.status_code == 200
    assert "Proefweergave van" in r.get_data(as_text=True)
    assert client.get("/embed/proef?indicator=test_weerbaar&groep=x").status_code == 400
    assert client.get("/embed/proef").status_code == 400  # its required parameter
    assert embed.HOOGTE["proef"] == 432 and embed.TITEL["proef"] == "proefweergave"

    state = pages.verkenner.sync(None, f"?indicator={INDICATOR}&jaar=2023", None, None, None,
                                 None, None, None)[1]
    snippets = {b.children[-1].id: b.children[-1].value
                for b in pages.verkenner.render_insluiten(vs.uit_store(state))}
    assert 'height="432"' in snippets[f"{V}-insluiten-proef"]
    assert f"/embed/proef?indicator={INDICATOR}&amp;jaar=2023\"" in snippets[f"{V}-insluiten-proef"]


def test_a_registered_kind_is_in_the_download(db, pages, proef) -> None:
    state = pages.verkenner.sync(None, f"?indicator={INDICATOR}&jaar=2023", None, None, None,
                                 None, None, None)[1]
    frames, _meta, _ind = pages.verkenner.export_onderdelen(db, vs.uit_store(state))
    assert list(frames) == ["kaart", "uitsplitsing", "ontwikkeling", "proef"]  # export_volgorde
    assert frames["proef"]["waarde"].tolist() == [1.5]


def test_without_the_registry_line_the_kind_is_nowhere(client, pages) -> None:
    assert "proef" not in [d.naam for d in pages.verkenner.onderdelen()]
    assert "/embed/proef" not in params.PAGINAS
    assert client.get(f"/embed/proef?indicator={INDICATOR}").status_code == 404
    assert "proef" not in embed.HOOGTE


# -- every registered kind, for every consumer ---------------------------------------------------


def test_registry_names_and_ids_are_unique() -> None:
    assert list(register.REGISTER) == ["kaart", "trend", "uitsplitsing"]
    assert all(naam == o.naam for naam, o in register.REGISTER.items())
    ids = [i for o in register.REGISTER.values() for i in o.outputs]
    assert len(ids) == len(set(ids))
    embeds = [o.embed.naam for o in register.REGISTER.values() if o.embed]
    assert len(embeds) == len(set(embeds))
    # the breakdown's one name in code, its user-visible names kept (old links, browser tests)
    uits = register.REGISTER["uitsplitsing"]
    assert uits.embed is not None and uits.embed.naam == "groepen"
    assert {i for i, _ in uits.outputs} == {"uits", "uits-blok", "uits-notitie", "uits-tabel"}


@pytest.mark.parametrize("naam", list(register.REGISTER))
def test_every_kind_is_in_the_layout_and_the_callback(naam: str, dash_app, pages) -> None:
    deel = register.REGISTER[naam]
    page = _ids(pages.verkenner.layout(indicator=INDICATOR, jaar="2023"))
    for onderdeel, prop in deel.outputs:
        assert f"{V}-{onderdeel}" in page, onderdeel
        assert prop in page[f"{V}-{onderdeel}"]._prop_names, (onderdeel, prop)
    sync = next(spec for spec in dash_app.callback_map.values()
                if getattr(spec.get("callback"), "__name__", "") == "sync_state")
    outputs = {(o.component_id, o.component_property) for o in sync["output"]
               if isinstance(o.component_id, str)}
    assert {(f"{V}-{o}", p) for o, p in deel.outputs} <= outputs
    rendered = pages.verkenner.render(naam, vs.uit_store(pages.verkenner.sync(
        None, f"?indicator={INDICATOR}&jaar=2023", None, None, None, None, None, None)[1]))
    assert len(rendered) == len(deel.outputs)


@pytest.mark.parametrize("naam", list(register.REGISTER))
def test_every_kind_has_an_embed_or_says_it_has_none(naam: str, client) -> None:
    deel = register.REGISTER[naam]
    if deel.embed is None:  # none today; a kind may have none, and then nothing points to one
        assert not any(e is deel for e, _ in register.embeds().values())
        return
    e = deel.embed
    pagina = params.PAGINAS[f"{params.EMBED_PREFIX}{e.naam}"]
    assert pagina.embed and pagina.params == e.params and pagina.verplicht == e.verplicht
    assert embed.HOOGTE[e.naam] == e.hoogte and embed.TITEL[e.naam] == e.titel
    assert client.get(f"/embed/{e.naam}?indicator={INDICATOR}&jaar=2023").status_code == 200


def test_every_embed_path_in_params_has_a_view_and_back() -> None:
    paden = {p.removeprefix(params.EMBED_PREFIX) for p in params.PAGINAS
             if p.startswith(params.EMBED_PREFIX)}
    assert paden == set(views.weergaven()) == {"kaart", "trend", "groepen", "wijkprofiel"}
    assert all(views.maker(n) is not None for n in paden)
    assert set(embed.HOOGTE) == set(embed.TITEL) == paden


def test_every_export_of_a_kind_is_a_named_frame(db, pages) -> None:
    state = pages.verkenner.sync(None, f"?indicator={INDICATOR}&jaar=2023", None, None, None,
                                 None, None, None)[1]
    namen = []
    for deel in sorted(register.REGISTER.values(), key=lambda o: o.export_volgorde):
        assert deel.export is not None, deel.naam
        frames = deel.export(db, vs.uit_store(state))
        assert all(isinstance(f, pd.DataFrame) and not f.empty for f in frames.values())
        namen += list(frames)
    assert namen == ["kaart", "uitsplitsing", "ontwikkeling"]  # the download's order, as before
