"""The uitvoeringsprogramma's for a goal, a wijk or a word: their data, one view model, two renderings.

`programma_voor_doel`, `acties_in_wijk`, `zoek_acties` read the actions (through app/queries.py);
`blok_voor_doel` / `blok_voor_wijk` turn them into an ActiesBlok; `acties_html` renders it with
the Jinja partial templates/_acties.html (server-rendered pages), `acties_dash` as a compact Dash
tree (the Verkenner's goal view). No SQL, no callbacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from dash import html
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app import catalogus, gebieden
from app.cache import afgeleid
from app.queries import Warehouse

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
    """'Lopend in deze wijk': the actions that name this wijk (acties_in_wijk below)."""
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


# -- uitvoeringsprogramma's: what runs against a goal, in a wijk, by word ---------------------

# A search is a few words: more are ignored (each word is one query on the small action table).
ZOEK_MAX_WOORDEN = 5
ZOEK_MAX_TEKENS = 200
_ZOEKWOORD = re.compile(r"[^\W_]+")  # letters and digits: punctuation separates words
_ACTIE_KOLOMMEN = [
    "actie_code", "titel", "partners", "locatie", "periode", "resultaat_code", "resultaat",
    "resultaat_periode", "onderdeel_code", "onderdeel_nummer", "kop", "pad", "programma_code",
    "programma_naam", "programma_periode", "wijken", "wijk_namen", "doelen",
]  # fmt: skip


@dataclass(frozen=True)
class ProgrammaDoel:
    """What the programmes do about one goal, next to the indicators that measure it."""

    doel_code: str
    doel_naam: str
    doelen: tuple[str, ...]  # the goal and its child goals, as matched
    resultaten: pd.DataFrame  # one row per result: ..., gekoppeld ('|' goals), redenen
    acties: pd.DataFrame  # one row per action: _ACTIE_KOLOMMEN, gekoppeld, redenen
    indicatoren: pd.DataFrame  # indicatoren_in(db, 'doel:<code>')

    @property
    def leeg(self) -> bool:
        return self.resultaten.empty and self.acties.empty


def _per_code(rows: pd.DataFrame, code: str, columns: list[str]) -> pd.DataFrame:
    """One row per result or action from one row per (code, goal): goals and reasons joined."""
    if rows.empty:
        return pd.DataFrame(columns=[*columns, "gekoppeld", "redenen"])
    rows = rows.assign(_reden=rows["doel_code"] + ": " + rows["reden"])
    grouped = rows.groupby(code, sort=False)
    out = grouped[columns].first()
    out["gekoppeld"] = grouped["doel_code"].agg(lambda s: "|".join(dict.fromkeys(s)))
    out["redenen"] = grouped["_reden"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    return out.drop(columns=[code], errors="ignore").reset_index()


def programma_voor_doel(db: Warehouse, doel: str) -> ProgrammaDoel:
    """Results and actions serving a goal or one of its child goals, and its indicators.

    An action serves its own goals and those of its result (v_actie_doel). Raises
    OnbekendeWaarde for a code that is not a goal.
    """
    namen = catalogus.doel_namen(db)
    if doel not in namen:
        raise catalogus.OnbekendeWaarde(f"'{doel}' is geen doel.")
    codes = tuple(sorted(catalogus.doel_met_kinderen(db.doelen(), doel)))
    resultaat_kolommen = [
        "resultaat_code", "omschrijving", "periode", "onderdeel_code", "onderdeel_nummer", "kop",
        "pad", "programma_code", "programma_naam", "programma_periode",
    ]  # fmt: skip
    return ProgrammaDoel(
        doel_code=doel,
        doel_naam=namen[doel],
        doelen=codes,
        resultaten=_per_code(db.programma_resultaten_voor_doelen(codes), "resultaat_code",
                             resultaat_kolommen),
        acties=_per_code(db.programma_acties_voor_doelen(codes), "actie_code", _ACTIE_KOLOMMEN),
        indicatoren=catalogus.indicatoren_in(db, f"doel:{doel}"),
    )


def wijk_codes_voor(db: Warehouse, code: str, indeling: str | None = None) -> tuple[str, ...]:
    """The wijk codes an area stands for when looking up actions: the wijk itself, the wijk of
    a buurt, and wijken of other indelingen that are the same area (vergelijkbaar)."""
    codes = {code}
    codes |= {ouder for b_indeling, ouder in _buurt_wijken(db).get(code, ())
              if not indeling or b_indeling == indeling}
    if indeling:
        for wijk in sorted(codes):
            wijk_indeling = indeling if wijk == code else indeling.replace("buurt", "wijk")
            codes |= {r["gebied_code"] for r in db.vergelijkbaarheid_rijen(wijk, wijk_indeling)
                      if r["vergelijkbaar"] and str(r["indeling"]).startswith("wijk")}
    return tuple(sorted(codes))


def _buurt_wijken(db: Warehouse) -> dict[str, tuple[tuple[str, str], ...]]:
    """buurt code -> its (indeling, wijk code) pairs; once per warehouse version, instead of
    filtering every buurt of the country per wijkprofiel."""
    def compute() -> dict[str, tuple[tuple[str, str], ...]]:
        buurten = gebieden.tabel(db, "buurt")
        uit: dict[str, list[tuple[str, str]]] = {}
        for c, i, ouder in zip(buurten["gebied_code"], buurten["indeling"], buurten["parent_code"],
                               strict=True):
            if pd.notna(ouder):
                uit.setdefault(c, []).append((i, ouder))
        return {c: tuple(paren) for c, paren in uit.items()}

    return afgeleid(db, "buurt_wijken", compute)


def acties_in_wijk(db: Warehouse, code: str, indeling: str | None = None) -> pd.DataFrame:
    """The actions that name this wijk (or the wijk of this buurt, or the same area in another
    indeling): 'Lopend in deze wijk'. Filtered from every action (read once per warehouse
    version) rather than a query per area: the query was ~20 ms of a cold wijkprofiel."""
    wijken = set(wijk_codes_voor(db, code, indeling))
    genoemd = {actie for actie, wijk in db.programma_actie_gebieden() if wijk in wijken}
    kolommen, rijen = db.programma_actie_rijen()
    code = kolommen.index("actie_code")
    # a frame of the chosen rows, built as the query's frame of them would be (same dtypes)
    gekozen = [r for r in rijen if r[code] in genoemd]
    return pd.DataFrame.from_records(gekozen, columns=list(kolommen))[_ACTIE_KOLOMMEN]


def zoek_acties(db: Warehouse, tekst: str) -> pd.DataFrame:
    """Actions matching every word of `tekst` (case-insensitive, at the start of a word) in
    title, partners, place, wijk or section heading. No words: no actions."""
    woorden = list(dict.fromkeys(_ZOEKWOORD.findall((tekst or "")[:ZOEK_MAX_TEKENS].lower())))
    if not woorden:
        return pd.DataFrame(columns=_ACTIE_KOLOMMEN)
    gevonden: pd.DataFrame | None = None
    for woord in woorden[:ZOEK_MAX_WOORDEN]:
        rows = db.programma_acties_zoek(woord)
        gevonden = rows if gevonden is None else gevonden[gevonden["actie_code"].isin(rows["actie_code"])]
    assert gevonden is not None
    return gevonden[_ACTIE_KOLOMMEN].reset_index(drop=True)


def acties_tabel(acties: pd.DataFrame) -> pd.DataFrame:
    """Actions for an export: Dutch headers, lists as text ('; '), the programme's period where
    the action names none."""
    if acties.empty:
        acties = pd.DataFrame(columns=_ACTIE_KOLOMMEN)

    def lijst(kolom: str) -> pd.Series:
        return acties[kolom].fillna("").str.replace("|", "; ", regex=False)

    tabel = pd.DataFrame({
        "Programma": acties["programma_naam"] + " " + acties["programma_periode"],
        "Onderdeel": acties["pad"],
        "Beoogd resultaat": acties["resultaat"],
        "Actie": acties["titel"],
        "Partners": lijst("partners"),
        "Wijken": lijst("wijk_namen"),
        "Wijkcodes": lijst("wijken"),
        "Locatie": lijst("locatie"),
        "Periode": acties["periode"].fillna(acties["resultaat_periode"]).fillna(
            "looptijd programma (" + acties["programma_periode"] + ")"),
        "Doelen": lijst("doelen"),
        "Code": acties["actie_code"],
    })
    if "redenen" in acties.columns:
        tabel.insert(len(tabel.columns) - 1, "Waarom bij dit doel", acties["redenen"])
    return tabel
