"""Reading delimited text as the sources deliver it: encoding, separator, field counts, line numbers.

Well-formed files stream through Arrow's CSV reader; a file with a malformed row is read with
Python's csv module instead, so every row keeps its exact line number either way.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.errors import ExtractError

_SEPARATORS = (";", ",", "\t")
_BLOCK = 1 << 20
ARROW_BLOCK = 16 << 20  # bytes per Arrow read block: bounds memory, sets the progress step

# Columns every chunk carries besides the fields (named "0", "1", ... by position).
REGEL, FOUT, RUW = "_regel", "_fout", "_ruw"


# A multi-byte UTF-8 sequence: in a file that is not UTF-8 as a whole, a sign of mixed encodings.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# What a file that is not delimited text starts with.
_NOT_TEXT = (
    (b"PK\x03\x04", "is een zip-bestand (xlsx?), geen CSV-tekst"),
    (b"\xd0\xcf\x11\xe0", "is een oud of versleuteld Excel-bestand, geen CSV-tekst"),
    (b"\xff\xfe", "is UTF-16 gecodeerd; sla het op als UTF-8"),
    (b"\xfe\xff", "is UTF-16 gecodeerd; sla het op als UTF-8"),
)
_MAX_HEADER_CHARS = 1 << 20  # a header line longer than this is no header of ours


def _line_of(path: Path, offset: int) -> int:
    """The line number (from 1) of a byte offset."""
    lines, done = 1, 0
    with path.open("rb") as handle:
        while done < offset and (block := handle.read(min(_BLOCK, offset - done))):
            lines += block.count(b"\n")
            done += len(block)
    return lines


def detect_encoding(path: Path) -> str:
    """'utf-8' when the whole file decodes as UTF-8 (with or without BOM), else 'cp1252'.

    Raises ExtractError for what is not delimited text (a zip or Excel file, UTF-16) and for a
    file that is neither UTF-8 nor cp1252 as a whole: UTF-8 lines in a cp1252 file would
    otherwise load with garbled names.
    """
    with path.open("rb") as handle:
        start = handle.read(4096)
    for magic, reden in _NOT_TEXT:
        if start.startswith(magic):
            raise ExtractError(path, reden)
    if start.count(b"\x00") > len(start) // 4:  # every other byte NUL: UTF-16 without BOM
        raise ExtractError(path, "is UTF-16 gecodeerd (of geen tekst); sla het op als UTF-8")
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    with path.open("rb") as handle:
        try:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
                done += len(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            _check_cp1252(path, done + exc.start)
            return "cp1252"
    return "utf-8"


def _check_cp1252(path: Path, first_bad: int) -> None:
    """Raise ExtractError unless the file reads as cp1252 and holds no UTF-8 sequence."""
    decoder = codecs.getincrementaldecoder("cp1252")()
    done = 0
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            if match := _UTF8_SEQUENCE.search(block):
                regel, other = _line_of(path, done + match.start()), _line_of(path, first_bad)
                raise ExtractError(
                    path,
                    f"gemengde tekencodering: regel {regel} is UTF-8, regel {other} niet (cp1252?); "
                    "sla het bestand in één codering op, liefst UTF-8",
                    f"regel {regel}",
                )
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                regel = _line_of(path, done + exc.start)
                raise ExtractError(path, "tekst is geen UTF-8 en geen cp1252", f"regel {regel}") from exc
            done += len(block)


def sniff_separator(header_line: str) -> str:
    """The separator used in the header line: the most frequent of ';', ',' and tab."""
    counts = {sep: header_line.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ";"


@dataclass(frozen=True)
class TextFile:
    """What is known of a delimited file before its rows are read."""

    path: Path
    header: list[str]  # stripped column names
    encoding: str  # 'utf-8' or 'cp1252'
    separator: str
    # every row has len(header) fields and no field spans lines; None: not checked yet
    # (arrow_batches then checks each batch as it reads it)
    well_formed: bool | None

    @property
    def width(self) -> int:
        return len(self.header)


class NotWellFormed(Exception):
    """A row with the wrong number of fields, a field spanning lines, or unreadable text."""


def open_text(path: Path, *, check: bool = True) -> TextFile:
    """Encoding, separator, header and (with check) shape of a delimited file.

    Raises ExtractError when the file is empty or has no header.
    """
    if path.stat().st_size == 0:
        raise ExtractError(path, "bestand is leeg (0 bytes)")
    encoding = detect_encoding(path)
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open("r", encoding=python_encoding, newline="") as handle:
        first = handle.readline(_MAX_HEADER_CHARS)
    if len(first) >= _MAX_HEADER_CHARS:
        raise ExtractError(path, f"kopregel langer dan {_MAX_HEADER_CHARS} tekens", "regel 1")
    if not first.strip():
        raise ExtractError(path, "geen kopregel: de eerste regel is leeg", "regel 1")
    separator = sniff_separator(first)
    header = [h.strip() for h in next(csv.reader(io.StringIO(first), delimiter=separator))]
    well_formed = _well_formed(path, encoding, separator, len(header)) if check else None
    return TextFile(path, header, encoding, separator, well_formed)


def read_rows(path: Path, chunk_rows: int) -> tuple[list[str], Iterator[pd.DataFrame]]:
    """The header (stripped column names) and an iterator of chunks of rows.

    A chunk has one text column per header column ("0", "1", ...) plus _regel (line number),
    _ruw (the row as text) and _fout (a structural fault: wrong number of fields, else "").
    Blank lines are skipped. Raises ExtractError when the file is empty or has no header.
    """
    text = open_text(path, check=False)  # the caller checks the header before rows are read
    return text.header, _chunks(text, chunk_rows)


def _chunks(text: TextFile, chunk_rows: int) -> Iterator[pd.DataFrame]:
    path = text.path
    if _well_formed(path, text.encoding, text.separator, text.width):
        yield from _arrow_chunks(path, text.encoding, text.separator, text.width)
    else:
        python_encoding = "utf-8-sig" if text.encoding == "utf-8" else text.encoding
        yield from _python_chunks(path, python_encoding, text.separator, text.width, chunk_rows)


# A field holding one of these names starts a second table (a header row) inside the file.
HEADER_NAMES = ("indicator", "indicatornaam", "indicatorcode", "indicator_code")


def second_header(path: Path, columns: list, regel) -> None:
    """Raise ExtractError at the first row whose fields hold a header name ('Indicator').

    `columns` are the text columns (Arrow arrays or pandas series) of a chunk, `regel` its line
    numbers. Two exports glued into one file would otherwise read the second table's figures
    under the first table's years.
    """
    names = pa.array(HEADER_NAMES)
    hit = None
    for column in columns:
        array = column if isinstance(column, pa.Array | pa.ChunkedArray) else pa.array(column, pa.string())
        found = pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(array)), value_set=names)
        if pc.any(found).as_py():
            first = pc.index(found, True).as_py()
            hit = first if hit is None else min(hit, first)
    if hit is not None:
        line = regel[hit].as_py() if isinstance(regel, pa.Array | pa.ChunkedArray) else int(regel[hit])
        raise ExtractError(
            path,
            "tweede kopregel: hier begint een tweede tabel; lever elke tabel als eigen bestand",
            f"regel {line}",
        )


def arrow_batches(text: TextFile) -> Iterator[pa.Table]:
    """The rows of a well-formed file as Arrow tables, blank lines included.

    Columns c0, c1, ... (one per header column, text), _regel (physical line number) and _ruw
    (the fields joined by the separator, as the pandas path reports a row). Each batch is
    checked before it is yielded: NotWellFormed is raised at the first batch with a row of the
    wrong width or a field spanning lines, or when the text cannot be decoded.
    """
    if text.well_formed is False:
        raise NotWellFormed(text.path)
    faults: list[str] = []

    def handler(row) -> str:
        faults.append(row.text)
        return "skip"

    names = [f"c{i}" for i in range(text.width)]
    next_line = 2  # the header is line 1; blank lines are rows here, so numbering is exact
    try:
        reader = _arrow_reader(text.path, text.encoding, text.separator, text.width, handler)
        for batch in reader:
            columns = list(batch.columns)
            if faults or any(pc.any(pc.match_substring(c, "\n")).as_py() for c in columns):
                raise NotWellFormed(text.path)
            n = batch.num_rows
            ruw = pc.binary_join_element_wise(*columns, text.separator) if text.width > 1 else columns[0]
            regel = pa.array(np.arange(next_line, next_line + n, dtype=np.int64))
            next_line += n
            second_header(text.path, columns, regel)
            yield pa.Table.from_arrays([*columns, regel, ruw], names=[*names, REGEL, RUW])
        if faults:  # every row of the last block was malformed: Arrow yields no batch for it
            raise NotWellFormed(text.path)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise NotWellFormed(text.path) from exc


def _arrow_reader(path: Path, encoding: str, separator: str, width: int, handler=None):
    names = [str(i) for i in range(width)]
    return pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            encoding="utf8" if encoding == "utf-8" else encoding,
            skip_rows=1,
            column_names=names,
            block_size=ARROW_BLOCK,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=separator, ignore_empty_lines=False, invalid_row_handler=handler
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _well_formed(path: Path, encoding: str, separator: str, width: int) -> bool:
    """True when every row has `width` fields and no field spans lines (line number = row index)."""
    faults: list[str] = []

    def handler(row) -> str:
        faults.append(row.text)
        return "skip"

    try:
        reader = _arrow_reader(path, encoding, separator, width, handler)
        for batch in reader:
            for column in batch.columns:
                if pc.any(pc.match_substring(column, "\n")).as_py():
                    return False
            if faults:
                return False
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return False
    return not faults


def _arrow_chunks(path: Path, encoding: str, separator: str, width: int) -> Iterator[pd.DataFrame]:
    reader = _arrow_reader(path, encoding, separator, width)
    next_line = 2  # the header is line 1; blank lines are rows here, so numbering is exact
    for batch in reader:
        n = batch.num_rows
        regel = np.arange(next_line, next_line + n, dtype=np.int64)
        next_line += n
        columns = list(batch.columns)
        ruw = pc.binary_join_element_wise(*columns, separator) if width > 1 else columns[0]
        frame = pd.DataFrame(
            {str(i): pd.Series(col, dtype=pd.ArrowDtype(pa.string())) for i, col in enumerate(columns)}
        )
        frame = frame.astype("string")
        second_header(path, columns, regel)
        frame[REGEL] = regel
        frame[RUW] = pd.Series(ruw, dtype=pd.ArrowDtype(pa.string())).astype("string")
        frame[FOUT] = ""
        blank = frame[RUW].str.strip(separator + " \t\r") == ""
        yield frame[~blank].reset_index(drop=True)


class _Lines:
    """The physical lines of a text handle for csv.reader, with the lines of the current record
    kept (take) and lines given back to be read again (give_back)."""

    def __init__(self, handle: io.TextIOBase) -> None:
        self.handle = handle
        self.again: list[str] = []
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.again.pop() if self.again else self.handle.readline()
        if not line:
            raise StopIteration
        self.taken.append(line)
        return line

    def take(self) -> list[str]:
        taken, self.taken = self.taken, []
        return taken

    def give_back(self, lines: list[str]) -> None:
        self.again.extend(reversed(lines))


def _python_chunks(
    path: Path, encoding: str, separator: str, width: int, chunk_rows: int
) -> Iterator[pd.DataFrame]:
    handle = path.open("r", encoding=encoding, newline="")
    handle.readline()
    lines = _Lines(handle)
    reader = csv.reader(lines, delimiter=separator)
    try:
        rows: list[list[str]] = []
        regel = 2  # the physical line the next record starts on (the header is line 1)
        for fields in reader:
            taken = lines.take()  # the physical lines of this record: a quoted field may span lines
            if len(fields) != width and len(taken) > 1:
                # An opening quote never closed ran the following lines into one field: reject
                # this line only and read the lines after it again.
                rows.append([*([""] * width), regel, taken[0].rstrip("\r\n"), _UNCLOSED.format(regel=regel)])
                lines.give_back(taken[1:])
                regel += 1
                continue
            start, regel = regel, regel + len(taken)
            if not any(f.strip() for f in fields):
                continue
            if any(f.strip().lower() in HEADER_NAMES for f in fields):
                second_header(path, [[f] for f in fields], [start])
            fout = ""
            if len(fields) != width:
                fout = f"{len(fields)} velden in plaats van {width} (scheidingsteken {separator!r})"
            padded = (fields + [""] * width)[:width]
            rows.append([*padded, start, separator.join(fields), fout])
            if len(rows) >= chunk_rows:
                yield _rows_frame(rows, width)
                rows = []
        if rows:
            yield _rows_frame(rows, width)
    except csv.Error as exc:
        # the record that failed starts on the line after the last complete one
        raise ExtractError(path, f"onleesbare CSV: {exc}", f"regel {regel}") from exc
    finally:
        handle.close()


_UNCLOSED = "aanhalingsteken op regel {regel} niet afgesloten: alleen deze regel is afgewezen"


def _rows_frame(rows: list[list], width: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*(str(i) for i in range(width)), REGEL, RUW, FOUT])
    for column in [*(str(i) for i in range(width)), RUW, FOUT]:
        frame[column] = frame[column].astype("string")
    frame[REGEL] = frame[REGEL].astype(np.int64)
    return frame


def column_index(header: list[str]) -> dict[str, str]:
    """Lower-cased column name -> the chunk column holding it ("0", "1", ...)."""
    return {name.lower(): str(i) for i, name in enumerate(header)}
