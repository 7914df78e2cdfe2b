"""Reading delimited text as the sources deliver it: encoding, separator, field counts.

Shared by the CSV adapters; yields numbered rows in chunks so large files stream.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from etl.errors import ExtractError

_SEPARATORS = (";", ",", "\t")
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Row:
    """One data row: its line number in the file, its fields, its raw text, a structural fault."""

    regel: int
    fields: list[str]
    ruw: str
    fout: str


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' when the whole file decodes as UTF-8 (with or without BOM), else 'cp1252'."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def sniff_separator(header_line: str) -> str:
    """The separator used in the header line: the most frequent of ';', ',' and tab."""
    counts = {sep: header_line.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ";"


def read_rows(path: Path, chunk_rows: int) -> tuple[list[str], Iterator[list[Row]]]:
    """The header (stripped column names) and an iterator of row chunks.

    Raises ExtractError when the file is empty or has no header. A row with a different
    number of fields than the header is yielded with `fout` set, so it is rejected, not lost.
    """
    if path.stat().st_size == 0:
        raise ExtractError(path, "bestand is leeg (0 bytes)")
    encoding = detect_encoding(path)
    handle = path.open("r", encoding=encoding, newline="")
    first = handle.readline()
    if not first.strip():
        handle.close()
        raise ExtractError(path, "geen kopregel: de eerste regel is leeg", "regel 1")
    separator = sniff_separator(first)
    header = [h.strip() for h in next(csv.reader(io.StringIO(first), delimiter=separator))]
    reader = csv.reader(handle, delimiter=separator)

    def chunks() -> Iterator[list[Row]]:
        try:
            chunk: list[Row] = []
            previous = 0  # physical lines consumed by the reader before this record
            for fields in reader:
                regel = previous + 2  # +1 for the header line, +1 to count from one
                previous = reader.line_num  # a quoted field may span lines
                if not any(f.strip() for f in fields):
                    continue
                ruw = separator.join(fields)
                fout = ""
                if len(fields) != len(header):
                    fout = f"{len(fields)} velden in plaats van {len(header)} (scheidingsteken {separator!r})"
                chunk.append(Row(regel, fields, ruw, fout))
                if len(chunk) >= chunk_rows:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk
        except csv.Error as exc:
            raise ExtractError(path, f"onleesbare CSV: {exc}", f"regel {reader.line_num}") from exc
        finally:
            handle.close()

    return header, chunks()


def column_index(header: list[str]) -> dict[str, int]:
    """Lower-cased column name -> position; duplicates are an error of the caller's file."""
    return {name.lower(): i for i, name in enumerate(header)}
