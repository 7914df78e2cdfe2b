"""Page '/verkenner': the verkenner — choose an indicator, see the map, the trend and the breakdown.

Layout and callbacks only; the whole view state lives in the URL (docs/app.md lists the params).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import Any

import dash
import numpy as np
import pandas as pd
from dash import ALL, Input, Output, Patch, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from app import components as c
from app import data, embed, export, figures, fmt, programma, rangorde, rules, urlstate, vocab, zoeken
from app import verwant as verwante
from app.config import settings
from app.errors import safe_layout
from app.queries import KAART_NIVEAUS, Warehouse, current

dash.register_page(__name__, path="/verkenner", name="Verkenner", title="Wijkmonitor — verkenner", order=0)

P = "verkenner"
PARAMS = ("thema", "doel", "indicator", "jaar", "niveau", "gebied", "weergave")
WEERGAVEN = (("waarde", "Waarde"), ("verschil", "Verschil met de gemeente"))
NIVEAU_OPTIES = tuple((n, data.NIVEAU_LABEL[n]) for n in KAART_NIVEAUS)


# -- state -------------------------------------------------------------------------------------


def _keuze_uit(params: dict[str, Any]) -> str | None:
    if params.get("doel"):
        return f"doel:{params['doel']}"
    if params.get("thema"):
        return f"thema:{params['thema']}"
    return params.get("keuze") or None


def _standaard_indicator(db: Warehouse, keuze: str | None) -> str:
    # keuze is checked by bepaal_state: one value per theme and goal, once per warehouse version
    return data.afgeleid(db, ("standaard_indicator", keuze),
                         lambda: _bepaal_standaard_indicator(db, keuze))


def _bepaal_standaard_indicator(db: Warehouse, keuze: str | None) -> str:
    cat = data.indicatoren_in(db, keuze)
    if cat.empty:
        cat = db.indicatoren()
    if cat.empty:
        raise data.OnbekendeWaarde("Het warehouse bevat nog geen indicatoren.")
    return data.standaard_indicator(cat)


def bepaal_state(db: Warehouse, params: dict[str, Any], vorige: dict[str, Any] | None = None,
                 trigger: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """Validate requested state against the warehouse; fill defaults; say what was corrected.

    `trigger` names the control the user changed ('keuze', 'indicator', 'jaar', 'niveau',
    'gebied', 'weergave') or None for a URL; it decides which dependent choices reset.
    """
    meldingen: list[str] = []
    keuze = _keuze_uit(params)
    if keuze and not data.keuze_bestaat(db, keuze):
        meldingen.append(f"Het thema of doel '{keuze.partition(':')[2]}' bestaat niet; "
                         "alle indicatoren worden getoond.")
        keuze = None

    code = params.get("indicator")
    in_keuze = data.afgeleid(db, ("codes_in", keuze),
                             lambda: frozenset(data.indicatoren_in(db, keuze)["code"]))
    if code and code not in data.indicator_codes(db):
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

    jaren = data.jaren(db, code)
    jaar = urlstate.as_int(params.get("jaar"))
    if trigger in ("keuze", "indicator"):
        jaar = jaar if (jaar in data.kaart_jaren(db, code, niveau)) else None
    if params.get("jaar") not in (None, "") and jaar not in jaren and trigger is None:
        meldingen.append(f"Voor {params.get('jaar')} zijn er geen cijfers van deze indicator; "
                         "het laatste jaar wordt getoond.")
        jaar = None
    if jaar is None or jaar not in jaren:
        jaar = data.standaard_jaar(db, code, niveau)

    indeling = data.indeling_voor(db, code, jaar, niveau) if jaar is not None else None
    gebied = params.get("gebied") or None
    if gebied and indeling:
        vorige_indeling = (vorige or {}).get("indeling")
        if trigger is not None and vorige_indeling and vorige_indeling != indeling:
            gebied = _zelfde_gebied(db, gebied, vorige_indeling, indeling, niveau, meldingen)
        if gebied and not data.gebied_bestaat(db, gebied, indeling, niveau):
            meldingen.append(f"Het gebied '{gebied}' bestaat niet in de "
                             f"{data.indeling_label(indeling)}; kies een gebied.")
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
    naam = data.gebied_naam(db, code, niveau, van)
    meldingen.append(f"{naam} heeft in de {data.indeling_label(naar)} andere grenzen; "
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


# -- options -----------------------------------------------------------------------------------


def keuze_opties(db: Warehouse) -> list[dict[str, Any]]:
    """'Alle indicatoren', the themes, then the goals of the beleidskader; each option with what
    app/assets/zoeken.js ranks it by (zoeken.zoekoptie)."""
    return list(data.afgeleid(db, "verkenner_keuze_opties", lambda: _keuze_opties(db)))


# Indentation of a goal under its maatschappelijk effect in the goal tree (em spaces: kept by
# the browser, silent for screen readers, which hear the code and the name).
INSPRINGING = "\u2003\u2003"


def _aantal(n: int) -> str:
    return f"({n} indicator{'' if n == 1 else 'en'})"


def _keuze_opties(db: Warehouse) -> list[dict[str, Any]]:
    """The goal tree (maatschappelijk effect -> richtinggevende doelen, then the
    transformatiedoelen), then the themes; each with its number of indicators."""
    def n(keuze: str) -> int:
        return len(data.indicatoren_in(db, keuze))

    def acties(doel: str) -> list[str]:  # titles of the programme actions serving the goal
        return [str(x) for x in data.programma_voor_doel(db, doel).acties["titel"]]

    zw = data.zoekwoorden(db)
    opties = [zoeken.zoekoptie(f"Alle indicatoren {_aantal(n(''))}", "",
                               ("alle indicatoren", "", ""))]
    doelen = db.doelen().sort_values(["volgorde", "doel_code"], kind="stable")
    kinderen: dict[str, list[tuple[str, str]]] = {}
    for r in doelen.itertuples():
        if isinstance(r.parent_code, str) and r.parent_code:
            kinderen.setdefault(r.parent_code, []).append((r.doel_code, r.naam))
    boven = doelen[doelen["parent_code"].isna() | (doelen["parent_code"] == "")]
    for r in boven.itertuples():  # effects first (ME-*), then goals without a parent (TD-*)
        opties.append(zoeken.zoekoptie(
            f"{r.doel_code} {r.naam} {_aantal(n(f'doel:{r.doel_code}'))}", f"doel:{r.doel_code}",
            zoeken.doel_velden(r.doel_code, r.naam, zw, kinderen.get(r.doel_code, []),
                               acties(r.doel_code))))
        for code, naam in kinderen.get(r.doel_code, []):
            opties.append(zoeken.zoekoptie(
                f"{INSPRINGING}{code} {naam} {_aantal(n(f'doel:{code}'))}", f"doel:{code}",
                zoeken.doel_velden(code, naam, zw, acties=acties(code))))
    opties += [zoeken.zoekoptie(f"Thema: {t} {_aantal(n(f'thema:{t}'))}", f"thema:{t}",
                                (f"thema {t}", " ".join(zoeken.termen_in(t, zw)), ""))
               for t in data.themas(db)]
    return opties


def _indicator_opties(db: Warehouse, cat: pd.DataFrame) -> list[dict[str, Any]]:
    """Options of the indicator dropdown: 'naam (thema)', ranked by zoeken.indicator_velden."""
    doel_namen, zw, gewichten = data.doel_namen(db), data.zoekwoorden(db), data.zoek_gewichten(db)
    return [zoeken.zoekoptie(f"{r['naam']} ({r['thema']})", r["code"],
                             zoeken.indicator_velden(r, doel_namen, zw),
                             gewichten.get(r["code"], zoeken.GEWICHT_OVERIG))
            for r in cat.to_dict("records")]


def indicator_opties(db: Warehouse, keuze: str | None, huidige: str | None) -> list[dict[str, Any]]:
    """The indicators of the choice, then the current one when it is not among them (the list
    keeps it: the dropdown clears a value missing from its options); with their search fields."""
    def compute() -> tuple[list[dict], frozenset[str]]:
        cat = data.indicatoren_in(db, keuze)
        return _indicator_opties(db, cat), frozenset(cat["code"])

    if keuze and not data.keuze_bestaat(db, keuze):  # not cached: any text could come here
        opties, codes = compute()
    else:
        opties, codes = data.afgeleid(db, ("indicator_opties", keuze), compute)
    if huidige and huidige not in codes:
        alle = db.indicatoren()
        return list(opties) + _indicator_opties(db, alle[alle["code"] == huidige])
    return list(opties)


def jaar_opties(db: Warehouse, indicator: str, niveau: str) -> list[dict]:
    """Years with figures; years without map figures say so."""
    kaart = set(data.kaart_jaren(db, indicator, niveau))
    label = data.NIVEAU_LABEL[niveau].lower()
    return [{"label": str(j) if j in kaart else f"{j} (geen cijfers voor {label})", "value": j}
            for j in reversed(data.jaren(db, indicator))]


def gebied_opties(db: Warehouse, niveau: str, indeling: str | None) -> list[dict]:
    """The areas of the map's indeling in the gemeente, by name (the map shows no others)."""
    if not indeling:
        return []
    gemeente = settings().gemeente

    def compute() -> list[dict]:
        g = data.gebieden_van_gemeente(db, niveau, indeling, gemeente)
        return [{"label": f"{naam} ({code})", "value": code}
                for naam, code in zip(g["naam"], g["gebied_code"], strict=True)]

    return list(data.afgeleid(db, ("verkenner_gebied_opties", niveau, indeling, gemeente),
                              compute))


# Choosing no area is the list's first option, not Dash's clear button: that is a link inside the
# dropdown's <button> (invalid HTML, and out of reach of the keyboard). '' becomes no area.
GEEN_GEBIED = {"label": "Geen gebied (alleen de kaart)", "value": ""}


def gebied_keuzes(db: Warehouse, niveau: str, indeling: str | None) -> list[dict]:
    """The area dropdown's options: 'no area', then the areas (gebied_opties)."""
    opties = gebied_opties(db, niveau, indeling)
    return [GEEN_GEBIED, *opties] if opties else []


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
             for naam, outputs in ONDERDELEN
             for (onderdeel, prop), waarde in zip(outputs, render_onderdeel(naam, state),
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
        html.Section([
            html.H2("Kaart", id=f"{P}-kaart-kop"),
            html.P(eerst["kaart-uitleg", "children"], id=f"{P}-kaart-uitleg", className="uitleg"),
            html.Div([
                html.Div(dcc.Loading(dcc.Graph(id=f"{P}-kaart", config=c.GRAPH_CONFIG,
                                               className="grafiek kaart",
                                               figure=eerst["kaart", "figure"]),
                                     type="default", delay_show=300), className="kaart-vak",
                         id=f"{P}-kaart-vak", hidden=eerst["kaart-vak", "hidden"]),
                html.Div(eerst["rang", "children"], id=f"{P}-rang", className="rang-vak"),
            ], id=f"{P}-kaart-blok", className="kaart-rij", hidden=eerst["kaart-blok", "hidden"]),
            html.Div(eerst["kaart-tabel", "children"], id=f"{P}-kaart-tabel"),
        ], className="paneel", **{"aria-labelledby": f"{P}-kaart-kop"}),
        html.Div(eerst["acties", "children"], id=f"{P}-acties"),
        html.Section([
            html.H2("Ontwikkeling door de jaren", id=f"{P}-trend-kop"),
            html.Div(eerst["trend-oordeel", "children"], id=f"{P}-trend-oordeel",
                     className="uitleg"),
            dcc.Graph(id=f"{P}-trend", config=c.GRAPH_CONFIG, className="grafiek",
                      figure=eerst["trend", "figure"]),
            html.Ul(eerst["trend-notities", "children"], id=f"{P}-trend-notities",
                    className="notities"),
            html.Div(eerst["trend-tabel", "children"], id=f"{P}-trend-tabel"),
        ], className="paneel", **{"aria-labelledby": f"{P}-trend-kop"}),
        html.Section([
            html.H2("Uitsplitsing naar groepen (opleiding, geslacht, leeftijd, …)",
                    id=f"{P}-uits-kop"),
            html.P(eerst["uits-notitie", "children"], id=f"{P}-uits-notitie", className="uitleg"),
            html.Div(dcc.Graph(id=f"{P}-uits", config=c.GRAPH_CONFIG, className="grafiek",
                               figure=eerst["uits", "figure"]),
                     id=f"{P}-uits-blok", className="grafiek-blok",
                     hidden=eerst["uits-blok", "hidden"]),
            html.Div(eerst["uits-tabel", "children"], id=f"{P}-uits-tabel"),
        ], className="paneel", **{"aria-labelledby": f"{P}-uits-kop"}),
        html.Section([
            html.H2("Gegevens downloaden", id=f"{P}-download-kop"),
            html.P("De cijfers achter deze weergave (kaart, ontwikkeling en uitsplitsing), met "
                   "bron en definitie. Een grafiek bewaart u als PNG met het fototoestel-icoon "
                   "boven de grafiek."),
            c.download_knoppen(P),
        ], className="paneel geen-print", **{"aria-labelledby": f"{P}-download-kop"}),
        c.insluiten(P, eerst["insluiten", "children"]),
    ], className="pagina verkenner")


# -- callbacks ---------------------------------------------------------------------------------

# The parts of the page drawn from the state: their outputs (component id suffix, property), in
# the order their render function returns them, and what of the state each is drawn from. The page
# is drawn in the layout; after that one callback (sync_state) answers an interaction with the new
# state and every part whose keys changed: one request, where a state store feeding five render
# callbacks took two request waves (docs/performance.md, *Profiled*).
ONDERDELEN: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("info", (("titel", "children"), ("info", "children"))),
    ("kaart", (("kaart", "figure"), ("rang", "children"), ("kaart-blok", "hidden"),
               ("kaart-uitleg", "children"), ("kaart-tabel", "children"),
               ("kaart-vak", "hidden"))),
    ("trend", (("trend", "figure"), ("trend-oordeel", "children"), ("trend-notities", "children"),
               ("trend-tabel", "children"))),
    ("uitsplitsing", (("uits", "figure"), ("uits-blok", "hidden"), ("uits-notitie", "children"),
                      ("uits-tabel", "children"))),
    ("insluiten", (("insluiten", "children"),)),
    ("acties", (("acties", "children"),)),
)
SLEUTELS: dict[str, Callable[[dict], tuple]] = {
    "info": lambda s: (s.get("indicator"),),
    "acties": lambda s: (s.get("keuze"),),
    "kaart": lambda s: (_kaart_basis(s), s.get("gebied")),
    "trend": lambda s: (s.get("indicator"), _gebied(s)),
    "uitsplitsing": lambda s: (s.get("indicator"), s.get("jaar"), _gebied(s)),
    "insluiten": lambda s: tuple(s.get(k) for k in ("indicator", "jaar", "niveau", "gebied",
                                                     "weergave")),
}
# What else a part is drawn from: the embed code names the address the page was asked at.
CONTEXT: dict[str, Callable[[], Hashable]] = {"insluiten": lambda: embed.basis_url()}


def _kaart_basis(s: dict) -> tuple:
    """What the map is drawn from besides the chosen area (keuze: the ranking's links carry the
    theme or goal)."""
    return tuple(s.get(k) for k in ("indicator", "jaar", "niveau", "indeling", "weergave",
                                    "keuze"))


def render_onderdeel(onderdeel: str, state: dict) -> tuple:
    """The outputs of one part of the page for a state (as ONDERDELEN lists them), drawn once per
    warehouse version: every visitor opening the default view, or the same indicator, gets the
    parts drawn for the first (data.weergave; values are shared, never changed in place)."""
    context = CONTEXT[onderdeel]() if onderdeel in CONTEXT else None

    def teken() -> tuple:
        uit = RENDER[onderdeel](state)
        return uit if isinstance(uit, tuple) else (uit,)

    return data.weergave(current(), (P, onderdeel, SLEUTELS[onderdeel](state), context), teken)


def gewijzigde_onderdelen(state: dict, vorige: dict) -> list:
    """The outputs of every part, no_update for a part drawn from the same state as before (the
    browser shows it already) in the same warehouse version."""
    zelfde_versie = vorige.get("versie") == state.get("versie")
    uit: list = []
    for onderdeel, outputs in ONDERDELEN:
        if zelfde_versie and SLEUTELS[onderdeel](vorige) == SLEUTELS[onderdeel](state):
            uit += [no_update] * len(outputs)
        elif (onderdeel == "kaart" and zelfde_versie
              and _kaart_basis(vorige) == _kaart_basis(state)):
            uit += kaart_selectie(state)
        else:
            uit += render_onderdeel(onderdeel, state)
    return uit


def kaart_selectie(state: dict) -> tuple:
    """The map part when only the chosen area changed: the outline as a patch of the map's
    shapes (plotly redraws the outline alone) and the ranking with the new row marked."""
    kd = _kaartdata(state) if state.get("jaar") is not None else None
    if kd is None or kd.zonder_grenzen or not kd.heeft_cijfers:
        return render_onderdeel("kaart", state)
    figuur = Patch()
    figuur["layout"]["shapes"] = figures.selectie_vormen(kd, state.get("gebied"))
    return figuur, _rangorde(kd, state), no_update, no_update, no_update, no_update


def _kaartdata(state: dict) -> data.KaartData:
    """The map's figures for a state (shared: never changed)."""
    return data.kaart(current(), state["indicator"], state["jaar"], state["niveau"],
                      settings().gemeente)


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
    *(Output(f"{P}-{onderdeel}", prop) for _, outputs in ONDERDELEN for onderdeel, prop in outputs),
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
    if not data.is_vergelijkbaar(data.indicator(db, code)):
        return "Deze indicator is een aantal: een verschil met de gemeente zegt niets."
    gemeente = settings().gemeente
    if jaar is not None and not data.gemeente_heeft_waarde(db, code, jaar, gemeente):
        return (f"{data.gebied_naam(db, gemeente)} heeft voor {jaar} geen cijfer: een verschil "
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
        raise data.OnbekendeWaarde("Deze weergave is niet door de Wijkmonitor gemaakt; laad de "
                                   "pagina opnieuw.")
    return state


def _gebied(state: dict) -> tuple[str, str, str] | None:
    if state.get("gebied") and state.get("indeling"):
        return (state["gebied"], state["indeling"], state["niveau"])
    return None


def render_info(state: dict):
    """Indicator title and its definition, source and toelichting."""
    db = current()
    ind = data.indicator(db, state["indicator"])
    info = c.indicator_info(ind, data.doel_namen(db))
    tekst = geen_nieuwe_cijfers_tekst(ind)
    return ind["naam"], [html.P(tekst, className="melding"), info] if tekst else info


def render_acties(state: dict):
    """The goal view: what the uitvoeringsprogramma's do for the goal. Placed after the map (on a
    phone the block is screens long, and the map is what the page is for)."""
    soort, _, doel = (state.get("keuze") or "").partition(":")
    if soort != "doel":
        return None
    blok = programma.blok_voor_doel(data.programma_voor_doel(current(), doel))
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


def verwant_melding(verwijzingen: tuple[verwante.Verwijzing, ...]) -> list[Any]:
    """' Cijfers per wijk zijn er wel voor <link> en <link>.' after the notice that there are no
    wijk figures; why they are related is on /ontbrekend (one link, the notice stays short)."""
    if not verwijzingen:
        return []
    wat = "de verwante indicator " if len(verwijzingen) == 1 else "de verwante indicatoren "
    delen: list[Any] = [f" Cijfers per wijk zijn er wel voor {wat}"]
    for i, v in enumerate(verwijzingen):
        if i:
            delen.append(" en " if i == len(verwijzingen) - 1 else ", ")
        delen.append(html.A(v.naam, href=v.href))
    return [*delen, ". Waarom die verwant zijn: ", html.A("wat ontbreekt per wijk", href="/ontbrekend"), "."]


def kaart_tabel(kd: data.KaartData) -> Any:
    """The map's table alternative: every area in ranking order (worst first), then the areas
    without a value; one component (server-escaped HTML)."""
    eenheid = kd.indicator["eenheid"]
    rang, uitleg = data.rangorde(kd)
    zonder = kd.gebieden[kd.gebieden["status"] != fmt.STATUS_WAARDE].sort_values("naam")
    g = pd.concat([rang, zonder], ignore_index=True)
    d = fmt.decimalen_indicator(kd.indicator.get("decimalen"), list(g["waarde"]) + [kd.gemeente_waarde])
    rows = pd.DataFrame({
        "gebied": g["naam"],
        "code": g["gebied_code"],
        "waarde": [fmt.waarde(w, eenheid, s, decimalen=d, soort=k)
                   for w, s, k in zip(g["waarde"], g["status"], g["soort"], strict=True)],
        "verschil": [fmt.verschil(v, eenheid, d) if s == fmt.STATUS_WAARDE else ""
                     for v, s in zip(g["verschil"], g["status"], strict=True)],
        "rang": [str(i + 1) for i in range(len(rang))] + [""] * len(zonder),
    })
    caption = (f"{kd.indicator['naam']}, {kd.periode_label}, per "
               f"{data.NIVEAU_ENKELVOUD[kd.niveau]}, {uitleg}; {kd.gemeente_naam}: "
               f"{fmt.waarde(kd.gemeente_waarde, eenheid, kd.gemeente_status, decimalen=d)}")
    return c.tabel_alternatief(c.html_tabel(
        rows, [("gebied", "Gebied"), ("code", "Code"), ("waarde", "Waarde"),
               ("verschil", f"Verschil met {kd.gemeente_naam}"), ("rang", "Rang")],
        caption, tabel_id=f"{P}-kaart-data", rij_kop="gebied",
        numeriek=("waarde", "verschil", "rang")), "Tabel bij de kaart (met de rangorde)")


def render_kaart(state: dict):
    """The choropleth for the chosen year and level, or why there is none."""
    state = _uit_store(state)
    cfg = settings()
    if state.get("jaar") is None:
        return {"data": []}, "", True, "Deze indicator heeft nog geen cijfers.", "", False
    kd = _kaartdata(state)
    niveau = data.NIVEAU_LABEL[state["niveau"]].lower()
    if kd.zonder_grenzen:  # figures of an indeling without boundaries: a ranking, no map
        kd_rang = dataclasses.replace(kd, gebieden=kd.zonder_geometrie)
        # no map: its box is left out and the ranking takes the row (wijkmonitor.css)
        return ({"data": [], "layout": {"height": 10}}, _rangorde(kd_rang, state), False,
                f"{kd.zonder_grenzen} De rangorde toont de cijfers.", kaart_tabel(kd_rang), True)
    if not kd.heeft_cijfers:
        if kd.andere_jaren:
            tekst = (f"Voor {state['jaar']} zijn er geen cijfers voor {niveau}; wel voor "
                     f"{', '.join(map(str, kd.andere_jaren))}. De ontwikkeling en uitsplitsing "
                     "voor de gemeente staan hieronder.")
        else:
            tekst = (f"Voor deze indicator zijn geen cijfers voor {niveau}: er zijn alleen cijfers "
                     f"voor {kd.gemeente_naam} en de vergelijkingsgebieden. De ontwikkeling en "
                     "uitsplitsing staan hieronder.")
        inhoud = [tekst, *verwant_melding(verwante.voor(current(), state["indicator"]))]
        return {"data": [], "layout": {"height": 10}}, "", True, inhoud, "", False
    fig = figures.kaart_figuur(kd, state["weergave"], state.get("gebied"), cfg.basemap_url,
                               cfg.basemap_attribution)
    eenheid = kd.indicator["eenheid"]
    uitleg = (f"{kd.indicator['naam']} per {data.NIVEAU_ENKELVOUD[state['niveau']]}, "
              f"{kd.periode_label} ({data.indeling_label(kd.indeling)}). {kd.gemeente_naam}: "
              f"{fmt.waarde(kd.gemeente_waarde, eenheid, kd.gemeente_status)}"
              f"{f' ({data.BEREKEND_UIT_WIJKEN})' if kd.gemeente_afgeleid else ''}. "
              "Beweeg over een gebied voor de waarde; klik om het te kiezen. "
              f"Klassen: {figures.klassemethode(kd.gebieden['waarde'])}. Naast (of onder) de "
              "kaart de rangorde van de gebieden met een cijfer.")
    return fig, _rangorde(kd, state), False, uitleg, kaart_tabel(kd), False


def _rangorde(kd: data.KaartData, state: dict) -> Any:
    """The ranking beside the map; each row links to this view with that area chosen."""
    rij, uitleg = data.rangorde(kd)
    params = url_params(state)
    return rangorde.rangorde_html(
        kd, rij, uitleg, lambda code: urlstate.search({**params, "gebied": code}, PARAMS),
        state.get("gebied"), element_id=f"{P}-rangorde", weergave=state.get("weergave") or "waarde")


def trend_tabel(td: data.TrendData) -> Any:
    """Years as rows, series as columns (the trend's table alternative)."""
    eenheid = td.indicator["eenheid"]
    r = td.reeksen
    if r.empty:
        return html.P("Geen cijfers.")
    rows = data.trend_tabel_rijen(td)
    df = pd.DataFrame(rows)
    kol = [("jaar", "Jaar")] + [(n, n) for n in td.volgorde]
    caption = (f"{td.indicator['naam']} ({fmt.eenheid_label(eenheid)}); * = significant verschil "
               "met de vorige meting; tussen haakjes het 95%-betrouwbaarheidsinterval; – = geen "
               "cijfer")
    return c.tabel_alternatief(c.html_tabel(df, kol, caption, tabel_id=f"{P}-trend-data",
                                            rij_kop="jaar", numeriek=tuple(td.volgorde)),
                               "Tabel bij de ontwikkeling")


def vergelijking_tekst(v: data.Vergelijking, eenheid: str) -> tuple[str, str, str]:
    """(lead, verdict, rule) of one comparison, e.g. ('Amersfoort tegen Nederland, 2023: …',
    'hoger (gunstig)', 'op basis van de 95%-betrouwbaarheidsintervallen'). docs/app.md."""
    if v.jaar is None:
        return f"{v.gebied} tegen {v.referentie}: ", "geen vergelijking", \
            f"{v.gebied} heeft geen cijfers"
    if v.referentie_waarde is None:
        return (f"{v.gebied} tegen {v.referentie}, {v.periode}: ", "geen vergelijking",
                f"{v.referentie} heeft geen cijfer over {v.periode}")
    lead = (f"{v.gebied} tegen {v.referentie}, {v.periode} ({fmt.waarde(v.waarde, eenheid)} "
            f"tegen {fmt.waarde(v.referentie_waarde, eenheid)}): ")
    oordeel = v.oordeel.richting
    if v.gunstigheid and v.gunstigheid != rules.NEUTRAAL:
        oordeel += f" ({v.gunstigheid})"
    return lead, oordeel, rules.methode_tekst(v.oordeel.methode, eenheid)


def _vergelijking_li(v: data.Vergelijking, eenheid: str) -> html.Li:
    lead, oordeel, regel = vergelijking_tekst(v, eenheid)
    return html.Li([lead, html.Strong(oordeel), f" ({regel})" if regel else ""])


def render_trend(state: dict):
    """Trend of the chosen area against the gemeente, 100.000+ gemeenten and Nederland."""
    db = current()
    cfg = settings()
    td = data.trend(db, state["indicator"], cfg.gemeente, cfg.referenties, _gebied(state))
    eenheid = td.indicator["eenheid"]
    d = fmt.decimalen(td.reeksen["waarde"]) if not td.reeksen.empty else None
    oordelen = []
    for naam in td.volgorde:
        t = td.oordelen[naam]
        if t.jaar is None:
            oordelen.append(html.Li(f"{naam}: {t.oordeel}"))
            continue
        methode = rules.methode_tekst(t.methode, eenheid)
        verschil = f", {fmt.verschil(t.verschil, eenheid, d)}" if t.verschil is not None else ""
        oordelen.append(html.Li([
            f"{naam}, {t.vorig_jaar} → {t.jaar}: ",
            html.Strong(t.oordeel), f"{verschil}" + (f" ({methode})" if methode else ""),
        ]))
    gemeten = td.reeksen[td.reeksen["status"] == fmt.STATUS_WAARDE] if not td.reeksen.empty \
        else td.reeksen
    if not gemeten.empty and gemeten["jaar"].nunique() == 1:
        r0 = gemeten.iloc[0]
        periode = fmt.jaar_label(int(r0["jaar"]), r0.get("periode_label"))
        cijfers = "; ".join(f"{naam} {fmt.waarde(w, eenheid)}" for naam, w in
                            zip(gemeten["reeks"], gemeten["waarde"], strict=True))
        oordelen.insert(0, html.Li([f"Er is alleen een cijfer over {periode}: ",
                                    html.Strong(cijfers),
                                    ". Een ontwikkeling volgt bij een volgende meting."]))
    oordelen += [_vergelijking_li(v, eenheid) for v in data.vergelijkingen(td)]
    notities = [html.Li(n) for n in td.notities]
    notities += [html.Li(f"Breuk in de reeks vóór {b}: {reden}.") for b, reden in td.breuken]
    if td.reeksen.empty:
        notities.insert(0, html.Li("Deze indicator heeft geen totaalcijfers, alleen een "
                                   "uitsplitsing naar groepen (zie hieronder)."))
    elif td.volgorde and td.reeksen[td.reeksen["reeks"] == td.volgorde[0]].empty and _gebied(state):
        notities.insert(0, html.Li(f"Voor {td.volgorde[0]} zijn er geen cijfers van deze "
                                   "indicator; de lijnen tonen de gemeente en de vergelijking."))
    return (figures.trend_figuur(td), html.Ul(oordelen, className="oordelen"), notities,
            trend_tabel(td))


def render_uitsplitsing(state: dict):
    """Breakdown by group for the chosen area (or the gemeente) and year."""
    state = _uit_store(state)
    db = current()
    cfg = settings()
    if state.get("jaar") is None:
        return {"data": []}, True, "", ""
    ud = data.uitsplitsing(db, state["indicator"], state["jaar"], cfg.gemeente, _gebied(state))
    if ud.groepen.empty:
        return {"data": [], "layout": {"height": 10}}, True, ud.notitie, ""
    eenheid = ud.indicator["eenheid"]
    g = ud.groepen
    rows = pd.DataFrame({
        "dimensie": g["dimensie"], "groep": g["groep"],
        "waarde": [fmt.waarde(w, eenheid, s) + (" *" if sig is True else "")
                   for w, s, sig in zip(g["waarde"], g["status"], g["significant"], strict=True)],
    })
    tabel = c.tabel_alternatief(c.html_tabel(
        rows, [("dimensie", "Uitsplitsing"), ("groep", "Groep"), ("waarde", "Waarde")],
        f"{ud.indicator['naam']}, {ud.gebied_naam}, {ud.periode_label}",
        tabel_id=f"{P}-uits-data", rij_kop="groep", numeriek=("waarde",)),
        "Tabel bij de uitsplitsing")
    return figures.uitsplitsing_figuur(ud), False, " ".join(
        d for d in (ud.notitie, significantie_notitie(g)) if d), tabel


def significantie_notitie(groepen: pd.DataFrame) -> str:
    """What is known about the significance of the differences between groups, in words."""
    met_waarde = groepen[groepen["status"] == fmt.STATUS_WAARDE]
    sig = met_waarde["significant"]
    bekend = sig.notna() & sig.map(lambda x: isinstance(x, (bool, np.bool_)))
    interval = met_waarde["ondergrens"].notna() & met_waarde["bovengrens"].notna()
    if met_waarde.empty:
        return ""
    if not (bekend | interval).any():
        return ("Of de verschillen tussen de groepen significant zijn, is niet bekend: de bron "
                "geeft geen significantie en geen betrouwbaarheidsinterval. Kleine verschillen "
                "kunnen toeval zijn.")
    if not (bekend | interval).all():
        return ("Niet voor elke groep is bekend of het verschil significant is; * = significant "
                "volgens de bron.")
    return "* = significant verschil volgens de bron."


def export_onderdelen(
    db: Warehouse, state: dict
) -> tuple[dict[str, pd.DataFrame], dict[str, str], pd.Series]:
    """The frames behind the current view and the metadata that travels with them."""
    cfg = settings()
    ind = data.indicator(db, state["indicator"])
    onderdelen: dict[str, pd.DataFrame] = {}
    if state.get("jaar") is not None:
        kd = _kaartdata(state)
        if kd.heeft_cijfers:
            # a difference is rounded like its figures (one precision per indicator), never
            # -3,3999999999999986; the kind of each figure travels with it
            d = fmt.decimalen_indicator(ind.get("decimalen"), kd.gebieden["waarde"])
            onderdelen["kaart"] = kd.gebieden.assign(
                jaar=kd.jaar, indeling=kd.indeling,
                verschil=[fmt.afgerond(v, d) for v in kd.gebieden["verschil"]])[
                ["gebied_code", "naam", "indeling", "jaar", "periode_label", "waarde", "status",
                 "soort", "significant", "ondergrens", "bovengrens", "verschil"]
            ].rename(columns={"naam": "gebied_naam", "verschil": f"verschil_met_{cfg.gemeente}"})
        ud = data.uitsplitsing(db, state["indicator"], state["jaar"], cfg.gemeente, _gebied(state))
        if not ud.groepen.empty:
            onderdelen["uitsplitsing"] = ud.groepen.assign(gebied_naam=ud.gebied_naam)[
                ["gebied_naam", "jaar", "periode_label", "dimensie", "groep", "waarde", "status",
                 "significant", "ondergrens", "bovengrens"]]
    td = data.trend(db, state["indicator"], cfg.gemeente, cfg.referenties, _gebied(state))
    if not td.reeksen.empty:
        onderdelen["ontwikkeling"] = td.reeksen[
            ["gebied_code", "gebied_naam", "indeling", "jaar", "periode_label", "waarde",
             "status", "soort", "significant", "ondergrens", "bovengrens"]]
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
            f"verschil_met_{gemeente}": f"Verschil met {data.gebied_naam(db, gemeente)}"})
        return dcc.send_bytes(inhoud, export.bestandsnaam(ind["code"], str(state.get("jaar") or ""),
                                                          extensie="xlsx"))
    inhoud = export.naar_csv(onderdelen, meta, per_rij={
        "indicator": ind["code"], "eenheid": ind["eenheid"], "bron": ind["bron"],
        "definitie": ind["definitie"] or ""})
    return dcc.send_bytes(inhoud, export.bestandsnaam(ind["code"], str(state.get("jaar") or ""),
                                                      extensie="csv"))


def render_insluiten(state: dict):
    """Iframe code for the map, the trend and the breakdown of the current view (those with data)."""
    db = current()
    code = state["indicator"]
    naam = data.indicator(db, code)["naam"]
    waarden = {"indicator": code, "jaar": state.get("jaar"), "niveau": state.get("niveau"),
               "gebied": state.get("gebied"),
               "weergave": state.get("weergave") if state.get("weergave") != "waarde" else None}
    soorten = []
    if state.get("jaar") in data.kaart_jaren(db, code, state["niveau"]):
        soorten.append("kaart")
    if data.heeft_totaal(db, code):
        soorten.append("trend")
    if state.get("jaar") is not None and not db.uitsplitsing_dimensies(code).empty:
        soorten.append("groepen")
    if not soorten:
        return html.P("Deze indicator heeft nog geen cijfers om in te sluiten.")
    basis = embed.basis_url()
    return [c.insluitcode(f"{P}-insluiten-{soort}", f"Code voor de {embed.TITEL[soort]}",
                          embed.snippet(basis, soort, waarden,
                                        f"Wijkmonitor Amersfoort: {naam}, {embed.TITEL[soort]}"))
            for soort in soorten]


RENDER = {"info": render_info, "kaart": render_kaart, "trend": render_trend,
          "uitsplitsing": render_uitsplitsing, "insluiten": render_insluiten,
          "acties": render_acties}
