"""The wijkprofiel as one object: summary, rows grouped by effect and thema, comparison, definitions.

Built from its figures (app/profiel/cijfers.py) for a choice (app/profiel/keuze.py); no SQL, no
Flask, no Dash. Rendered by the page (app/site/wijkprofiel.py), the embed (app/embed/views.py),
the print stylesheet and the CSV/Excel exports alike.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app import catalogus, fmt, gebieden, rules, vocab
from app.cache import afgeleid
from app.profiel import cijfers
from app.profiel.keuze import Gebied
from app.queries import Warehouse
from app.sparklijn import TABEL, Sparklijn, sparklijn

# 'Opvallend in <wijk>': at most this many indicators per side (unfavourable, favourable), so
# the summary fits on the first printed page with the counts per effect.
OPVALLEND_MAX = 5

# Rows without a maatschappelijk effect: monitor indicators first, then the CBS background
# figures that are not in the monitor (population, housing, facilities).
KOP_OVERIG_MONITOR = "Overige indicatoren uit de monitor"
KOP_ACHTERGROND = "Achtergrond van de wijk (niet in de monitor)"

# A figure at least this many years older than the current year is marked by its age on screen
# and in print ('2019, 7 jaar oud'): the GGD health survey runs every 4 years, so a figure of
# the last round is younger than that.
OUD_VANAF_JAREN = 4

# The background of a wijk in the default view: a few CBS key figures in a compact table (the
# other background rows, such as 57 distances to facilities, open per thema in full).
KERNCIJFERS = (
    "cbs_aantal_inwoners", "cbs_pct_0_tot_15_jaar", "cbs_pct_15_tot_25_jaar",
    "cbs_pct_25_tot_45_jaar", "cbs_pct_45_tot_65_jaar", "cbs_pct_65_jaar_en_ouder",
    "cbs_aantal_huishoudens", "cbs_gemiddelde_huishoudensgrootte",
    "cbs_pct_eenpersoonshuishoudens", "cbs_pct_huishoudens_met_kinderen",
    "cbs_woningvoorraad", "cbs_pct_koopwoningen", "cbs_pct_huurwoningen_corporatie",
    "cbs_gemiddelde_woz_waarde", "cbs_afstand_huisartsenpraktijk", "cbs_afstand_grote_supermarkt",
)


@dataclass(frozen=True)
class Rij:
    """One indicator of the profile, as shown (texts) and as exported (rounded numbers)."""

    code: str
    naam: str
    thema: str
    effect: str  # 'ME-A' or ''
    jaar: int
    periode: str
    wijk: str  # '8,3%', 'ca. 5%', 'geheim/onderdrukt'
    gemeente: str
    verschil: str
    oordeel: str  # gunstig | ongunstig | vergelijkbaar | neutraal | ''
    vergelijk: str  # the comparison area in the same period ('' without one)
    trend: str
    trend_detail: str
    eenheid: str
    bron: str
    definitie: str
    toelichting: str
    gewenste_richting: str
    methode: str  # how the oordeel was reached, in words
    doelen: str
    wijk_soort: str  # app/vocab.py: the kind of the area's figure
    sparklijn: Sparklijn | None  # the area's line first, then the gemeente's
    sparklijn_label: str
    wijk_getal: float | None  # rounded as on screen
    gemeente_getal: float | None
    verschil_getal: float | None
    vergelijk_getal: float | None
    afwijking: float
    familie: str = ""  # data/meta/families.csv: the concept it measures with others ('' alone)
    familie_naam: str = ""
    hoofd: bool = False  # speaks for its family
    ook: tuple[str, ...] = ()  # in 'Opvallend': the family's other members with the same verdict
    leeftijd: int = 0  # years between the figure's year and the current year (peiljaar)
    verwant: int = 0  # in the default view: the family's other members in the same table

    @property
    def oud(self) -> str:
        """'7 jaar oud' for a figure of OUD_VANAF_JAREN or more years ago, else ''."""
        return f"{self.leeftijd} jaar oud" if self.leeftijd >= OUD_VANAF_JAREN else ""

    @property
    def te_vergelijken(self) -> bool:
        """The area has a figure, and there is a gemeente figure or a verdict to read it by."""
        return self.wijk_getal is not None and (self.gemeente_getal is not None or bool(self.oordeel))

    @property
    def anker(self) -> str:
        """The id of the indicator's definition at the end of the page."""
        return "def-" + re.sub(r"[^a-z0-9_-]+", "-", self.code.lower())

    @property
    def oordeel_klasse(self) -> str:
        return vocab.GUNSTIG_KLASSE.get(self.oordeel, "")

    @property
    def trend_klasse(self) -> str:
        return vocab.TREND_KLASSE.get(self.trend, "")


@dataclass(frozen=True)
class Tabel:
    """The rows of one thema within a section."""

    thema: str
    rijen: list[Rij]
    # default view: the thema's other findings (not of the monitor itself) that read
    # 'vergelijkbaar', named in one line under the table instead of a row each
    vergelijkbaar: list[Rij] = field(default_factory=list)


@dataclass(frozen=True)
class Sectie:
    """A maatschappelijk effect (or the rows without one) with its tables per thema."""

    id: str
    kop: str
    tabellen: list[Tabel]


@dataclass(frozen=True)
class Telling:
    """Per maatschappelijk effect how the wijk compares with the gemeente."""

    effect: str
    kop: str
    gunstig: int
    vergelijkbaar: int
    ongunstig: int
    zonder_oordeel: int


@dataclass(frozen=True)
class Kort:
    """The default view, read in a minute: the monitor's indicators and the findings with a
    verdict per effect (a family once), the CBS key figures, and what else the full view has."""

    secties: list[Sectie]  # effects A-E and the monitor's other indicators, reduced
    kerncijfers: list[Rij]  # KERNCIJFERS of the background, in that order
    achtergrond: list[tuple[str, int]]  # (thema, rows) of the background in the full view
    niet_getoond: int  # rows of the full view not shown here
    zonder_vergelijking: int  # of those: no gemeente figure and no verdict, or no value

    @property
    def rijen(self) -> list[Rij]:
        """The rows shown, in their order (the definitions at the end are theirs)."""
        return ([r for s in self.secties for t in s.tabellen for r in t.rijen + t.vergelijkbaar]
                + self.kerncijfers)


@dataclass(frozen=True)
class Profiel:
    """Everything the wijkprofiel shows, in the order it shows it."""

    gebied: Gebied
    gemeente: Gebied
    vergelijk: Gebied | None
    thema: str | None
    indeling_label: str
    rijen: list[Rij]
    secties: list[Sectie]
    ongunstig: list[Rij]  # 'Opvallend': the largest unfavourable differences first
    gunstig: list[Rij]
    tellingen: list[Telling]
    laatste_jaar: int | None
    alleen_gemeente: int  # indicators with figures, none of them per wijk
    params: dict[str, str] = field(default_factory=dict)
    # figures of other indelingen: in the series (same area) or not (cijfers.profiel_indeling_notities)
    indeling_notities: list[str] = field(default_factory=list)
    beoordeeld: int = 0  # findings (a family once) judged gunstig, ongunstig or vergelijkbaar
    monitor_cijfers: int = 0  # rows of indicators of the monitor itself (not 'niet in monitor')
    # the same place in another indeling that has a profile of its own: (label, code, indeling)
    elders: list[tuple[str, str, str]] = field(default_factory=list)
    kort: Kort | None = None  # the default view; None when the full view is asked for
    peiljaar: int = 0  # the current year, against which a figure's age is counted

    @property
    def volledig(self) -> bool:
        return self.kort is None

    @property
    def getoond(self) -> list[Rij]:
        """The rows this view shows (their definitions are listed at the end)."""
        return self.rijen if self.kort is None else self.kort.rijen

    @property
    def titel(self) -> str:
        return f"Wijkprofiel {self.gebied.naam}"


def _omgerekend_notitie(rijen: list[Rij], gebied: Gebied) -> list[str]:
    """The note that some figures were converted from an older division (etl/omrekenen.py)."""
    n = sum(r.wijk_soort == vocab.OMGEREKEND for r in rijen)
    if not n:
        return []
    return [f"{n} cijfers van {gebied.naam} zijn omgerekend van een oudere wijkindeling naar de "
            f"grenzen van de {gebieden.indeling_label(gebied.indeling)}, naar rato van waar de inwoners "
            "wonen; ze dragen het teken 'omgerekend' en zijn onzekerder dan gemeten cijfers."]


def effect_kop(code: str, naam: str) -> str:
    """'ME-A', 'Gezonde en vitale inwoners' -> 'A. Gezonde en vitale inwoners'."""
    letter = code.rsplit("-", 1)[-1]
    return f"{letter}. {naam}"


def _getal_tekst(waarde: Any, eenheid: str, status: str, soort: str | None, d: int) -> str:
    return fmt.waarde(waarde, eenheid, status, decimalen=d, soort=soort)


def _reeks_tekst(naam: str, reeks: tuple[tuple[int, float], ...], eenheid: str) -> str:
    return f"{naam}: " + ", ".join(f"{j} {fmt.waarde(w, eenheid)}" for j, w in reeks)


# The gemeente's series reads the same in every wijk's profile: its label is written once per
# indicator (a pure function of its arguments; ~20 years each on the national warehouse).
_gemeente_reeks_tekst = functools.lru_cache(maxsize=4096)(_reeks_tekst)


def _trend_detail(r: Mapping[str, Any]) -> str:
    if r["vorig_jaar"] is None or pd.isna(r["vorig_jaar"]):
        return ""
    # No-break spaces keep each year with its figure when the cell wraps (a printed A4 column).
    return (f"{int(r['vorig_jaar'])}:\u00a0{fmt.waarde(r['vorige_waarde'], r['eenheid'])}\u00a0→ "
            f"{int(r['jaar'])}:\u00a0{fmt.waarde(r['wijk_waarde'], r['eenheid'], r['wijk_status'])}")


def _rij(r: Mapping[str, Any], gebied: str, gemeente: str, doel_namen: Mapping[str, str],
         vergelijk: Mapping[int, float] | None, familie: tuple[str, str, bool] | None,
         peiljaar: int) -> Rij:
    """One row of the profile; `familie` (code, name, head) from families.csv, or None."""
    eenheid = str(r["eenheid"])
    d = int(r["decimalen"])  # one precision for the indicator's figures and differences
    jaar = int(r["jaar"])
    v_waarde = vergelijk.get(jaar) if vergelijk is not None else None
    wijk_reeks, stad_reeks = tuple(r["wijk_reeks"]), tuple(r["gemeente_reeks"])
    spark = sparklijn(wijk_reeks, stad_reeks, maat=TABEL)
    label = ""
    if spark is not None:
        delen = [_reeks_tekst(gebied, wijk_reeks, eenheid)] if wijk_reeks else []
        delen += [_gemeente_reeks_tekst(gemeente, stad_reeks, eenheid)] if stad_reeks else []
        label = "Ontwikkeling. " + "; ".join(delen)
    doelen = [f"{d} {doel_namen.get(d, '')}".strip() for d in str(r["doelen"]).split("|") if d]
    wijk_status = str(r["wijk_status"])
    return Rij(
        code=str(r["indicator_code"]), naam=str(r["indicator_naam"]), thema=str(r["thema"]),
        effect=str(r["effect"]), jaar=jaar, periode=fmt.jaar_label(jaar, r["periode_label"]),
        wijk=_getal_tekst(r["wijk_waarde"], eenheid, wijk_status, r["wijk_soort"], d)
        + (" *" if r["wijk_significant"] is True else ""),
        gemeente=_getal_tekst(r["gemeente_waarde"], eenheid, str(r["gemeente_status"]),
                              r["gemeente_soort"], d),
        verschil=fmt.verschil(r["verschil"], eenheid, d) or "–",
        oordeel=str(r["gunstig"] or ""),
        vergelijk=(fmt.waarde(v_waarde, eenheid, decimalen=d) if vergelijk is not None else ""),
        trend=str(r["trend"]), trend_detail=_trend_detail(r), eenheid=eenheid,
        bron=str(r["bron"] or "onbekend"), definitie=str(r["definitie"] or ""),
        toelichting=str(r["toelichting"] or "") if isinstance(r["toelichting"], str) else "",
        gewenste_richting=str(r["gewenste_richting"]),
        methode=rules.methode_tekst(str(r["methode"]), eenheid), doelen="; ".join(doelen),
        wijk_soort=str(r["wijk_soort"] or vocab.GEMETEN), sparklijn=spark, sparklijn_label=label,
        wijk_getal=fmt.afgerond(r["wijk_waarde"], d) if wijk_status == fmt.STATUS_WAARDE else None,
        gemeente_getal=fmt.afgerond(r["gemeente_waarde"], d),
        verschil_getal=fmt.afgerond(r["verschil"], d), vergelijk_getal=fmt.afgerond(v_waarde, d),
        afwijking=float(r["afwijking"] or 0.0),
        **({"familie": familie[0], "familie_naam": familie[1], "hoofd": familie[2]}
           if familie is not None else {}),
        leeftijd=max(peiljaar - jaar, 0),
    )


def tabellen(rijen: list[Rij], themas: list[str]) -> list[Tabel]:
    """A table per thema in the monitor's order (themas), the rows by indicator name."""
    rang = {t: i for i, t in enumerate(themas)}
    per: dict[str, list[Rij]] = {}
    for r in sorted(rijen, key=lambda r: (rang.get(r.thema, len(rang)), r.thema, r.naam.lower())):
        per.setdefault(r.thema, []).append(r)
    return [Tabel(t, rs) for t, rs in per.items()]


def volgorde(rijen: list[Rij], effecten: Mapping[str, str], themas: list[str],
             monitor_status: Mapping[str, str]) -> list[Sectie]:
    """Sections A-E by maatschappelijk effect, then the monitor's other indicators, then the
    background figures not in the monitor; within a section a table per thema."""
    secties = []
    for code, naam in effecten.items():
        deel = [r for r in rijen if r.effect == code]
        if deel:
            secties.append(Sectie(f"effect-{code.lower()}", effect_kop(code, naam),
                                  tabellen(deel, themas)))
    zonder = [r for r in rijen if r.effect not in effecten]
    monitor = [r for r in zonder if monitor_status.get(r.code) != vocab.NIET_IN_MONITOR]
    achtergrond = [r for r in zonder if monitor_status.get(r.code) == vocab.NIET_IN_MONITOR]
    for sid, kop, deel in (("overig", KOP_OVERIG_MONITOR, monitor),
                           ("achtergrond", KOP_ACHTERGROND, achtergrond)):
        if deel:
            secties.append(Sectie(sid, kop, tabellen(deel, themas)))
    return secties


BEOORDEELD = (rules.GUNSTIG, rules.ONGUNSTIG, rules.VERGELIJKBAAR, rules.NEUTRAAL)


def per_familie(rijen: list[Rij]) -> list[Rij]:
    """One row per family (an indicator outside any family is its own): the one that speaks for it.

    That is the family's head (families.csv) when it has a verdict, else the member with the
    largest difference (rules.afwijking; ties by name). Its `ook` lists the other members that
    share its verdict, shown as detail under it. So four loneliness measures are one finding.
    """
    groepen: dict[str, list[Rij]] = {}
    for r in rijen:
        groepen.setdefault(r.familie or f"\x00{r.code}", []).append(r)
    uit = []
    for leden in groepen.values():
        if len(leden) == 1:
            uit.append(leden[0])
            continue
        hoofd = [r for r in leden if r.hoofd and r.oordeel in BEOORDEELD]
        kandidaten = hoofd or sorted(leden, key=lambda r: (r.oordeel not in BEOORDEELD,
                                                           -r.afwijking, r.naam.lower()))
        spreker = kandidaten[0]
        ook = tuple(r.naam for r in leden if r is not spreker and r.oordeel == spreker.oordeel
                    and spreker.oordeel in (rules.GUNSTIG, rules.ONGUNSTIG))
        uit.append(dataclasses.replace(spreker, ook=ook))
    return uit


def samenvatting(rijen: list[Rij], effecten: Mapping[str, str]) -> tuple[list[Rij], list[Rij],
                                                                         list[Telling]]:
    """'Opvallend': the largest unfavourable, then favourable differences (in thresholds, see
    rules.afwijking; ties by name), at most OPVALLEND_MAX each; and per effect the counts.

    A family of indicators counts once in both (per_familie)."""
    rijen = per_familie(rijen)

    def top(oordeel: str) -> list[Rij]:
        hits = [r for r in rijen if r.oordeel == oordeel]
        return sorted(hits, key=lambda r: (-r.afwijking, r.naam.lower()))[:OPVALLEND_MAX]

    tellingen = []
    for code, naam in effecten.items():
        deel = [r for r in rijen if r.effect == code]
        if not deel:
            continue
        n = {o: sum(r.oordeel == o for r in deel)
             for o in (rules.GUNSTIG, rules.VERGELIJKBAAR, rules.ONGUNSTIG)}
        tellingen.append(Telling(code, effect_kop(code, naam), n[rules.GUNSTIG],
                                 n[rules.VERGELIJKBAAR], n[rules.ONGUNSTIG],
                                 len(deel) - sum(n.values())))
    return top(rules.ONGUNSTIG), top(rules.GUNSTIG), tellingen


def _kort_tabel(t: Tabel, monitor: set[str]) -> Tabel:
    """A thema's rows in the default view: every indicator of the monitor itself with a figure to
    compare; of the other figures (estimates) those with a verdict, a family once (per_familie):
    a row each when gunstig, ongunstig or neutraal, named in one line when vergelijkbaar."""
    eigen = [r for r in t.rijen if r.code in monitor and r.te_vergelijken]
    overig = [r for r in t.rijen if r.code not in monitor and r.te_vergelijken
              and r.oordeel in BEOORDEELD]
    leden: dict[str, int] = {}
    for r in overig:
        if r.familie:
            leden[r.familie] = leden.get(r.familie, 0) + 1
    sprekers = {r.code: dataclasses.replace(r, verwant=leden.get(r.familie, 1) - 1)
                for r in per_familie(overig)}
    rijen = [sprekers.get(r.code, r) for r in t.rijen
             if r in eigen or (r.code in sprekers and r.oordeel != rules.VERGELIJKBAAR)]
    gelijk = [sprekers[r.code] for r in t.rijen
              if r.code in sprekers and r.oordeel == rules.VERGELIJKBAAR and r not in eigen]
    return Tabel(t.thema, rijen, gelijk)


def kort(secties: list[Sectie], monitor_status: Mapping[str, str]) -> Kort:
    """The default view of the full sections (volgorde): see Kort."""
    monitor = {c for c, s in monitor_status.items() if s != vocab.NIET_IN_MONITOR}
    uit: list[Sectie] = []
    kern: list[Rij] = []
    achtergrond: list[tuple[str, int]] = []
    for s in secties:
        if s.id == "achtergrond":
            alle = {r.code: r for t in s.tabellen for r in t.rijen}
            kern = [alle[c] for c in KERNCIJFERS if c in alle and alle[c].wijk_getal is not None]
            achtergrond = [(t.thema, len(t.rijen)) for t in s.tabellen]
            continue
        tabellen = [k for k in (_kort_tabel(t, monitor) for t in s.tabellen)
                    if k.rijen or k.vergelijkbaar]
        if tabellen:
            uit.append(Sectie(s.id, s.kop, tabellen))
    getoond = {r.code for s in uit for t in s.tabellen for r in t.rijen + t.vergelijkbaar}
    getoond |= {r.code for r in kern}
    weg = [r for s in secties for t in s.tabellen for r in t.rijen if r.code not in getoond]
    return Kort(uit, kern, achtergrond, len(weg), sum(not r.te_vergelijken for r in weg))


def _families(db: Warehouse) -> dict[str, tuple[str, str, bool]]:
    """indicator code -> (family, family name, speaks for it): data/meta/families.csv."""
    return {c: (f, n, bool(h)) for c, f, n, h in db.families().itertuples(index=False)}


def _alleen_gemeente(db: Warehouse) -> int:
    cat = db.indicatoren()
    return int((~cat["heeft_wijk"].astype(bool) & (cat["aantal_cijfers"] > 0)).sum())


def maak(db: Warehouse, gebied: Gebied, gemeente: Gebied, vergelijk: Gebied | None = None,
         thema: str | None = None, volledig: bool = True, peiljaar: int | None = None) -> Profiel:
    """The profile of `gebied` against `gemeente` (and `vergelijk`), optionally one thema.

    `volledig=False` adds the default view (Kort). A figure's age is counted from `peiljaar`
    (default: this year)."""
    peiljaar = peiljaar if peiljaar is not None else datetime.date.today().year
    if gebied.niveau is None:
        raise ValueError(f"{gebied.code} ({gebied.indeling}) has no level: no wijkprofiel")
    records = cijfers.profielcijfers(db, gebied.code, gebied.indeling, gemeente.code).rijen
    if thema:
        records = tuple(r for r in records if r["thema"] == thema)
    v_waarden: dict[str, dict[int, float]] = {}
    if vergelijk is not None:
        v_waarden = cijfers.vergelijk_waarden(db, tuple(r["indicator_code"] for r in records),
                                              vergelijk.code, vergelijk.indeling, vergelijk.niveau,
                                              gemeente.code)
    namen = catalogus.doel_namen(db)
    fam = afgeleid(db, "profiel_families", lambda: _families(db))
    rijen = [_rij(r, gebied.naam, gemeente.naam, namen,
                  v_waarden.get(r["indicator_code"], {}) if vergelijk is not None else None,
                  fam.get(r["indicator_code"]), peiljaar)
             for r in records]
    effecten = catalogus.effecten(db)
    status = {r["indicator_code"]: r["monitor_status"] for r in records}
    secties = volgorde(rijen, effecten, catalogus.themas(db), status)
    geordend = [r for s in secties for t in s.tabellen for r in t.rijen]
    ongunstig, gunstig, tellingen = samenvatting(geordend, effecten)
    beoordeeld = sum(r.oordeel in (rules.GUNSTIG, rules.ONGUNSTIG, rules.VERGELIJKBAAR)
                     for r in per_familie(geordend))
    params = {"gebied": gebied.code, "indeling": gebied.indeling}
    if thema:
        params["thema"] = thema
    if vergelijk is not None:
        params["vergelijk"] = vergelijk.code
    return Profiel(
        gebied=gebied, gemeente=gemeente, vergelijk=vergelijk, thema=thema,
        indeling_label=gebieden.indeling_label(gebied.indeling), rijen=geordend, secties=secties,
        ongunstig=ongunstig, gunstig=gunstig, tellingen=tellingen,
        laatste_jaar=max((r.jaar for r in geordend), default=None),
        alleen_gemeente=afgeleid(db, "alleen_gemeente", lambda: _alleen_gemeente(db)),
        params=params,
        beoordeeld=beoordeeld,
        monitor_cijfers=sum(s != vocab.NIET_IN_MONITOR for s in status.values()),
        elders=cijfers.profiel_elders(db, gebied.code, gebied.indeling),
        kort=None if volledig else kort(secties, status), peiljaar=peiljaar,
        indeling_notities=cijfers.profiel_indeling_notities(db, gebied.code, gebied.indeling,
                                                            gemeente.code, gebied.naam)
        + _omgerekend_notitie(geordend, gebied))
