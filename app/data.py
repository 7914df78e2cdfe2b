"""Re-exports of the names app/data.py held before issue 24 split it by job (docs/architecture.md).

Nothing lives here any more; each name below is taken from the module it moved to. New code
imports from those modules; this module goes once no caller uses data.X.
"""

from __future__ import annotations

from typing import Any

from app import cache, catalogus, gebieden, monitortabel, overzicht, programma, vocab
from app.profiel import cijfers as _cijfers
from app.profiel import keuze as _keuze

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
is_vergelijkbaar = catalogus.is_vergelijkbaar


# -- moved to app/onderdelen (issue 24); re-exported until callers migrate --------------------
# Lazily (PEP 562): app/onderdelen imports this module, so an eager import here would be a cycle.
_VERHUISD = {
    "app.onderdelen.kaart": ("KaartData", "kaart", "_kaart", "gemeente_heeft_waarde"),
    "app.onderdelen.rangorde": ("rangorde",),
    "app.onderdelen.trend": ("TrendData", "trend", "binnen_getekend", "SOORT_BREUK",
                             "_soort_breuken", "Vergelijking", "vergelijkingen", "_gebied_reeks",
                             "trend_tabel_rijen"),
    "app.onderdelen.uitsplitsing": ("UitsplitsingData", "uitsplitsing"),
}
_VERHUISD_NAAR = {naam: module for module, namen in _VERHUISD.items() for naam in namen}


def __getattr__(naam: str) -> Any:
    """`data.kaart` and the other moved names, from their new module (until callers migrate)."""
    if naam in _VERHUISD_NAAR:
        import importlib

        return getattr(importlib.import_module(_VERHUISD_NAAR[naam]), naam)
    raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")
