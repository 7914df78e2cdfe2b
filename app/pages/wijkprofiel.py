"""Page '/wijkprofiel': every indicator of one wijk against the gemeente, for the wijkplan.

Layout and callbacks only; downloads as Excel/CSV and a print stylesheet for A4.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import pandas as pd
from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)

from app import components as c
from app import data, embed, export, fmt, urlstate
from app.config import settings
from app.errors import safe_layout
from app.queries import Warehouse, current

dash.register_page(__name__, path="/wijkprofiel", name="Wijkprofiel",
                   title="Wijkmonitor — wijkprofiel", order=1)

P = "profiel"
PARAMS = ("gebied", "indeling", "thema")


def gebied_opties(db: Warehouse) -> list[dict[str, str]]:
    """Wijken (newest indeling first), clusters, buurten of the gemeente; value 'code|indeling'."""
    gemeente = settings().gemeente
    return list(data.afgeleid(db, ("profiel_gebied_opties", gemeente),
                              lambda: _gebied_opties(db, gemeente)))


def _gebied_opties(db: Warehouse, gemeente: str) -> list[dict[str, str]]:
    opties = []
    for niveau in data.PROFIEL_NIVEAUS:
        for indeling in reversed(data.indelingen(db, niveau)):
            sub = data.gebieden_van_gemeente(db, niveau, indeling, gemeente)
            label = data.indeling_label(indeling)
            opties += [{"label": f"{naam} ({data.NIVEAU_ENKELVOUD[niveau]}, {label})",
                        "value": f"{code}|{indeling}"}
                       for naam, code in zip(sub["naam"], sub["gebied_code"], strict=True)]
    return opties


def bepaal_state(db: Warehouse, params: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Validate gebied/indeling/thema from the URL or the controls."""
    meldingen: list[str] = []
    code = params.get("gebied") or None
    indeling = params.get("indeling") or None
    niveau = None
    if code:
        if not indeling:  # default: the newest indeling that has this code
            for kandidaat in reversed(data.indelingen(db, "wijk")):
                if data.niveau_van(db, code, data.PROFIEL_NIVEAUS, kandidaat):
                    indeling = kandidaat
                    break
            else:
                cluster = data.niveau_van(db, code, data.PROFIEL_NIVEAUS, "cluster")
                indeling = "cluster" if cluster else "buurt2024"
        niveau = data.niveau_van(db, code, data.PROFIEL_NIVEAUS, indeling)
        if niveau is None:
            meldingen.append(f"Het gebied '{code}' bestaat niet in de "
                             f"{data.indeling_label(indeling)}; kies een gebied.")
            code = indeling = None
    else:
        indeling = None  # an indeling alone chooses nothing (nor is it checked): not kept
    thema = params.get("thema") or None
    if thema and thema not in data.themas(db):
        meldingen.append(f"Het thema '{thema}' bestaat niet; alle thema's worden getoond.")
        thema = None
    return {"gebied": code, "indeling": indeling, "niveau": niveau, "thema": thema}, meldingen


def url_params(state: dict[str, Any]) -> dict[str, Any]:
    """The URL parameters of a state."""
    return {k: state.get(k) for k in PARAMS}


@safe_layout
def layout(**params: Any) -> html.Div:
    """The page, initialised from the URL parameters."""
    db = current()
    state, meldingen = bepaal_state(db, params)
    meldingen = [urlstate.onbekend_melding(urlstate.onbekend(params, PARAMS))] + meldingen
    waarde = f"{state['gebied']}|{state['indeling']}" if state["gebied"] else None
    return html.Div([
        dcc.Location(id=f"{P}-url", refresh=False),
        dcc.Store(id=f"{P}-state", data=state),
        html.H1("Wijkprofiel"),
        html.P("Alle indicatoren met cijfers voor het gekozen gebied: de waarde, die van de "
               "gemeente, het verschil, of dat gunstig is en de ontwikkeling.",
               className="geen-print"),
        html.Div([
            c.veld("Gebied", dcc.Dropdown(
                labels=c.DROPDOWN_LABELS, id=f"{P}-gebied", options=gebied_opties(db),
                                          value=waarde, clearable=False, searchable=True,
                                          placeholder="Kies een wijk", optionHeight=40,
                                          maxHeight=400), f"{P}-gebied",
                   hint="Typ een deel van de naam om te zoeken."),
            c.veld("Thema", dcc.Dropdown(labels=c.DROPDOWN_LABELS,
                id=f"{P}-thema", value=state["thema"] or "", clearable=False, searchable=False,
                options=[{"label": "Alle thema's", "value": ""}]
                + [{"label": t, "value": t} for t in data.themas(db)]), f"{P}-thema"),
        ], className="bediening geen-print", role="search",
            **{"aria-label": "Keuzes voor het wijkprofiel"}),
        html.Div(" ".join(m for m in meldingen if m), id=f"{P}-melding", role="status",
                 className="melding", **{"aria-live": "polite"}),
        html.Div([
            c.download_knoppen(P),
            html.Button("Afdrukken (A4)", id=f"{P}-print", n_clicks=0, type="button",
                        className="knop geen-print"),
        ], className="downloads geen-print"),
        dcc.Loading(html.Div(id=f"{P}-inhoud"), type="default", delay_show=300),
        c.insluiten(P),
    ], className="pagina wijkprofiel")


@callback(
    Output(f"{P}-url", "search"),
    Output(f"{P}-state", "data"),
    Output(f"{P}-gebied", "value"),
    Output(f"{P}-thema", "value"),
    Output(f"{P}-melding", "children"),
    Input(f"{P}-url", "search"),
    Input(f"{P}-gebied", "value"),
    Input(f"{P}-thema", "value"),
    prevent_initial_call=True,
)
def sync_state(search, gebied, thema):
    """Keep URL, controls and state in step."""
    return sync(ctx.triggered_id, search, gebied, thema)


def sync(trig: Any, search: str | None, gebied: str | None, thema: str | None) -> tuple:
    """The logic of sync_state, callable without Dash (tests)."""
    db = current()
    extra: list[str] = []
    if trig in (None, f"{P}-url"):
        params = urlstate.parse(search)
        extra.append(urlstate.onbekend_melding(urlstate.onbekend(params, PARAMS)))
    else:
        code, _, indeling = (gebied or "").partition("|")
        params = {"gebied": code or None, "indeling": indeling or None, "thema": thema or None}
    state, meldingen = bepaal_state(db, params)
    nieuw = urlstate.search(url_params(state), PARAMS)
    url_out = no_update if trig in (None, f"{P}-url") or nieuw == (search or "") else nieuw
    waarde = f"{state['gebied']}|{state['indeling']}" if state["gebied"] else None
    return url_out, state, waarde, state["thema"] or "", " ".join(m for m in extra + meldingen if m)


def _trend_tekst(row: Mapping[str, Any]) -> str:
    if row["vorig_jaar"] is None or pd.isna(row["vorig_jaar"]):
        return row["trend"]
    return (f"{row['trend']} ({int(row['vorig_jaar'])}: "
            f"{fmt.waarde(row['vorige_waarde'], row['eenheid'])} → {int(row['jaar'])}: "
            f"{fmt.waarde(row['wijk_waarde'], row['eenheid'], row['wijk_status'])})")


def profiel_tabel(df: pd.DataFrame, gebied: str, gemeente: str, caption: str) -> html.Table:
    """One theme's rows as an accessible table with judgement text."""
    head = html.Thead(html.Tr([html.Th(t, scope="col") for t in (
        "Indicator", "Periode", gebied, gemeente, "Verschil", f"Oordeel t.o.v. {gemeente}",
        f"Ontwikkeling in {gebied}")]))
    rows = []
    k = c.knoop
    for r in df.to_dict("records"):  # plain JSON elements: a profile has hundreds of rows
        wijk = fmt.waarde(r["wijk_waarde"], r["eenheid"], r["wijk_status"])
        if r["wijk_significant"] is True:
            wijk += " *"
        gunstig = r["gunstig"] or "–"
        rows.append(k("Tr", [
            k("Th", [k("Span", r["indicator_naam"]), k("Details",
                [k("Summary", "definitie en bron"),
                 k("Dl", [k("Dt", "Definitie"), k("Dd", r["definitie"] or "–"),
                          k("Dt", "Bron"), k("Dd", r["bron"]),
                          k("Dt", "Gewenste richting"), k("Dd", r["gewenste_richting"]),
                          k("Dt", "Toelichting"), k("Dd", r["toelichting"] or "–")],
                   className="indicator-info")], className="cel-details")], scope="row"),
            k("Td", fmt.jaar_label(int(r["jaar"]), r["periode_label"])),
            k("Td", wijk, className="num"),
            k("Td", fmt.waarde(r["gemeente_waarde"], r["eenheid"], r["gemeente_status"]),
              className="num"),
            k("Td", fmt.verschil(r["verschil"], r["eenheid"]), className="num"),
            k("Td", k("Span", gunstig, className=c.GUNSTIG_KLASSE.get(gunstig, "oordeel"))),
            k("Td", k("Span", _trend_tekst(r),
                      className=c.TREND_KLASSE.get(r["trend"], "oordeel"))),
        ]))
    return html.Table([html.Caption(caption), head, html.Tbody(rows)],
                      className="datatabel profiel-tabel")


def _alleen_gemeente(db: Warehouse) -> int:
    """How many indicators have figures, but none per wijk."""
    cat = db.indicatoren()
    return int((~cat["heeft_wijk"].astype(bool) & (cat["aantal_cijfers"] > 0)).sum())


@callback(
    Output(f"{P}-inhoud", "children"),
    Input(f"{P}-state", "data"),
)
def render_profiel(state: dict):
    """The profile: per theme a table of indicators."""
    db = current()
    cfg = settings()
    if not state.get("gebied"):
        return html.P("Kies een wijk om het profiel te zien.", className="uitleg")
    naam = data.gebied_naam(db, state["gebied"], state["niveau"], state["indeling"])
    gemeente = data.gebied_naam(db, cfg.gemeente)
    df = data.wijkprofiel(db, state["gebied"], state["indeling"], state["niveau"], cfg.gemeente)
    if state.get("thema"):
        df = df[df["thema"] == state["thema"]]
    alleen_gemeente = data.afgeleid(db, "alleen_gemeente", lambda: _alleen_gemeente(db))
    kop = [
        html.H2(f"{naam} ({data.indeling_label(state['indeling'])})", id=f"{P}-naam"),
        html.P(f"{len(df)} indicatoren met cijfers voor {naam}. {alleen_gemeente} indicatoren "
               f"hebben alleen cijfers voor {gemeente} en staan niet in dit profiel; zie de "
               "monitor per thema. Oordeel: gunstig of ongunstig ten opzichte van "
               f"{gemeente}, volgens de gewenste richting van de indicator; * = significant.",
               className="uitleg"),
        html.P(f"Bron: zie per indicator. Afgedrukt uit de Wijkmonitor Amersfoort, warehouse "
               f"{db.info().get('build_id', '')}.", className="alleen-print"),
    ]
    if df.empty:
        return kop + [html.P(f"Er zijn (nog) geen cijfers voor {naam}.")]
    secties = []
    for thema, deel in df.groupby("thema", sort=False):
        secties.append(html.Section([
            html.H3(thema),
            profiel_tabel(deel, naam, gemeente, f"{thema}: {naam} vergeleken met {gemeente}"),
        ], className="profiel-thema"))
    return kop + secties


clientside_callback(
    ClientsideFunction(namespace="wijkmonitor", function_name="afdrukken"),
    Output(f"{P}-print", "n_clicks"),
    Input(f"{P}-print", "n_clicks"),
    prevent_initial_call=True,
)


def export_frame(db: Warehouse, state: dict) -> tuple[pd.DataFrame, dict[str, str], str]:
    """The profile as a flat frame with readable columns, and its metadata."""
    cfg = settings()
    naam = data.gebied_naam(db, state["gebied"], state["niveau"], state["indeling"])
    df = data.wijkprofiel(db, state["gebied"], state["indeling"], state["niveau"], cfg.gemeente)
    if state.get("thema"):
        df = df[df["thema"] == state["thema"]]
    out = df.assign(gebied_code=state["gebied"], gebied_naam=naam, indeling=state["indeling"])[[
        "gebied_code", "gebied_naam", "indeling", "thema", "indicator_code", "indicator_naam",
        "eenheid", "jaar", "periode_label", "wijk_waarde", "wijk_status", "wijk_significant",
        "gemeente_waarde", "gemeente_status", "verschil", "vergelijking", "gunstig", "trend",
        "vorig_jaar", "vorige_waarde", "gewenste_richting", "bron", "definitie",
    ]].rename(columns={"wijk_waarde": "waarde_gebied", "wijk_status": "status_gebied",
                       "wijk_significant": "significant_gebied",
                       "gemeente_waarde": f"waarde_{cfg.gemeente}",
                       "gemeente_status": f"status_{cfg.gemeente}"})
    meta = {
        "Wijkprofiel": f"{naam} ({state['gebied']}, {data.indeling_label(state['indeling'])})",
        "Vergeleken met": data.gebied_naam(db, cfg.gemeente),
        "Weergave": "wijkprofiel" + urlstate.search(url_params(state), PARAMS),
        "Bron en definitie": "per indicator in de kolommen 'bron' en 'definitie'",
        "Oordeel": "gunstig/ongunstig volgens de gewenste richting; regels: docs/app.md",
        "Warehouse": db.info().get("build_id", db.version()),
    }
    return out, meta, naam


@callback(
    Output(f"{P}-download", "data"),
    Input(f"{P}-csv", "n_clicks"),
    Input(f"{P}-xlsx", "n_clicks"),
    State(f"{P}-state", "data"),
    prevent_initial_call=True,
)
def download(_csv: int, _xlsx: int, state: dict):
    """The profile as CSV or Excel."""
    if not state.get("gebied"):
        return no_update
    db = current()
    df, meta, naam = export_frame(db, state)
    if ctx.triggered_id == f"{P}-xlsx":
        return dcc.send_bytes(export.naar_excel({"Wijkprofiel": df}, meta),
                              export.bestandsnaam("wijkprofiel", naam, extensie="xlsx"))
    return dcc.send_bytes(export.naar_csv({"wijkprofiel": df}, meta),
                          export.bestandsnaam("wijkprofiel", naam, extensie="csv"))



@callback(
    Output(f"{P}-insluiten", "children"),
    Input(f"{P}-state", "data"),
)
def render_insluiten(state: dict):
    """Iframe code for the compact profile of the chosen area."""
    if not state.get("gebied"):
        return html.P("Kies eerst een gebied.")
    db = current()
    naam = data.gebied_naam(db, state["gebied"], state["niveau"], state["indeling"])
    waarden = {k: state.get(k) for k in PARAMS}
    return c.insluitcode(f"{P}-insluiten-wijkprofiel", "Code voor het wijkprofiel",
                         embed.snippet(embed.basis_url(), "wijkprofiel", waarden,
                                       f"Wijkmonitor Amersfoort: wijkprofiel {naam}"))
