"""Exports of the data behind a view: CSV and Excel, with source and definition in the file.

Pure functions: frames and metadata in, bytes out (the pages hand them to dcc.Download).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from app import fmt

# CSV for Dutch spreadsheet users: ';' between fields and a decimal comma (what Excel-NL opens
# correctly by double-click), UTF-8 with BOM so that 'ë' and '€' survive.
CSV_SEP = ";"
CSV_DECIMAAL = ","
CSV_ENCODING = "utf-8-sig"


# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATUREN = str.maketrans({"ß": "ss", "Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "Ø": "O",
                            "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ĳ": "ij", "Ĳ": "IJ"})


def _ascii(tekst: str) -> str:
    """Letters without their accents ('financiële' -> 'financiele', 'ß' -> 'ss'), for file names."""
    ontleed = unicodedata.normalize("NFKD", tekst.translate(_LIGATUREN))
    return "".join(c for c in ontleed if not unicodedata.combining(c))


def bestandsnaam(*delen: str, extensie: str) -> str:
    """A safe file name: 'wijkmonitor_<delen>_<datum>.<ext>', accented letters as plain ones."""
    slug = "_".join(re.sub(r"[^a-z0-9]+", "-", _ascii(d).lower()).strip("-") for d in delen if d)
    return f"wijkmonitor_{slug}_{dt.date.today():%Y%m%d}.{extensie}"


def _metadata_frame(meta: Mapping[str, str]) -> pd.DataFrame:
    rows = list(meta.items()) + [("Gedownload op", f"{dt.datetime.now():%Y-%m-%d %H:%M}")]
    return pd.DataFrame(rows, columns=["Onderdeel", "Waarde"])


def naar_csv(onderdelen: Mapping[str, pd.DataFrame], meta: Mapping[str, str],
             per_rij: Mapping[str, str] | None = None) -> bytes:
    """One CSV: the parts stacked with a column 'onderdeel'; `per_rij` columns on every row.

    Source and definition travel with every row (per_rij), so a filtered copy keeps them; the
    remaining metadata (link, build) follows as rows of the part 'toelichting'.
    """
    frames = []
    for naam, df in onderdelen.items():
        if df is None or df.empty:
            continue
        frames.append(df.assign(onderdeel=naam))
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"onderdeel": []})
    for key, value in (per_rij or {}).items():
        data[key] = value
    cols = ["onderdeel"] + [c for c in data.columns if c != "onderdeel"]
    data = data[cols]
    toel = _metadata_frame(meta).rename(columns={"Onderdeel": "kenmerk", "Waarde": "tekst"})
    toel.insert(0, "onderdeel", "toelichting")
    buffer = io.StringIO()
    data.to_csv(buffer, sep=CSV_SEP, decimal=CSV_DECIMAAL, index=False)
    buffer.write("\n")
    toel.to_csv(buffer, sep=CSV_SEP, decimal=CSV_DECIMAAL, index=False)
    return buffer.getvalue().encode(CSV_ENCODING)


# Readable Dutch headers of the Excel sheets for the exports' column codes (the CSV keeps the codes:
# programs read it). A column without an entry keeps its name.
KOPPEN = {
    "gebied_code": "Gebiedscode", "gebied_naam": "Gebied", "indeling": "Gebiedsindeling",
    "jaar": "Jaar", "periode_label": "Periode", "waarde": "Waarde", "status": "Status",
    "soort": "Soort cijfer",
    "significant": "Significant volgens de bron", "ondergrens": "Ondergrens 95%-interval",
    "bovengrens": "Bovengrens 95%-interval", "dimensie": "Uitsplitsing naar", "groep": "Groep",
    "indicator_code": "Code", "naam": "Indicator", "thema": "Thema", "eenheid": "Eenheid",
    "trend": "Ontwikkeling", "trend_vorig_jaar": "Ontwikkeling vanaf",
    "trend_jaar": "Ontwikkeling tot", "nl_vergelijking": "Vergelijking met Nederland",
    "nl_jaar": "Jaar van Nederland", "nl_waarde": "Waarde Nederland", "doelen": "Doelen",
    "gewenste_richting": "Gewenste richting", "bron": "Bron", "definitie": "Definitie",
    "toelichting": "Toelichting",
}
# Columns (by their readable header) holding years, and long texts that get a wide, wrapped column.
JAAR_KOPPEN = ("Jaar", "Ontwikkeling vanaf", "Ontwikkeling tot", "Jaar van Nederland")
BREDE_KOPPEN = ("Indicator", "Definitie", "Toelichting", "Bron", "Waarde", "Gebied", "Actie",
                "Beoogd resultaat", "Onderdeel", "Programma")


def leesbaar(df: pd.DataFrame, koppen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The frame with readable Dutch headers (KOPPEN, then `koppen` for this export)."""
    namen = {**KOPPEN, **(koppen or {})}
    return df.rename(columns={k: namen[k] for k in df.columns if k in namen})


def _blad(naam: str, df: pd.DataFrame, koppen: Mapping[str, str] | None = None) -> Blad:
    frame = leesbaar(df, koppen)
    kolommen = [str(k) for k in frame.columns]
    return Blad(naam[:1].upper() + naam[1:], frame,
                breed=tuple(k for k in kolommen if k in BREDE_KOPPEN),
                jaar_kolommen=tuple(k for k in kolommen if k in JAAR_KOPPEN))


def naar_excel(onderdelen: Mapping[str, pd.DataFrame], meta: Mapping[str, str],
               indicatoren: pd.DataFrame | None = None,
               koppen: Mapping[str, str] | None = None) -> bytes:
    """An .xlsx workbook formatted like the wijkprofiel's (naar_excel_bladen): a 'Toelichting'
    sheet (source, definition, link) and one sheet per part, with readable Dutch headers."""
    bladen = [Blad("Toelichting", _metadata_frame(meta), breed=("Waarde",))]
    if indicatoren is not None and not indicatoren.empty:
        bladen.append(_blad("Indicatoren", indicatoren, koppen))
    bladen += [_blad(naam, df, koppen) for naam, df in onderdelen.items()
               if df is not None and not df.empty]
    return naar_excel_bladen(bladen)


# -- formatted tables (wijkprofiel) ---------------------------------------------------------------

# Excel number formats. Excel stores the format in its own (English) notation and shows it in
# the reader's locale: '#,##0.0' appears as 1.234,5 in Dutch Excel. Years get '0' (no 2.024).
FORMAAT_JAAR = "0"
FORMAAT_GETAL = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}
BREEDTE_MIN, BREEDTE_MAX, BREEDTE_BREED = 8, 30, 60  # column widths in characters


@dataclass(frozen=True)
class Blad:
    """One sheet: a frame with a header row; `breed` columns get room for text (wrapped)."""

    naam: str
    frame: pd.DataFrame
    breed: tuple[str, ...] = ()
    jaar_kolommen: tuple[str, ...] = ()


def _breedte(kolom: str, waarden: pd.Series, breed: bool) -> float:
    langste = max([len(str(kolom)), *(len(str(w)) for w in waarden if w is not None)], default=0)
    return min(max(langste + 2, BREEDTE_MIN), BREEDTE_BREED if breed else BREEDTE_MAX)


def naar_excel_bladen(bladen: list[Blad]) -> bytes:
    """An .xlsx workbook with a sheet per Blad: bold frozen header, autofilter, column widths,
    numbers with the decimals shown on screen (fmt.decimalen_van), years without separators."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        boek = writer.book
        kop = boek.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
        tekst = boek.add_format({"text_wrap": True, "valign": "top"})
        jaar = boek.add_format({"num_format": FORMAAT_JAAR, "valign": "top", "align": "left"})
        getal = {d: boek.add_format({"num_format": f, "valign": "top"})
                 for d, f in FORMAAT_GETAL.items()}
        for blad in bladen:
            sheet = boek.add_worksheet(re.sub(r"[\[\]:*?/\\]", "-", blad.naam)[:31])
            df = blad.frame
            for c, kolom in enumerate(df.columns):
                sheet.write_string(0, c, str(kolom), kop)
                sheet.set_column(c, c, _breedte(kolom, df[kolom], kolom in blad.breed), None)
                for r, waarde in enumerate(df[kolom].tolist(), start=1):
                    if waarde is None or waarde is pd.NA or (isinstance(waarde, float)
                                                             and pd.isna(waarde)):
                        continue
                    if isinstance(waarde, bool):
                        sheet.write_string(r, c, "ja" if waarde else "nee", tekst)
                    elif isinstance(waarde, int) or (kolom in blad.jaar_kolommen
                                                     and isinstance(waarde, float)):
                        sheet.write_number(r, c, waarde, jaar if kolom in blad.jaar_kolommen
                                           else getal[0])
                    elif isinstance(waarde, float):
                        sheet.write_number(r, c, waarde, getal[fmt.decimalen_van(waarde)])
                    else:
                        sheet.write_string(r, c, str(waarde), tekst)
            sheet.freeze_panes(1, 0)
            if len(df.columns):
                sheet.autofilter(0, 0, max(len(df), 1), len(df.columns) - 1)
    return buffer.getvalue()


def naar_csv_secties(secties: Mapping[str, pd.DataFrame]) -> bytes:
    """One CSV of several tables for Dutch spreadsheets: the first is the data (header on the
    first line); each further table follows after an empty line and a line with its name.

    Numbers are written as given (round them first) with a decimal comma; whole numbers and
    years without decimals.
    """
    buffer = io.StringIO()
    for i, (naam, df) in enumerate(secties.items()):
        if i:
            buffer.write(f"\n{naam}\n")
        df.map(_csv_cel).to_csv(buffer, sep=CSV_SEP, index=False, lineterminator="\n")
    return buffer.getvalue().encode(CSV_ENCODING)


def _csv_cel(waarde: object) -> object:
    if isinstance(waarde, float) and not pd.isna(waarde):
        return fmt.getal(waarde, fmt.decimalen_van(waarde)).replace(".", "")
    return waarde
