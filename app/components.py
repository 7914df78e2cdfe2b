"""Shared layout pieces: accessible tables, labelled controls, toggle groups, indicator info.

Plain Dash html/dcc components; no data access and no callbacks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from dash import dcc, html
from markupsafe import escape

from app import fmt

# Modebar texts the Dutch locale of plotly.js-locales (served by app/embed) lacks or misspells;
# plotly looks in config.locales first, then in the registered locale.
MODEBAR_NL = {
    "Download plot as a PNG": "Grafiek opslaan als PNG",
    "Download plot": "Grafiek opslaan",
    "Zoom": "Zoomen (sleep een rechthoek)",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen",
    "Pan": "Verschuiven",
    "Reset axes": "Oorspronkelijke weergave",
    "Reset view": "Oorspronkelijke weergave",
    "Double-click to zoom back out": "Dubbelklik om uit te zoomen",
}

# Plotly modebar: keep PNG download (charts as PNG), zoom and reset; no logo, no cloud link.
GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": False,
    "responsive": True,
    "locale": "nl",  # the locale script is loaded after plotly.js (app/embed dashboard_scripts)
    "locales": {"nl": {"dictionary": MODEBAR_NL}},
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines",
                               "sendChartToCloud"],  # no third-party service behind any button
    "plotlyServerURL": "",
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

# Dutch texts for the Dash dropdowns (their defaults are English).
DROPDOWN_LABELS = {
    "search": "Zoeken",
    "clear_search": "Zoekterm wissen",
    "clear_selection": "Keuze wissen",
    "no_options_found": "Niets gevonden",
    "select_all": "Alles kiezen",
    "deselect_all": "Niets kiezen",
    "selected_count": "{num_selected} gekozen",
}

def veld(label: str, control: Any, control_id: str, hint: str | None = None,
         breed: bool = False) -> html.Div:
    """A labelled control (the label is linked to the control for screen readers)."""
    children = [html.Label(label, htmlFor=control_id, id=f"{control_id}-label", className="veld-label")]
    if hint:
        children.append(html.Span(hint, className="veld-hint", id=f"{control_id}-hint"))
    children.append(control)
    return html.Div(children, className="veld veld-breed" if breed else "veld")


def keuzegroep(groep_id: str, label: str, opties: Sequence[tuple[str, str]], waarde: str,
               uitgeschakeld: Sequence[str] = (), reden: str | None = None) -> html.Div:
    """A group of toggle buttons (aria-pressed) for a small choice; keyboard: Tab + Enter/Space.

    With `reden` (a text, possibly empty) the group gets a hint `<groep_id>-reden` under it that
    says why a button is disabled; a callback may update it.
    """
    knoppen = [
        html.Button(
            tekst,
            id={"type": groep_id, "value": value},
            n_clicks=0,
            type="button",
            className="toggle",
            disabled=value in uitgeschakeld,
            **{"aria-pressed": "true" if value == waarde else "false"},
        )
        for value, tekst in opties
    ]
    groep_props = {"aria-labelledby": f"{groep_id}-label"}
    children = [html.Span(label, id=f"{groep_id}-label", className="veld-label"), None]
    if reden is not None:
        groep_props["aria-describedby"] = f"{groep_id}-reden"
        children.append(html.Span(reden, id=f"{groep_id}-reden", className="veld-hint"))
    children[1] = html.Div(knoppen, role="group", className="toggle-groep", **groep_props)
    return html.Div(children, className="veld")


_GEEN = object()


def knoop(tag: str, children: Any = _GEEN, **props: Any) -> dict[str, Any]:
    """An html.<tag> element as the plain JSON Dash sends for it (what to_plotly_json gives).

    For large tables: building thousands of component objects and encoding them one by one
    costs far more than the same JSON as dicts; the browser receives exactly the same. As with
    the component, every property passed is sent (also None); one not passed is left out.
    """
    if children is not _GEEN:
        props = {"children": children, **props}
    return {"props": props, "type": tag, "namespace": "dash_html_components"}


def tabel(df: pd.DataFrame, kolommen: Sequence[tuple[str, str]], caption: str,
          tabel_id: str | None = None, rij_kop: str | None = None,
          numeriek: Sequence[str] = ()) -> html.Table:
    """An HTML table with caption and column headers; `rij_kop` cells become row headers."""
    head = html.Thead(html.Tr([html.Th(label, scope="col") for _, label in kolommen]))
    rows = []
    for row in (df.to_dict("records") if isinstance(df, pd.DataFrame) else df):
        cells = []
        for key, _ in kolommen:
            value = row.get(key, "")
            value = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
            cls = "num" if key in numeriek else None
            if key == rij_kop:
                cells.append(knoop("Th", value, scope="row", className=cls))
            else:
                cells.append(knoop("Td", value, className=cls))
        rows.append(knoop("Tr", cells))
    props: dict[str, Any] = {"className": "datatabel"}
    if tabel_id:
        props["id"] = tabel_id
    return html.Table([html.Caption(caption), head, html.Tbody(rows)], **props)


def ruwe_html(html_tekst: str, className: str, element_id: str | None = None) -> html.Div:
    """Server-escaped HTML as one component, parsed by the browser itself.

    The HTML travels in the Div's `data-html` attribute; app/assets/wijkmonitor.js (7.) moves it
    into the element as soon as React has written it. A dcc.Markdown with dangerously_allow_html
    did the same with a parser in JavaScript and a React element per tag: 30-100 ms per
    interaction in Chromium for the ranking and tables of 33 wijken or 134 buurten
    (docs/performance.md, *Raw HTML*). The caller escapes every value.
    """
    props: dict[str, Any] = {"id": element_id} if element_id else {}
    return html.Div(className=className, **{"data-html": html_tekst}, **props)


def html_van(component: Any) -> str:
    """The HTML a ruwe_html component shows (for tests)."""
    return str(getattr(component, "data-html"))


def html_tabel(df: pd.DataFrame | Sequence[Mapping[str, Any]],
               kolommen: Sequence[tuple[str, str]], caption: str,
               tabel_id: str, rij_kop: str | None = None,
               numeriek: Sequence[str] = ()) -> html.Div:
    """`tabel` as one component: server-escaped HTML (ruwe_html).

    For large display-only tables (a row per wijk or buurt): Dash 4's renderer does work
    quadratic in the number of mounted components, so hundreds of cells as components cost
    seconds; one component holding the same <table> costs one. Every value is escaped here.
    `df` is a frame or its rows (dicts: the map's table, without a frame per interaction).
    """
    def cel(tag: str, waarde: Any, **attr: str) -> str:
        tekst = "" if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)) else waarde
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in attr.items() if v)
        return f"<{tag}{attrs}>{escape(tekst)}</{tag}>"

    kop = "".join(cel("th", label, scope="col") for _, label in kolommen)
    rijen = []
    for row in (df.to_dict("records") if isinstance(df, pd.DataFrame) else df):
        cellen = []
        for key, _ in kolommen:
            cls = "num" if key in numeriek else ""
            if key == rij_kop:
                cellen.append(cel("th", row.get(key, ""), scope="row", **{"class": cls}))
            else:
                cellen.append(cel("td", row.get(key, ""), **{"class": cls}))
        rijen.append("<tr>" + "".join(cellen) + "</tr>")
    html_tekst = (f'<table class="datatabel" id="{escape(tabel_id)}"><caption>{escape(caption)}'
                  f"</caption><thead><tr>{kop}</tr></thead><tbody>{''.join(rijen)}</tbody></table>")
    return ruwe_html(html_tekst, "html-tabel")


def tabel_alternatief(inhoud: Any, samenvatting: str = "Tabel bij deze grafiek",
                      open_: bool = False, details_id: str | None = None) -> html.Details:
    """The table alternative of a chart, one click away (and always printed)."""
    props: dict[str, Any] = {"className": "tabel-alternatief", "open": open_}
    if details_id:
        props["id"] = details_id
    return html.Details([html.Summary(samenvatting), html.Div(inhoud, className="tabel-scroll")],
                        **props)


def indicator_info(ind: pd.Series, doelen: dict[str, str] | None = None) -> html.Details:
    """Definition, source and toelichting of an indicator, one click away."""
    items = [
        html.Dt("Definitie"), html.Dd(ind.get("definitie") or "Geen definitie vastgelegd."),
        html.Dt("Bron"), html.Dd(ind.get("bron") or "onbekend"),
        html.Dt("Eenheid"), html.Dd(fmt.eenheid_label(ind.get("eenheid", ""))),
        html.Dt("Gewenste richting"), html.Dd(ind.get("gewenste_richting") or "neutraal"),
        html.Dt("Toelichting"), html.Dd(ind.get("toelichting") or "Geen toelichting."),
    ]
    codes = [c for c in str(ind.get("doelen") or "").split("|") if c]
    if codes:
        items += [html.Dt("Doelen"), html.Dd(html.Ul([
            html.Li(f"{c} {(doelen or {}).get(c, '')}".strip()) for c in codes]))]
    return html.Details(
        [html.Summary("Over deze indicator: definitie, bron en toelichting"),
         html.Dl(items, className="indicator-info")],
        className="indicator-details",
    )


def download_knoppen(prefix: str) -> html.Div:
    """CSV and Excel download buttons with their dcc.Download targets."""
    return html.Div(
        [
            html.Button("Download CSV", id=f"{prefix}-csv", n_clicks=0, type="button",
                        className="knop"),
            html.Button("Download Excel", id=f"{prefix}-xlsx", n_clicks=0, type="button",
                        className="knop"),
            dcc.Download(id=f"{prefix}-download"),
        ],
        className="downloads geen-print",
    )


def melding(melding_id: str) -> html.Div:
    """A polite live region for notices about the view (ignored link parts, fallbacks)."""
    return html.Div(id=melding_id, role="status", className="melding", **{"aria-live": "polite"})


def oordeel_span(tekst: str, klasse_map: dict[str, str]) -> html.Span:
    """A judgement as text with a class for colour (the text carries the meaning)."""
    return html.Span(tekst, className=klasse_map.get(tekst, "oordeel"))


def insluiten(prefix: str, inhoud: Any = None) -> html.Section:
    """The 'Insluiten' disclosure: iframe code of the current view (`inhoud`, then the page's
    callback)."""
    return html.Section(
        html.Details([
            html.Summary("Insluiten", id=f"{prefix}-insluiten-knop"),
            html.P("Toon deze weergave op een andere website, bijvoorbeeld die van de gemeente: "
                   "kopieer de code en plak die in de pagina. Alleen websites die de beheerder "
                   "van de Wijkmonitor heeft toegestaan, kunnen de weergave tonen.",
                   className="uitleg"),
            html.Div(inhoud, id=f"{prefix}-insluiten"),
        ], id=f"{prefix}-insluiten-blok"),
        className="paneel insluiten geen-print", **{"aria-label": "Insluiten op een andere website"},
    )


def insluitcode(code_id: str, label: str, code: str) -> html.Div:
    """One labelled, read-only box with iframe code to copy."""
    return veld(label, dcc.Textarea(id=code_id, value=code, readOnly=True, rows=3,
                                    spellCheck=False), code_id)
