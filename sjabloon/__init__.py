"""The fill-in template for wijk figures ('sjabloon'): an Excel workbook in the ETL's own xlsx
layout, and the .toml that describes it; shared by `python -m etl sjabloon` and the app.

Plain data in, bytes or text out: this package imports neither etl nor app (both import it), so
the app offers the same template as the CLI without importing the ETL (docs/extracts.md).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import xlsxwriter

BLAD = "Cijfers"
TOELICHTING_BLAD = "Toelichting"
# The header of the table, as the ETL's xlsx adapter reads it (docs/extracts.md, Formats): a row
# starting with 'Indicator', the area code, then the year columns. The wijk name is for people
# and is listed in negeer_kolommen of the description ('wijknaam' would be a second area column).
KOP_INDICATOR = "Indicator"
KOP_GEBIED = "Gebied"
KOP_NAAM = "Naam wijk"
NEGEER = (KOP_NAAM.lower(),)
KOPREGEL = 6  # 1-based row of the header: a title and the notation lines above it
# How many of the indicator's latest years with figures the template asks for by default.
STANDAARD_AANTAL_JAREN = 3
# Excel shows an input message of at most 255 characters.
NOTATIE_KORT = ("Een getal (7,4 of 7.4 zoals Excel het toont), of: - = niet gemeten, x = onderdrukt "
                "(te weinig waarnemingen), ca. 12 = ongeveer. Leeg laten = geen cijfer.")
NOTATIE = (
    ("7,4", "het cijfer (decimaalkomma; een getal in een Excel-cel mag ook). Percentages als 7,4, "
            "niet als 0,074."),
    ("-", "niet gemeten in dat jaar"),
    ("x", "onderdrukt: te weinig waarnemingen of geheim"),
    ("ca. 12", "ongeveer 12 (de bron geeft een benadering)"),
    ("12*", "significant verschil volgens de bron"),
    ("(leeg)", "geen cijfer: de cel wordt overgeslagen"),
)


@dataclass(frozen=True)
class Sjabloon:
    """What a template holds: one indicator, the wijken of one division, the years to fill."""

    indicator: str
    naam: str
    eenheid: str
    bron: str
    indeling: str  # 'wijk2024'
    wijken: tuple[tuple[str, str], ...]  # (gebied_code, naam), in code order
    jaren: tuple[int, ...]


def standaard_jaren(met_cijfers: list[int], huidig_jaar: int) -> tuple[int, ...]:
    """The default years: the indicator's latest STANDAARD_AANTAL_JAREN years with a figure for
    any area, or the last full year when it has none yet."""
    jaren = sorted(set(met_cijfers))[-STANDAARD_AANTAL_JAREN:]
    return tuple(jaren) if jaren else (huidig_jaar - 1,)


def bestandsnaam(indicator: str) -> str:
    """'sjabloon_<indicator>.xlsx' (indicator codes are [a-z0-9_])."""
    return f"sjabloon_{indicator}.xlsx"


def beschrijving(s: Sjabloon, bestand: str) -> str:
    """The .toml next to the filled workbook (docs/extracts.md, Extract description)."""
    negeer = ", ".join(json.dumps(n) for n in NEGEER)
    return (
        f"# Beschrijving van {bestand}: het ingevulde sjabloon voor {s.indicator}.\n"
        "# Zet beide bestanden in data/extracts/<bron>/ en bouw opnieuw (docs/extracts.md).\n"
        f"bestand = {json.dumps(bestand, ensure_ascii=False)}\n"
        'formaat = "xlsx"\n'
        f"bron = {json.dumps(s.bron, ensure_ascii=False)}  # wie levert: pas aan als dat een ander is\n"
        f"indeling = {json.dumps(s.indeling)}\n"
        'decimaal = ","\n'
        f"negeer_kolommen = [{negeer}]\n"
    )


def werkboek(s: Sjabloon) -> bytes:
    """The template: sheet 'Cijfers' (title, notation, the table with empty year cells) and
    sheet 'Toelichting' (text only: how to fill and deliver it, and the .toml to go with it)."""
    buffer = io.BytesIO()
    boek = xlsxwriter.Workbook(buffer, {"in_memory": True})
    boek.set_properties({"title": f"Sjabloon wijkcijfers {s.indicator}", "author": "Wijkmonitor"})
    titel = boek.add_format({"bold": True, "font_size": 14})
    uitleg = boek.add_format({"italic": True, "font_color": "#404040"})
    kop = boek.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "valign": "top",
                           "text_wrap": True})
    kop_jaar = boek.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "align": "right",
                                "num_format": "0"})
    vast = boek.add_format({"font_color": "#404040", "bg_color": "#F2F2F2"})
    invul = boek.add_format({"bg_color": "#FFFFFF", "border": 1, "border_color": "#BFBFBF",
                             "align": "right"})

    blad = boek.add_worksheet(BLAD)
    blad.write(0, 0, f"Sjabloon wijkcijfers: {s.naam}", titel)
    blad.write(1, 0, f"Indicatorcode {s.indicator}; eenheid: {s.eenheid}; wijkindeling "
                     f"{s.indeling}. Vul alleen de witte cellen onder de jaren in.", uitleg)
    blad.write(2, 0, "Notatie: 7,4 = het cijfer; - = niet gemeten; x = onderdrukt (te weinig "
                     "waarnemingen); ca. 12 = ongeveer; leeg = geen cijfer.", uitleg)
    blad.write(3, 0, f"Bron volgens de catalogus: {s.bron}. Zie het blad {TOELICHTING_BLAD}.",
               uitleg)
    r = KOPREGEL - 1
    blad.write(r, 0, KOP_INDICATOR, kop)
    blad.write(r, 1, KOP_GEBIED, kop)
    blad.write(r, 2, KOP_NAAM, kop)
    for j, jaar in enumerate(s.jaren):
        blad.write_number(r, 3 + j, jaar, kop_jaar)
        blad.write_comment(r, 3 + j, NOTATIE_KORT, {"x_scale": 2, "y_scale": 1.5})
    for i, (code, naam) in enumerate(s.wijken, start=r + 1):
        blad.write_string(i, 0, s.indicator, vast)
        blad.write_string(i, 1, code, vast)
        blad.write_string(i, 2, naam, vast)
        for j in range(len(s.jaren)):
            blad.write_blank(i, 3 + j, None, invul)
    if s.wijken and s.jaren:
        eerste, laatste = r + 1, r + len(s.wijken)
        cel = xlsxwriter.utility.xl_rowcol_to_cell(eerste, 3)
        blad.data_validation(eerste, 3, laatste, 2 + len(s.jaren), {
            "validate": "custom",
            # a number, or one of the notations the ETL reads; anything else gets a warning only
            "value": f'=OR(ISNUMBER({cel}),{cel}="-",{cel}="x",{cel}="X",LEFT({cel},3)="ca.")',
            "input_title": "Notatie",
            "input_message": NOTATIE_KORT,
            "error_type": "warning",
            "error_title": "Onbekende notatie",
            "error_message": "Gebruik een getal, - (niet gemeten), x (onderdrukt) of ca. (ongeveer).",
        })
    breedte_naam = max([len(KOP_NAAM), *(len(n) for _, n in s.wijken)]) + 2
    blad.set_column(0, 0, max(len(s.indicator), len(KOP_INDICATOR)) + 2)
    blad.set_column(1, 1, 12)
    blad.set_column(2, 2, min(breedte_naam, 40))
    blad.set_column(3, 2 + max(len(s.jaren), 1), 10)
    blad.freeze_panes(KOPREGEL, 3)

    toel = boek.add_worksheet(TOELICHTING_BLAD)
    regels = [
        (f"Sjabloon voor {s.naam} ({s.indicator})", titel),
        ("Zo levert u de wijkcijfers aan:", kop),
        ("1. Vul op het blad Cijfers per wijk en jaar het cijfer in; laat een cel leeg als er "
         "geen cijfer is. Verander de kolommen en de codes niet.", None),
        ("2. Bewaar het bestand als Excel-werkmap (.xlsx).", None),
        ("3. Stuur het naar de beheerder van de Wijkmonitor, of zet het in data/extracts/<bron>/ "
         "met daarnaast de beschrijving hieronder als .toml-bestand, en bouw opnieuw.", None),
        ("", None),
        ("Notatie van een cel", kop),
        *((f"{teken}: {betekenis}", None) for teken, betekenis in NOTATIE),
        ("", None),
        ("Beschrijving (.toml) om naast het bestand te zetten", kop),
        *((regel, None) for regel in beschrijving(s, bestandsnaam(s.indicator)).splitlines()),
    ]
    for i, (tekst, opmaak) in enumerate(regels):
        # text only (never a number): the ETL skips a sheet of notes
        toel.write_string(i, 0, tekst, opmaak)
    toel.set_column(0, 0, 110)
    boek.close()
    return buffer.getvalue()
