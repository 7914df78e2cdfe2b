"""Figures for larger areas from the figures of their wijken: counts summed, rates weighted.

Pure: data frames in, data frames out. Rules and their reasons are documented in docs/geo.md.
A rate with a count numerator (`teller`) is made from the summed counts, so it agrees with
them; every figure is rounded to the decimals of its inputs ("Berekende cijfers").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

SOM, GEWOGEN, GEEN = "som", "gewogen", "geen"
WAARDE = "waarde"  # the status of a figure that has a number
CLUSTER_INDELING = "cluster"
# When a larger area can be computed from members of two indelingen (same area, geo.compare.vergelijkbaar),
# the figure from the first indeling in this order is kept.
INDELING_VOORKEUR = ("wijk2024", "wijk2019")

FACT_KOLOMMEN = [
    "indicator",
    "jaar",
    "periode_label",
    "dimensie",
    "groep",
    "gebied_code",
    "indeling",
    "waarde",
    "status",
]
OVERGESLAGEN_KOLOMMEN = [
    "indicator",
    "jaar",
    "periode_label",
    "dimensie",
    "groep",
    "gebied_code",
    "reden",
]
# Decimals looked for in an input value; a value needing more is taken to have this many.
MAX_DECIMALEN = 6
# A computed figure whose indicator has no wijk value at all to take the decimals from.
DECIMALEN_ZONDER_INVOER = 1
# How far a value may lie from its rounding and still count as rounded (float noise of parsing
# and of a source's scale factor, e.g. 7 * 0.1 = 0.7000000000000001).
RELATIEVE_RUIS = 1e-9
# The reason of a figure not computed because member wijken have no value (skip_notes groups them).
ONVOLLEDIG = "niet alle wijken hebben een waarde: "
_SLEUTEL = ["gebied", "lid_indeling", "indicator", "jaar", "periode_label", "dimensie", "groep"]
_GEWICHT_SLEUTEL = ["lid_code", "lid_indeling", "jaar", "dimensie", "groep"]


@dataclass(frozen=True)
class AggregationResult:
    """Computed area figures, plus what was not computed and why."""

    facts: pd.DataFrame  # FACT_KOLOMMEN; gebied_code = the area, indeling = 'cluster'
    regel_notes: list[str] = field(default_factory=list)  # indicators without a usable rule
    overgeslagen: pd.DataFrame = field(  # one row per figure not computed, with its reason
        default_factory=lambda: pd.DataFrame(columns=OVERGESLAGEN_KOLOMMEN)
    )

    @property
    def notes(self) -> list[str]:
        """One readable line per rule note, then one per indicator with figures not computed."""
        return self.regel_notes + skip_notes(self.overgeslagen)


def aggregate_to_areas(
    facts: pd.DataFrame, samenstelling: pd.DataFrame, regels: pd.DataFrame
) -> AggregationResult:
    """Aggregate wijk facts to the areas of `samenstelling` following `regels`.

    A figure is computed only when every member wijk has a value ('waarde') for that
    indicator x jaar x periode x groep, and, for 'gewogen', its noemer has a value for the
    same member, jaar and groep. Weighted mean = sum(w * v) / sum(w). A 'gewogen' rate with a
    `teller` (optional column of `regels`, with its `schaal`) is schaal * sum(teller) /
    sum(noemer) instead: every member needs both counts, the rate's own wijk values are not
    used. Each figure is rounded to the most decimals of its inputs (`decimalen`).
    """
    leden = samenstelling.rename(columns={"gebied_code": "gebied"})
    lid_facts = facts.merge(
        leden, left_on=["gebied_code", "indeling"], right_on=["lid_code", "lid_indeling"]
    ).drop(columns=["gebied_code", "indeling"])
    dubbel = lid_facts.duplicated(_SLEUTEL + ["lid_code"])
    if dubbel.any():
        raise ValueError(f"facts are not unique per wijk: {lid_facts[dubbel].head(3).to_dict('records')}")

    regel = _rules(regels)
    notes: list[str] = []
    for indicator in sorted(set(lid_facts["indicator"])):
        soort, _ = regel.get(indicator, (None, None))
        if soort is None:
            notes.append(f"{indicator}: niet berekend voor grotere gebieden: geen aggregatieregel")
        elif soort == GEEN:
            notes.append(
                f"{indicator}: niet berekend voor grotere gebieden: aggregatie 'geen' "
                "(geen tel- of noemergrootheid bekend, optellen of middelen zou misleiden)"
            )
        elif soort == GEWOGEN and not regel[indicator][1]:
            notes.append(f"{indicator}: niet berekend voor grotere gebieden: 'gewogen' zonder noemer")
    doen = {i for i, (s, n) in regel.items() if s == SOM or (s == GEWOGEN and n)}
    kandidaat = lid_facts[lid_facts["indicator"].isin(doen)].copy()
    kandidaat["noemer"] = kandidaat["indicator"].map(lambda i: regel[i][1] or None)

    tellers = _tellers(regels)
    weights = _weights(facts, leden, {regel[i][1] for i in doen if regel[i][0] == GEWOGEN})
    kandidaat = kandidaat.merge(weights, on=_GEWICHT_SLEUTEL + ["noemer"], how="left")
    kandidaat["heeft_waarde"] = kandidaat["status"].eq(WAARDE) & kandidaat["waarde"].notna()
    kandidaat["heeft_gewicht"] = kandidaat["gewicht"].notna() & (kandidaat["gewicht"] >= 0)
    tellen = _counts(facts, leden, {t for t, _ in tellers.values()} | {regel[i][1] for i in tellers})
    invoer = _decimalen_per_indicator(lid_facts)

    result, skipped = _compute(kandidaat, leden, regel, tellers, tellen, invoer)
    result, skipped = _prefer_indeling(result, skipped)
    return AggregationResult(facts=result, regel_notes=notes, overgeslagen=skipped)


def _rules(regels: pd.DataFrame) -> dict[str, tuple[str, str]]:
    out = {}
    for rij in regels.itertuples(index=False):
        soort = str(rij.aggregatie).strip()
        if soort not in (SOM, GEWOGEN, GEEN):
            raise ValueError(f"{rij.indicator}: aggregatie {soort!r} is not som, gewogen or geen")
        noemer = "" if pd.isna(rij.noemer) else str(rij.noemer).strip()
        out[str(rij.indicator)] = (soort, noemer)
    return out


def _tellers(regels: pd.DataFrame) -> dict[str, tuple[str, float]]:
    """indicator -> (teller, schaal) for the 'gewogen' rates made from a count numerator."""
    if "teller" not in regels.columns:
        return {}
    out = {}
    for rij in regels.itertuples(index=False):
        teller = "" if pd.isna(rij.teller) else str(rij.teller).strip()
        if teller and str(rij.aggregatie).strip() == GEWOGEN:
            out[str(rij.indicator)] = (teller, float(rij.schaal))
    return out


def _counts(facts: pd.DataFrame, leden: pd.DataFrame, codes: set[str]) -> dict[tuple, float]:
    """(indicator, lid_code, lid_indeling, jaar, dimensie, groep) -> value, for tellers and noemers.

    A count with two different values for one member and key counts as absent.
    """
    w = _weights(facts, leden, codes)
    return {
        (r.noemer, r.lid_code, r.lid_indeling, r.jaar, r.dimensie, r.groep): float(r.gewicht)
        for r in w.itertuples(index=False)
    }


def decimalen(waarde: float) -> int:
    """The decimals a value is written with: 7 -> 0, 0.7 -> 1, 12.25 -> 2 (at most MAX_DECIMALEN)."""
    for d in range(MAX_DECIMALEN):
        if abs(round(waarde, d) - waarde) <= RELATIEVE_RUIS * max(1.0, abs(waarde)):
            return d
    return MAX_DECIMALEN


def afronden(waarde: float, d: int) -> float:
    """Rounded to d decimals, halves away from zero as CBS rounds (not Python's half to even)."""
    r = Decimal(repr(float(waarde))).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
    return float(r) + 0.0  # + 0.0: no -0.0


def _decimalen_per_indicator(lid_facts: pd.DataFrame) -> dict[str, int]:
    """The most decimals of any member value of each indicator (all years and groups)."""
    met = lid_facts[lid_facts["status"].eq(WAARDE) & lid_facts["waarde"].notna()]
    out: dict[str, int] = {}
    for indicator, waarde in zip(met["indicator"], met["waarde"], strict=True):
        out[indicator] = max(out.get(indicator, 0), decimalen(float(waarde)))
    return out


def _weights(facts: pd.DataFrame, leden: pd.DataFrame, noemers: set[str]) -> pd.DataFrame:
    """Noemer values per member x jaar x groep; a noemer with two different values counts as absent."""
    w = facts[facts["indicator"].isin(noemers) & facts["status"].eq(WAARDE)]
    w = w.merge(
        leden[["lid_code", "lid_indeling"]].drop_duplicates(),
        left_on=["gebied_code", "indeling"],
        right_on=["lid_code", "lid_indeling"],
    )
    w = w.rename(columns={"indicator": "noemer", "waarde": "gewicht"})
    w = w[_GEWICHT_SLEUTEL + ["noemer", "gewicht"]].dropna().drop_duplicates()
    return w[~w.duplicated(_GEWICHT_SLEUTEL + ["noemer"], keep=False)]


def _compute(
    kandidaat: pd.DataFrame,
    leden: pd.DataFrame,
    regel: dict[str, tuple[str, str]],
    tellers: dict[str, tuple[str, float]],
    tellen: dict[tuple, float],
    invoer: dict[str, int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One figure per complete group, rounded like its inputs; a reason for every incomplete one."""
    lid_lijst = leden.groupby(["gebied", "lid_indeling"])["lid_code"].agg(lambda s: sorted(set(s)))
    rows, skipped = [], []
    for sleutel, groep in kandidaat.groupby(_SLEUTEL, sort=True, dropna=False):
        gebied, lid_indeling, indicator = sleutel[0], sleutel[1], sleutel[2]
        soort, noemer = regel[indicator]
        alle = lid_lijst[(gebied, lid_indeling)]
        if indicator in tellers:
            teller, schaal = tellers[indicator]
            waarde, reden = _uit_tellingen(sleutel, alle, teller, noemer, schaal, tellen)
        else:
            reden = _reden(groep, alle, soort, noemer)
            v = groep["waarde"]
            if reden is not None:
                waarde = float("nan")
            elif soort == SOM:
                waarde = float(v.sum())
            else:
                waarde = float((groep["gewicht"] * v).sum() / groep["gewicht"].sum())
        if reden is None:
            met = groep.loc[groep["heeft_waarde"], "waarde"]
            d = max((decimalen(float(x)) for x in met),
                    default=invoer.get(indicator, DECIMALEN_ZONDER_INVOER))
            rows.append((*sleutel, afronden(waarde, d)))
        else:
            skipped.append((*sleutel, reden))
    cols = _SLEUTEL + ["waarde"]
    return pd.DataFrame(rows, columns=cols), pd.DataFrame(skipped, columns=_SLEUTEL + ["reden"])


def _uit_tellingen(
    sleutel: tuple, alle: list[str], teller: str, noemer: str, schaal: float, tellen: dict[tuple, float]
) -> tuple[float, str | None]:
    """schaal * sum(teller) / sum(noemer) over all members, or the reason there is none."""
    _, lid_indeling, _, jaar, _, dimensie, groep = sleutel
    som = {}
    for count in (teller, noemer):
        waarden = {w: tellen.get((count, w, lid_indeling, jaar, dimensie, groep)) for w in alle}
        zonder = [w for w, v in waarden.items() if v is None or v < 0]
        if zonder:
            rol = "teller" if count == teller else "noemer"
            return float("nan"), f"{rol} {count} ontbreekt (of is niet eenduidig) voor " + ", ".join(zonder)
        som[count] = sum(waarden.values())
    if som[noemer] <= 0:
        return float("nan"), f"noemer {noemer} is 0 voor alle wijken"
    return schaal * som[teller] / som[noemer], None


def _reden(groep: pd.DataFrame, alle: list[str], soort: str, noemer: str) -> str | None:
    """Why this group gives no figure for the area, or None when it does."""
    met_waarde = set(groep.loc[groep["heeft_waarde"], "lid_code"])
    zonder = [w for w in alle if w not in met_waarde]
    if zonder:
        status = dict(zip(groep["lid_code"], groep["status"], strict=True))
        delen = [f"{w} ({status.get(w, 'geen cijfer')})" for w in zonder]
        return ONVOLLEDIG + ", ".join(delen)
    if soort == GEWOGEN:
        zonder_gewicht = sorted(groep.loc[~groep["heeft_gewicht"], "lid_code"])
        if zonder_gewicht:
            return f"noemer {noemer} ontbreekt (of is niet eenduidig) voor " + ", ".join(zonder_gewicht)
        if groep["gewicht"].sum() <= 0:
            return f"noemer {noemer} is 0 voor alle wijken"
    return None


def _prefer_indeling(result: pd.DataFrame, skipped: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One figure per area x indicator x jaar x groep, from the preferred indeling."""
    rang = {ind: i for i, ind in enumerate(INDELING_VOORKEUR)}
    figuur = [k for k in _SLEUTEL if k != "lid_indeling"]
    result = result.assign(_rang=result["lid_indeling"].map(rang).fillna(len(rang)))
    result = result.sort_values("_rang").drop_duplicates(figuur).sort_values(figuur)
    # A figure computed from one indeling needs no note that another indeling could not give it.
    berekend = set(map(tuple, result[figuur].to_numpy().tolist()))
    open_ = [tuple(r) not in berekend for r in skipped[figuur].to_numpy().tolist()]
    skipped = skipped.loc[pd.Series(open_, index=skipped.index, dtype=bool)]
    skipped = skipped.assign(_rang=skipped["lid_indeling"].map(rang).fillna(len(rang)))
    skipped = skipped.sort_values("_rang").drop_duplicates(figuur).sort_values(figuur)
    facts = (
        result.rename(columns={"gebied": "gebied_code"})
        .assign(indeling=CLUSTER_INDELING, status=WAARDE)[FACT_KOLOMMEN]
        .reset_index(drop=True)
    )
    overgeslagen = skipped.rename(columns={"gebied": "gebied_code"})[OVERGESLAGEN_KOLOMMEN]
    return facts, overgeslagen.reset_index(drop=True)


def skip_notes(skipped: pd.DataFrame) -> list[str]:
    """One line per indicator: the areas and periods without a figure, and the wijken (with their
    status) or other reasons that caused it, each named once."""
    notes = []
    for indicator, groep in skipped.groupby("indicator", sort=True):
        gebieden = sorted(set(groep["gebied_code"]))
        wat = sorted(
            {
                f"{r.periode_label}" + ("" if r.dimensie == "totaal" else f" ({r.dimensie} {r.groep})")
                for r in groep.itertuples()
            }
        )
        wijken: set[str] = set()
        andere: set[str] = set()
        for reden in groep["reden"]:
            if reden.startswith(ONVOLLEDIG):
                wijken.update(reden[len(ONVOLLEDIG) :].split(", "))
            else:
                andere.add(reden)
        redenen = []
        if wijken:
            n = len({w.split(" ", 1)[0] for w in wijken})
            redenen.append(f"{n} {'wijk' if n == 1 else 'wijken'} zonder waarde: {', '.join(sorted(wijken))}")
        redenen.extend(sorted(andere))
        notes.append(
            f"{indicator}: geen cijfer voor {', '.join(gebieden)} in {', '.join(wat)}; {'; '.join(redenen)}"
        )
    return notes
