"""Page '/monitor': the monitor's own view per thema or doel — years as columns, judgements.

Layout and callbacks only; trend and comparison with Nederland are computed by app/rules.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from app import components as c
from app import data, export, fmt, rules, urlstate
from app.config import settings
from app.errors import safe_layout
from app.queries import Warehouse, current

dash.register_page(__name__, path="/monitor", name="Monitor per thema",
                   title="Wijkmonitor — monitor per thema", order=2)

P = "monitor"
PARAMS = ("thema", "doel")
NEDERLAND = "NL01"

TREND_UITLEG = (
    "Trend: de laatste meting van de gemeente vergeleken met de vorige meting. Met "
    "betrouwbaarheidsintervallen telt een verschil als de intervallen elkaar niet overlappen; met "
    "een significantie-aanduiding van de bron (*) volgt het oordeel die aanduiding; anders telt "
    f"een verschil vanaf {fmt.getal(rules.DREMPEL_PROCENTPUNT)} procentpunt (percentages) of "
    f"{fmt.getal(rules.DREMPEL_RELATIEF * 100)}% van de vorige waarde (andere eenheden). "
    "'Gewenste richting' als de verandering de kant op gaat die de indicator wil, 'ongewenste "
    "richting' als het omgekeerde, anders 'stabiel'. Een breuk in de reeks (gewijzigde "
    "definitie of periode) tussen beide metingen geeft geen oordeel."
)
NL_UITLEG = (
    "Vergelijking met Nederland: de laatste meting van de gemeente tegen Nederland in hetzelfde "
    "jaar, met dezelfde regels (intervallen, anders de drempel): lager, hoger of gelijk."
)


def keuze_opties(db: Warehouse) -> list[dict[str, str]]:
    """Themes (the monitor's chapters) and the goals of the beleidskader."""
    return list(data.afgeleid(db, "monitor_keuze_opties", lambda: _keuze_opties(db)))


def _keuze_opties(db: Warehouse) -> list[dict[str, str]]:
    opties = [{"label": f"Thema: {t}", "value": f"thema:{t}"} for t in data.themas(db)]
    opties += [{"label": f"Doel {r.doel_code}: {r.naam}", "value": f"doel:{r.doel_code}"}
               for r in db.doelen().itertuples()]
    return opties


def bepaal_state(db: Warehouse, params: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The chosen theme or goal (default: the first chapter)."""
    meldingen = []
    keuze = (f"doel:{params['doel']}" if params.get("doel")
             else f"thema:{params['thema']}" if params.get("thema") else None)
    if keuze and not data.keuze_bestaat(db, keuze):
        meldingen.append(f"'{keuze.partition(':')[2]}' is geen thema of doel van de monitor; "
                         "het eerste thema wordt getoond.")
        keuze = None
    if not keuze:
        themas = data.themas(db)
        keuze = f"thema:{themas[0]}" if themas else None
    return {"keuze": keuze}, meldingen


def url_params(state: dict[str, Any]) -> dict[str, Any]:
    """thema=... or doel=..."""
    soort, _, waarde = (state.get("keuze") or "").partition(":")
    return {"thema": waarde if soort == "thema" else None,
            "doel": waarde if soort == "doel" else None}


@safe_layout
def layout(**params: Any) -> html.Div:
    """The page, initialised from the URL parameters."""
    db = current()
    state, meldingen = bepaal_state(db, params)
    meldingen = [urlstate.onbekend_melding(urlstate.onbekend(params, PARAMS))] + meldingen
    return html.Div([
        dcc.Location(id=f"{P}-url", refresh=False),
        dcc.Store(id=f"{P}-state", data=state),
        html.H1("Monitor per thema"),
        html.Div([
            c.veld("Thema of doel", dcc.Dropdown(
                labels=c.DROPDOWN_LABELS, id=f"{P}-keuze", options=keuze_opties(db),
                                                 value=state["keuze"], clearable=False,
                                                 searchable=True, optionHeight=40,
                                                 maxHeight=400), f"{P}-keuze"),
        ], className="bediening geen-print", role="search",
            **{"aria-label": "Keuze van thema of doel"}),
        html.Div(" ".join(m for m in meldingen if m), id=f"{P}-melding", role="status",
                 className="melding", **{"aria-live": "polite"}),
        dcc.Loading(html.Div(id=f"{P}-inhoud"), type="default", delay_show=300),
        html.Section([
            html.H2("Hoe de oordelen tot stand komen", id=f"{P}-regels-kop"),
            html.P(TREND_UITLEG), html.P(NL_UITLEG),
        ], className="paneel", **{"aria-labelledby": f"{P}-regels-kop"}),
        html.Section([
            html.H2("Gegevens downloaden", id=f"{P}-download-kop"),
            c.download_knoppen(P),
        ], className="paneel geen-print", **{"aria-labelledby": f"{P}-download-kop"}),
    ], className="pagina monitor")


@callback(
    Output(f"{P}-url", "search"),
    Output(f"{P}-state", "data"),
    Output(f"{P}-keuze", "value"),
    Output(f"{P}-melding", "children"),
    Input(f"{P}-url", "search"),
    Input(f"{P}-keuze", "value"),
    prevent_initial_call=True,
)
def sync_state(search, keuze):
    """Keep URL, control and state in step."""
    return sync(ctx.triggered_id, search, keuze)


def sync(trig: Any, search: str | None, keuze: str | None) -> tuple:
    """The logic of sync_state, callable without Dash (tests)."""
    db = current()
    extra: list[str] = []
    if trig in (None, f"{P}-url"):
        params = urlstate.parse(search)
        extra.append(urlstate.onbekend_melding(urlstate.onbekend(params, PARAMS)))
    else:
        params = url_params({"keuze": keuze})
    state, meldingen = bepaal_state(db, params)
    nieuw = urlstate.search(url_params(state), PARAMS)
    url_out = no_update if trig in (None, f"{P}-url") or nieuw == (search or "") else nieuw
    return url_out, state, state["keuze"], " ".join(m for m in extra + meldingen if m)


def _cellen(waarden: pd.DataFrame) -> dict[tuple[str, int], dict[str, Any]]:
    """(indicator_code, jaar) -> the first figure of that indicator and year."""
    cellen: dict[tuple[str, int], dict[str, Any]] = {}
    for r in waarden.to_dict("records"):
        cellen.setdefault((r["indicator_code"], r["jaar"]), r)
    return cellen


def _cel(cellen: dict[tuple[str, int], dict[str, Any]], code: str, jaar: int,
         eenheid: str) -> str | dict[str, Any]:
    h = cellen.get((code, jaar))
    if h is None:
        return ""
    tekst = fmt.waarde(h["waarde"], eenheid, h["status"])
    if h["status"] != fmt.STATUS_WAARDE:  # words may wrap; numbers stay on one line
        return c.knoop("Span", tekst, className="status-tekst")
    return tekst + (" *" if h["significant"] is True else "")


def _nl_tekst(r: Mapping[str, Any], nl_naam: str) -> str:
    if r["nl_vergelijking"] == rules.ONBEKEND:
        return "geen vergelijking"
    waarde = fmt.waarde(r["nl_waarde"], r["eenheid"])
    return f"{r['nl_vergelijking']} ({nl_naam} {int(r['nl_jaar'])}: {waarde})"


def _trend_tekst(r: Mapping[str, Any]) -> str:
    if r["trend_jaar"] is None or pd.isna(r["trend_jaar"]):
        return r["trend"]
    return f"{r['trend']} ({int(r['trend_vorig_jaar'])} → {int(r['trend_jaar'])})"


def tabel(mt: data.MonitorTabel, rijen: pd.DataFrame, caption: str, doelen: dict[str, str],
          tabel_id: str) -> html.Table:
    """The indicator table: name (with definition), values per year, judgements, goals."""
    head = html.Thead(html.Tr(
        [html.Th("Indicator", scope="col")]
        + [html.Th(str(j), scope="col", className="num") for j in mt.jaren]
        + [html.Th("Trend", scope="col"), html.Th(f"Vergelijking met {mt.nl_naam}", scope="col"),
           html.Th("Doelen", scope="col")]))
    body = []
    cellen = _cellen(mt.waarden)
    k = c.knoop
    for r in rijen.to_dict("records"):  # plain JSON elements, as in the wijkprofiel
        codes = [d for d in str(r["doelen"]).split("|") if d]
        link = {"props": {"children": r["naam"], "href": f"/verkenner?indicator={r['indicator_code']}"},
                "type": "Link", "namespace": "dash_core_components"}  # dcc.Link's JSON
        body.append(k("Tr",
            [k("Th", [
                link,
                k("Span", f" ({fmt.eenheid_label(r['eenheid'])})", className="uitleg"),
                k("Details", [k("Summary", "definitie en bron"), k("Dl", [
                    k("Dt", "Definitie"), k("Dd", r["definitie"] or "–"),
                    k("Dt", "Bron"), k("Dd", r["bron"]),
                    k("Dt", "Gewenste richting"), k("Dd", r["gewenste_richting"]),
                    k("Dt", "Toelichting"), k("Dd", r["toelichting"] or "–")],
                    className="indicator-info")])], scope="row")]
            + [k("Td", _cel(cellen, r["indicator_code"], j, r["eenheid"]), className="num")
               for j in mt.jaren]
            + [k("Td", k("Span", _trend_tekst(r), className=c.TREND_KLASSE.get(r["trend"], "oordeel"),
                         title=rules.methode_tekst(r["trend_methode"], r["eenheid"]))),
               k("Td", _nl_tekst(r, mt.nl_naam),
                 title=rules.methode_tekst(r["nl_methode"], r["eenheid"])),
               k("Td", k("Ul", [k("Li", f"{d} {doelen.get(d, '')}".strip()) for d in codes],
                         className="doelen") if codes else "")]
        ))
    return html.Table([html.Caption(caption), head, html.Tbody(body)], className="datatabel",
                      id=tabel_id)


def _scroll(inhoud: html.Table, label: str) -> html.Div:
    """A table that scrolls sideways on narrow screens, in a region the keyboard can reach."""
    return html.Div(inhoud, className="tabel-scroll", tabIndex="0", role="region",
                    **{"aria-label": f"{label} (schuif opzij voor alle kolommen)"})


@callback(
    Output(f"{P}-inhoud", "children"),
    Input(f"{P}-state", "data"),
)
def render_tabel(state: dict):
    """The chapter table, the theme's other indicators, and the missing figures."""
    db = current()
    cfg = settings()
    if not state.get("keuze"):
        return html.P("Het warehouse bevat nog geen indicatoren.")
    mt = data.monitor_tabel(db, state["keuze"], cfg.gemeente, NEDERLAND)
    doelen = data.doel_namen(db)
    is_thema = state["keuze"].startswith("thema:")
    blokken: list[Any] = [html.H2(mt.titel, id=f"{P}-titel")]
    uitleg = (f"Cijfers van {mt.gemeente_naam}; * = significant verschil volgens de bron. "
              "Klik op een indicator voor kaart en trend.")
    blokken.append(html.P(uitleg, className="uitleg"))
    in_tabel = mt.rijen[mt.rijen["in_tabel"]] if is_thema else mt.rijen
    overig = mt.rijen[~mt.rijen["in_tabel"]] if is_thema else mt.rijen.iloc[0:0]
    if not in_tabel.empty:
        blokken.append(_scroll(tabel(mt, in_tabel, f"Indicatoren {mt.titel}", doelen,
                                     f"{P}-tabel"), f"Indicatoren {mt.titel}"))
    if not overig.empty:
        blokken += [html.H3("Overige indicatoren van dit thema"),
                    _scroll(tabel(mt, overig, f"Overige indicatoren {mt.titel}", doelen,
                                  f"{P}-overig"), f"Overige indicatoren {mt.titel}")]
    if not mt.ontbrekend.empty:
        blokken += [html.H3("Ontbrekende cijfers"),
                    html.P("Voor deze indicatoren zijn geen nieuwe cijfers beschikbaar."),
                    html.Ul([html.Li(n) for n in mt.ontbrekend["naam"]], id=f"{P}-ontbrekend")]
    return blokken


def export_frame(db: Warehouse, state: dict) -> tuple[pd.DataFrame, dict[str, str], str]:
    """The table in long form: one row per indicator x year, with the judgements."""
    cfg = settings()
    mt = data.monitor_tabel(db, state["keuze"], cfg.gemeente, NEDERLAND)
    w = mt.waarden[["indicator_code", "jaar", "periode_label", "waarde", "status", "significant",
                    "ondergrens", "bovengrens"]]
    out = mt.rijen.merge(w, on="indicator_code", how="left")[[
        "indicator_code", "naam", "thema", "eenheid", "jaar", "periode_label", "waarde", "status",
        "significant", "ondergrens", "bovengrens", "trend", "trend_vorig_jaar", "trend_jaar",
        "nl_vergelijking", "nl_jaar", "nl_waarde", "doelen", "gewenste_richting", "bron",
        "definitie",
    ]]
    meta = {
        "Monitor": mt.titel,
        "Gebied": mt.gemeente_naam,
        "Weergave": "monitor" + urlstate.search(url_params(state), PARAMS),
        "Bron en definitie": "per indicator in de kolommen 'bron' en 'definitie'",
        "Trend": TREND_UITLEG,
        "Vergelijking": NL_UITLEG,
        "Warehouse": db.info().get("build_id", db.version()),
    }
    return out, meta, mt.titel


@callback(
    Output(f"{P}-download", "data"),
    Input(f"{P}-csv", "n_clicks"),
    Input(f"{P}-xlsx", "n_clicks"),
    State(f"{P}-state", "data"),
    prevent_initial_call=True,
)
def download(_csv: int, _xlsx: int, state: dict):
    """The table as CSV or Excel."""
    db = current()
    df, meta, titel = export_frame(db, state)
    if ctx.triggered_id == f"{P}-xlsx":
        return dcc.send_bytes(export.naar_excel({"Monitor": df}, meta),
                              export.bestandsnaam("monitor", titel, extensie="xlsx"))
    return dcc.send_bytes(export.naar_csv({"monitor": df}, meta),
                          export.bestandsnaam("monitor", titel, extensie="csv"))
