"""What the Verkenner's dropdowns search in: indicator names, definitions, goals and the words users type.

Pure functions on catalogue rows (no SQL, no Dash). The dropdowns match typed text against each
option's `search` text (case-insensitive, part of a word); docs/app.md lists the synonyms.
`compacte_zoektekst` shrinks that text to what the dropdown's index needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Words a policy adviser types -> words that occur in the catalogue's names and definitions.
# An indicator whose name or definition contains one of the right-hand words is also found by
# the left-hand word ('armoede' finds '% huishoudens met een laag inkomen'). Lower case; matched
# as part of a word. Keep both sides Dutch, as the users and the monitor write them.
SYNONIEMEN: dict[str, tuple[str, ...]] = {
    "armoede": ("armoede", "laag inkomen", "rondkomen", "minima", "bijstand",
                "inkomensondersteuning", "energiearmoede", "schuld"),
    "schulden": ("schuld", "schone lei", "betalingsachterstand"),
    "eenzaamheid": ("eenzaam", "sociaal isolement", "geïsoleerd", "sociale contacten"),
    "jeugdzorg": ("jeugdhulp", "jeugdzorg", "jeugdbescherming", "jeugdreclassering"),
    "wmo": ("wmo", "maatwerkvoorziening", "huishoudelijke hulp", "begeleiding",
            "gemeentelijke voorziening", "ondersteuning"),
    "gezondheid": ("gezond", "ziek", "beweeg", "overgewicht", "roken", "alcohol", "sport",
                   "psychisch", "mentaal", "depressie", "angst", "sterfte", "levensverwachting",
                   "rivm", "ggd"),
    "werk": ("werk", "werkloos", "baan", "arbeidsmarkt", "uitstroom", "participatie"),
    "onderwijs": ("school", "onderwijs", "leerling", "voortijdig", "startkwalificatie",
                  "taalachterstand", "basisvaardigheden"),
    "wonen": ("woning", "huur", "koop", "woz", "dakloos", "thuis"),
    "veiligheid": ("veilig", "huiselijk geweld", "kindermishandeling", "overlast"),
    "mantelzorg": ("mantelzorg", "vrijwilliger", "helpen elkaar", "omzien"),
    "ouderen": ("65", "75", "ouder", "senior", "dementie"),
    "discriminatie": ("discriminatie", "gediscrimineerd", "diversiteit"),
}


def synoniemen_voor(tekst: str) -> list[str]:
    """The user words (keys of SYNONIEMEN) whose meanings occur in `tekst`."""
    laag = tekst.lower()
    return [woord for woord, betekenissen in SYNONIEMEN.items()
            if any(b in laag for b in betekenissen)]


def indicator_zoektekst(ind: Mapping[str, Any], doel_namen: Mapping[str, str],
                        acties: Iterable[str] = ()) -> str:
    """The text an indicator option is found by: name, theme, code, definition, goals, synonyms.

    `acties`: names of programme actions that use the indicator (the hook for the programme
    actions' search once app/data.py offers them); empty until then.
    """
    codes = [c for c in str(ind.get("doelen") or "").split("|") if c]
    delen = [str(ind.get("naam") or ""), str(ind.get("thema") or ""), str(ind.get("code") or ""),
             str(ind.get("definitie") or "")]
    delen += [f"{c} {doel_namen.get(c, '')}" for c in codes]
    delen += list(acties)
    tekst = " ".join(d for d in delen if d)
    return " ".join([tekst, *synoniemen_voor(tekst)])


# Words of programme action titles shorter than this add nothing to a search ('de', 'met').
MIN_WOORD = 4


def actie_woorden(titels: Iterable[str]) -> list[str]:
    """The distinct words (MIN_WOORD letters or more) of programme action titles, in order."""
    woorden = (w.strip(".,;:()'\"").lower() for titel in titels for w in str(titel).split())
    return list(dict.fromkeys(w for w in woorden if len(w) >= MIN_WOORD))


def doel_zoektekst(code: str, naam: str, kinderen: Iterable[tuple[str, str]] = (),
                   acties: Iterable[str] = ()) -> str:
    """The text a goal option is found by: its code and name, its child goals, the words of the
    programme actions that serve it (titles), and synonyms."""
    tekst = " ".join([code, naam, *(f"{c} {n}" for c, n in kinderen)])
    return " ".join([tekst, *actie_woorden(acties), *synoniemen_voor(tekst)])


def _tokens(tekst: str) -> list[str]:
    """The words Dash's dropdown indexes: lower case, split on white space (its tokenizer)."""
    return tekst.lower().split()


def compacte_zoektekst(tekst: str, label: str = "") -> str:
    """`tekst` without the words the dropdown's index already holds: a word that occurs twice, or
    inside a longer word of the text or of the option's label (which is indexed too).

    Dash 4's dropdown indexes every substring of every word of `label` and `search` when it
    mounts (js-search, AllSubstringsIndexStrategy): a word of n letters costs n(n+1)/2 entries,
    and the indicator list's definitions cost ~300 ms of a first visit. Every substring of a
    dropped word is a substring of a kept one, so exactly the same typed text finds the option.
    """
    label_woorden = set(_tokens(label))
    woorden = list(dict.fromkeys(_tokens(tekst)))  # each word once, in order
    gehouden: set[str] = set()
    for woord in sorted(woorden, key=len, reverse=True):
        if not any(woord in ander for ander in (*gehouden, *label_woorden)):
            gehouden.add(woord)
    return " ".join(w for w in woorden if w in gehouden)
