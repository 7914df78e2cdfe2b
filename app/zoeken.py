"""What the Verkenner's dropdowns search in, per rank: the name, then synonyms and topic words, then
the definition and the rest. Pure functions on catalogue rows (no SQL, no Dash).

`app/assets/zoeken.js` ranks the options by these fields as the user types (docs/app.md, "Search");
the words users type and their synonyms come from the warehouse (data/meta/zoekwoorden.csv).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The ranks of the fields an option is found by, best first (app/assets/zoeken.js sorts by them).
NAAM, SYNONIEM, DEFINITIE = 0, 1, 2
Velden = tuple[str, str, str]

# Weight of an option among options of the same rank: the monitor's headline indicators in the
# samenvatting's order (kern volgorde 1..n), then the monitor's other indicators, then the rest.
GEWICHT_MONITOR = 1000
GEWICHT_OVERIG = 2000


@dataclass(frozen=True)
class Zoekwoorden:
    """The search catalogue: words users type -> words of the catalogue they find; goal -> topics."""

    termen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    doelen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def zoekwoorden_uit(termen: Iterable[tuple[str, str]],
                    doelen: Iterable[tuple[str, str]]) -> Zoekwoorden:
    """The catalogue from (term, 'a|b') and (doel_code, 'a|b') rows of the warehouse."""
    def splits(woorden: str) -> tuple[str, ...]:
        return tuple(w for w in woorden.split("|") if w)

    return Zoekwoorden({t: splits(s) for t, s in termen}, {d: splits(w) for d, w in doelen})


def termen_in(tekst: str, zw: Zoekwoorden) -> list[str]:
    """The words users type (terms) whose synonyms occur in `tekst` (lower case, part of a word)."""
    laag = tekst.lower()
    return [term for term, synoniemen in zw.termen.items() if any(s in laag for s in synoniemen)]


def _tekst(*delen: str) -> str:
    return " ".join(d for d in delen if d)


def indicator_velden(ind: Mapping[str, Any], doel_namen: Mapping[str, str], zw: Zoekwoorden,
                     acties: Iterable[str] = ()) -> Velden:
    """What an indicator is found by: (name; code, theme, goal codes and the terms its name
    means; definition, goal names, action titles and the terms they mean).

    `acties`: names of programme actions that use the indicator (the hook for the programme
    actions' search once app/programma.py offers them); empty until then.
    """
    naam = str(ind.get("naam") or "")
    codes = [c for c in str(ind.get("doelen") or "").split("|") if c]
    synoniem = _tekst(str(ind.get("code") or ""), str(ind.get("thema") or ""), *codes,
                      *termen_in(naam, zw))
    rest = _tekst(str(ind.get("definitie") or ""), *(doel_namen.get(c, "") for c in codes),
                  *acties)
    return naam, synoniem, _tekst(rest, *termen_in(rest, zw))


# Words of programme action titles shorter than this add nothing to a search ('de', 'met').
MIN_WOORD = 4


def actie_woorden(titels: Iterable[str]) -> list[str]:
    """The distinct words (MIN_WOORD letters or more) of programme action titles, in order."""
    woorden = (w.strip(".,;:()'\"").lower() for titel in titels for w in str(titel).split())
    return list(dict.fromkeys(w for w in woorden if len(w) >= MIN_WOORD))


def doel_velden(code: str, naam: str, zw: Zoekwoorden, kinderen: Iterable[tuple[str, str]] = (),
                acties: Iterable[str] = ()) -> Velden:
    """What a goal is found by: (code and name; its topic words and the terms its name means;
    its child goals with their topic words, the words of the programme actions that serve it)."""
    synoniem = _tekst(*zw.doelen.get(code, ()), *termen_in(naam, zw))
    rest = _tekst(*(_tekst(c, n, *zw.doelen.get(c, ())) for c, n in kinderen),
                  *actie_woorden(acties))
    return f"{code} {naam}", synoniem, _tekst(rest, *termen_in(rest, zw))


def _tokens(tekst: str) -> list[str]:
    """The words the dropdown matches typed text in: lower case, split on white space."""
    return tekst.lower().split()


def compacte_velden(velden: Velden) -> Velden:
    """`velden` without words that cannot change a ranking: a word twice, a word inside a word of
    a better rank, or a word at the start of a longer word of its own rank.

    Typed text is matched as part of a word (app/assets/zoeken.js): the option's rank is the best
    field with a match, and among equal ranks a match at the start of a word goes first. A word
    inside a better-ranked word is found there first; a word that starts a longer word of its own
    rank is found there at the same place. The name is kept whole: it is the label.
    """
    gehouden: list[list[str]] = [list(dict.fromkeys(_tokens(velden[0])))]
    for tekst in velden[1:]:
        beter = [w for veld in gehouden for w in veld]
        woorden = [w for w in dict.fromkeys(_tokens(tekst))
                   if not any(w in b for b in beter)]
        gehouden.append([w for w in woorden
                         if not any(ander != w and ander.startswith(w) for ander in woorden)])
    return velden[0].lower(), " ".join(gehouden[1]), " ".join(gehouden[2])


def zoekoptie(label: str, value: str, velden: Velden, gewicht: int = GEWICHT_MONITOR) -> dict:
    """An option of a searchable list with what app/assets/zoeken.js ranks it by."""
    return {"label": label, "value": value, "zoek": list(compacte_velden(velden)),
            "gewicht": gewicht}


def dropdown_opties(zoekopties: Iterable[Mapping[str, Any]], waarde: Any) -> list[dict]:
    """The options a dropdown opens with: the chosen one only (zoeken.js gives it the list from
    the page's store as the page opens; a dropdown clears a value missing from its options)."""
    return [{"label": o["label"], "value": o["value"]} for o in zoekopties if o["value"] == waarde]
