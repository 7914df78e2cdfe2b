"""Declared expectations per figure: a tidy frame is conformed to catalogue keys or rejected.

Every rejected row keeps its place and raw text and gets all its reasons; nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from etl.manifest import ExtractSpec
from etl.periods import FUTURE_ALLOWED, PERIODE_SOORTEN, periode_label
from etl.values import STATUS_WAARDE, excerpt, parse_values

MIN_JAAR = 1990  # the oldest figures any source delivers (CBS series start in the 1990s)
PERCENTAGE = "percentage"
ACCEPTED_COLUMNS = (
    "locatie", "ruw", "indicator_code", "jaar", "periode_soort", "periode_label",
    "gebied_code", "indeling", "dimensie", "groep", "waarde", "ondergrens", "bovengrens",
    "significant", "status", "ongeveer",
)  # fmt: skip
SIGNIFICANT_WORDS = {"ja": True, "j": True, "1": True, "nee": False, "n": False, "0": False}
# A buurt division belongs with the wijk division of the same year. The only buurt figures in
# the 2019/2020 wijk division are in CBS's buurt division of 2020 (RIVM/CBS 50090NED; the 2020
# wijken equal the 2019 ones, docs/geo.md), so an extract in wijk2019 names buurten of 2020.
BUURT_INDELING = {"wijk2024": "buurt2024", "wijk2019": "buurt2020"}


@dataclass
class Lookups:
    """What a figure is checked against: the catalogues and the areas of dim_gebied."""

    eenheid: dict[str, str]  # indicator code -> eenheid
    groepen: set[tuple[str, str]]
    gebieden: pd.DataFrame  # gebied_code, naam, indeling, aliassen
    max_jaar: int = field(default_factory=lambda: dt.date.today().year)
    _resolvers: dict[str, tuple[dict[str, str], dict[str, str]]] = field(default_factory=dict)

    def resolver(self, indeling: str) -> tuple[dict[str, str], dict[str, str]]:
        """(key -> 'code|indeling' or '' when ambiguous, code -> other indelingen) for an extract."""
        if indeling not in self._resolvers:
            allowed = {"vast", "cluster", indeling, BUURT_INDELING.get(indeling, indeling)}
            usable = self.gebieden[self.gebieden["indeling"].isin(allowed)]
            keys: dict[str, str] = {}
            for row in usable.itertuples():
                target = f"{row.gebied_code}|{row.indeling}"
                names = [row.gebied_code, row.naam, *str(row.aliassen or "").split("|")]
                for name in {n.strip().lower() for n in names if n and n.strip()}:
                    keys[name] = target if keys.get(name, target) == target else ""
            elsewhere: dict[str, str] = {}
            for row in self.gebieden[~self.gebieden["indeling"].isin(allowed)].itertuples():
                code = row.gebied_code.lower()
                elsewhere[code] = ", ".join(filter(None, [elsewhere.get(code), row.indeling]))
            self._resolvers[indeling] = (keys, elsewhere)
        return self._resolvers[indeling]


def per_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series | pd.DataFrame]):
    """Apply func to the distinct values only and spread the result back over the rows.

    Extracts repeat a handful of codes and values millions of times: this keeps validation
    proportional to the number of distinct values, not rows.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    result = func(pd.Series(uniques, dtype=values.dtype))
    spread = result.iloc[codes] if isinstance(result, pd.DataFrame) else result.take(codes)
    spread.index = values.index
    return spread


def conform(frame: pd.DataFrame, spec: ExtractSpec, lookups: Lookups) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(accepted figures, rejected rows with `reden`) of one tidy chunk."""
    reasons = pd.Series("", index=frame.index, dtype="object")

    structural = frame["fout"] != ""

    def reject(mask: pd.Series, reden: pd.Series | str) -> None:
        """Add a reason to the rows of mask; a structurally broken row keeps only that reason."""
        mask = mask.fillna(False).astype(bool) & ~structural
        if not mask.any():
            return
        text = reden if isinstance(reden, str) else reden[mask].astype(str)
        reasons[mask] = reasons[mask].str.cat(pd.Series(text, index=reasons[mask].index), sep="; ")

    reasons[structural] = frame["fout"][structural]

    parsed = per_unique(frame["waarde"], lambda u: parse_values(u, spec.decimaal))
    reject(parsed["leeg"], "waarde ontbreekt")
    reject(parsed["fout"].notna(), parsed["fout"])
    schaal = per_unique(frame["schaal"], _schaal)
    reject(schaal.isna(), "schaal is geen getal")
    waarde = parsed["waarde"] * schaal

    indicator = frame["indicator"].str.strip()
    eenheid = per_unique(indicator, lambda u: u.map(lookups.eenheid))
    reject(indicator == "", "indicator ontbreekt")
    reject((indicator != "") & eenheid.isna(), "onbekende indicator " + quoted(indicator))

    jaar = per_unique(frame["jaar"], _jaar)
    is_int = jaar.notna() & (jaar == jaar.round())
    reject(~is_int, "jaar " + quoted(frame["jaar"]) + " is geen jaartal")
    reject(is_int & (jaar < MIN_JAAR), f"jaar ligt voor {MIN_JAAR}: onwaarschijnlijk")
    soort = frame["periode_soort"].str.strip()
    future = is_int & (jaar > lookups.max_jaar) & ~soort.isin(FUTURE_ALLOWED)
    reject(future, f"jaar ligt in de toekomst (na {lookups.max_jaar}) en is geen prognose")
    reject(~soort.isin(PERIODE_SOORTEN), "onbekende periode_soort " + quoted(soort))
    peildag = frame["peildag"].str.strip()
    # parts joined by \\x1f, not "|": a "|" in peildag is a bad peildag (rejected), not a split
    label_key = soort + "\x1f" + peildag + "\x1f" + jaar.where(is_int, 0).astype("Int64").astype("string")
    labels = per_unique(label_key, _labels)
    reject(labels["fout"].notna() & soort.isin(PERIODE_SOORTEN) & is_int, labels["fout"])

    gebied_code, gebied_indeling = _resolve_gebied(frame["gebied"], spec, lookups, reject)

    dimensie = frame["dimensie"].str.strip()
    groep = frame["groep"].str.strip()
    known_groep = per_unique(
        dimensie + "\x1f" + groep,
        lambda u: u.map(lambda key: tuple(key.split("\x1f", 1)) in lookups.groepen).astype(bool),
    )
    reject(~known_groep, "onbekende groep " + quoted(dimensie + "/" + groep))

    is_value = parsed["status"] == STATUS_WAARDE
    out_of_range = is_value & (eenheid == PERCENTAGE) & ((waarde < 0) | (waarde > 100))
    if out_of_range.any():
        shown = waarde.map(lambda v: f"{v:g}".replace(".", ","))
        reject(out_of_range, "percentage " + shown + " ligt buiten 0-100")

    bounds = {}
    for column in ("ondergrens", "bovengrens"):
        parsed_bound = per_unique(frame[column], lambda u: parse_values(u, spec.decimaal))
        bad = ~parsed_bound["leeg"] & (parsed_bound["status"] != STATUS_WAARDE)
        reject(bad, f"{column} " + quoted(frame[column]) + " is geen getal")
        bounds[column] = parsed_bound["waarde"] * schaal
    _check_interval(waarde.where(is_value), bounds["ondergrens"], bounds["bovengrens"], eenheid, reject)

    sig_text = frame["significant"].str.strip().str.lower()
    sig_override = per_unique(sig_text, lambda u: u.map(SIGNIFICANT_WORDS))
    reject((sig_text != "") & sig_override.isna(), "significant " + quoted(sig_text) + " is geen ja/nee")
    significant = parsed["significant"].copy()
    has_override = sig_override.notna()
    significant[has_override] = sig_override[has_override].astype(bool)

    bad_rows = reasons != ""
    rejects = pd.DataFrame(
        {
            "locatie": frame["locatie"][bad_rows].astype(str),
            "ruw": frame["ruw"][bad_rows].astype(str),
            "reden": reasons[bad_rows].str.lstrip("; "),
        }
    )

    good = ~bad_rows
    accepted = pd.DataFrame(
        {
            "locatie": frame["locatie"][good],
            "ruw": frame["ruw"][good],
            "indicator_code": indicator[good],
            "jaar": jaar[good].astype("int64"),
            "periode_soort": soort[good],
            "periode_label": labels["label"][good],
            "gebied_code": gebied_code[good],
            "indeling": gebied_indeling[good],
            "dimensie": dimensie[good],
            "groep": groep[good],
            "waarde": waarde[good].where(is_value[good]),
            "ondergrens": bounds["ondergrens"][good],
            "bovengrens": bounds["bovengrens"][good],
            "significant": significant[good].astype("boolean"),
            "status": parsed["status"][good],
            "ongeveer": parsed["ongeveer"][good].astype(bool),
        }
    )
    return accepted.loc[:, list(ACCEPTED_COLUMNS)], rejects


def quoted(texts: pd.Series) -> pd.Series:
    """Each text as a message shows it: quoted, escaped and cut short (etl.values.excerpt)."""
    return per_unique(texts.astype("string").fillna(""), lambda u: u.map(excerpt).astype("string"))


def _finite(numbers: pd.Series) -> pd.Series:
    return numbers.where(np.isfinite(numbers.astype("float64")))


def _schaal(texts: pd.Series) -> pd.Series:
    """The factor of each text; NaN unless a finite number ('inf' is no factor)."""
    return _finite(pd.to_numeric(texts, errors="coerce").astype("float64"))


def _jaar(texts: pd.Series) -> pd.Series:
    """The year of each text as a float; NaN unless a finite ASCII number."""
    text = texts.str.strip()
    number = pd.to_numeric(text.where(text.str.isascii()), errors="coerce").astype("float64")
    return _finite(number)


def _show(numbers: pd.Series) -> pd.Series:
    shown = [f"{v:g}".replace(".", ",") if pd.notna(v) else None for v in numbers]
    return pd.Series(shown, index=numbers.index, dtype="string")


def _check_interval(
    waarde: pd.Series, onder: pd.Series, boven: pd.Series, eenheid: pd.Series, reject
) -> None:
    """A confidence interval must be ordered, hold its own value and, for a percentage, lie in 0-100."""
    reject(onder > boven, "ondergrens " + _show(onder) + " ligt boven bovengrens " + _show(boven))
    outside = (waarde < onder) | (waarde > boven)
    reject(
        outside,
        "waarde "
        + _show(waarde)
        + " ligt buiten het eigen betrouwbaarheidsinterval "
        + _show(onder).fillna("…")
        + " - "
        + _show(boven).fillna("…"),
    )
    percentage = eenheid == PERCENTAGE
    for name, bound in (("ondergrens", onder), ("bovengrens", boven)):
        reject(percentage & ((bound < 0) | (bound > 100)), f"{name} " + _show(bound) + " ligt buiten 0-100")


def _labels(keys: pd.Series) -> pd.DataFrame:
    """periode_label (or the reason there is none) for distinct soort, peildag, jaar keys."""
    labels, faults = [], []
    for key in keys:
        soort, rest = key.split("\x1f", 1)
        peildag, jaar = rest.rsplit("\x1f", 1)
        try:
            labels.append(periode_label(soort, int(jaar), peildag))
            faults.append(None)
        except ValueError as exc:
            labels.append(None)
            faults.append(str(exc))
    return pd.DataFrame({"label": labels, "fout": faults})


def _resolve_gebied(
    gebied: pd.Series, spec: ExtractSpec, lookups: Lookups, reject
) -> tuple[pd.Series, pd.Series]:
    keys, elsewhere = lookups.resolver(spec.indeling)
    text = gebied.str.strip()
    reject(text == "", "gebied ontbreekt")

    def resolve(names: pd.Series) -> pd.DataFrame:
        key = names.str.lower()
        target = key.map(keys)
        parts = target.fillna("|").replace("", "|").str.split("|", n=1, expand=True)
        return pd.DataFrame(
            {"target": target, "other": key.map(elsewhere), "code": parts[0], "indeling": parts[1]}
        )

    resolved = per_unique(text, resolve)
    target, other = resolved["target"], resolved["other"]
    unknown = target.isna()
    in_other = unknown & other.notna()
    where = f"' bestaat niet in indeling {spec.indeling} (wel in "
    shown = quoted(text)
    reject(in_other, "gebied " + shown + where[1:] + other.fillna("") + ")")
    reject(unknown & ~in_other & (text != ""), "onbekend gebied " + shown)
    reject(target == "", "gebied " + shown + " is dubbelzinnig: de naam past op meer gebieden")
    return resolved["code"], resolved["indeling"]
