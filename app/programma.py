"""Renders the uitvoeringsprogramma's for a goal or a wijk: one view model, two renderings.

`blok_voor_doel` / `blok_voor_wijk` turn app.data results into an ActiesBlok; `acties_html`
renders it with the Jinja partial templates/_acties.html (server-rendered pages), `acties_dash`
as a compact Dash tree (the Verkenner's goal view). No SQL, no callbacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from dash import html
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app.data import ProgrammaDoel

TEMPLATES = Path(__file__).resolve().parent / "templates"
BRON = ("Uitvoeringsprogramma Jeugd en Onderwijs 2022-2024 en Uitvoeringsprogramma Wonen en "
        "Zorg 2020-2023, gemeente Amersfoort; samenvatting en koppeling aan de doelen: Wijkmonitor")
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


@dataclass(frozen=True)
class Resultaat:
    tekst: str  # the result, with its deadline when the text gives one
    reden: str | None  # why it serves the goal (goal view only)


@dataclass(frozen=True)
class Actie:
    code: str
    titel: str
    meta: tuple[str, ...]  # 'Partners: …', 'Wijk: …', 'Locatie: …', 'Periode: …', 'Waarom: …'


@dataclass(frozen=True)
class Onderdeel:
    pad: str  # section headings from the top of the programme
    resultaten: tuple[Resultaat, ...]
    acties: tuple[Actie, ...]


@dataclass(frozen=True)
class Programma:
    naam: str
    periode: str
    aantal_tekst: str  # '12 acties'
    onderdelen: tuple[Onderdeel, ...]


@dataclass(frozen=True)
class ActiesBlok:
    anker: str  # id of the heading (aria-labelledby)
    titel: str
    inleiding: str
    leeg: str  # said in words when no programme has anything here
    programmas: tuple[Programma, ...]
    bron: str = BRON


def _lijst(value: object) -> str:
    return "" if value is None or pd.isna(value) else ", ".join(str(value).split("|"))


def _actie(rij: pd.Series, met_reden: bool) -> Actie:
    meta = []
    for label, kolom in (("Partners", "partners"), ("Wijk", "wijk_namen"), ("Locatie", "locatie")):
        tekst = _lijst(rij.get(kolom))
        if tekst:
            meta.append(f"{label}: {tekst}")
    periode = _lijst(rij.get("periode")) or f"looptijd programma ({rij['programma_periode']})"
    meta.append(f"Periode: {periode}")
    if met_reden and _lijst(rij.get("redenen")):
        meta.append(f"Waarom: {rij['redenen']}")
    return Actie(code=str(rij["actie_code"]), titel=str(rij["titel"]), meta=tuple(meta))


def _resultaat(tekst: str, periode: object, reden: str | None) -> Resultaat:
    deadline = _lijst(periode)
    return Resultaat(tekst=f"{tekst} ({deadline})" if deadline else tekst, reden=reden)


@dataclass
class _Sectie:
    pad: str
    resultaten: list[Resultaat] = field(default_factory=list)
    acties: list[Actie] = field(default_factory=list)


def _programmas(acties: pd.DataFrame, resultaten: pd.DataFrame | None, met_reden: bool,
                ) -> tuple[Programma, ...]:
    """Group results and actions by programme and section, in document order."""
    secties: dict[tuple[str, str], _Sectie] = {}
    namen: dict[str, tuple[str, str]] = {}

    def sectie(rij: pd.Series) -> _Sectie:
        namen.setdefault(rij["programma_code"], (rij["programma_naam"], rij["programma_periode"]))
        return secties.setdefault((rij["programma_code"], rij["onderdeel_code"]), _Sectie(rij["pad"]))

    for _, rij in (resultaten if resultaten is not None else pd.DataFrame()).iterrows():
        reden = rij["redenen"] if met_reden else None
        sectie(rij).resultaten.append(_resultaat(rij["omschrijving"], rij["periode"], reden))
    for _, rij in acties.iterrows():
        sectie(rij).acties.append(_actie(rij, met_reden))

    out = []
    for code, (naam, periode) in namen.items():
        delen = [s for (p, _), s in sorted(secties.items()) if p == code]
        aantal = sum(len(s.acties) for s in delen)
        out.append(Programma(
            naam=naam, periode=periode,
            aantal_tekst=f"{aantal} actie" + ("" if aantal == 1 else "s"),
            onderdelen=tuple(Onderdeel(s.pad, tuple(s.resultaten), tuple(s.acties)) for s in delen),
        ))
    return tuple(out)


def blok_voor_doel(view: ProgrammaDoel) -> ActiesBlok:
    """'Wat doen we eraan': the results and actions serving a goal (and its child goals)."""
    onder = " en de doelen eronder" if len(view.doelen) > 1 else ""
    return ActiesBlok(
        anker=f"acties-{view.doel_code.lower()}",
        titel="Wat doen we eraan",
        inleiding=(f"Wat de uitvoeringsprogramma's voor {view.doel_code} {view.doel_naam}{onder} "
                   "willen bereiken en doen, met de reden van de koppeling."),
        leeg=f"Geen resultaat of actie uit de uitvoeringsprogramma's is gekoppeld aan {view.doel_code}.",
        programmas=_programmas(view.acties, view.resultaten, met_reden=True),
    )


def blok_voor_wijk(acties: pd.DataFrame, wijk_naam: str, wijk_code: str) -> ActiesBlok:
    """'Lopend in deze wijk': the actions that name this wijk (app.data.acties_in_wijk)."""
    return ActiesBlok(
        anker=f"lopend-{wijk_code.lower()}",
        titel="Lopend in deze wijk",
        inleiding=(f"Acties uit de uitvoeringsprogramma's die {wijk_naam} bij naam noemen. "
                   "Stedelijke acties gelden ook hier, maar staan niet in deze lijst."),
        leeg=f"Geen actie uit de uitvoeringsprogramma's noemt {wijk_naam} bij naam.",
        programmas=_programmas(acties, None, met_reden=False),
    )


def acties_html(blok: ActiesBlok, kopniveau: int = 2) -> Markup:
    """The block as HTML (the macro of templates/_acties.html), for server-rendered pages."""
    template = _ENV.from_string('{% from "_acties.html" import acties_blok %}'
                                "{{ acties_blok(blok, kopniveau) }}")
    return Markup(template.render(blok=blok, kopniveau=kopniveau))  # noqa: S704 (autoescaped template)


def acties_dash(blok: ActiesBlok, kop: type[html.H2] | type[html.H3] = html.H3) -> html.Section:
    """The block as a compact Dash tree: per programme a collapsible list, one item per action;
    `kop` the heading level of its title (where the page puts it)."""
    kinderen: list = [kop(blok.titel, id=blok.anker, className="acties-titel"),
                      html.P(blok.inleiding, className="acties-inleiding")]
    if not blok.programmas:
        kinderen.append(html.P(blok.leeg, className="acties-leeg"))
    for i, programma in enumerate(blok.programmas):
        items = []
        for onderdeel in programma.onderdelen:
            for actie in onderdeel.acties:
                items.append(html.Li([
                    html.Span(actie.titel, className="actie-titel"),
                    html.Span(" · ".join((onderdeel.pad.split(" > ")[-1], *actie.meta)),
                              className="acties-meta"),
                ], className="actie"))
        resultaten = [r.tekst for o in programma.onderdelen for r in o.resultaten]
        inhoud = []
        if resultaten:
            inhoud += [html.P("Wat willen we bereiken", className="acties-label"),
                       html.Ul([html.Li(t) for t in resultaten], className="acties-resultaten")]
        if items:
            inhoud += [html.P("Wat doen we", className="acties-label"),
                       html.Ul(items, className="acties-lijst")]
        kinderen.append(html.Details([
            html.Summary([html.Span(programma.naam, className="acties-programma-naam"),
                          html.Span(f" {programma.periode} · {programma.aantal_tekst}",
                                    className="acties-meta")]),
            *inhoud,
        ], open=i == 0, className="acties-programma"))
    kinderen.append(html.P(f"Bron: {blok.bron}", className="acties-bron"))
    return html.Section(kinderen, className="acties", **{"aria-labelledby": blok.anker})
