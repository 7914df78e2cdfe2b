"""The Wijkmonitor dashboard: a multi-page Dash app on top of the warehouse.

`create_app()` builds the app from app/config.py; `python -m app` runs it for development and
`gunicorn app.wsgi:server` in production. Besides Dash's pages the server has the public embed views
(app/embed), /healthz (app/health.py), the URL check (app/params.py) and the security headers,
caching and compression of every response (app/security.py).
"""

from __future__ import annotations

import logging
from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, html

from app import config as config_module
from app import embed, errors, frame, health, params, queries, security, site

log = logging.getLogger(__name__)

# lang="nl" for screen readers and hyphenation; no external fonts, scripts or styles anywhere.
INDEX_STRING = """<!DOCTYPE html>
<html lang="nl">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""

# Files of app/assets that Dash must not load on its pages: the embed views' stylesheet and script,
# and the wijkprofiel's (profiel.css, profiel.js: the page and /embed/wijkprofiel).
EMBED_ASSETS = r"^(embed|profiel)\."


def _voettekst() -> list[Any]:
    """The footer of the Dash pages, in the same plain words as app/templates/_pagina.html."""
    voet = frame.voet()
    datum = ([" Cijfers bijgewerkt op ", html.Time(voet.bijgewerkt, dateTime=voet.bijgewerkt_iso), "."]
             if voet.bijgewerkt else [])
    return ["Wijkmonitor Amersfoort.", *datum,
            " Grenzen: CBS/PDOK, Wijk- en buurtkaart. De bron staat bij elke indicator. ",
            html.A("Hoe komen de oordelen tot stand", href="/oordelen"), " ",
            html.A("Wat ontbreekt per wijk", href="/ontbrekend")]


def shell() -> html.Div:
    """The frame around every page: skip link, header with navigation, alert region, footer."""
    return html.Div([
        html.A("Naar de inhoud", href="#inhoud", className="skiplink"),
        html.Header([
            html.Div([html.Span("Wijkmonitor", className="merk-naam"),
                      html.Span(" Amersfoort", className="merk-plaats")], className="merk"),
            # Plain links: the other pages are server-rendered (app/site), not Dash pages.
            html.Nav(html.Ul([html.Li(html.A(tekst, href=href, className="nav-link"))
                              for href, tekst in frame.NAVIGATIE]),
                     **{"aria-label": "Hoofdmenu"}),
        ], className="kop geen-print"),
        html.Div([
            html.P(id=errors.FOUTMELDING_ID),
            html.Button("Melding sluiten", id="foutmelding-sluiten", type="button",
                        className="knop", n_clicks=0),
        ], id=errors.FOUTMELDING_BLOK_ID, role="alert", hidden=True, className="foutmelding"),
        html.Main(dash.page_container, id="inhoud", tabIndex="-1"),
        html.Footer(_voettekst(), className="voet"),
    ], className="app")


def create_app(config: config_module.Config | None = None) -> dash.Dash:
    """The Dash app reading the configured warehouse (read-only)."""
    cfg = config_module.activate(config or config_module.settings())
    queries.configure(cfg.warehouse, cfg.cache_size)
    app = dash.Dash(
        "app",
        server=security.flask_server(),
        assets_ignore=EMBED_ASSETS,
        external_scripts=embed.dashboard_scripts(),  # plotly.js's basic bundle, from the app
        use_pages=True,
        pages_folder="pages",
        serve_locally=True,
        compress=True,
        title="Wijkmonitor Amersfoort",
        update_title=None,
        suppress_callback_exceptions=True,
        index_string=INDEX_STRING,
        on_error=errors.on_error,
        # Dash writes the pages' meta description itself (and its og:/twitter: copies): one
        # <meta name="description"> per page, as the HTML standard allows.
        description="Wijkmonitor Amersfoort: cijfers per wijk, trend en vergelijking",
    )
    app.layout = shell
    app.clientside_callback(
        ClientsideFunction(namespace="wijkmonitor", function_name="sluitMelding"),
        Output(errors.FOUTMELDING_BLOK_ID, "hidden"),
        Input("foutmelding-sluiten", "n_clicks"),
        prevent_initial_call=True,
    )
    _install_server(app, cfg)
    return app


def _install_server(app: dash.Dash, cfg: config_module.Config) -> None:
    """The non-Dash parts of the server: checks, embed views, health, headers, error pages."""
    server = app.server
    server.config.update(security.COMPRESSIE)  # Dash resets the algorithm list to gzip only
    params.install(server)
    embed.install(server)
    site.install(server)
    health.install(server)
    errors.install_http_handlers(server, debug=cfg.debug)
    security.install(app, cfg)

    @server.context_processor
    def _template_hulp() -> dict[str, Any]:
        return {"asset_url": lambda naam: security.asset_url(app, naam),
                "favicon_url": f"/_favicon.ico?v={dash.__version__}"}
