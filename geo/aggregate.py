"""Figures for larger areas from the figures of their wijken: counts summed, rates weighted.

Pure: data frames in, data frames out. Rules and their reasons are documented in docs/geo.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SOM, GEWOGEN, GEEN = "som", "gewogen", "geen"
WAARDE = "waarde"  # the status of a figure that has a number
CLUSTER_INDELING = "cluster"
# When a larger area can be computed from members of two indelingen (same area, IoU >= 0.9),
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
    same member, jaar and groep. Weighted mean = sum(w * v) / sum(w).
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

    weights = _weights(facts, leden, {regel[i][1] for i in doen if regel[i][0] == GEWOGEN})
    kandidaat = kandidaat.merge(weights, on=_GEWICHT_SLEUTEL + ["noemer"], how="left")
    kandidaat["heeft_waarde"] = kandidaat["status"].eq(WAARDE) & kandidaat["waarde"].notna()
    kandidaat["heeft_gewicht"] = kandidaat["gewicht"].notna() & (kandidaat["gewicht"] >= 0)

    result, skipped = _compute(kandidaat, leden, regel)
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
    kandidaat: pd.DataFrame, leden: pd.DataFrame, regel: dict[str, tuple[str, str]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One figure per complete group; a reason for every incomplete one."""
    lid_lijst = leden.groupby(["gebied", "lid_indeling"])["lid_code"].agg(lambda s: sorted(set(s)))
    rows, skipped = [], []
    for sleutel, groep in kandidaat.groupby(_SLEUTEL, sort=True, dropna=False):
        gebied, lid_indeling, indicator = sleutel[0], sleutel[1], sleutel[2]
        soort, noemer = regel[indicator]
        alle = lid_lijst[(gebied, lid_indeling)]
        reden = _reden(groep, alle, soort, noemer)
        if reden is None:
            v = groep["waarde"]
            waarde = v.sum() if soort == SOM else (groep["gewicht"] * v).sum() / groep["gewicht"].sum()
            rows.append((*sleutel, float(waarde)))
        else:
            skipped.append((*sleutel, reden))
    cols = _SLEUTEL + ["waarde"]
    return pd.DataFrame(rows, columns=cols), pd.DataFrame(skipped, columns=_SLEUTEL + ["reden"])


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
