"""The data behind each view: combines query results into the frames pages and figures show.

No SQL (that is app/queries.py) and no Dash; every function takes the Warehouse it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from app import fmt, rules
from app.queries import Warehouse

NIVEAU_LABEL = {"wijk": "Wijken", "buurt": "Buurten", "gebiedscluster": "Gebiedsclusters"}
NIVEAU_ENKELVOUD = {"wijk": "wijk", "buurt": "buurt", "gebiedscluster": "gebiedscluster"}
_INDELING_JAAR = re.compile(r"^(wijk|buurt)(\d{4})$")


class OnbekendeWaarde(ValueError):
    """A URL or control named something the warehouse does not hold."""


# -- catalogue -------------------------------------------------------------------------------


def indicator(db: Warehouse, code: str) -> pd.Series:
    """One row of the catalogue; OnbekendeWaarde for an unknown code."""
    cat = db.indicatoren()
    match = cat[cat["code"] == code]
    if match.empty:
        raise OnbekendeWaarde(f"De indicator '{code}' bestaat niet in dit warehouse.")
    return match.iloc[0]


# The monitor's chapters in the order of the printed monitor, then the CBS themes (not in the
# monitor). The warehouse has no chapter order; a theme not listed here comes last, by name.
THEMA_VOLGORDE = (
    "Preventie", "Bestaanszekerheid en participatie", "Ontwikkelen en opgroeien",
    "Psychische kwetsbaarheid", "Ouder worden", "Diversiteit en discriminatie",
    "Ontwikkeling gebruik ondersteuning", "Transformatie", "Cliëntervaring", "Bevolking",
    "Wonen", "Voorzieningen",
)


def themas(db: Warehouse) -> list[str]:
    """Themes present in the warehouse, in the order of the monitor's chapters."""
    present = set(db.indicatoren()["thema"])
    ordered = [t for t in THEMA_VOLGORDE if t in present]
    return ordered + sorted(present - set(ordered))


def doel_namen(db: Warehouse) -> dict[str, str]:
    """doel_code -> naam."""
    doelen = db.doelen()
    return dict(zip(doelen["doel_code"], doelen["naam"], strict=True))


def indicatoren_in(db: Warehouse, keuze: str | None) -> pd.DataFrame:
    """Indicators of a choice 'thema:<naam>' or 'doel:<code>' (all when empty)."""
    cat = _chapter_order(db, db.indicatoren())
    if not keuze:
        return cat
    soort, _, waarde = keuze.partition(":")
    if soort == "thema":
        return cat[cat["thema"] == waarde]
    if soort == "doel":
        doelen = db.doelen()
        codes = {waarde} | set(doelen.loc[doelen["parent_code"] == waarde, "doel_code"])
        return cat[cat["doelen"].map(lambda s: bool(codes & set(s.split("|")) - {""}))]
    raise OnbekendeWaarde(f"De keuze '{keuze}' is geen thema of doel.")


def _chapter_order(db: Warehouse, cat: pd.DataFrame) -> pd.DataFrame:
    rank = {t: i for i, t in enumerate(themas(db))}
    return (cat.assign(_rank=cat["thema"].map(rank))
            .sort_values(["_rank", "tabel_volgorde", "naam"], na_position="last")
            .drop(columns="_rank"))


def keuze_bestaat(db: Warehouse, keuze: str) -> bool:
    """Whether 'thema:X' / 'doel:Y' names an existing theme or goal."""
    soort, _, waarde = keuze.partition(":")
    if soort == "thema":
        return waarde in themas(db)
    if soort == "doel":
        return waarde in set(db.doelen()["doel_code"])
    return False


def gebied_naam(db: Warehouse, code: str, niveau: str | None = None,
                indeling: str | None = None) -> str:
    """The name of an area (fixed areas, or a wijk/buurt/cluster of an indeling)."""
    vast = db.vaste_gebieden((code,))
    if not vast.empty:
        return str(vast.iloc[0]["naam"])
    if niveau:
        gebieden = db.gebieden(niveau)
        match = gebieden[(gebieden["gebied_code"] == code)
                         & ((gebieden["indeling"] == indeling) if indeling else True)]
        if not match.empty:
            return str(match.iloc[0]["naam"])
    return code


def indeling_label(indeling: str) -> str:
    """'wijk2019' -> 'wijkindeling 2019'."""
    m = _INDELING_JAAR.match(indeling or "")
    if m:
        return f"{m.group(1)}indeling {m.group(2)}"
    return {"cluster": "gebiedsclusters", "vast": "vaste gebieden"}.get(indeling, indeling)


# -- years and indelingen --------------------------------------------------------------------


def jaren(db: Warehouse, code: str) -> list[int]:
    """Years with any figure of the indicator (any level, total or breakdown), ascending."""
    dekking = db.dekking(code)
    return sorted({int(j) for j in dekking["jaar"]})


def _totaal_dekking(db: Warehouse, code: str) -> pd.DataFrame:
    dekking = db.dekking(code)
    return dekking[dekking["totaal"].astype(bool)]


def kaart_jaren(db: Warehouse, code: str, niveau: str) -> list[int]:
    """Years in which the indicator has total figures at this map level."""
    dekking = _totaal_dekking(db, code)
    return sorted({int(j) for j in dekking.loc[dekking["niveau"] == niveau, "jaar"]})


def indelingen(db: Warehouse, niveau: str) -> list[str]:
    """The indelingen of a level that have geometry, oldest first."""
    gebieden = db.gebieden(niveau)
    found = gebieden.loc[gebieden["heeft_geometrie"].astype(bool), "indeling"].unique()
    return sorted(found, key=lambda i: (_indeling_jaar(i) or 0, i))


def _indeling_jaar(indeling: str) -> int | None:
    m = _INDELING_JAAR.match(indeling or "")
    return int(m.group(2)) if m else None


def indeling_voor(db: Warehouse, code: str, jaar: int, niveau: str) -> str | None:
    """The indeling the map uses for a year: the one the figures of that year refer to.

    Without figures at this level in that year: the latest indeling that existed in that year
    (wijk2019 for 2019-2023, wijk2024 from 2024), else the oldest one.
    """
    dekking = _totaal_dekking(db, code)
    hier = dekking[(dekking["jaar"] == jaar) & (dekking["niveau"] == niveau)]
    if not hier.empty:
        return str(hier.sort_values("aantal", ascending=False).iloc[0]["indeling"])
    kandidaten = indelingen(db, niveau)
    if not kandidaten:
        return None
    eerder = [i for i in kandidaten if (_indeling_jaar(i) or 0) <= jaar]
    return eerder[-1] if eerder else kandidaten[0]


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

    @property
    def vergelijkbaar_met_gemeente(self) -> bool:
        """A rate can be compared with the gemeente; a count (aggregatie 'som') cannot."""
        return is_vergelijkbaar(self.indicator)


def is_vergelijkbaar(ind: pd.Series) -> bool:
    """Whether an area's value may be compared with the gemeente's (not for counts)."""
    return ind.get("aggregatie") != "som"


def kaart(db: Warehouse, code: str, jaar: int, niveau: str, gemeente: str) -> KaartData:
    """Everything the choropleth and its table need."""
    ind = indicator(db, code)
    indeling = indeling_voor(db, code, jaar, niveau)
    gem = db.kaartwaarden(code, jaar, "vast")
    gem = gem[gem["gebied_code"] == gemeente]
    gem_waarde = float(gem.iloc[0]["waarde"]) if not gem.empty and fmt.is_getal(
        gem.iloc[0]["waarde"]) else None
    gem_status = str(gem.iloc[0]["status"]) if not gem.empty else fmt.STATUS_GEEN
    columns = ["gebied_code", "naam", "geometry", "label_lon", "label_lat", "waarde", "ondergrens",
               "bovengrens", "significant", "status", "afgeleid", "periode_label", "verschil"]
    if indeling is None:
        gebieden = pd.DataFrame(columns=columns)
        waarden = db.kaartwaarden(code, jaar, "")
    else:
        geo = db.geometrie(indeling)
        waarden = db.kaartwaarden(code, jaar, indeling)
        gebieden = geo.merge(
            waarden[["gebied_code", "waarde", "ondergrens", "bovengrens", "significant",
                     "status", "afgeleid", "periode_label"]],
            on="gebied_code", how="left",
        )
        gebieden["status"] = gebieden["status"].fillna(fmt.STATUS_GEEN)
        gebieden["waarde"] = pd.to_numeric(gebieden["waarde"], errors="coerce")
        gebieden["verschil"] = (gebieden["waarde"] - gem_waarde) if gem_waarde is not None else None
        gebieden = gebieden[columns]
    periode = (str(waarden.iloc[0]["periode_label"]) if not waarden.empty
               else str(gem.iloc[0]["periode_label"]) if not gem.empty else str(jaar))
    return KaartData(
        indicator=ind, jaar=jaar, niveau=niveau, indeling=indeling, gebieden=gebieden,
        gemeente_naam=gebied_naam(db, gemeente), gemeente_waarde=gem_waarde,
        gemeente_status=gem_status, periode_label=periode, heeft_cijfers=not waarden.empty,
        andere_jaren=kaart_jaren(db, code, niveau),
    )


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
    the same (vergelijkbaar); figures of a changed area are left out, with a note and a break.
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
        eigen, extra_notes, wijk_breuken = _gebied_reeks(db, code, g_code, g_indeling, naam)
        parts.append(eigen.assign(reeks=naam))  # also when empty: the chart says so
        volgorde.append(naam)
        notities += extra_notes
        breuken += wijk_breuken
    rollen = {volgorde[0]: 0} if volgorde else {}
    for rol, vcode in enumerate(vast, start=1):
        rows = facts[(facts["gebied_code"] == vcode) & (facts["indeling"] == "vast")]
        naam = gebied_naam(db, vcode)
        if rows.empty:
            continue
        parts.append(rows.assign(reeks=naam))
        volgorde.append(naam)
        rollen[naam] = rol
    reeksen = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["reeks", "gebied_code", "indeling", "jaar", "periode_label", "waarde", "status"])
    for j in rules.periode_breuken(facts[facts["gebied_code"] == gemeente]):
        breuken.append((j, "andere soort periode (bijv. schooljaar in plaats van kalenderjaar)"))
    breuken = sorted(set(breuken))
    oordelen = {}
    for naam in volgorde:
        r = reeksen[reeksen["reeks"] == naam]
        oordelen[naam] = rules.trend(r, ind["gewenste_richting"], ind["eenheid"],
                                     [b for b, _ in breuken])
    return TrendData(ind, reeksen, volgorde, breuken, notities, oordelen, rollen)


def _gebied_reeks(db: Warehouse, code: str, g_code: str, g_indeling: str,
                  naam: str) -> tuple[pd.DataFrame, list[str], list[tuple[int, str]]]:
    """The series of one area: its own indeling plus comparable areas of other indelingen."""
    verg = db.vergelijkbaarheid(g_code, g_indeling)
    same = verg[verg["vergelijkbaar"].astype(bool)]
    changed = verg[~verg["vergelijkbaar"].astype(bool)]
    paren = [(g_code, g_indeling)] + list(zip(same["gebied_code"], same["indeling"], strict=True))
    codes = tuple(sorted({c for c, _ in paren} | set(changed["gebied_code"])))
    facts = db.reeksen((code,), codes)
    keep = pd.Series(False, index=facts.index)
    for c, i in paren:
        keep |= (facts["gebied_code"] == c) & (facts["indeling"] == i)
    eigen = facts[keep].copy()
    # One figure per year: the area's own indeling wins over a comparable predecessor.
    eigen["_eigen"] = eigen["indeling"] == g_indeling
    eigen = eigen.sort_values(["jaar", "_eigen"]).drop_duplicates("jaar", keep="last")
    eigen = eigen.drop(columns="_eigen")
    notities: list[str] = []
    breuken: list[tuple[int, str]] = []
    uitgesloten = facts[~keep & (facts["indeling"] != g_indeling)]
    uitgesloten = uitgesloten[uitgesloten["indeling"].isin(set(changed["indeling"]))]
    if not uitgesloten.empty:
        jaren_weg = sorted({int(j) for j in uitgesloten["jaar"]})
        indel = sorted(set(uitgesloten["indeling"]))
        eerste_eigen = eigen.loc[eigen["indeling"] == g_indeling, "jaar"]
        if not eerste_eigen.empty:
            breuken.append((int(eerste_eigen.min()), "wijkindeling gewijzigd"))
        notities.append(
            f"Cijfers van {', '.join(map(str, jaren_weg))} ({', '.join(map(indeling_label, indel))})"
            f" gaan over een gebied met andere grenzen dan {naam} in de "
            f"{indeling_label(g_indeling)}; ze staan daarom niet in de lijn."
        )
    return eigen, notities, breuken


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


# -- wijkprofiel -------------------------------------------------------------------------------


PROFIEL_KOLOMMEN = [
    "thema", "indicator_code", "indicator_naam", "eenheid", "gewenste_richting", "jaar",
    "periode_label", "wijk_waarde", "wijk_status", "wijk_significant", "gemeente_waarde",
    "gemeente_status", "verschil", "vergelijking", "gunstig", "trend", "vorig_jaar",
    "vorige_waarde", "bron", "definitie", "toelichting",
]


def wijkprofiel(db: Warehouse, g_code: str, g_indeling: str, niveau: str,
                gemeente: str) -> pd.DataFrame:
    """Every indicator with a figure for this area: its latest figure against the gemeente."""
    verg = db.vergelijkbaarheid(g_code, g_indeling)
    same = verg[verg["vergelijkbaar"].astype(bool)]
    paren = [(g_code, g_indeling)] + list(zip(same["gebied_code"], same["indeling"], strict=True))
    facts = db.gebied_cijfers(tuple(sorted({c for c, _ in paren})),
                              tuple(sorted({i for _, i in paren})))
    keep = pd.Series(False, index=facts.index)
    for c, i in paren:
        keep |= (facts["gebied_code"] == c) & (facts["indeling"] == i)
    facts = facts[keep].copy()
    if facts.empty:
        return pd.DataFrame(columns=PROFIEL_KOLOMMEN)
    facts["_eigen"] = facts["indeling"] == g_indeling
    facts = facts.sort_values(["indicator_code", "jaar", "_eigen"]).drop_duplicates(
        ["indicator_code", "jaar"], keep="last")
    codes = tuple(sorted(facts["indicator_code"].unique()))
    gem = db.reeksen(codes, (gemeente,))
    gem = gem[gem["indeling"] == "vast"]
    cat = db.indicatoren().set_index("code")
    rows = []
    for code, reeks in facts.groupby("indicator_code", sort=False):
        ind = cat.loc[code]
        laatste = reeks.sort_values("jaar").iloc[-1]
        jaar = int(laatste["jaar"])
        g = gem[(gem["indicator_code"] == code) & (gem["jaar"] == jaar)]
        g_row = g.iloc[0] if not g.empty else None
        wijk_m = rules.meting(laatste) if laatste["status"] == fmt.STATUS_WAARDE else rules.Meting(None)
        gem_m = (rules.meting(g_row) if g_row is not None and g_row["status"] == fmt.STATUS_WAARDE
                 else rules.Meting(None))
        oordeel = rules.vergelijk(wijk_m, gem_m, ind["eenheid"])
        if not is_vergelijkbaar(ind):  # a wijk's count against the city's total: no verdict
            oordeel = rules.Oordeel(rules.ONBEKEND, None, "")
        breuken = rules.breuk_jaren(ind["breuk_jaren"]) + rules.periode_breuken(reeks)
        t = rules.trend(reeks, ind["gewenste_richting"], ind["eenheid"], breuken)
        vorige = reeks[(reeks["jaar"] == t.vorig_jaar)] if t.vorig_jaar else reeks.iloc[0:0]
        rows.append({
            "thema": ind["thema"], "indicator_code": code, "indicator_naam": ind["naam"],
            "eenheid": ind["eenheid"], "gewenste_richting": ind["gewenste_richting"],
            "jaar": jaar, "periode_label": laatste["periode_label"],
            "wijk_waarde": wijk_m.waarde, "wijk_status": laatste["status"],
            "wijk_significant": laatste["significant"],
            "gemeente_waarde": gem_m.waarde,
            "gemeente_status": g_row["status"] if g_row is not None else fmt.STATUS_GEEN,
            "verschil": oordeel.verschil, "vergelijking": oordeel.richting,
            "gunstig": rules.gunstigheid(oordeel.richting, ind["gewenste_richting"]),
            "trend": t.oordeel, "vorig_jaar": t.vorig_jaar,
            "vorige_waarde": vorige["waarde"].iloc[0] if not vorige.empty else None,
            "bron": ind["bron"], "definitie": ind["definitie"], "toelichting": ind["toelichting"],
        })
    volgorde = {t: i for i, t in enumerate(themas(db))}
    out = pd.DataFrame(rows, columns=PROFIEL_KOLOMMEN)
    out["_t"] = out["thema"].map(volgorde)
    out = out.sort_values(["_t", "indicator_naam"]).drop(columns="_t").reset_index(drop=True)
    return out


# -- monitor table -----------------------------------------------------------------------------


@dataclass
class MonitorTabel:
    """The monitor's indicator table for a theme or goal."""

    titel: str
    rijen: pd.DataFrame  # one row per indicator (code, naam, eenheid, jaren..., trend, nl...)
    jaren: list[int]
    waarden: pd.DataFrame  # long: indicator_code, jaar, waarde, status, significant, periode_label
    ontbrekend: pd.DataFrame  # indicators listed under 'Ontbrekende cijfers'
    gemeente_naam: str
    nl_naam: str


MONITOR_KOLOMMEN = [
    "indicator_code", "naam", "thema", "eenheid", "gewenste_richting", "bron", "definitie",
    "toelichting", "doelen", "trend", "trend_jaar", "trend_vorig_jaar", "trend_methode",
    "nl_vergelijking", "nl_jaar", "nl_waarde", "nl_methode", "monitor_status", "in_tabel",
]


def monitor_tabel(db: Warehouse, keuze: str, gemeente: str, nederland: str = "NL01") -> MonitorTabel:
    """Indicators of a theme (in tabel_volgorde) or goal with the gemeente's figures per year."""
    cat = indicatoren_in(db, keuze)
    soort, _, waarde = keuze.partition(":")
    cat = cat.assign(in_tabel=cat["tabel_volgorde"].notna())
    if soort == "thema":
        titel = waarde
        # The chapter's table first (in its order), then the theme's other indicators by name.
        cat = cat.sort_values(["in_tabel", "tabel_volgorde", "naam"],
                              ascending=[False, True, True], na_position="last")
    else:
        titel = f"{waarde} {doel_namen(db).get(waarde, '')}".strip()
        cat = cat.sort_values(["thema", "tabel_volgorde", "naam"], na_position="last")
    ontbrekend = cat[cat["monitor_status"] == "geen nieuwe cijfers"]
    codes = tuple(cat["code"])
    facts = db.reeksen(codes, (gemeente, nederland))
    facts = facts[facts["indeling"] == "vast"]
    gem = facts[facts["gebied_code"] == gemeente]
    nl = facts[facts["gebied_code"] == nederland]
    rows = []
    for _, ind in cat.iterrows():
        reeks = gem[gem["indicator_code"] == ind["code"]]
        breuken = rules.breuk_jaren(ind["breuk_jaren"]) + rules.periode_breuken(reeks)
        t = rules.trend(reeks, ind["gewenste_richting"], ind["eenheid"], breuken)
        gemeten = reeks[reeks["status"] == fmt.STATUS_WAARDE].sort_values("jaar")
        nl_oordeel, nl_jaar, nl_waarde = rules.Oordeel(rules.ONBEKEND, None, ""), None, None
        if not gemeten.empty:
            laatste = gemeten.iloc[-1]
            nl_rij = nl[(nl["indicator_code"] == ind["code"]) & (nl["jaar"] == laatste["jaar"])
                        & (nl["status"] == fmt.STATUS_WAARDE)]
            if not nl_rij.empty:
                nl_jaar, nl_waarde = int(laatste["jaar"]), float(nl_rij.iloc[0]["waarde"])
                nl_oordeel = rules.vergelijk(rules.meting(laatste), rules.meting(nl_rij.iloc[0]),
                                             ind["eenheid"])
        rows.append({
            "indicator_code": ind["code"], "naam": ind["naam"], "thema": ind["thema"],
            "eenheid": ind["eenheid"], "gewenste_richting": ind["gewenste_richting"],
            "bron": ind["bron"], "definitie": ind["definitie"], "toelichting": ind["toelichting"],
            "doelen": ind["doelen"], "trend": t.oordeel, "trend_jaar": t.jaar,
            "trend_vorig_jaar": t.vorig_jaar, "trend_methode": t.methode,
            "nl_vergelijking": nl_oordeel.richting, "nl_jaar": nl_jaar, "nl_waarde": nl_waarde,
            "nl_methode": nl_oordeel.methode, "monitor_status": ind["monitor_status"],
            "in_tabel": bool(ind["in_tabel"]),
        })
    jaren_lijst = sorted({int(j) for j in gem["jaar"]})
    return MonitorTabel(
        titel=titel, rijen=pd.DataFrame(rows, columns=MONITOR_KOLOMMEN), jaren=jaren_lijst,
        waarden=gem.reset_index(drop=True), ontbrekend=ontbrekend.reset_index(drop=True),
        gemeente_naam=gebied_naam(db, gemeente), nl_naam=gebied_naam(db, nederland),
    )


def trend_tabel_rijen(td: TrendData) -> list[dict[str, str]]:
    """The trend as table rows: one per year, a column per series, values in Dutch notation.

    A significant value gets ' *', an interval '(lo–hi)'; a year printed as a school year or
    peildatum takes that label. Shared by the verkenner and the /embed/trend view.
    """
    eenheid = td.indicator["eenheid"]
    r = td.reeksen
    rijen = []
    for jaar in sorted({int(j) for j in r["jaar"]}):
        rij = {"jaar": str(jaar)}
        for naam in td.volgorde:
            hit = r[(r["reeks"] == naam) & (r["jaar"] == jaar)]
            if hit.empty:
                rij[naam] = "–"
                continue
            h = hit.iloc[0]
            tekst = fmt.waarde(h["waarde"], eenheid, h["status"])
            if h.get("significant") is True:
                tekst += " *"
            if fmt.is_getal(h.get("ondergrens")) and fmt.is_getal(h.get("bovengrens")):
                tekst += f" ({fmt.getal(h['ondergrens'])}–{fmt.getal(h['bovengrens'])})"
            rij[naam] = tekst
            if h["periode_label"] and str(h["periode_label"]) != str(jaar):
                rij["jaar"] = str(h["periode_label"])
        rijen.append(rij)
    return rijen
