"""The choropleth map: its figures per area (data), its texts and table, its part of the Verkenner,
its embed (/embed/kaart) and its export. The figure is kaart_figures.py, the ranking rangorde.py.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from dash import Patch, dcc, html, no_update

from app import cache, catalogus, fmt, gebieden, vocab
from app import components as c
from app import verwant as verwante
from app.config import Config, settings
from app.onderdelen import kaart_figures, rangorde
from app.onderdelen.basis import (
    BRON_GRENZEN,
    Embed,
    GeenWeergave,
    Onderdeel,
    Pagina,
    Tabel,
    Weergave,
    bron,
    voor_embed,
)
from app.queries import Kaartwaarde, Warehouse, current
from app.viewstate import ViewState

# -- data --------------------------------------------------------------------------------------


# The columns of queries.geometrie, as _geometrie's rows hold them.
GEO_KOLOMMEN = ("gebied_code", "naam", "niveau", "geometry", "label_lon", "label_lat")
# The columns of KaartData.gebieden (the frame of the exports and embeds), in order.
KOLOMMEN = ("gebied_code", "naam", "geometry", "label_lon", "label_lat", "waarde", "ondergrens",
            "bovengrens", "significant", "status", "afgeleid", "soort", "periode_label", "verschil")


@dataclass(frozen=True, slots=True)
class Gebiedswaarde:
    """One area on the map: its boundary (None without one) and its figure of the year (the
    value NaN and the status 'geen' when it has none); `verschil` is the value minus the
    gemeente's (NaN without a value, None without a gemeente value)."""

    gebied_code: str
    naam: str
    geometry: str | None
    label_lon: float | None
    label_lat: float | None
    waarde: float
    ondergrens: float | None
    bovengrens: float | None
    significant: bool | None
    status: str
    afgeleid: bool | None
    soort: str | None
    periode_label: str | None
    verschil: float | None


@dataclass
class KaartData:
    """Areas of one indeling with their value (or status) in one year, and the gemeente value.

    The areas are plain rows (`rijen`: the figure, the ranking, the table and the texts read
    these on every interaction); `gebieden` is the same as a frame, built on first use from the
    queried rows (`waarden`, `geometrie`), for the exports and the tests.
    """

    indicator: pd.Series
    jaar: int
    niveau: str
    indeling: str | None
    rijen: tuple[Gebiedswaarde, ...]  # the areas with a boundary, by name
    gemeente_naam: str
    gemeente_waarde: float | None
    gemeente_status: str
    periode_label: str
    heeft_cijfers: bool  # any figure (value or status) at this level in this year
    andere_jaren: list[int] = field(default_factory=list)  # years that do have figures here
    gemeente_afgeleid: bool = False  # the gemeente figure is BEREKEND_UIT_WIJKEN
    gemeente_soort: str | None = None  # the kind of the gemeente figure (app/vocab.py)
    # Why the figures of this year cannot be drawn (their indeling has no boundaries), else None;
    # the figures themselves are then in `zonder_geometrie_rijen` (for the table and exports).
    zonder_grenzen: str | None = None
    zonder_geometrie_rijen: tuple[Gebiedswaarde, ...] = ()

    # The year's figures at this level as queried, and the indeling's boundaries (the frames'
    # source: the exports read the same frames as before the rows, dtypes included).
    waarden: tuple[Kaartwaarde, ...] = ()
    geometrie: tuple[tuple, ...] = ()

    @functools.cached_property
    def gebieden(self) -> pd.DataFrame:
        """`rijen` as a frame (KOLOMMEN), built on first use: for exports and embeds."""
        return _frames(self)[0]

    @functools.cached_property
    def zonder_geometrie(self) -> pd.DataFrame:
        """`zonder_geometrie_rijen` as a frame (KOLOMMEN), built on first use."""
        return _frames(self)[1]

    @property
    def kan_tekenen(self) -> bool:
        """Whether the map can show these figures (areas with boundaries)."""
        return self.zonder_grenzen is None and bool(self.rijen)

    @property
    def vergelijkbaar_met_gemeente(self) -> bool:
        """A rate can be compared with the gemeente; a count (aggregatie 'som') cannot."""
        return catalogus.is_vergelijkbaar(self.indicator)


def _frames(kd: KaartData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frames of `gebieden` and `zonder_geometrie` from the queried rows: the areas with a
    boundary and their figures, and the figures of an indeling without boundaries. Not on the
    per-interaction path (a download is not an interaction)."""
    columns = list(KOLOMMEN)
    leeg = pd.DataFrame(columns=columns)
    if kd.indeling is None:
        return leeg, leeg
    gem_waarde = kd.gemeente_waarde
    geo = pd.DataFrame.from_records(list(kd.geometrie), columns=list(GEO_KOLOMMEN))
    waarden = pd.DataFrame.from_records(list(kd.waarden), columns=list(Kaartwaarde._fields))
    vlakken = geo.merge(waarden[["gebied_code", "waarde", "ondergrens", "bovengrens",
                                 "significant", "status", "afgeleid", "soort", "periode_label"]],
                        on="gebied_code", how="left")
    vlakken["status"] = vlakken["status"].fillna(fmt.STATUS_GEEN)
    vlakken["waarde"] = pd.to_numeric(vlakken["waarde"], errors="coerce")
    vlakken["verschil"] = (vlakken["waarde"] - gem_waarde) if gem_waarde is not None else None
    zonder = leeg
    if kd.zonder_grenzen:
        zonder = waarden.rename(columns={"gebied_naam": "naam"}).assign(
            geometry=None, label_lon=None, label_lat=None)
        zonder["waarde"] = pd.to_numeric(zonder["waarde"], errors="coerce")
        zonder["verschil"] = (zonder["waarde"] - gem_waarde) if gem_waarde is not None else None
        zonder = zonder[columns].reset_index(drop=True)
    return vlakken[columns], zonder


def gemeente_heeft_waarde(db: Warehouse, code: str, jaar: int, gemeente: str) -> bool:
    """Whether the gemeente has a value (not a status) of this indicator in this year."""
    return gebieden.gemeente_heeft_waarde(db, code, jaar, gemeente)


def kaart(db: Warehouse, code: str, jaar: int, niveau: str, gemeente: str) -> KaartData:
    """Everything the choropleth and its table need.

    When the year's figures are in an indeling without boundaries (the buurten of 2020), the
    map stays empty and `zonder_grenzen` says why; the figures are in `zonder_geometrie`.
    Kept like a query result (per warehouse version; not when the query cache is off): the
    Verkenner, its downloads and the embed share it, and never change it.
    """
    return cache.per_query_cache(db, ("kaart", code, jaar, niveau, gemeente),
                            lambda: _kaart(db, code, jaar, niveau, gemeente))


def _geometrie(db: Warehouse, indeling: str) -> tuple[tuple, ...]:
    """The indeling's boundaries as plain rows (GEO_KOLOMMEN), by name: once per warehouse
    version."""
    return cache.afgeleid(db, ("geometrie_rijen", indeling), lambda: tuple(
        db.geometrie(indeling).itertuples(index=False, name=None)))


def _getal(x: object) -> float:
    """A figure as the map computes with it: a float, NaN when there is none."""
    return float(x) if fmt.is_getal(x) else math.nan  # type: ignore[arg-type]


def _rij(w: Kaartwaarde, geo: tuple | None, gem_waarde: float | None) -> Gebiedswaarde:
    waarde = _getal(w.waarde)
    return Gebiedswaarde(
        gebied_code=w.gebied_code, naam=geo[1] if geo else w.gebied_naam,
        geometry=geo[3] if geo else None, label_lon=geo[4] if geo else None,
        label_lat=geo[5] if geo else None, waarde=waarde, ondergrens=w.ondergrens,
        bovengrens=w.bovengrens, significant=w.significant, status=w.status,
        afgeleid=w.afgeleid, soort=w.soort, periode_label=w.periode_label,
        verschil=(waarde - gem_waarde) if gem_waarde is not None else None)


def _zonder_waarde(geo: tuple, gem_waarde: float | None) -> Gebiedswaarde:
    return Gebiedswaarde(
        gebied_code=geo[0], naam=geo[1], geometry=geo[3], label_lon=geo[4], label_lat=geo[5],
        waarde=math.nan, ondergrens=None, bovengrens=None, significant=None,
        status=fmt.STATUS_GEEN, afgeleid=None, soort=None, periode_label=None,
        verschil=math.nan if gem_waarde is not None else None)


def _kaart(db: Warehouse, code: str, jaar: int, niveau: str, gemeente: str) -> KaartData:
    ind = catalogus.indicator(db, code)
    indeling = gebieden.indeling_voor(db, code, jaar, niveau)
    gem = gebieden.vaste_kaartwaarde(db, code, jaar, gemeente)
    gem_waarde = float(gem.waarde) if gem is not None and fmt.is_getal(gem.waarde) else None
    gem_status = str(gem.status) if gem is not None else fmt.STATUS_GEEN
    zonder_grenzen, zonder_geometrie = None, ()
    geo: tuple[tuple, ...] = ()
    if indeling is None:
        rijen: tuple[Gebiedswaarde, ...] = ()
        waarden = db.kaartrijen(code, jaar, "", gemeente)
    else:
        geo = _geometrie(db, indeling)
        waarden = db.kaartrijen(code, jaar, indeling, gemeente)
        per_code = {w.gebied_code: w for w in waarden}
        rijen = tuple(_rij(per_code[g[0]], g, gem_waarde) if g[0] in per_code
                      else _zonder_waarde(g, gem_waarde) for g in geo)
        if not geo and waarden:
            zonder_grenzen = (
                f"De cijfers van {jaar} per {gebieden.NIVEAU_ENKELVOUD.get(niveau, niveau)} gaan over de "
                f"{gebieden.indeling_label(indeling)}. Van die indeling zijn geen grenzen beschikbaar, dus "
                "ze staan niet op de kaart; de tabel geeft ze wel.")
            zonder_geometrie = tuple(_rij(w, None, gem_waarde) for w in waarden)
    periode = (str(waarden[0].periode_label) if waarden
               else str(gem.periode_label) if gem is not None else str(jaar))
    return KaartData(
        indicator=ind, jaar=jaar, niveau=niveau, indeling=indeling, rijen=rijen,
        gemeente_naam=gebieden.gebied_naam(db, gemeente), gemeente_waarde=gem_waarde,
        gemeente_status=gem_status, periode_label=periode, heeft_cijfers=bool(waarden),
        andere_jaren=gebieden.kaart_jaren(db, code, niveau),
        gemeente_afgeleid=bool(gem.afgeleid) if gem is not None else False,
        gemeente_soort=str(gem.soort) if gem is not None else None,
        zonder_grenzen=zonder_grenzen, zonder_geometrie_rijen=zonder_geometrie,
        waarden=waarden, geometrie=geo,
    )


def _kaartdata(state: ViewState) -> KaartData:
    """The map's figures for a state (shared: never changed)."""
    return kaart(current(), state.indicator, state.jaar, state.niveau,
                 settings().gemeente)


# -- texts and table ---------------------------------------------------------------------------


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


def kaart_tabel(kd: KaartData, prefix: str = "verkenner") -> Any:
    """The map's table alternative: every area in ranking order (worst first), then the areas
    without a value; one component (server-escaped HTML)."""
    eenheid = kd.indicator["eenheid"]
    rang, uitleg = rangorde.rangorde(kd)
    zonder = sorted((r for r in kd.rijen if r.status != fmt.STATUS_WAARDE), key=lambda r: r.naam)
    g = (*rang, *zonder)
    d = fmt.decimalen_indicator(kd.indicator.get("decimalen"),
                                [r.waarde for r in g] + [kd.gemeente_waarde])
    rows = [{"gebied": r.naam, "code": r.gebied_code,
             "waarde": fmt.waarde(r.waarde, eenheid, r.status, decimalen=d, soort=r.soort),
             "verschil": (fmt.verschil(r.verschil, eenheid, d) if r.status == fmt.STATUS_WAARDE
                          else ""),
             "rang": str(i + 1) if i < len(rang) else ""}
            for i, r in enumerate(g)]
    caption = (f"{kd.indicator['naam']}, {kd.periode_label}, per "
               f"{gebieden.NIVEAU_ENKELVOUD[kd.niveau]}, {uitleg}; {kd.gemeente_naam}: "
               f"{fmt.waarde(kd.gemeente_waarde, eenheid, kd.gemeente_status, decimalen=d)}")
    return c.tabel_alternatief(c.html_tabel(
        rows, [("gebied", "Gebied"), ("code", "Code"), ("waarde", "Waarde"),
               ("verschil", f"Verschil met {kd.gemeente_naam}"), ("rang", "Rang")],
        caption, tabel_id=f"{prefix}-kaart-data", rij_kop="gebied",
        numeriek=("waarde", "verschil", "rang")), "Tabel bij de kaart (met de rangorde)")


# -- the Verkenner -----------------------------------------------------------------------------


def render(state: ViewState, pagina: Pagina) -> tuple:
    """The choropleth for the chosen year and level, or why there is none."""
    cfg = settings()
    if state.jaar is None:
        return {"data": []}, "", True, "Deze indicator heeft nog geen cijfers.", "", False
    kd = _kaartdata(state)
    niveau = gebieden.NIVEAU_LABEL[state.niveau].lower()
    if kd.zonder_grenzen:  # figures of an indeling without boundaries: a ranking, no map
        kd_rang = dataclasses.replace(kd, rijen=kd.zonder_geometrie_rijen)
        # no map: its box is left out and the ranking takes the row (wijkmonitor.css)
        return ({"data": [], "layout": {"height": 10}}, _rangorde(kd_rang, state, pagina), False,
                f"{kd.zonder_grenzen} De rangorde toont de cijfers.",
                kaart_tabel(kd_rang, pagina.prefix), True)
    if not kd.heeft_cijfers:
        if kd.andere_jaren:
            tekst = (f"Voor {state.jaar} zijn er geen cijfers voor {niveau}; wel voor "
                     f"{', '.join(map(str, kd.andere_jaren))}. De ontwikkeling en uitsplitsing "
                     "voor de gemeente staan hieronder.")
        else:
            tekst = (f"Voor deze indicator zijn geen cijfers voor {niveau}: er zijn alleen cijfers "
                     f"voor {kd.gemeente_naam} en de vergelijkingsgebieden. De ontwikkeling en "
                     "uitsplitsing staan hieronder.")
        inhoud = [tekst, *verwant_melding(verwante.voor(current(), state.indicator))]
        return {"data": [], "layout": {"height": 10}}, "", True, inhoud, "", False
    fig = kaart_figures.kaart_figuur(kd, state.weergave, state.gebied, cfg.basemap_url,
                               cfg.basemap_attribution)
    eenheid = kd.indicator["eenheid"]
    uitleg = (f"{kd.indicator['naam']} per {gebieden.NIVEAU_ENKELVOUD[state.niveau]}, "
              f"{kd.periode_label} ({gebieden.indeling_label(kd.indeling)}). {kd.gemeente_naam}: "
              f"{fmt.waarde(kd.gemeente_waarde, eenheid, kd.gemeente_status)}"
              f"{f' ({vocab.BEREKEND_UIT_WIJKEN})' if kd.gemeente_afgeleid else ''}. "
              "Beweeg over een gebied voor de waarde; klik om het te kiezen. "
              f"Klassen: {kaart_figures.klassemethode([r.waarde for r in kd.rijen])}. Naast (of onder) de "
              "kaart de rangorde van de gebieden met een cijfer.")
    return fig, _rangorde(kd, state, pagina), False, uitleg, kaart_tabel(kd, pagina.prefix), False


def _rangorde(kd: KaartData, state: ViewState, pagina: Pagina) -> Any:
    """The ranking beside the map; each row links to this view with that area chosen."""
    rij, uitleg = rangorde.rangorde(kd)
    return rangorde.rangorde_html(
        kd, rij, uitleg, pagina.gebied_links(state),
        state.gebied, element_id=f"{pagina.prefix}-rangorde",
        weergave=state.weergave or "waarde")


def _basis(s: ViewState) -> tuple:
    """What the map is drawn from besides the chosen area (keuze: the ranking's links carry the
    theme or goal)."""
    return tuple(getattr(s, k) for k in ("indicator", "jaar", "niveau", "indeling", "weergave",
                                    "keuze"))


def sleutels(s: ViewState) -> tuple:
    """What of the state the map is drawn from."""
    return (_basis(s), s.gebied)


def selectie(state: ViewState, vorige: ViewState, pagina: Pagina) -> tuple | None:
    """The map part when only the chosen area changed: the outline as a patch of the map's
    shapes (plotly redraws the outline alone) and the ranking with the new row marked; None
    when more changed or there is no map (draw it all).

    Figures of an indeling without boundaries hide the map's cell (display: none): the figure
    the browser has is left as it is, not redrawn empty where nobody sees it (plotly took ~50 ms
    for that, the largest part of a level change; docs/performance.md). The next view with a
    map differs in its basis, so it sends its whole figure."""
    if vorige.versie != state.versie:
        return None
    kd = _kaartdata(state) if state.jaar is not None else None
    if kd is not None and kd.zonder_grenzen:
        return (no_update, *render(state, pagina)[1:])
    if _basis(vorige) != _basis(state):
        return None
    if kd is None or not kd.heeft_cijfers:
        return None
    figuur = Patch()
    figuur["layout"]["shapes"] = kaart_figures.selectie_vormen(kd, state.gebied)
    return figuur, _rangorde(kd, state, pagina), no_update, no_update, no_update, no_update


def blok(P: str, eerst: Any) -> html.Section:  # noqa: N803 - the page's id prefix, as it calls it
    """The map's section of the Verkenner: explanation, map, ranking and table."""
    return html.Section([
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
    ], className="paneel", **{"aria-labelledby": f"{P}-kaart-kop"})


# -- embed and export --------------------------------------------------------------------------


def embed(db: Warehouse, k: ViewState, cfg: Config) -> Weergave:
    """The choropleth of one year and level, the chosen area outlined."""
    ind = catalogus.indicator(db, k.indicator)
    if k.jaar is None:
        raise GeenWeergave("Deze indicator heeft nog geen cijfers.")
    kd = kaart(db, ind["code"], k.jaar, k.niveau, cfg.gemeente)
    enkel = gebieden.NIVEAU_ENKELVOUD[k.niveau]
    if not kd.heeft_cijfers:
        wel = (f"; wel voor {', '.join(map(str, kd.andere_jaren))}" if kd.andere_jaren else "")
        raise GeenWeergave(f"Voor {k.jaar} zijn er geen cijfers van deze indicator per {enkel}{wel}.")
    if kd.zonder_grenzen:  # figures of an indeling without boundaries (buurten 2020)
        raise GeenWeergave(kd.zonder_grenzen)
    weergave = k.weergave
    if weergave == "verschil" and not kd.vergelijkbaar_met_gemeente:
        raise GeenWeergave("Deze indicator is een aantal: een verschil met de gemeente zegt niets. "
                           "Laat 'weergave=verschil' weg.")
    fig = kaart_figures.kaart_figuur(kd, weergave, k.gebied, cfg.basemap_url, cfg.basemap_attribution)
    eenheid = ind["eenheid"]
    gemeente = (f"{kd.gemeente_naam}: "
                f"{fmt.waarde(kd.gemeente_waarde, eenheid, kd.gemeente_status, soort=kd.gemeente_soort)}")
    rijen = [{"gebied": str(r.naam), "code": str(r.gebied_code),
              "waarde": fmt.waarde(r.waarde, eenheid, r.status, soort=r.soort),
              "verschil": fmt.verschil(r.verschil, eenheid) if r.status == fmt.STATUS_WAARDE else ""}
             for r in sorted(kd.rijen, key=lambda r: r.naam)]
    tabel = Tabel(
        caption=f"{ind['naam']}, {kd.periode_label}, per {enkel}; {gemeente}",
        kolommen=[("gebied", "Gebied", False), ("code", "Code", False), ("waarde", "Waarde", True),
                  ("verschil", f"Verschil met {kd.gemeente_naam}", True)],
        rijen=rijen, rij_kop="gebied", samenvatting="Tabel bij de kaart")
    gekozen = ""
    if k.gebied:
        gekozen = f" Omlijnd: {gebieden.gebied_naam(db, k.gebied, k.niveau, k.indeling)}."
    return Weergave(
        soort="kaart", titel=str(ind["naam"]),
        ondertitel=f"{kd.periode_label}, per {enkel} ({gebieden.indeling_label(kd.indeling)}). {gemeente}.",
        eenheid=fmt.eenheid_label(eenheid), bron=bron(ind, BRON_GRENZEN),
        link=k.link(weergave=weergave if weergave != "waarde" else None),
        figuur=voor_embed(fig),
        grafiek_label=(f"Kaart van {ind['naam']} per {enkel}, {kd.periode_label}.{gekozen} "
                       "De tabel hieronder geeft de waarde van elk gebied."),
        tabellen=[tabel])


def beschikbaar(db: Warehouse, state: ViewState) -> bool:
    """Whether the state's year has map figures at its level (something to embed)."""
    return state.jaar in gebieden.kaart_jaren(db, state.indicator, state.niveau)


def export(db: Warehouse, state: ViewState) -> dict[str, pd.DataFrame]:
    """The map's figures of the state's year and level, the difference rounded like its figures."""
    cfg = settings()
    if state.jaar is None:
        return {}
    kd = _kaartdata(state)
    if not kd.heeft_cijfers:
        return {}
    # a difference is rounded like its figures (one precision per indicator), never
    # -3,3999999999999986; the kind of each figure travels with it
    d = fmt.decimalen_indicator(kd.indicator.get("decimalen"), kd.gebieden["waarde"])
    return {"kaart": kd.gebieden.assign(
        jaar=kd.jaar, indeling=kd.indeling,
        verschil=[fmt.afgerond(v, d) for v in kd.gebieden["verschil"]])[
        ["gebied_code", "naam", "indeling", "jaar", "periode_label", "waarde", "status",
         "soort", "significant", "ondergrens", "bovengrens", "verschil"]
    ].rename(columns={"naam": "gebied_naam", "verschil": f"verschil_met_{cfg.gemeente}"})}


ONDERDEEL = Onderdeel(
    naam="kaart",
    outputs=(("kaart", "figure"), ("rang", "children"), ("kaart-blok", "hidden"),
             ("kaart-uitleg", "children"), ("kaart-tabel", "children"), ("kaart-vak", "hidden")),
    sleutels=sleutels, render=render, blok=blok, bijwerken=selectie,
    embed=Embed("kaart", ("indicator", "jaar", "niveau", "gebied", "weergave"), hoogte=680,
                titel="kaart", maak=embed, beschikbaar=beschikbaar),
    export=export, export_volgorde=0,
)
