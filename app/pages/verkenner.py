"""Page '/verkenner': the verkenner — choose an indicator, see the map, the trend and the breakdown.

Layout and callbacks only; the whole view state lives in the URL (docs/app.md lists the params).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

import dash
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from app import cache, catalogus, embed, export, fmt, gebieden, programma, urlstate, vocab, zoeken
from app import components as c
from app import viewstate as vs
from app.config import settings
from app.errors import safe_layout
from app.onderdelen import kaart, trend, uitsplitsing
from app.onderdelen.basis import Onderdeel, Pagina
from app.onderdelen.register import REGISTER
from app.queries import KAART_NIVEAUS, Warehouse, current
from app.verkenner_opties import INSPRINGING as INSPRINGING  # tests read it here
from app.verkenner_opties import gebied_keuzes, indicator_opties, jaar_opties, keuze_opties
from app.viewstate import ViewState

dash.register_page(__name__, path="/verkenner", name="Verkenner", title="Wijkmonitor — verkenner", order=0)

P = "verkenner"
PARAMS = vs.VERKENNER_PARAMS
# The page's cache of rendered parts: every visitor opening the same view in the same warehouse
# version gets the parts drawn for the first (one thread draws, the others wait for it).
GETEKENDE_DELEN = cache.VersionCache(512, follows_query_cache=True)
WEERGAVEN = vs.WEERGAVEN
NIVEAU_OPTIES = tuple((n, gebieden.NIVEAU_LABEL[n]) for n in KAART_NIVEAUS)


# -- state -------------------------------------------------------------------------------------
# The view state, its rules and its URL are app/viewstate.py's; the page supplies the gemeente.


def bepaal_state(db: Warehouse, params: Mapping[str, Any], vorige: ViewState | None = None,
                 trigger: str | None = None) -> tuple[ViewState, list[str]]:
    """The view for `params` by viewstate.bepaal's rules, with what was corrected, in Dutch."""
    return vs.bepaal(db, params, settings().gemeente, vorige, trigger)


# -- layout ------------------------------------------------------------------------------------


def _geopende_search() -> str | None:
    """The query string of the address being opened, as the page router received it (None
    outside its callback: Dash's validation layout)."""
    try:
        search = dash.ctx.inputs.get("_pages_location.search")
    except Exception:  # noqa: BLE001 - no callback context
        return None
    return search if isinstance(search, str) else None


@safe_layout
def layout(**params: Any) -> html.Div:
    """The page, initialised from the URL parameters."""
    db = current()
    state, meldingen = bepaal_state(db, params)
    meldingen = [urlstate.onbekend_melding(urlstate.onbekend(params, PARAMS))] + meldingen
    # Every part drawn here, in the page's first response: no callback runs on opening the page.
    eerst = {(onderdeel, prop): waarde
             for deel in onderdelen()
             for (onderdeel, prop), waarde in zip(deel.outputs, render_onderdeel(deel.naam, state),
                                                  strict=True)}
    keuzes, indicatoren = keuze_opties(db), indicator_opties(db, state.keuze, state.indicator)
    return html.Div([
        # The address the page was opened with: a Location without it reports the browser's
        # on mounting, a change that would ask the server for the view it already has.
        dcc.Location(id=f"{P}-url", refresh=False, search=_geopende_search()),
        dcc.Store(id=f"{P}-state", data=state.naar_store()),
        # The dropdowns' options with what they are ranked by; app/assets/zoeken.js fills the
        # dropdowns from them as the user types.
        dcc.Store(id=f"{P}-keuze-zoek", data=keuzes),
        dcc.Store(id=f"{P}-indicator-zoek", data=indicatoren),
        html.H1("Verkenner: kaart, ontwikkeling en uitsplitsing"),
        html.Div(
            [
                c.veld("Doel of thema", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                    id=f"{P}-keuze", options=zoeken.dropdown_opties(keuzes, state.keuze or ""),
                    value=state.keuze or "", clearable=False, searchable=True,
                    search_order="original", optionHeight=48, maxHeight=400),
                    f"{P}-keuze", hint="Maatschappelijke effecten met hun doelen, dan de thema's."),
                c.veld("Indicator", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                    id=f"{P}-indicator", value=state.indicator, clearable=False,
                    options=zoeken.dropdown_opties(indicatoren, state.indicator),
                    searchable=True,
                    search_order="original",
                    placeholder="Typ om een indicator te zoeken",
                    optionHeight=48, maxHeight=400), f"{P}-indicator",
                    hint="Typ een woord: naam, definitie, doel (RD-07) of onderwerp "
                         "(armoede, eenzaamheid, wmo).", breed=True),
                c.veld("Jaar", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                    id=f"{P}-jaar", value=state.jaar, clearable=False, searchable=False,
                    options=jaar_opties(db, state.indicator, state.niveau)), f"{P}-jaar"),
                c.keuzegroep(f"{P}-niveau", "Gebiedsniveau", NIVEAU_OPTIES, state.niveau),
                c.veld("Gebied", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                    id=f"{P}-gebied", value=state.gebied, clearable=False, searchable=True,
                    placeholder="Kies een gebied (of klik op de kaart)",
                    options=gebied_keuzes(db, state.niveau, state.indeling)), f"{P}-gebied"),
                c.keuzegroep(f"{P}-weergave", "Kleur op de kaart", WEERGAVEN, state.weergave,
                             [v for v, off in zip(dict(WEERGAVEN), _weergave_uit(db, state),
                                                  strict=True) if off],
                             reden=verschil_reden(db, state.indicator, state.jaar)),
            ],
            className="bediening geen-print", role="search",
            **{"aria-label": "Keuzes voor de verkenner"},
        ),
        html.Div(" ".join(m for m in meldingen if m), id=f"{P}-melding", role="status",
                 className="melding", **{"aria-live": "polite"}),
        html.H2(eerst["titel", "children"], id=f"{P}-titel", className="indicator-titel"),
        html.Div(eerst["info", "children"], id=f"{P}-info"),
        # The kinds of view (app/onderdelen), the goal's actions after the first, the map: on a
        # phone the actions are screens long, and the map is what the page is for.
        *_blokken(eerst),
        html.Section([
            html.H2("Gegevens downloaden", id=f"{P}-download-kop"),
            html.P("De cijfers achter deze weergave (kaart, ontwikkeling en uitsplitsing), met "
                   "bron en definitie. Een grafiek bewaart u als PNG met het fototoestel-icoon "
                   "boven de grafiek."),
            c.download_knoppen(P),
        ], className="paneel geen-print", **{"aria-labelledby": f"{P}-download-kop"}),
        c.insluiten(P, eerst["insluiten", "children"]),
    ], className="pagina verkenner")


def _blokken(eerst: dict[tuple[str, str], Any]) -> list[Any]:
    """The sections of the registered kinds of view, the goal's actions after the first."""
    blokken = [deel.blok(P, eerst) for deel in REGISTER.values() if deel.blok is not None]
    return [*blokken[:1], html.Div(eerst["acties", "children"], id=f"{P}-acties"), *blokken[1:]]


# -- callbacks ---------------------------------------------------------------------------------

# The parts of the page drawn from the state: the page's own (title and information, the goal's
# actions, the embed code) and every kind of view of the registry (app/onderdelen: map, trend,
# breakdown). Each lists its outputs (component id suffix, property) in the order its render
# function returns them, and what of the state it is drawn from. The page is drawn in the layout;
# after that one callback (sync_state) answers an interaction with the new state and every part
# whose keys changed: one request, where a state store feeding five render callbacks took two
# request waves (docs/performance.md, *Profiled*).


def _pagina_link(state: ViewState) -> Callable[[str], str]:
    """The address of this view with another area chosen (the ranking's links)."""
    params = state.url_params()
    return lambda code: urlstate.search({**params, "gebied": code}, PARAMS)


# What the kinds of view need of this page (app/onderdelen/basis.py Pagina).
PAGINA = Pagina(prefix=P, gebied_links=_pagina_link)


def _eigen(naam: str, outputs: tuple[tuple[str, str], ...], sleutels: Callable[[dict], tuple],
           render: Callable[[dict], Any]) -> Onderdeel:
    """A part of this page only (no embed, no export), in the registry's form."""
    return Onderdeel(naam, outputs, sleutels, lambda state, _pagina: render(state))


# The page's own parts, in the registry's form (they have no embed and no export).
EIGEN: dict[str, Onderdeel] = {
    "info": _eigen("info", (("titel", "children"), ("info", "children")),
                   lambda s: (s.indicator,), lambda s: render_info(s)),
    "insluiten": _eigen("insluiten", (("insluiten", "children"),),
                        lambda s: tuple(getattr(s, k) for k in ("indicator", "jaar", "niveau", "gebied",
                                                           "weergave")), lambda s: render_insluiten(s)),
    "acties": _eigen("acties", (("acties", "children"),), lambda s: (s.keuze,),
                     lambda s: render_acties(s)),
}


def onderdelen() -> list[Onderdeel]:
    """Every part of the page in the callback's output order: the title and information, the
    registered kinds of view, the embed code and the goal's actions."""
    return [EIGEN["info"], *REGISTER.values(), EIGEN["insluiten"], EIGEN["acties"]]


def _deel(naam: str) -> Onderdeel:
    return EIGEN[naam] if naam in EIGEN else REGISTER[naam]


# What else a part is drawn from: the embed code names the address the page was asked at.
CONTEXT: dict[str, Callable[[], Hashable]] = {"insluiten": lambda: embed.basis_url()}


def render_onderdeel(onderdeel: str, state: ViewState) -> tuple:
    """The outputs of one part of the page for a state (as its `outputs` list them), drawn once per
    warehouse version: every visitor opening the default view, or the same indicator, gets the
    parts drawn for the first (GETEKENDE_DELEN; values are shared, never changed in place)."""
    context = CONTEXT[onderdeel]() if onderdeel in CONTEXT else None
    deel = _deel(onderdeel)

    def teken() -> tuple:
        uit = deel.render(state, PAGINA)
        return uit if isinstance(uit, tuple) else (uit,)

    return GETEKENDE_DELEN(current(), (P, onderdeel, deel.sleutels(state), context), teken)


def render(naam: str, state: ViewState) -> tuple:
    """One part of the page drawn for a state, uncached (tests, and the names below)."""
    uit = _deel(naam).render(state, PAGINA)
    return uit if isinstance(uit, tuple) else (uit,)


def gewijzigde_onderdelen(state: ViewState, vorige: ViewState | None) -> list:
    """The outputs of every part, no_update for a part drawn from the same state as before (the
    browser shows it already) in the same warehouse version; a part that can answer a smaller
    change (the map, when only the chosen area changed) does so."""
    zelfde_versie = vorige is not None and vorige.versie == state.versie
    uit: list = []
    for deel in onderdelen():
        if vorige is not None and zelfde_versie and deel.sleutels(vorige) == deel.sleutels(state):
            uit += [no_update] * len(deel.outputs)
            continue
        klein = (deel.bijwerken(state, vorige, PAGINA)
                 if deel.bijwerken and vorige is not None else None)
        uit += klein if klein is not None else render_onderdeel(deel.naam, state)
    return uit


_TRIGGERS = {
    f"{P}-keuze": "keuze", f"{P}-indicator": "indicator", f"{P}-jaar": "jaar",
    f"{P}-gebied": "gebied", f"{P}-kaart": "gebied",
}


def _pressed(opties: tuple[tuple[str, str], ...], waarde: str) -> list[str]:
    return ["true" if v == waarde else "false" for v, _ in opties]


# The searchable dropdowns show what the user typed for, best first (app/assets/zoeken.js,
# docs/app.md "Search"): in the browser, without a request per key. The page sends each list
# once, in its store; the dropdown starts with the chosen option only and gets the list from
# the store when the page opens (this callback's initial call, in the browser).
for _id in (f"{P}-keuze", f"{P}-indicator"):
    dash.clientside_callback(
        dash.ClientsideFunction(namespace="zoeken", function_name="rangschik_lijst"),
        Output(_id, "options"),
        Input(_id, "search_value"),
        Input(f"{_id}-zoek", "data"),
        State(_id, "value"),
    )


@callback(
    Output(f"{P}-url", "search"),
    Output(f"{P}-state", "data"),
    Output(f"{P}-keuze", "value"),
    Output(f"{P}-indicator-zoek", "data"),
    Output(f"{P}-indicator", "value"),
    Output(f"{P}-jaar", "options"),
    Output(f"{P}-jaar", "value"),
    Output(f"{P}-gebied", "options"),
    Output(f"{P}-gebied", "value"),
    Output({"type": f"{P}-niveau", "value": ALL}, "aria-pressed"),
    Output({"type": f"{P}-weergave", "value": ALL}, "aria-pressed"),
    Output({"type": f"{P}-weergave", "value": ALL}, "disabled"),
    Output(f"{P}-weergave-reden", "children"),
    Output(f"{P}-melding", "children"),
    *(Output(f"{P}-{onderdeel}", prop) for deel in onderdelen() for onderdeel, prop in deel.outputs),
    Input(f"{P}-url", "search"),
    Input(f"{P}-keuze", "value"),
    Input(f"{P}-indicator", "value"),
    Input(f"{P}-jaar", "value"),
    Input(f"{P}-gebied", "value"),
    Input({"type": f"{P}-niveau", "value": ALL}, "n_clicks"),
    Input({"type": f"{P}-weergave", "value": ALL}, "n_clicks"),
    Input(f"{P}-kaart", "clickData"),
    State(f"{P}-state", "data"),
    prevent_initial_call=True,
)
def sync_state(search, keuze, indicator, jaar, gebied, _niveau_clicks, _weergave_clicks,
               click, vorige):
    """Keep URL, controls and the state store in step, whichever of them changed, and redraw
    the parts of the page whose state changed: one request per interaction (docs/performance.md)."""
    return sync(ctx.triggered_id, search, keuze, indicator, jaar, gebied, click, vorige)


def sync(trig: Any, search: str | None, keuze: str | None, indicator: str | None,
         jaar: Any, gebied: str | None, click: dict | None,
         vorige: ViewState | None) -> tuple:
    """The logic of sync_state, callable without Dash (tests)."""
    db = current()
    # The store as the page wrote it (app/verzoekcontrole.py has refused any other shape).
    vorig = vs.uit_store(vorige) if vorige is not None else None
    url_params_in = urlstate.parse(search)
    if trig in (None, f"{P}-url") or vorig is None:
        params, trigger = url_params_in, None
        extra = [urlstate.onbekend_melding(urlstate.onbekend(url_params_in, PARAMS))]
    else:
        extra = []
        if isinstance(trig, dict):  # a button of the level or colouring group
            trigger, waarde = trig["type"].removeprefix(f"{P}-"), trig["value"]
        else:
            trigger = _TRIGGERS.get(trig)
            waarde = {f"{P}-keuze": keuze, f"{P}-indicator": indicator, f"{P}-jaar": jaar,
                      f"{P}-gebied": gebied}.get(trig)
            if trig == f"{P}-kaart":
                waarde = _code_uit_klik(click)
                if waarde is None:  # a legend or pattern trace, not an area: nothing changes
                    raise PreventUpdate
        if trigger is None:
            raise PreventUpdate
        params = vs.na_wijziging(vorig, trigger, waarde)
    state, meldingen = bepaal_state(db, params, vorig, trigger)
    nieuw_search = state.search()
    url_out = no_update
    if trigger is not None and nieuw_search != (search or ""):
        url_out = nieuw_search
    return (
        url_out,
        state.naar_store(),
        state.keuze or "",
        # The indicator list (with its search texts, the largest part of this answer) changes
        # only with the goal or theme, or with a link; a pick from the list keeps it.
        (indicator_opties(db, state.keuze, state.indicator)
         if trigger in (None, "keuze") else no_update),
        state.indicator,
        # The year and area lists change only with the indicator, level or division: resent
        # unchanged, the dropdown would re-index its options (js-search, ~15-60 ms in Chromium).
        (jaar_opties(db, state.indicator, state.niveau)
         if vorig is None or (vorig.indicator, vorig.niveau, vorig.versie)
         != (state.indicator, state.niveau, state.versie)
         else no_update),
        state.jaar,
        (gebied_keuzes(db, state.niveau, state.indeling)
         if vorig is None or (vorig.niveau, vorig.indeling, vorig.versie)
         != (state.niveau, state.indeling, state.versie)
         else no_update),
        state.gebied,
        _pressed(NIVEAU_OPTIES, state.niveau),
        _pressed(WEERGAVEN, state.weergave),
        _weergave_uit(db, state),
        verschil_reden(db, state.indicator, state.jaar),
        " ".join(m for m in extra + meldingen if m),
        *gewijzigde_onderdelen(state, vorig),
    )


def verschil_reden(db: Warehouse, code: str, jaar: int | None) -> str:
    """Why 'Verschil met de gemeente' cannot colour the map ('' if it can): viewstate's rule."""
    return vs.verschil_reden(db, code, jaar, settings().gemeente)


def _weergave_uit(db: Warehouse, state: ViewState) -> list[bool]:
    """Which colouring buttons are disabled: 'verschil' when verschil_reden gives a reason."""
    uit = bool(verschil_reden(db, state.indicator, state.jaar))
    return [value == "verschil" and uit for value, _ in WEERGAVEN]


def _code_uit_klik(click: dict | None) -> str | None:
    try:
        point = click["points"][0]
    except (TypeError, KeyError, IndexError):
        return None
    custom = point.get("customdata")
    if isinstance(custom, list):
        custom = custom[0] if custom else None
    return custom if isinstance(custom, str) else None


def render_info(state: ViewState):
    """Indicator title and its definition, source and toelichting."""
    db = current()
    ind = catalogus.indicator(db, state.indicator)
    info = c.indicator_info(ind, catalogus.doel_namen(db))
    tekst = geen_nieuwe_cijfers_tekst(ind)
    return ind["naam"], [html.P(tekst, className="melding"), info] if tekst else info


def render_acties(state: ViewState):
    """The goal view: what the uitvoeringsprogramma's do for the goal. Placed after the map (on a
    phone the block is screens long, and the map is what the page is for)."""
    soort, _, doel = (state.keuze or "").partition(":")
    if soort != "doel":
        return None
    blok = programma.blok_voor_doel(programma.programma_voor_doel(current(), doel))
    return programma.acties_dash(blok, kop=html.H2)  # a part of the page, beside map and trend


def geen_nieuwe_cijfers_tekst(ind: pd.Series) -> str:
    """'Geen nieuwe cijfers: …' with the last year that has figures, for such indicators only."""
    if ind.get("monitor_status") != vocab.GEEN_NIEUWE_CIJFERS:
        return ""
    laatste = ind.get("laatste_jaar")
    if fmt.is_getal(laatste):
        return (f"Geen nieuwe cijfers: de monitor meldt voor deze indicator geen recente meting; "
                f"de laatste cijfers zijn van {int(laatste)}.")
    return "Geen nieuwe cijfers: er zijn voor deze indicator nog geen cijfers."


# The kinds' parts under their former names here (tests and callers of this page).
verwant_melding = kaart.verwant_melding
kaart_tabel = kaart.kaart_tabel
vergelijking_tekst = trend.vergelijking_tekst
significantie_notitie = uitsplitsing.significantie_notitie


def render_kaart(state: ViewState) -> tuple:
    """The map's outputs for a state (app/onderdelen/kaart.py render)."""
    return render("kaart", state)


def render_trend(state: ViewState) -> tuple:
    """The trend's outputs for a state (app/onderdelen/trend.py render)."""
    return render("trend", state)


def render_uitsplitsing(state: ViewState) -> tuple:
    """The breakdown's outputs for a state (app/onderdelen/uitsplitsing.py render)."""
    return render("uitsplitsing", state)


def export_onderdelen(
    db: Warehouse, state: ViewState
) -> tuple[dict[str, pd.DataFrame], dict[str, str], pd.Series]:
    """The frames behind the current view (each registered kind's, in its export order) and the
    metadata that travels with them."""
    ind = catalogus.indicator(db, state.indicator)
    onderdelen: dict[str, pd.DataFrame] = {}
    for deel in sorted(REGISTER.values(), key=lambda o: o.export_volgorde):
        if deel.export is not None:
            onderdelen.update(deel.export(db, state))
    meta = {
        "Indicator": f"{ind['naam']} ({ind['code']})",
        "Eenheid": ind["eenheid"],
        "Definitie": ind["definitie"] or "",
        "Bron": ind["bron"],
        "Toelichting": ind["toelichting"] or "",
        "Weergave": "verkenner" + state.search(),
        "Warehouse": db.info().get("build_id", db.version()),
        "Statussen": "'niet gemeten' en 'geheim/onderdrukt' hebben geen waarde (nooit 0)",
        "Soort": "soort cijfer: " + "; ".join(f"{s.code} = {s.uitleg}" for s in vocab.SOORTEN.values()),
    }
    return onderdelen, meta, ind


@callback(
    Output(f"{P}-download", "data"),
    Input(f"{P}-csv", "n_clicks"),
    Input(f"{P}-xlsx", "n_clicks"),
    State(f"{P}-state", "data"),
    prevent_initial_call=True,
)
def download(_csv: int, _xlsx: int, store: dict):
    """The data behind the view as CSV or Excel."""
    state = vs.uit_store(store)
    db = current()
    onderdelen, meta, ind = export_onderdelen(db, state)
    if ctx.triggered_id == f"{P}-xlsx":
        gemeente = settings().gemeente
        inhoud = export.naar_excel(onderdelen, meta, koppen={
            f"verschil_met_{gemeente}": f"Verschil met {gebieden.gebied_naam(db, gemeente)}"})
        return dcc.send_bytes(inhoud, export.bestandsnaam(ind["code"], str(state.jaar or ""),
                                                          extensie="xlsx"))
    inhoud = export.naar_csv(onderdelen, meta, per_rij={
        "indicator": ind["code"], "eenheid": ind["eenheid"], "bron": ind["bron"],
        "definitie": ind["definitie"] or ""})
    return dcc.send_bytes(inhoud, export.bestandsnaam(ind["code"], str(state.jaar or ""),
                                                      extensie="csv"))


def render_insluiten(state: ViewState):
    """Iframe code for every registered kind of view with an embed that has data for this view."""
    db = current()
    code = state.indicator
    naam = catalogus.indicator(db, code)["naam"]
    waarden = {"indicator": code, "jaar": state.jaar, "niveau": state.niveau,
               "gebied": state.gebied,
               "weergave": state.weergave if state.weergave != "waarde" else None}
    soorten = [deel.embed for deel in REGISTER.values()
               if deel.embed is not None and deel.embed.beschikbaar(db, state)]
    if not soorten:
        return html.P("Deze indicator heeft nog geen cijfers om in te sluiten.")
    basis = embed.basis_url()
    return [c.insluitcode(f"{P}-insluiten-{e.naam}", f"Code voor de {e.titel}",
                          embed.snippet(basis, e.naam, waarden,
                                        f"Wijkmonitor Amersfoort: {naam}, {e.titel}"))
            for e in soorten]
