"""Conversion ("omrekenen") of an older area division's figures to a newer division, by areal
interpolation with population weights; pure: polygons, inhabitants and facts in, figures out.
"""
# Method, assumptions and limits: docs/geo.md, "Conversion to the current division".

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.aggregate import FACT_KOLOMMEN, GEEN, GEWOGEN, OVERGESLAGEN_KOLOMMEN, SOM, WAARDE

# A piece (intersection of a source and a target area) smaller than this share of BOTH its source
# area and its target area contributes nothing: the 50 m generalisation of the 2024 boundaries
# leaves slivers up to ~3 % of a wijk along every unchanged edge (docs/geo.md); the smallest real
# boundary change in the shipped data is 5.9 % of its source (valleipoort -> Vathorst-De Laak).
# Same order as geo.compare.MIN_OVERLAP_SHARE, which lists overlaps for the same reason.
MIN_STUK_AANDEEL = 0.05
# Iterative proportional fitting of the piece populations to both divisions' inhabitants.
IPF_MAX_ITERATIES = 1000
IPF_TOLERANTIE = 1e-9  # largest target-margin error, as a share of the total, to stop early

# How a figure is converted, per catalogue rule and unit.
TELLING, GEMIDDELDE = "telling", "gemiddelde"
BEWONERS, OPPERVLAK = "bewoners", "oppervlak"  # what a figure is spread by
# Units of counts that are areas: spread by area share, not by population.
OPPERVLAKTE_EENHEDEN = frozenset({"ha", "km2", "m2"})
# Units of 'geen' indicators that are shares or means over inhabitants: weighted by the piece's
# population. 'aantal' under 'geen' is a count the catalogue forbids to add up: CBS's averages
# per inhabitant ("huisartsenpraktijken binnen 1 km, gemiddeld over alle inwoners"); 'km' the
# average distance over all inhabitants. Anything else under 'geen' (kWh and m3 per dwelling
# type, whose base is not in the data; 'klasse'; addresses per km²) is not converted.
PER_INWONER_EENHEDEN = frozenset({"percentage", "km", "aantal", "score", "rapportcijfer"})

GEHEIM = "geheim/onderdrukt"  # fact_waarde.status of a suppressed figure
STUK_KOLOMMEN = [
    "van",
    "naar",
    "oppervlakte_m2",
    "aandeel_van",  # area share of the source
    "aandeel_naar",  # area share of the target
    "bewoners_oppervlak",  # simple areal weighting: source inhabitants x area share
    "bewoners",  # the chosen estimate (IPF, identity for same areas)
    "f_bewoners",  # share of the source's inhabitants in this piece
    "f_oppervlak",  # share of the source's (kept) area in this piece
    "identiek",  # the piece of a same-area pair
]
_KEY = ["indicator", "jaar", "periode_label", "dimensie", "groep"]


@dataclass(frozen=True)
class Verdeling:
    """How the areas of one division map onto another: the kept pieces and what was left out."""

    stukken: pd.DataFrame  # STUK_KOLOMMEN, kept pieces only
    weggelaten: pd.DataFrame  # van, naar, oppervlakte_m2, aandeel_van, aandeel_naar, reden
    identiek: dict[str, str]  # target code -> source code of the same area
    ipf_iteraties: int = 0
    ipf_restfout: float = 0.0  # largest target-margin error after fitting, share of the total
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Omrekening:
    """Converted figures (FACT_KOLOMMEN plus 'identiek'), and those not converted with why."""

    facts: pd.DataFrame
    overgeslagen: pd.DataFrame


def overlay(van: gpd.GeoDataFrame, naar: gpd.GeoDataFrame) -> pd.DataFrame:
    """Every piece with area: van, naar, oppervlakte_m2 (both layers in one metric CRS).

    An STRtree query finds the candidate pairs, so the cost follows the number of pieces, not
    the product of the two divisions' sizes.
    """
    if van.crs is not None and naar.crs is not None and van.crs != naar.crs:
        raise ValueError(f"divisions in different CRS: {van.crs} and {naar.crs}")
    g_van, g_naar = van.geometry.to_numpy(), naar.geometry.to_numpy()
    i, j = shapely.STRtree(g_naar).query(g_van, predicate="intersects")
    area = shapely.area(shapely.intersection(g_van[i], g_naar[j]))
    frame = pd.DataFrame(
        {
            "van": van["gebied_code"].to_numpy()[i],
            "naar": naar["gebied_code"].to_numpy()[j],
            "oppervlakte_m2": area,
        }
    )
    return frame[frame["oppervlakte_m2"] > 0].reset_index(drop=True)


def same_area_pairs(vergelijkbaarheid: pd.DataFrame) -> dict[str, str]:
    """target -> source for the pairs the comparability rule (geo.compare) calls the same area.

    The decision is read, never remade here. A code in two same-area pairs would make identity
    ambiguous: that is a bug in the rule, not data.
    """
    same = vergelijkbaarheid[vergelijkbaarheid["vergelijkbaar"].astype(bool)]
    for kolom in ("code_van", "code_naar"):
        dubbel = same[kolom][same[kolom].duplicated()]
        if len(dubbel):
            raise ValueError(f"{kolom} {sorted(set(dubbel))} is the same area as two others")
    return dict(zip(same["code_naar"], same["code_van"], strict=True))


def verdeling(
    pieces: pd.DataFrame,
    inwoners_van: pd.Series,
    inwoners_naar: pd.Series,
    identiek: dict[str, str],
    min_aandeel: float = MIN_STUK_AANDEEL,
) -> Verdeling:
    """Kept pieces with their estimated population (source division's year).

    1. A same-area pair (identiek) is one piece holding the whole source: its other pieces are
       generalisation slivers and are left out (reported).
    2. Any other piece below `min_aandeel` of both its source and its target area is left out
       (reported); the rest of its source takes its population, so counts stay conserved.
    3. The remaining pieces' populations are fitted (IPF, seeded with the areas) to the source
       inhabitants per source area and the target inhabitants per target area (scaled to the
       same total); the fit ends on the source margin, so every source's population is
       conserved exactly. An area with 0 inhabitants in the target division gets 0.
    """
    ontbreekt_van = sorted(set(pieces["van"]) - set(inwoners_van.dropna().index))
    ontbreekt_naar = sorted(set(pieces["naar"]) - set(inwoners_naar.dropna().index))
    if ontbreekt_van or ontbreekt_naar:
        raise ValueError(f"inhabitants missing for {ontbreekt_van + ontbreekt_naar}")
    p = pieces.copy()
    p["aandeel_van"] = p["oppervlakte_m2"] / p.groupby("van")["oppervlakte_m2"].transform("sum")
    p["aandeel_naar"] = p["oppervlakte_m2"] / p.groupby("naar")["oppervlakte_m2"].transform("sum")
    p["bewoners_oppervlak"] = p["van"].map(inwoners_van).astype("float64") * p["aandeel_van"]

    bron_van_paar = set(identiek.values())
    paar = np.array([identiek.get(n) == v for v, n in zip(p["van"], p["naar"], strict=True)], dtype=bool)
    in_paar = p["van"].isin(bron_van_paar).to_numpy() | p["naar"].isin(set(identiek)).to_numpy()
    klein = (p["aandeel_van"] < min_aandeel).to_numpy() & (p["aandeel_naar"] < min_aandeel).to_numpy()
    reden = np.where(
        in_paar & ~paar,
        "rand van een gelijk gebleven wijk (zelfde gebied volgens de vergelijkbaarheidsregel)",
        np.where(klein & ~paar, f"kleiner dan {min_aandeel:.0%} van bron- en doelgebied", ""),
    )
    weg = p[reden != ""].assign(reden=reden[reden != ""])
    p = p[reden == ""].copy()
    p["identiek"] = p["naar"].map(identiek).eq(p["van"])
    notes: list[str] = []

    # A source whose every piece was too small keeps its largest piece: its figures must go somewhere.
    zonder = sorted(set(pieces["van"]) - set(p["van"]))
    if zonder:
        terug = weg[weg["van"].isin(zonder)].sort_values("oppervlakte_m2").drop_duplicates("van", keep="last")
        p = pd.concat([p, terug.drop(columns="reden").assign(identiek=False)], ignore_index=True)
        weg = weg.drop(terug.index)
        notes.append(f"alle stukken van {', '.join(zonder)} waren klein; het grootste is behouden")
    p["f_oppervlak"] = p["oppervlakte_m2"] / p.groupby("van")["oppervlakte_m2"].transform("sum")

    bewoners, iteraties, restfout, ipf_notes = _ipf(p, inwoners_van, inwoners_naar)
    p["bewoners"] = bewoners
    p, leeg = _onbewoond(p, min_aandeel)
    if len(leeg):
        notes.append(
            "stukken zonder inwoners (minder dan "
            f"{min_aandeel:.0%} van bron- en doelbevolking): "
            + ", ".join(f"{a}->{b}" for a, b in zip(leeg["van"], leeg["naar"], strict=True))
        )
    bron = p["van"].map(inwoners_van).astype("float64")
    p["f_bewoners"] = np.where(bron > 0, p["bewoners"] / bron.where(bron > 0, 1.0), p["f_oppervlak"])
    notes += ipf_notes
    p = p.sort_values(["naar", "van"], ignore_index=True)[STUK_KOLOMMEN]
    weg = weg.sort_values(["van", "naar"], ignore_index=True)[
        ["van", "naar", "oppervlakte_m2", "aandeel_van", "aandeel_naar", "reden"]
    ]
    return Verdeling(p, weg, dict(identiek), iteraties, restfout, notes)


def _onbewoond(p: pd.DataFrame, min_aandeel: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Set to 0 the inhabitants of fitted pieces below `min_aandeel` of both their source's and
    their target's inhabitants; the rest of the source takes them (conserved). They keep their
    area (for area counts). Returns the pieces and those emptied."""
    bron = p.groupby("van")["bewoners"].transform("sum")
    doel = p.groupby("naar")["bewoners"].transform("sum")
    klein = (
        ~p["identiek"]
        & (p["bewoners"] > 0)
        & (p["bewoners"] < min_aandeel * bron)
        & (p["bewoners"] < min_aandeel * doel)
    )
    leeg = p[klein]
    if leeg.empty:
        return p, leeg
    p = p.copy()
    p.loc[klein, "bewoners"] = 0.0
    over = p.groupby("van")["bewoners"].transform("sum")
    p["bewoners"] = np.where(over > 0, p["bewoners"] * bron / over.where(over > 0, 1.0), p["bewoners"])
    return p, leeg


def _ipf(
    p: pd.DataFrame, inwoners_van: pd.Series, inwoners_naar: pd.Series
) -> tuple[np.ndarray, int, float, list[str]]:
    """Piece populations: identity pieces take their source; the rest is fitted to both margins.

    Sparse: every step is a bincount over the pieces, so one iteration costs O(pieces).
    """
    out = np.zeros(len(p))
    ident = p["identiek"].to_numpy()
    out[ident] = p.loc[ident, "van"].map(inwoners_van).astype("float64").to_numpy()
    rest = p[~ident]
    if rest.empty:
        return out, 0, 0.0, []
    rij_codes, rij = np.unique(rest["van"].to_numpy(), return_inverse=True)
    kol_codes, kol = np.unique(rest["naar"].to_numpy(), return_inverse=True)
    r = inwoners_van.reindex(rij_codes).to_numpy(dtype="float64")
    c = inwoners_naar.reindex(kol_codes).to_numpy(dtype="float64")
    if c.sum() > 0:
        c = c * (r.sum() / c.sum())  # growth between the two years spread evenly over the targets
    x = rest["oppervlakte_m2"].to_numpy(dtype="float64").copy()
    iteraties, restfout, notes = 0, 0.0, []
    totaal = max(r.sum(), 1e-300)
    for iteraties in range(1, IPF_MAX_ITERATIES + 1):  # noqa: B007 (the count is reported)
        kolsom = np.bincount(kol, weights=x, minlength=len(c))
        x *= np.divide(c, kolsom, out=np.zeros_like(c), where=kolsom > 0)[kol]
        rijsom = np.bincount(rij, weights=x, minlength=len(r))
        x *= np.divide(r, rijsom, out=np.zeros_like(r), where=rijsom > 0)[rij]
        restfout = float(np.abs(np.bincount(kol, weights=x, minlength=len(c)) - c).max() / totaal)
        if restfout < IPF_TOLERANTIE:
            break
    # A source whose every kept piece lies in uninhabited targets cannot meet both margins:
    # its inhabitants are spread by area (reported), so they are still conserved.
    rijsom = np.bincount(rij, weights=x, minlength=len(r))
    leeg = (rijsom <= 0) & (r > 0)
    if leeg.any():
        opp = rest["oppervlakte_m2"].to_numpy(dtype="float64")
        opp_rij = np.bincount(rij, weights=opp, minlength=len(r))
        x = np.where(leeg[rij], r[rij] * opp / opp_rij[rij], x)
        notes.append(
            "inwoners naar oppervlakte verdeeld (alle stukken in onbewoonde doelgebieden): "
            + ", ".join(rij_codes[leeg])
        )
    out[~ident] = x
    return out, iteraties, restfout, notes


def oppervlakte_verdeling(pieces: pd.DataFrame, inwoners_van: pd.Series) -> Verdeling:
    """The simple method, for comparison only: every piece kept, each source's inhabitants and
    figures spread by area share; no identity, no minimum share."""
    p = pieces.copy()
    p["aandeel_van"] = p["oppervlakte_m2"] / p.groupby("van")["oppervlakte_m2"].transform("sum")
    p["aandeel_naar"] = p["oppervlakte_m2"] / p.groupby("naar")["oppervlakte_m2"].transform("sum")
    p["bewoners_oppervlak"] = p["van"].map(inwoners_van).astype("float64") * p["aandeel_van"]
    p["bewoners"] = p["bewoners_oppervlak"]
    p["f_bewoners"] = p["aandeel_van"]
    p["f_oppervlak"] = p["aandeel_van"]
    p["identiek"] = False
    leeg = pd.DataFrame(columns=["van", "naar", "oppervlakte_m2", "aandeel_van", "aandeel_naar", "reden"])
    return Verdeling(p[STUK_KOLOMMEN], leeg, {})


def verschil_cijfers(gekozen: pd.DataFrame, eenvoudig: pd.DataFrame) -> pd.DataFrame:
    """Per target area: how many figures both methods give, and their mean and largest absolute
    difference (in the figures' own unit; meant for percentages: percentage points)."""
    sleutel = _KEY + ["gebied_code"]
    a = gekozen[gekozen["status"].eq(WAARDE)][sleutel + ["waarde"]]
    b = eenvoudig[eenvoudig["status"].eq(WAARDE)][sleutel + ["waarde"]]
    m = a.merge(b, on=sleutel, suffixes=("", "_eenvoudig"))
    m["verschil"] = (m["waarde"] - m["waarde_eenvoudig"]).abs()
    return m.groupby("gebied_code")["verschil"].agg(n="size", gemiddeld="mean", grootste="max").reset_index()


def verschil_per_doel(v: Verdeling) -> pd.DataFrame:
    """Per target: inhabitants by simple area weighting, by the chosen method, and the difference.

    The simple method spreads each source's inhabitants by area share over all its pieces
    (slivers included), as a first prototype did.
    """
    s = v.stukken.groupby("naar").agg(bewoners=("bewoners", "sum"), identiek=("identiek", "any"))
    alle = pd.concat([v.stukken[["naar", "bewoners_oppervlak"]], _weg_oppervlak(v)], ignore_index=True)
    s["bewoners_oppervlak"] = alle.groupby("naar")["bewoners_oppervlak"].sum()
    s["verschil"] = s["bewoners"] - s["bewoners_oppervlak"]
    return s.reset_index()[["naar", "identiek", "bewoners_oppervlak", "bewoners", "verschil"]]


def _weg_oppervlak(v: Verdeling) -> pd.DataFrame:
    """The simple method's inhabitants of the left-out pieces (they still count there)."""
    if v.weggelaten.empty:
        return pd.DataFrame(columns=["naar", "bewoners_oppervlak"])
    bron = v.stukken.groupby("van")["bewoners"].sum()  # = source inhabitants (conserved)
    w = v.weggelaten
    return pd.DataFrame({"naar": w["naar"], "bewoners_oppervlak": w["van"].map(bron) * w["aandeel_van"]})


def methode(aggregatie: str, noemer: str, eenheid: str) -> str | None:
    """TELLING, GEMIDDELDE, or None (not converted) for one catalogue rule and unit."""
    if aggregatie == SOM:
        return TELLING
    if aggregatie == GEWOGEN:
        return GEMIDDELDE
    if aggregatie == GEEN and eenheid in PER_INWONER_EENHEDEN:
        return GEMIDDELDE
    return None


def omreken(
    facts: pd.DataFrame,
    v: Verdeling,
    regels: pd.DataFrame,
    naar_indeling: str,
    bestaand: pd.DataFrame | None = None,
) -> Omrekening:
    """Convert the source division's facts to every target area the pieces reach.

    facts: FACT_KOLOMMEN of the source division (noemer figures included).
    regels: indicator, aggregatie, noemer, eenheid (the catalogue).
    bestaand: keys (indicator, jaar, periode_label, dimensie, groep, gebied_code) the target
    division already has a delivered figure for: those are never converted.

    - TELLING: sum over pieces of value x the piece's share of the source (its inhabitants, or
      its area for an area unit). Counts are conserved per source.
    - GEMIDDELDE: weighted mean over pieces, weight = the noemer's source value x the piece's
      share of it (gewogen with a noemer), else the piece's inhabitants.
    - A same-area target (identiek) gets exactly its source's figure and status.
    - Any contributing source figure missing (or 'niet gemeten'): no figure. Else any
      suppressed: the converted figure is suppressed ('geheim/onderdrukt'), never a number.
    """
    regel = {
        str(r.indicator): (str(r.aggregatie), "" if pd.isna(r.noemer) else str(r.noemer), str(r.eenheid))
        for r in regels.itertuples(index=False)
    }
    hoe = {i: methode(*regel[i]) for i in regel}
    eenheid = {i: regel[i][2] for i in regel}
    skipped: list[pd.DataFrame] = []

    bron = facts[facts["indicator"].map(hoe).notna()]
    niet = facts[facts["indicator"].map(lambda i: hoe.get(i) is None)]
    if len(niet):
        reden = niet["indicator"].map(lambda i: _niet_reden(regel.get(i)))
        skipped.append(_per_doel(niet.assign(reden=reden), v))
    stukken = v.stukken
    # A same-area target copies every figure of its source, whatever its unit.
    paren = stukken.loc[stukken["identiek"], ["van", "naar"]]
    ident = facts.merge(paren, left_on="gebied_code", right_on="van")
    eigen = stukken[~stukken["identiek"] & ~stukken["naar"].isin(set(v.identiek))]
    lid = bron.merge(eigen, left_on="gebied_code", right_on="van")
    lid["methode"] = lid["indicator"].map(hoe)
    lid["basis"] = lid["indicator"].map(lambda i: _basis(regel[i], hoe[i], eenheid))
    lid["f"] = np.where(lid["basis"].eq(OPPERVLAK), lid["f_oppervlak"], lid["f_bewoners"])
    lid["gewicht"], lid["teller_gewicht"] = _gewichten(lid, facts, regel)

    rest = lid
    # A piece contributes to a figure when it carries some of the base the figure is spread by
    # (inhabitants or area): only then is its source figure needed, or can it be revealed.
    bijdrage = rest["f"] > 0
    rest = rest.assign(
        _bron=rest["van"].where(bijdrage),
        _ok=bijdrage & rest["status"].eq(WAARDE) & rest["waarde"].notna(),
        _geheim=bijdrage & rest["status"].eq(GEHEIM),
        _teller=np.where(
            rest["methode"].eq(TELLING), rest["waarde"] * rest["f"], rest["waarde"] * rest["teller_gewicht"]
        ),
        _gw_ok=bijdrage & rest["gewicht"].notna(),
    )
    rest["_teller"] = rest["_teller"].where(bijdrage, 0.0)
    rest["_gw"] = rest["gewicht"].where(bijdrage, 0.0)
    agg = (
        rest.groupby(_KEY + ["naar"], sort=True, dropna=False)
        .agg(
            n=("_bron", "nunique"),
            n_ok=("_ok", "sum"),
            n_geheim=("_geheim", "sum"),
            n_gw=("_gw_ok", "sum"),
            teller=("_teller", "sum"),
            gw=("_gw", "sum"),
            methode=("methode", "first"),
            basis=("basis", "first"),
        )
        .reset_index()
    )
    verwacht = _verwacht(stukken, agg)
    compleet = agg["n"].eq(verwacht) & (agg["n_ok"] + agg["n_geheim"]).eq(verwacht)
    geheim = compleet & (agg["n_geheim"] > 0)
    gemiddelde = agg["methode"].eq(GEMIDDELDE)
    zonder_gewicht = compleet & ~geheim & gemiddelde & agg["n_gw"].lt(verwacht)
    nul = compleet & ~geheim & gemiddelde & ~zonder_gewicht & ~(agg["gw"] > 0)
    reden = pd.Series("", index=agg.index, dtype=object)
    reden[~compleet] = "niet alle bronwijken hebben een cijfer"
    reden[zonder_gewicht] = "noemer ontbreekt voor een bronwijk"
    reden[nul] = "geen inwoners (of noemer 0) in het doelgebied"
    gemaakt = reden.eq("")
    waarde = np.where(gemiddelde, agg["teller"] / agg["gw"].where(agg["gw"] > 0, np.nan), agg["teller"])
    uit = agg[gemaakt].assign(
        waarde=np.where(geheim[gemaakt], np.nan, waarde[gemaakt.to_numpy()]),
        status=np.where(geheim[gemaakt], GEHEIM, WAARDE),
        identiek=False,
    )
    if (~gemaakt).any():
        skipped.append(
            agg[~gemaakt]
            .assign(reden=reden[~gemaakt])
            .rename(columns={"naar": "gebied_code"})[OVERGESLAGEN_KOLOMMEN]
        )
    ident_uit = ident.assign(identiek=True)[_KEY + ["naar", "waarde", "status", "identiek"]]
    result = pd.concat([uit[_KEY + ["naar", "waarde", "status", "identiek"]], ident_uit], ignore_index=True)
    result = result.rename(columns={"naar": "gebied_code"}).assign(indeling=naar_indeling)
    result["waarde"] = result["waarde"].where(result["status"].eq(WAARDE))
    if bestaand is not None and len(bestaand):
        sleutel = _KEY + ["gebied_code"]
        m = result.merge(bestaand[sleutel].drop_duplicates(), on=sleutel, how="left", indicator=True)
        result = result[(m["_merge"] == "left_only").to_numpy()]
    result = result.sort_values(_KEY + ["gebied_code"], ignore_index=True)[FACT_KOLOMMEN + ["identiek"]]
    overgeslagen = (
        pd.concat(skipped, ignore_index=True)[OVERGESLAGEN_KOLOMMEN]
        if skipped
        else pd.DataFrame(columns=OVERGESLAGEN_KOLOMMEN)
    )
    return Omrekening(facts=result, overgeslagen=overgeslagen)


def _basis(r: tuple[str, str, str], hoe: str | None, eenheid: dict[str, str]) -> str:
    """OPPERVLAK when a figure is spread by area (an area count, or a mean per area), else BEWONERS."""
    agg, noemer, eigen = r
    if hoe == TELLING:
        return OPPERVLAK if eigen in OPPERVLAKTE_EENHEDEN else BEWONERS
    return OPPERVLAK if noemer and eenheid.get(noemer) in OPPERVLAKTE_EENHEDEN else BEWONERS


def _verwacht(stukken: pd.DataFrame, agg: pd.DataFrame) -> pd.Series:
    """Per row of agg: how many sources carry some of its base into its target."""
    eigen = stukken[~stukken["identiek"]]
    per = {
        BEWONERS: eigen[eigen["f_bewoners"] > 0].groupby("naar")["van"].nunique(),
        OPPERVLAK: eigen[eigen["f_oppervlak"] > 0].groupby("naar")["van"].nunique(),
    }
    uit = pd.Series(0, index=agg.index, dtype="int64")
    for basis, telling in per.items():
        rij = agg["basis"].eq(basis)
        uit[rij] = agg.loc[rij, "naar"].map(telling).fillna(0).astype("int64")
    return uit


def _gewichten(
    lid: pd.DataFrame, facts: pd.DataFrame, regel: dict[str, tuple[str, str, str]]
) -> tuple[pd.Series, pd.Series]:
    """Weights of each source figure x piece for a mean: (denominator, numerator).

    The denominator weight is the noemer's share in the piece, looked up for the same source
    area, jaar, dimensie and groep (any period label, as geo.aggregate does; one with two
    different values counts as absent); without a noemer, the piece's inhabitants. The numerator
    weight is the same, except for a figure per area (noemer an area: inhabitants or cars per
    km²): its numerator is spread by inhabitants like any count, its area by area, so the
    converted figure is converted count / converted area (0 where nobody lives).
    """
    noemer = lid["indicator"].map(lambda i: regel[i][1])
    gemiddelde = lid["methode"].eq(GEMIDDELDE)
    met_noemer = gemiddelde & noemer.ne("")
    gewicht = pd.Series(np.nan, index=lid.index, dtype="float64")
    per_inwoner = gemiddelde & ~met_noemer
    gewicht[per_inwoner] = lid.loc[per_inwoner, "bewoners"]
    if met_noemer.any():
        nk = ["gebied_code", "jaar", "dimensie", "groep"]
        w = facts[facts["indicator"].isin(set(noemer[met_noemer])) & facts["status"].eq(WAARDE)]
        w = w.rename(columns={"indicator": "_noemer", "waarde": "_nw"})[nk + ["_noemer", "_nw"]]
        w = w.dropna().drop_duplicates()
        w = w[~w.duplicated(nk + ["_noemer"], keep=False)]
        vraag = lid.loc[met_noemer, nk].assign(_noemer=noemer[met_noemer])
        nw = vraag.merge(w, on=nk + ["_noemer"], how="left")["_nw"].to_numpy()
        f = lid.loc[met_noemer, "f"].to_numpy()
        gewicht[met_noemer] = np.where(nw >= 0, nw * f, np.nan)
        teller = gewicht.copy()
        f_teller = lid.loc[met_noemer, "f_bewoners"].to_numpy()
        teller[met_noemer] = np.where(nw >= 0, nw * f_teller, np.nan)
        return gewicht, teller
    return gewicht, gewicht.copy()


def _niet_reden(r: tuple[str, str, str] | None) -> str:
    if r is None:
        return "geen regel in de catalogus"
    return f"aggregatie '{r[0]}' met eenheid '{r[2]}': geen basis om over stukken te verdelen of te middelen"


def _per_doel(niet: pd.DataFrame, v: Verdeling) -> pd.DataFrame:
    """One skipped row per figure key and non-identity target reached by its source."""
    m = niet.merge(v.stukken[~v.stukken["identiek"]][["van", "naar"]], left_on="gebied_code", right_on="van")
    m = m.drop(columns="gebied_code").rename(columns={"naar": "gebied_code"})
    return m[OVERGESLAGEN_KOLOMMEN].drop_duplicates()
