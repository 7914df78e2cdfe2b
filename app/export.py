"""Exports of the data behind a view: CSV and Excel, with source and definition in the file.

Pure functions: frames and metadata in, bytes out (the pages hand them to dcc.Download).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping

import pandas as pd

# CSV for Dutch spreadsheet users: ';' between fields and a decimal comma (what Excel-NL opens
# correctly by double-click), UTF-8 with BOM so that 'ë' and '€' survive.
CSV_SEP = ";"
CSV_DECIMAAL = ","
CSV_ENCODING = "utf-8-sig"


def bestandsnaam(*delen: str, extensie: str) -> str:
    """A safe file name: 'wijkmonitor_<delen>_<datum>.<ext>'."""
    slug = "_".join(re.sub(r"[^a-z0-9]+", "-", d.lower()).strip("-") for d in delen if d)
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


def naar_excel(onderdelen: Mapping[str, pd.DataFrame], meta: Mapping[str, str],
               indicatoren: pd.DataFrame | None = None) -> bytes:
    """An .xlsx workbook: a 'Toelichting' sheet (source, definition, link) and one sheet per part."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        _metadata_frame(meta).to_excel(writer, sheet_name="Toelichting", index=False)
        sheet = writer.sheets["Toelichting"]
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 100)
        if indicatoren is not None and not indicatoren.empty:
            indicatoren.to_excel(writer, sheet_name="Indicatoren", index=False)
            writer.sheets["Indicatoren"].set_column(0, len(indicatoren.columns), 24)
        for naam, df in onderdelen.items():
            if df is None or df.empty:
                continue
            title = re.sub(r"[\[\]:*?/\\]", "-", naam)[:31]
            df.to_excel(writer, sheet_name=title, index=False)
            writer.sheets[title].set_column(0, max(len(df.columns) - 1, 0), 18)
    return buffer.getvalue()
