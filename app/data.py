"""The data behind the Verkenner's map, trend and breakdown: the frames its figures show.

No SQL (that is app/queries.py) and no Dash; every function takes the Warehouse it reads.
The rest of what this module held lives in modules of its own (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app import cache, catalogus, fmt, gebieden, monitortabel, overzicht, programma, rules, vocab
from app.profiel import cijfers as _cijfers
from app.profiel import keuze as _keuze
from app.queries import Warehouse

# -- moved (issue 24); re-exported until callers migrate ------------------------------------------
# Each name below now lives in the module it is taken from (data.X -> module.X); the lead removes
# this block once no caller uses data.X any more. `weergave` is the Verkenner's cache of rendered
# parts, not data: it moves into app/pages/verkenner.py as a cache.VersionCache of its own.
AFGELEID_MAX = cache.AFGELEID_MAX
afgeleid = cache.afgeleid
_per_query_cache = cache.per_query_cache
OnbekendeWaarde = catalogus.OnbekendeWaarde
THEMA_VOLGORDE = catalogus.THEMA_VOLGORDE
indicator = catalogus.indicator
indicator_codes = catalogus.indicator_codes
themas = catalogus.themas
doel_namen = catalogus.doel_namen
zoekwoorden = catalogus.zoekwoorden
zoek_gewichten = catalogus.zoek_gewichten
indicatoren_in = catalogus.indicatoren_in
standaard_indicator = catalogus.standaard_indicator
keuze_bestaat = catalogus.keuze_bestaat
effecten = catalogus.effecten
indicator_effecten = catalogus.indicator_effecten
_doel_met_kinderen = catalogus.doel_met_kinderen
_catalogus = catalogus._catalogus
NIVEAU_LABEL = gebieden.NIVEAU_LABEL
NIVEAU_ENKELVOUD = gebieden.NIVEAU_ENKELVOUD
MIN_IOU_EIGEN_REEKS = gebieden.MIN_IOU_EIGEN_REEKS
gebied_bestaat = gebieden.gebied_bestaat
niveau_van = gebieden.niveau_van
gebieden_van_gemeente = gebieden.gebieden_van_gemeente
gebied_naam = gebieden.gebied_naam
is_vast_gebied = gebieden.is_vast_gebied
indeling_label = gebieden.indeling_label
jaren = gebieden.jaren
heeft_totaal = gebieden.heeft_totaal
kaart_jaren = gebieden.kaart_jaren
standaard_jaar = gebieden.standaard_jaar
jaar_om_te_openen = gebieden.jaar_om_te_openen
indelingen = gebieden.indelingen
indeling_voor = gebieden.indeling_voor
_Dekking = gebieden._Dekking
_maak_dekking = gebieden._maak_dekking
_gebieden = gebieden._gebieden
_zelfde_gebied_tekst = gebieden.zelfde_gebied_tekst
_gebied_paren = gebieden.gebied_paren
_een_per_jaar = gebieden.een_per_jaar
_label_ander_gebied = gebieden.label_ander_gebied
NIET_IN_MONITOR = vocab.NIET_IN_MONITOR
BEREKEND_UIT_WIJKEN = vocab.BEREKEND_UIT_WIJKEN
PROFIEL_NIVEAUS = _keuze.PROFIEL_NIVEAUS
PROFIEL_KOLOMMEN = _cijfers.PROFIEL_KOLOMMEN
Reeks = _cijfers.Reeks
REEKS_KOLOMMEN = _cijfers.REEKS_KOLOMMEN
wijkprofiel = _cijfers.wijkprofiel
wijkprofiel_reeksen = _cijfers.wijkprofiel_reeksen
vergelijk_waarden = _cijfers.vergelijk_waarden
profiel_indeling_notities = _cijfers.profiel_indeling_notities
vast_met_wijkcijfers = _cijfers.vast_met_wijkcijfers
profiel_elders = _cijfers.profiel_elders
MonitorTabel = monitortabel.MonitorTabel
MONITOR_KOLOMMEN = monitortabel.MONITOR_KOLOMMEN
monitor_tabel = monitortabel.monitor_tabel
_oordelen = monitortabel.oordelen
MAX_PER_DOEL = overzicht.MAX_PER_DOEL
Kerncijfer = overzicht.Kerncijfer
DoelBlok = overzicht.DoelBlok
EffectBlok = overzicht.EffectBlok
Overzicht = overzicht.Overzicht
overzicht = overzicht.overzicht
ZOEK_MAX_WOORDEN = programma.ZOEK_MAX_WOORDEN
ZOEK_MAX_TEKENS = programma.ZOEK_MAX_TEKENS
ProgrammaDoel = programma.ProgrammaDoel
programma_voor_doel = programma.programma_voor_doel
wijk_codes_voor = programma.wijk_codes_voor
acties_in_wijk = programma.acties_in_wijk
zoek_acties = programma.zoek_acties
acties_tabel = programma.acties_tabel
WEERGAVE_MAX = 512
weergave = cache.VersionCache(WEERGAVE_MAX, follows_query_cache=True)
# -- end of moved names -----------------------------------------------------------------------------


# -- map ---------------------------------------------------------------------------------------


@dataclass
class KaartData:
    """Areas of one indeling with their value (or status) in one year, and the gemeente value."""

    indicator: pd.Series
    jaar: int
    niveau: str
    indeling: str | None
    gebieden: pd.DataFrame  # gebied_code, naam, geometry, label_lon/lat, waarde, status, verschil...
    gemeente_naam: str
    gemeente_waarde: float | None
    gemeente_status: str
    periode_label: str
    heeft_cijfers: bool  # any figure (value or status) at this level in this year
    andere_jaren: list[int] = field(default_factory=list)  # years that do have figures here
    gemeente_afgeleid: bool = False  # the gemeente figure is BEREKEND_UIT_WIJKEN
    gemeente_soort: str | None = None  # the kind of the gemeente figure (app/vocab.py)
    # Why the figures of this year cannot be drawn (their indeling has no boundaries), else None;
    # the figures themselves are then in `zonder_geometrie` (for the table and exports).
    zonder_grenzen: str | None = None
    zonder_geometrie: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def kan_tekenen(self) -> bool:
        """Whether the map can show these figures (areas with boundaries)."""
        return self.zonder_grenzen is None and not self.gebieden.empty

    @property
    def vergelijkbaar_met_gemeente(self) -> bool:
        """A rate can be compared with the gemeente; a count (aggregatie 'som') cannot."""
        return is_vergelijkbaar(self.indicator)


def is_vergelijkbaar(ind: pd.Series) -> bool:
    """Whether an area's value may be compared with the gemeente's (not for counts)."""
    return ind.get("aggregatie") != "som"


def gemeente_heeft_waarde(db: Warehouse, code: str, jaar: int, gemeente: str) -> bool:
    """Whether the gemeente has a value (not a status) of this indicator in this year."""
    gem = db.kaartwaarden(code, jaar, "vast")
    gem = gem[(gem["gebied_code"] == gemeente) & (gem["status"] == fmt.STATUS_WAARDE)]
    return not gem.empty and fmt.is_getal(gem.iloc[0]["waarde"])


def kaart(db: Warehouse, code: str, jaar: int, niveau: str, gemeente: str) -> KaartData:
    """Everything the choropleth and its table need.

    When the year's figures are in an indeling without boundaries (the buurten of 2020), the
    map stays empty and `zonder_grenzen` says why; the figures are in `zonder_geometrie`.
    Kept like a query result (per warehouse version; not when the query cache is off): the
    Verkenner, its downloads and the embed share it, and never change it.
    """
    return _per_query_cache(db, ("kaart", code, jaar, niveau, gemeente),
                            lambda: _kaart(db, code, jaar, niveau, gemeente))


def _kaart(db: Warehouse, code: str, jaar: int, niveau: str, gemeente: str) -> KaartData:
    ind = indicator(db, code)
    indeling = indeling_voor(db, code, jaar, niveau)
    gem = db.kaartwaarden(code, jaar, "vast")
    gem = gem[gem["gebied_code"] == gemeente]
    gem_waarde = float(gem.iloc[0]["waarde"]) if not gem.empty and fmt.is_getal(
        gem.iloc[0]["waarde"]) else None
    gem_status = str(gem.iloc[0]["status"]) if not gem.empty else fmt.STATUS_GEEN
    columns = ["gebied_code", "naam", "geometry", "label_lon", "label_lat", "waarde", "ondergrens",
               "bovengrens", "significant", "status", "afgeleid", "soort", "periode_label", "verschil"]
    waarde_kolommen = ["gebied_code", "waarde", "ondergrens", "bovengrens", "significant",
                       "status", "afgeleid", "soort", "periode_label"]
    zonder_grenzen, zonder_geometrie = None, pd.DataFrame(columns=columns)
    if indeling is None:
        gebieden = pd.DataFrame(columns=columns)
        waarden = db.kaartwaarden(code, jaar, "")
    else:
        geo = db.geometrie(indeling)
        waarden = db.kaartwaarden(code, jaar, indeling)
        gebieden = geo.merge(waarden[waarde_kolommen], on="gebied_code", how="left")
        gebieden["status"] = gebieden["status"].fillna(fmt.STATUS_GEEN)
        gebieden["waarde"] = pd.to_numeric(gebieden["waarde"], errors="coerce")
        gebieden["verschil"] = (gebieden["waarde"] - gem_waarde) if gem_waarde is not None else None
        gebieden = gebieden[columns]
        if geo.empty and not waarden.empty:
            zonder_grenzen = (
                f"De cijfers van {jaar} per {NIVEAU_ENKELVOUD.get(niveau, niveau)} gaan over de "
                f"{indeling_label(indeling)}. Van die indeling zijn geen grenzen beschikbaar, dus "
                "ze staan niet op de kaart; de tabel geeft ze wel.")
            zonder_geometrie = waarden.rename(columns={"gebied_naam": "naam"}).assign(
                geometry=None, label_lon=None, label_lat=None)
            zonder_geometrie["waarde"] = pd.to_numeric(zonder_geometrie["waarde"], errors="coerce")
            zonder_geometrie["verschil"] = ((zonder_geometrie["waarde"] - gem_waarde)
                                            if gem_waarde is not None else None)
            zonder_geometrie = zonder_geometrie[columns].reset_index(drop=True)
    periode = (str(waarden.iloc[0]["periode_label"]) if not waarden.empty
               else str(gem.iloc[0]["periode_label"]) if not gem.empty else str(jaar))
    return KaartData(
        indicator=ind, jaar=jaar, niveau=niveau, indeling=indeling, gebieden=gebieden,
        gemeente_naam=gebied_naam(db, gemeente), gemeente_waarde=gem_waarde,
        gemeente_status=gem_status, periode_label=periode, heeft_cijfers=not waarden.empty,
        andere_jaren=kaart_jaren(db, code, niveau),
        gemeente_afgeleid=bool(gem["afgeleid"].fillna(False).astype(bool).any()),
        gemeente_soort=str(gem.iloc[0]["soort"]) if not gem.empty else None,
        zonder_grenzen=zonder_grenzen, zonder_geometrie=zonder_geometrie,
    )


def rangorde(kd: KaartData) -> tuple[pd.DataFrame, str]:
    """The areas with a value, worst first by the gewenste richting, and how they are ordered.

    'hoger' desired: lowest value first; 'lager' desired: highest first; neutral indicators from
    high to low (no 'worst'). Ties by name. Areas without a value are not ranked.
    """
    g = kd.gebieden[kd.gebieden["status"] == fmt.STATUS_WAARDE]
    richting = kd.indicator.get("gewenste_richting")
    oplopend = richting == rules.HOGER
    g = g.sort_values(["waarde", "naam"], ascending=[oplopend, True], kind="stable")
    if richting == rules.HOGER:
        uitleg = "slechtste eerst: laagste waarde bovenaan (hoger is beter)"
    elif richting == rules.LAGER:
        uitleg = "slechtste eerst: hoogste waarde bovenaan (lager is beter)"
    else:
        uitleg = "van hoog naar laag (geen gewenste richting: hoger is niet beter of slechter)"
    return g.reset_index(drop=True), uitleg


# -- trend -------------------------------------------------------------------------------------


@dataclass
class TrendData:
    """The series of a trend chart and what the chart must say about breaks."""

    indicator: pd.Series
    reeksen: pd.DataFrame  # reeks, gebied_code, indeling, jaar, periode_label, waarde, status, ...
    volgorde: list[str]  # series names, the selected area first
    breuken: list[tuple[int, str]]  # (first year after the break, reason)
    notities: list[str]
    oordelen: dict[str, rules.Trend]  # series name -> trend judgement
    rollen: dict[str, int] = field(default_factory=dict)  # series name -> 0 area, 1 gemeente, 2+


def trend(db: Warehouse, code: str, gemeente: str, referenties: tuple[str, ...],
          gebied: tuple[str, str, str] | None = None) -> TrendData:
    """Series of the selected area (code, indeling, niveau), the gemeente and the references.

    A wijk's series only crosses indelingen where gebied_vergelijkbaarheid says the areas are
    the same (vergelijkbaar); figures of a changed area are left out of it, with a note and a
    break. A changed area that shares most of the wijk (MIN_IOU_EIGEN_REEKS) gets a series of
    its own, named with its indeling ('Soesterkwartier (wijkindeling 2019)'), after the others.
    """
    ind = indicator(db, code)
    vast = (gemeente, *referenties)
    parts = []
    facts = db.reeksen((code,), vast)
    volgorde: list[str] = []
    notities: list[str] = []
    breuken: list[tuple[int, str]] = [
        (j, "definitie gewijzigd") for j in rules.breuk_jaren(ind["breuk_jaren"])
    ]
    if gebied is not None:
        g_code, g_indeling, g_niveau = gebied
        naam = gebied_naam(db, g_code, g_niveau, g_indeling)
        eigen, extra_notes, wijk_breuken, andere = _gebied_reeks(db, code, g_code, g_indeling, naam)
        parts.append(eigen.assign(reeks=naam))  # also when empty: the chart says so
        volgorde.append(naam)
        notities += extra_notes
        breuken += wijk_breuken
    else:
        andere = []
    rollen = {volgorde[0]: 0} if volgorde else {}
    for rol, vcode in enumerate(vast, start=1):
        rows = facts[(facts["gebied_code"] == vcode) & (facts["indeling"] == "vast")]
        naam = gebied_naam(db, vcode)
        if rows.empty:
            continue
        parts.append(rows.assign(reeks=naam))
        volgorde.append(naam)
        rollen[naam] = rol
    for rol, (label, rows) in enumerate(andere, start=len(vast) + 1):
        parts.append(rows.assign(reeks=label))
        volgorde.append(label)
        rollen[label] = rol
    reeksen = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["reeks", "gebied_code", "indeling", "jaar", "periode_label", "waarde", "status"])
    for j in rules.periode_breuken(facts[facts["gebied_code"] == gemeente]):
        breuken.append((j, "andere soort periode (bijv. schooljaar in plaats van kalenderjaar)"))
    for naam in volgorde[:2]:  # the chosen area and the gemeente: a change of basis is a break
        breuken += [(j, SOORT_BREUK) for j in _soort_breuken(reeksen[reeksen["reeks"] == naam])]
    breuken = binnen_getekend(sorted(set(breuken)), reeksen["jaar"])
    oordelen = {}
    for naam in volgorde:
        r = reeksen[reeksen["reeks"] == naam]
        oordelen[naam] = rules.trend(r, ind["gewenste_richting"], ind["eenheid"],
                                     [b for b, _ in breuken])
    return TrendData(ind, reeksen, volgorde, breuken, notities, oordelen, rollen)


def binnen_getekend(breuken: list[tuple[int, str]], jaren: Iterable[Any]) -> list[tuple[int, str]]:
    """The breaks inside the drawn years: a break before year b lies between two drawn years when
    the first drawn year is before b and the last is b or later. One before the first drawn year
    (a chart from 2022, a break before 2021) is not the chart's, and is not mentioned."""
    getekend = [int(j) for j in jaren]
    if not getekend:
        return []
    eerste, laatste = min(getekend), max(getekend)
    return [(b, reden) for b, reden in breuken if eerste < b <= laatste]


# A series whose figures change kind between delivered and made by this warehouse (converted from
# an older division, computed from the wijken): not one basis (rules.soort_breuk).
SOORT_BREUK = "ander soort cijfer (omgerekend of berekend tegenover geleverd)"


def _soort_breuken(rows: pd.DataFrame) -> list[int]:
    """Years whose figure is of another basis than the year's before it (a suppressed figure too:
    its row says how it came about)."""
    if rows.empty or "soort" not in rows:
        return []
    rijen = rows[rows["soort"].notna()].sort_values("jaar").drop_duplicates("jaar")
    jaren, soorten = list(rijen["jaar"]), list(rijen["soort"])
    return [int(jaren[i]) for i in range(1, len(jaren)) if rules.soort_breuk(soorten[i - 1], soorten[i])]


@dataclass(frozen=True)
class Vergelijking:
    """One stated comparison under the trend: `gebied` against `referentie` in one year."""

    gebied: str
    referentie: str
    jaar: int | None  # the latest year of `gebied` with a value; None: no figure at all
    periode: str
    waarde: float | None
    referentie_waarde: float | None
    oordeel: rules.Oordeel
    gunstigheid: str  # rules.GUNSTIG/ONGUNSTIG/VERGELIJKBAAR/NEUTRAAL, '' when unknown


def vergelijkingen(td: TrendData) -> list[Vergelijking]:
    """The chosen area against the gemeente, the gemeente against each reference (docs/app.md).

    Each comparison takes the latest year in which the first series has a value and the
    reference's figure of that same year (app/rules.py vergelijk); no figure that year, no verdict.
    """
    ind = td.indicator
    rij_per: dict[tuple[str, int], dict[str, Any]] = {}
    for r in td.reeksen.to_dict("records"):
        if r["status"] == fmt.STATUS_WAARDE:
            rij_per[(r["reeks"], int(r["jaar"]))] = r
    per_rol = {rol: naam for naam, rol in td.rollen.items()}
    paren = []
    if 0 in per_rol and 1 in per_rol:
        paren.append((per_rol[0], per_rol[1]))
    if 1 in per_rol:
        paren += [(per_rol[1], per_rol[r]) for r in sorted(per_rol) if r >= 2]
    uit = []
    for a, b in paren:
        jaren_a = sorted(j for n, j in rij_per if n == a)
        if not jaren_a:
            uit.append(Vergelijking(a, b, None, "", None, None,
                                    rules.Oordeel(rules.ONBEKEND, None, ""), ""))
            continue
        jaar = jaren_a[-1]
        ra, rb = rij_per[(a, jaar)], rij_per.get((b, jaar))
        periode = fmt.jaar_label(jaar, ra.get("periode_label"))
        if rb is None:
            uit.append(Vergelijking(a, b, jaar, periode, float(ra["waarde"]), None,
                                    rules.Oordeel(rules.ONBEKEND, None, ""), ""))
            continue
        # a wijk's count is part of the gemeente's total: no verdict (the gemeente against a
        # reference area is a count against a count of the same kind of area)
        oordeel = rules.vergelijk(rules.meting(ra), rules.meting(rb), ind["eenheid"],
                                  aantal_tegen_totaal=(td.rollen.get(a) == 0
                                                       and not is_vergelijkbaar(ind)))
        uit.append(Vergelijking(a, b, jaar, periode, float(ra["waarde"]), float(rb["waarde"]),
                                oordeel, rules.gunstigheid(oordeel.richting,
                                                           ind["gewenste_richting"])))
    return uit


def _gebied_reeks(db: Warehouse, code: str, g_code: str, g_indeling: str, naam: str
                  ) -> tuple[pd.DataFrame, list[str], list[tuple[int, str]],
                             list[tuple[str, pd.DataFrame]]]:
    """The series of one area: its own indeling plus comparable areas of other indelingen.

    Also (label, rows) of the changed areas that get a series of their own (andere_gebieden).
    The notes follow what is drawn: figures of a same area that are in the line are named as in
    it, with the reason (gebied_vergelijkbaarheid.reden); figures of an indeling in which the area
    has no same area are named as left out, with the reason per area. An indeling in which the
    area does have a same area says nothing about the other old areas it touches: they are
    neighbours there, not predecessors, and no break is drawn.
    """
    verg = db.vergelijkbaarheid(g_code, g_indeling)
    paren, eigen_reeksen = _gebied_paren(db, g_code, g_indeling)
    same = verg[verg["vergelijkbaar"].astype(bool)]
    changed = verg[~verg["vergelijkbaar"].astype(bool) & ~verg["indeling"].isin(set(same["indeling"]))]
    changed_paren = set(zip(changed["gebied_code"], changed["indeling"], strict=True))
    codes = tuple(sorted({c for c, _ in paren} | {c for c, _ in changed_paren}))
    facts = db.reeksen((code,), codes)
    paar = list(zip(facts["gebied_code"], facts["indeling"], strict=True))
    keep = pd.Series([p in set(paren) for p in paar], index=facts.index, dtype=bool)
    eigen = _een_per_jaar(facts[keep], g_indeling)
    notities: list[str] = []
    breuken: list[tuple[int, str]] = []
    andere: list[tuple[str, pd.DataFrame]] = []
    for r in same.itertuples():
        drawn = eigen[(eigen["gebied_code"] == r.gebied_code) & (eigen["indeling"] == r.indeling)]
        if drawn.empty:
            continue
        jaren = ", ".join(str(j) for j in sorted({int(j) for j in drawn["jaar"]}))
        waar = _zelfde_gebied_tekst(str(drawn.iloc[0]["gebied_naam"]), naam, r.indeling, r.reden)
        notities.append(f"Cijfers van {jaren} komen uit de {waar}; ze staan daarom in de lijn van {naam}.")
    uitgesloten = facts[pd.Series([p in changed_paren for p in paar], index=facts.index, dtype=bool)]
    if not uitgesloten.empty:
        jaren_weg = sorted({int(j) for j in uitgesloten["jaar"]})
        indel = sorted(set(uitgesloten["indeling"]))
        eerste_eigen = eigen.loc[eigen["indeling"] == g_indeling, "jaar"]
        if not eerste_eigen.empty:
            breuken.append((int(eerste_eigen.min()), "wijkindeling gewijzigd"))
        for c, i in eigen_reeksen:
            rows = uitgesloten[(uitgesloten["gebied_code"] == c) & (uitgesloten["indeling"] == i)]
            if not rows.empty:
                andere.append((_label_ander_gebied(str(rows.iloc[0]["gebied_naam"]), i), rows))
        redenen, klein = [], []
        for r in changed.itertuples():  # by IoU, the largest first
            rows = uitgesloten[(uitgesloten["gebied_code"] == r.gebied_code)
                               & (uitgesloten["indeling"] == r.indeling)]
            if rows.empty:
                continue
            ander = str(rows.iloc[0]["gebied_naam"])
            if r.iou >= MIN_IOU_EIGEN_REEKS:  # a predecessor: why it is not the same area
                redenen.append(f" {_label_ander_gebied(ander, r.indeling)}: {r.reden}.")
            else:  # an area that overlaps only part of it: named, its figures are left out too
                iou = f"{r.iou:.2f}".replace(".", ",")
                klein.append(f"{ander} ({indeling_label(r.indeling)}, overlap {iou})")
        if klein:
            kop = ("Ook andere gebieden overlappen voor een deel" if redenen
                   else "Het gaat om gebieden die er maar voor een deel mee overlappen")
            redenen.append(f" {kop}: {'; '.join(klein)}.")
        eigen_lijn = (f" {'; '.join(label for label, _ in andere)} staat als eigen lijn in de grafiek."
                      if andere else "")
        notities.append(
            f"Cijfers van {', '.join(map(str, jaren_weg))} ({', '.join(map(indeling_label, indel))})"
            f" gaan over een gebied met andere grenzen dan {naam} in de "
            f"{indeling_label(g_indeling)}; ze staan daarom niet in de lijn van {naam}."
            f"{''.join(redenen)}{eigen_lijn}"
        )
    return eigen, notities, breuken, andere


# -- breakdown -------------------------------------------------------------------------------


@dataclass
class UitsplitsingData:
    """Figures by group for one area and year."""

    indicator: pd.Series
    gebied_naam: str
    jaar: int | None
    periode_label: str
    groepen: pd.DataFrame  # dimensie, groep, volgorde, waarde, status, ...
    notitie: str


def uitsplitsing(db: Warehouse, code: str, jaar: int, gemeente: str,
                 gebied: tuple[str, str, str] | None = None) -> UitsplitsingData:
    """The breakdown of the selected area if it has one, else of the gemeente.

    Uses the chosen year; when that year has no breakdown, the latest earlier year that has one
    (said in the note).
    """
    ind = indicator(db, code)
    kandidaten: list[tuple[str, str, str | None, str | None]] = []
    if gebied is not None:
        kandidaten.append((gebied[0], gebied[1], gebied[2], gebied[1]))
    kandidaten.append((gemeente, "vast", None, None))
    beschikbaar = db.uitsplitsing_gebieden(code)
    notitie = ""
    for g_code, g_indeling, niveau, indeling in kandidaten:
        if beschikbaar[(beschikbaar["gebied_code"] == g_code)
                       & (beschikbaar["indeling"] == g_indeling)].empty:
            continue
        rows = db.uitsplitsing(code, g_code, g_indeling)
        naam = gebied_naam(db, g_code, niveau, indeling)
        if gebied is not None and g_code != gebied[0]:
            notitie = (f"Voor {gebied_naam(db, gebied[0], gebied[2], gebied[1])} is geen "
                       f"uitsplitsing beschikbaar; hieronder die van {naam}.")
        gekozen = rows[rows["jaar"] == jaar]
        if gekozen.empty:
            eerder = rows[rows["jaar"] <= jaar]
            bron = eerder if not eerder.empty else rows
            laatste = int(bron["jaar"].max())
            gekozen = rows[rows["jaar"] == laatste]
            notitie = (notitie + " " if notitie else "") + (
                f"Voor {jaar} is er geen uitsplitsing; getoond wordt {laatste}.")
        j = int(gekozen["jaar"].iloc[0])
        return UitsplitsingData(ind, naam, j, str(gekozen["periode_label"].iloc[0]),
                                gekozen.reset_index(drop=True), notitie)
    return UitsplitsingData(ind, gebied_naam(db, gemeente), None, "", pd.DataFrame(
        columns=["dimensie", "groep", "volgorde", "waarde", "status"]),
        "Voor deze indicator is geen uitsplitsing naar opleiding, geslacht of leeftijd beschikbaar.")


def trend_tabel_rijen(td: TrendData) -> list[dict[str, str]]:
    """The trend as table rows: one per year, a column per series, values in Dutch notation.

    A significant value gets ' *', an interval '(lo–hi)'; a year printed as a school year or
    peildatum takes that label. Shared by the verkenner and the /embed/trend view.
    """
    eenheid = td.indicator["eenheid"]
    eerste: dict[tuple[str, int], dict[str, Any]] = {}  # (series, year) -> its first row
    for rec in td.reeksen.to_dict("records"):
        eerste.setdefault((rec["reeks"], int(rec["jaar"])), rec)
    rijen = []
    for jaar in sorted({j for _, j in eerste}):
        rij = {"jaar": str(jaar)}
        for naam in td.volgorde:
            h = eerste.get((naam, jaar))
            if h is None:
                rij[naam] = "–"
                continue
            tekst = fmt.waarde(h["waarde"], eenheid, h["status"], soort=h.get("soort"))
            if h.get("significant") is True:
                tekst += " *"
            if fmt.is_getal(h.get("ondergrens")) and fmt.is_getal(h.get("bovengrens")):
                tekst += f" ({fmt.getal(h['ondergrens'])}–{fmt.getal(h['bovengrens'])})"
            rij[naam] = tekst
            if h["periode_label"] and str(h["periode_label"]) != str(jaar):
                rij["jaar"] = str(h["periode_label"])
        rijen.append(rij)
    return rijen
