"""Page '/verkenner': the verkenner — choose an indicator, see the map, the trend and the breakdown.

Layout and callbacks only; the whole view state lives in the URL (docs/app.md lists the params).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import dash
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from app import cache, catalogus, embed, export, fmt, gebieden, programma, urlstate, vocab, zoeken
from app import components as c
from app.config import settings
from app.errors import safe_layout
from app.onderdelen import kaart, trend, uitsplitsing
from app.onderdelen.basis import Onderdeel, Pagina, gebied_tuple
from app.onderdelen.register import REGISTER
from app.queries import KAART_NIVEAUS, Warehouse, current
from app.verkenner_opties import INSPRINGING as INSPRINGING  # tests read it here
from app.verkenner_opties import gebied_keuzes, indicator_opties, jaar_opties, keuze_opties

dash.register_page(__name__, path="/verkenner", name="Verkenner", title="Wijkmonitor — verkenner", order=0)

P = "verkenner"
PARAMS = ("thema", "doel", "indicator", "jaar", "niveau", "gebied", "weergave")
# The page's cache of rendered parts: every visitor opening the same view in the same warehouse
# version gets the parts drawn for the first (one thread draws, the others wait for it).
GETEKENDE_DELEN = cache.VersionCache(512, follows_query_cache=True)
WEERGAVEN = (("waarde", "Waarde"), ("verschil", "Verschil met de gemeente"))
NIVEAU_OPTIES = tuple((n, gebieden.NIVEAU_LABEL[n]) for n in KAART_NIVEAUS)


# -- state -------------------------------------------------------------------------------------


def _keuze_uit(params: dict[str, Any]) -> str | None:
    if params.get("doel"):
        return f"doel:{params['doel']}"
    if params.get("thema"):
        return f"thema:{params['thema']}"
    return params.get("keuze") or None


def _standaard_indicator(db: Warehouse, keuze: str | None) -> str:
    # keuze is checked by bepaal_state: one value per theme and goal, once per warehouse version
    return cache.afgeleid(db, ("standaard_indicator", keuze),
                         lambda: _bepaal_standaard_indicator(db, keuze))


def _bepaal_standaard_indicator(db: Warehouse, keuze: str | None) -> str:
    cat = catalogus.indicatoren_in(db, keuze)
    if cat.empty:
        cat = db.indicatoren()
    if cat.empty:
        raise catalogus.OnbekendeWaarde("Het warehouse bevat nog geen indicatoren.")
    return catalogus.standaard_indicator(cat)


def bepaal_state(db: Warehouse, params: dict[str, Any], vorige: dict[str, Any] | None = None,
                 trigger: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """Validate requested state against the warehouse; fill defaults; say what was corrected.

    `trigger` names the control the user changed ('keuze', 'indicator', 'jaar', 'niveau',
    'gebied', 'weergave') or None for a URL; it decides which dependent choices reset.
    """
    meldingen: list[str] = []
    keuze = _keuze_uit(params)
    if keuze and not catalogus.keuze_bestaat(db, keuze):
        meldingen.append(f"Het thema of doel '{keuze.partition(':')[2]}' bestaat niet; "
                         "alle indicatoren worden getoond.")
        keuze = None

    code = params.get("indicator")
    in_keuze = cache.afgeleid(db, ("codes_in", keuze),
                             lambda: frozenset(catalogus.indicatoren_in(db, keuze)["code"]))
    if code and code not in catalogus.indicator_codes(db):
        meldingen.append(f"De indicator '{code}' bestaat niet; een andere is gekozen.")
        code = None
    if trigger == "keuze" and code not in in_keuze:
        code = None
    if not code:
        code = _standaard_indicator(db, keuze)

    niveau = params.get("niveau") or "wijk"
    if niveau not in KAART_NIVEAUS:
        meldingen.append(f"Het gebiedsniveau '{niveau}' bestaat niet; wijken worden getoond.")
        niveau = "wijk"

    jaren = gebieden.jaren(db, code)
    jaar = urlstate.as_int(params.get("jaar"))
    if trigger in ("keuze", "indicator"):
        jaar = jaar if (jaar in gebieden.kaart_jaren(db, code, niveau)) else None
    if params.get("jaar") not in (None, "") and jaar not in jaren and trigger is None:
        meldingen.append(f"Voor {params.get('jaar')} zijn er geen cijfers van deze indicator; "
                         "het laatste jaar wordt getoond.")
        jaar = None
    if jaar is None or jaar not in jaren:
        jaar = gebieden.standaard_jaar(db, code, niveau)

    indeling = gebieden.indeling_voor(db, code, jaar, niveau) if jaar is not None else None
    gebied = params.get("gebied") or None
    if gebied and indeling:
        vorige_indeling = (vorige or {}).get("indeling")
        if trigger is not None and vorige_indeling and vorige_indeling != indeling:
            gebied = _zelfde_gebied(db, gebied, vorige_indeling, indeling, niveau, meldingen)
        if gebied and not gebieden.gebied_bestaat(db, gebied, indeling, niveau):
            meldingen.append(f"Het gebied '{gebied}' bestaat niet in de "
                             f"{gebieden.indeling_label(indeling)}; kies een gebied.")
            gebied = None
    elif gebied and not indeling:
        gebied = None

    weergave = params.get("weergave") or "waarde"
    if weergave not in dict(WEERGAVEN):
        weergave = "waarde"
    if weergave == "verschil":
        reden = verschil_reden(db, code, jaar)
        if reden:
            if trigger in (None, "weergave"):
                meldingen.append(f"{reden} De kaart toont de waarden.")
            weergave = "waarde"
    state = {"keuze": keuze, "indicator": code, "jaar": jaar, "niveau": niveau,
             "indeling": indeling, "gebied": gebied, "weergave": weergave,
             "versie": db.version()}
    return state, meldingen


def _zelfde_gebied(db: Warehouse, code: str, van: str, naar: str, niveau: str,
                   meldingen: list[str]) -> str | None:
    """The area of indeling `naar` that is the same as `code` in `van`, or None (with a note)."""
    verg = db.vergelijkbaarheid(code, van)
    match = verg[(verg["indeling"] == naar) & verg["vergelijkbaar"].astype(bool)]
    if not match.empty:
        return str(match.iloc[0]["gebied_code"])
    naam = gebieden.gebied_naam(db, code, niveau, van)
    meldingen.append(f"{naam} heeft in de {gebieden.indeling_label(naar)} andere grenzen; "
                     "er is daarom geen gebied gekozen. Kies een gebied op de kaart of in de lijst.")
    return None


def url_params(state: dict[str, Any]) -> dict[str, Any]:
    """The URL parameters of a state (defaults included: a link must not depend on data)."""
    keuze = state.get("keuze") or ""
    soort, _, waarde = keuze.partition(":")
    return {
        "thema": waarde if soort == "thema" else None,
        "doel": waarde if soort == "doel" else None,
        "indicator": state.get("indicator"),
        "jaar": state.get("jaar"),
        "niveau": state.get("niveau"),
        "gebied": state.get("gebied"),
        "weergave": state.get("weergave") if state.get("weergave") != "waarde" else None,
    }


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
    keuzes, indicatoren = keuze_opties(db), indicator_opties(db, state["keuze"], state["indicator"])
    return html.Div([
        # The address the page was opened with: a Location without it reports the browser's
        # on mounting, a change that would ask the server for the view it already has.
        dcc.Location(id=f"{P}-url", refresh=False, search=_geopende_search()),
        dcc.Store(id=f"{P}-state", data=state),
        # The dropdowns' options with what they are ranked by; app/assets/zoeken.js fills the
        # dropdowns from them as the user types.
        dcc.Store(id=f"{P}-keuze-zoek", data=keuzes),
        dcc.Store(id=f"{P}-indicator-zoek", data=indicatoren),
        html.H1("Verkenner: kaart, ontwikkeling en uitsplitsing"),
        html.Div(
            [
                c.veld("Doel of thema", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                    id=f"{P}-keuze", options=zoeken.dropdown_opties(keuzes, state["keuze"] or ""),
                    value=state["keuze"] or "", clearable=False, searchable=True,
                    search_order="original", optionHeight=48, maxHeight=400),
                    f"{P}-keuze", hint="Maatschappelijke effecten met hun doelen, dan de thema's."),
                c.veld("Indicator", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                    id=f"{P}-indicator", value=state["indicator"], clearable=False,
                    options=zoeken.dropdown_opties(indicatoren, state["indicator"]),
                    searchable=True,
                    search_order="original",
                    placeholder="Typ om een indicator te zoeken",
                    optionHeight=48, maxHeight=400), f"{P}-indicator",
                    hint="Typ een woord: naam, definitie, doel (RD-07) of onderwerp "
                         "(armoede, eenzaamheid, wmo).", breed=True),
                c.veld("Jaar", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                    id=f"{P}-jaar", value=state["jaar"], clearable=False, searchable=False,
                    options=jaar_opties(db, state["indicator"], state["niveau"])), f"{P}-jaar"),
                c.keuzegroep(f"{P}-niveau", "Gebiedsniveau", NIVEAU_OPTIES, state["niveau"]),
                c.veld("Gebied", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                    id=f"{P}-gebied", value=state["gebied"], clearable=False, searchable=True,
                    placeholder="Kies een gebied (of klik op de kaart)",
                    options=gebied_keuzes(db, state["niveau"], state["indeling"])), f"{P}-gebied"),
                c.keuzegroep(f"{P}-weergave", "Kleur op de kaart", WEERGAVEN, state["weergave"],
                             [v for v, off in zip(dict(WEERGAVEN), _weergave_uit(db, state),
                                                  strict=True) if off],
                             reden=verschil_reden(db, state["indicator"], state.get("jaar"))),
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


def _pagina_link(state: dict) -> Callable[[str], str]:
    """The address of this view with another area chosen (the ranking's links)."""
    params = url_params(state)
    return lambda code: urlstate.search({**params, "gebied": code}, PARAMS)


# What the kinds of view need of this page (app/onderdelen/basis.py Pagina).
PAGINA = Pagina(prefix=P, controleer=lambda state: _uit_store(state), gebied_links=_pagina_link)


def _eigen(naam: str, outputs: tuple[tuple[str, str], ...], sleutels: Callable[[dict], tuple],
           render: Callable[[dict], Any]) -> Onderdeel:
    """A part of this page only (no embed, no export), in the registry's form."""
    return Onderdeel(naam, outputs, sleutels, lambda state, _pagina: render(state))


# The page's own parts, in the registry's form (they have no embed and no export).
EIGEN: dict[str, Onderdeel] = {
    "info": _eigen("info", (("titel", "children"), ("info", "children")),
                   lambda s: (s.get("indicator"),), lambda s: render_info(s)),
    "insluiten": _eigen("insluiten", (("insluiten", "children"),),
                        lambda s: tuple(s.get(k) for k in ("indicator", "jaar", "niveau", "gebied",
                                                           "weergave")), lambda s: render_insluiten(s)),
    "acties": _eigen("acties", (("acties", "children"),), lambda s: (s.get("keuze"),),
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


def render_onderdeel(onderdeel: str, state: dict) -> tuple:
    """The outputs of one part of the page for a state (as its `outputs` list them), drawn once per
    warehouse version: every visitor opening the default view, or the same indicator, gets the
    parts drawn for the first (GETEKENDE_DELEN; values are shared, never changed in place)."""
    context = CONTEXT[onderdeel]() if onderdeel in CONTEXT else None
    deel = _deel(onderdeel)

    def teken() -> tuple:
        uit = deel.render(state, PAGINA)
        return uit if isinstance(uit, tuple) else (uit,)

    return GETEKENDE_DELEN(current(), (P, onderdeel, deel.sleutels(state), context), teken)


def render(naam: str, state: dict) -> tuple:
    """One part of the page drawn for a state, uncached (tests, and the names below)."""
    uit = _deel(naam).render(state, PAGINA)
    return uit if isinstance(uit, tuple) else (uit,)


def gewijzigde_onderdelen(state: dict, vorige: dict) -> list:
    """The outputs of every part, no_update for a part drawn from the same state as before (the
    browser shows it already) in the same warehouse version; a part that can answer a smaller
    change (the map, when only the chosen area changed) does so."""
    zelfde_versie = vorige.get("versie") == state.get("versie")
    uit: list = []
    for deel in onderdelen():
        if zelfde_versie and deel.sleutels(vorige) == deel.sleutels(state):
            uit += [no_update] * len(deel.outputs)
            continue
        klein = deel.bijwerken(state, vorige, PAGINA) if deel.bijwerken else None
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
        dash.ClientsideFunction(namespace="zoeken", function_name="rangschik"),
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
         vorige: dict | None) -> tuple:
    """The logic of sync_state, callable without Dash (tests)."""
    db = current()
    vorige = vorige if isinstance(vorige, dict) else {}
    url_params_in = urlstate.parse(search)
    if trig in (None, f"{P}-url"):
        params, trigger = url_params_in, None
        extra = [urlstate.onbekend_melding(urlstate.onbekend(url_params_in, PARAMS))]
    else:
        extra = []
        params = dict(url_params(vorige))
        params.pop("thema", None)
        params.pop("doel", None)
        params["keuze"] = vorige.get("keuze")
        trigger = None
        if isinstance(trig, dict):
            trigger = trig["type"].removeprefix(f"{P}-")
            params[trigger] = trig["value"]
        else:
            trigger = _TRIGGERS.get(trig)
            if trig == f"{P}-keuze":
                params["keuze"] = keuze or None
            elif trig == f"{P}-indicator":
                params["indicator"] = indicator
            elif trig == f"{P}-jaar":
                params["jaar"] = jaar
            elif trig == f"{P}-gebied":
                params["gebied"] = gebied
            elif trig == f"{P}-kaart":
                code = _code_uit_klik(click)
                if code is None:  # a legend or pattern trace, not an area: nothing changes
                    raise PreventUpdate
                params["gebied"] = code
    state, meldingen = bepaal_state(db, params, vorige, trigger)
    nieuw_search = urlstate.search(url_params(state), PARAMS)
    url_out = no_update
    if trigger is not None and nieuw_search != (search or ""):
        url_out = nieuw_search
    return (
        url_out,
        state,
        state["keuze"] or "",
        # The indicator list (with its search texts, the largest part of this answer) changes
        # only with the goal or theme, or with a link; a pick from the list keeps it.
        (indicator_opties(db, state["keuze"], state["indicator"])
         if trigger in (None, "keuze") else no_update),
        state["indicator"],
        jaar_opties(db, state["indicator"], state["niveau"]),
        state["jaar"],
        gebied_keuzes(db, state["niveau"], state["indeling"]),
        state["gebied"],
        _pressed(NIVEAU_OPTIES, state["niveau"]),
        _pressed(WEERGAVEN, state["weergave"]),
        _weergave_uit(db, state),
        verschil_reden(db, state["indicator"], state.get("jaar")),
        " ".join(m for m in extra + meldingen if m),
        *gewijzigde_onderdelen(state, vorige),
    )


def verschil_reden(db: Warehouse, code: str, jaar: int | None) -> str:
    """Why 'Verschil met de gemeente' cannot be shown for this indicator and year ('' if it can)."""
    if not catalogus.is_vergelijkbaar(catalogus.indicator(db, code)):
        return "Deze indicator is een aantal: een verschil met de gemeente zegt niets."
    gemeente = settings().gemeente
    if jaar is not None and not kaart.gemeente_heeft_waarde(db, code, jaar, gemeente):
        return (f"{gebieden.gebied_naam(db, gemeente)} heeft voor {jaar} geen cijfer: een verschil "
                "met de gemeente is niet te berekenen.")
    return ""


def _weergave_uit(db: Warehouse, state: dict) -> list[bool]:
    """Which colouring buttons are disabled: 'verschil' when verschil_reden gives a reason."""
    uit = bool(verschil_reden(db, state["indicator"], state.get("jaar")))
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


def _uit_store(state: Any) -> dict[str, Any]:
    """The state as sync_state stored it, for the callbacks that query a year at a level.

    A hand-made state (a tampered request) gets a message instead of an unexpected error.
    """
    if (not isinstance(state, dict) or state.get("niveau") not in KAART_NIVEAUS
            or urlstate.as_int(state.get("jaar")) != state.get("jaar")):
        raise catalogus.OnbekendeWaarde("Deze weergave is niet door de Wijkmonitor gemaakt; laad de "
                                   "pagina opnieuw.")
    return state


_gebied = gebied_tuple  # the chosen area of a state: (gebied, indeling, niveau) or None


def render_info(state: dict):
    """Indicator title and its definition, source and toelichting."""
    db = current()
    ind = catalogus.indicator(db, state["indicator"])
    info = c.indicator_info(ind, catalogus.doel_namen(db))
    tekst = geen_nieuwe_cijfers_tekst(ind)
    return ind["naam"], [html.P(tekst, className="melding"), info] if tekst else info


def render_acties(state: dict):
    """The goal view: what the uitvoeringsprogramma's do for the goal. Placed after the map (on a
    phone the block is screens long, and the map is what the page is for)."""
    soort, _, doel = (state.get("keuze") or "").partition(":")
    if soort != "doel":
        return None
    blok = programma.blok_voor_doel(programma.programma_voor_doel(current(), doel))
    return programma.acties_dash(blok, kop=html.H2)  # a part of the page, beside map and trend


def geen_nieuwe_cijfers_tekst(ind: pd.Series) -> str:
    """'Geen nieuwe cijfers: …' with the last year that has figures, for such indicators only."""
    if ind.get("monitor_status") != "geen nieuwe cijfers":
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


def render_kaart(state: dict) -> tuple:
    """The map's outputs for a state (app/onderdelen/kaart.py render)."""
    return render("kaart", state)


def render_trend(state: dict) -> tuple:
    """The trend's outputs for a state (app/onderdelen/trend.py render)."""
    return render("trend", state)


def render_uitsplitsing(state: dict) -> tuple:
    """The breakdown's outputs for a state (app/onderdelen/uitsplitsing.py render)."""
    return render("uitsplitsing", state)


def export_onderdelen(
    db: Warehouse, state: dict
) -> tuple[dict[str, pd.DataFrame], dict[str, str], pd.Series]:
    """The frames behind the current view (each registered kind's, in its export order) and the
    metadata that travels with them."""
    ind = catalogus.indicator(db, state["indicator"])
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
        "Weergave": "verkenner" + urlstate.search(url_params(state), PARAMS),
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
def download(_csv: int, _xlsx: int, state: dict):
    """The data behind the view as CSV or Excel."""
    state = _uit_store(state)
    db = current()
    onderdelen, meta, ind = export_onderdelen(db, state)
    if ctx.triggered_id == f"{P}-xlsx":
        gemeente = settings().gemeente
        inhoud = export.naar_excel(onderdelen, meta, koppen={
            f"verschil_met_{gemeente}": f"Verschil met {gebieden.gebied_naam(db, gemeente)}"})
        return dcc.send_bytes(inhoud, export.bestandsnaam(ind["code"], str(state.get("jaar") or ""),
                                                          extensie="xlsx"))
    inhoud = export.naar_csv(onderdelen, meta, per_rij={
        "indicator": ind["code"], "eenheid": ind["eenheid"], "bron": ind["bron"],
        "definitie": ind["definitie"] or ""})
    return dcc.send_bytes(inhoud, export.bestandsnaam(ind["code"], str(state.get("jaar") or ""),
                                                      extensie="csv"))


def render_insluiten(state: dict):
    """Iframe code for every registered kind of view with an embed that has data for this view."""
    db = current()
    code = state["indicator"]
    naam = catalogus.indicator(db, code)["naam"]
    waarden = {"indicator": code, "jaar": state.get("jaar"), "niveau": state.get("niveau"),
               "gebied": state.get("gebied"),
               "weergave": state.get("weergave") if state.get("weergave") != "waarde" else None}
    soorten = [deel.embed for deel in REGISTER.values()
               if deel.embed is not None and deel.embed.beschikbaar(db, state)]
    if not soorten:
        return html.P("Deze indicator heeft nog geen cijfers om in te sluiten.")
    basis = embed.basis_url()
    return [c.insluitcode(f"{P}-insluiten-{e.naam}", f"Code voor de {e.titel}",
                          embed.snippet(basis, e.naam, waarden,
                                        f"Wijkmonitor Amersfoort: {naam}, {e.titel}"))
            for e in soorten]
