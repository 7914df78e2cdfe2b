"""Page for unknown addresses: a friendly Dutch message with the ways back.

Dash pages shows it for any path no page is registered for.
"""

from __future__ import annotations

import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", name="Niet gevonden", title="Wijkmonitor — niet gevonden")


def layout(**_params: object) -> html.Div:
    """The not-found page."""
    return html.Div([
        html.H1("Deze pagina bestaat niet"),
        html.P("Het adres is onbekend. Misschien is de link onvolledig overgenomen."),
        html.Ul([
            html.Li(dcc.Link("Naar de verkenner (kaart, trend, uitsplitsing)", href="/verkenner")),
            # a plain link: the wijkprofiel is a server-rendered page, not one of Dash's
            html.Li(html.A("Naar het wijkprofiel", href="/wijkprofiel")),
            html.Li(dcc.Link("Naar de monitor per thema", href="/monitor")),
        ]),
    ], className="pagina")
