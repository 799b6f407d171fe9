"""Read CSV exports in a stream, with every column kept as text, fast enough for millions of rows.

Parsing is pyarrow's streaming CSV reader, one thread, a few megabytes at a time, so memory
stays flat whatever the file size. Rows are numbered from 1 after the header; blank lines and
rows whose cells are all blank are not order lines and are neither numbered nor counted. A row
with the wrong number of cells is a row error, not the end of the file.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from dualuse.batch.chunks import Chunk, Record
from dualuse.batch.columns import check_headers
from dualuse.batch.encoding import (
    ENCODING_NAMES,
    LONGEST_LINE,
    TextFile,
    TextProblem,
    non_blank_lines,
    pyarrow_encoding,
)
from dualuse.errors import InputError

#: Bytes pyarrow parses at a time; doubled (up to the largest) when one row is longer than that.
BLOCK_SIZE = 1024 * 1024
LARGEST_BLOCK = 64 * 1024 * 1024

_DELIMITERS = (",", "\t", ";", "|")
_Source = str | BinaryIO | io.RawIOBase
#: Every byte but the control characters that text never holds (tab, line ends, form feed, the old
#: end-of-file mark and escape do turn up in text).
_TEXT_BYTES = bytes(sorted(set(range(256)) - {*range(9), 11, *range(14, 26), *range(28, 32), 127}))


@dataclass(frozen=True, slots=True)
class _Invalid:
    """A row pyarrow could not fit to the header: its record index, text and number of cells."""

    index: int
    text: str
    cells: int


def read_header(path: Path) -> tuple[TextFile, tuple[str, ...], str]:
    """The text file, its column headers and its delimiter, from the first line alone."""
    text_file = TextFile(path)
    with path.open("rb") as handle:
        head = handle.read(256 * 1024)
    newline = text_file.newline
    end = head.find(newline)
    first = head[: end if end >= 0 else len(head)].removeprefix(b"\xef\xbb\xbf")
    if b"\0" in first or len(head.translate(None, _TEXT_BYTES)) * 100 > len(head):
        # Text has next to no control characters; a stray NUL in a later row is left to the scan,
        # which names the row and column.
        kind = "a zip archive (an .xlsx workbook renamed .csv?)" if head.startswith(b"PK\x03\x04") else "a binary file"
        raise InputError(f"this is {kind}, not CSV text: it holds bytes that text never has", file=str(path))
    try:
        first_line = first.decode(text_file.encoding)
    except UnicodeDecodeError as error:
        encoding = ENCODING_NAMES.get(text_file.encoding, text_file.encoding)
        raise InputError(
            f"the header row: byte 0x{first[error.start]:02X} is not {encoding} text, the encoding of the rest of the "
            "file; save the whole file in one encoding (CSV UTF-8 is best)",
            file=str(path),
        ) from None
    if not first_line.strip():
        raise InputError("the first line is blank; the header row must be the first line", file=str(path))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else max(_DELIMITERS, key=first_line.count)
    text = head.removeprefix(b"\xef\xbb\xbf").decode(text_file.encoding, errors="replace")
    cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    headers = tuple(cell.strip() or f"(column {index})" for index, cell in enumerate(cells, start=1))
    check_headers(headers, file=str(path))
    return text_file, headers, delimiter


def count_rows(text_file: TextFile, headers: Sequence[str], delimiter: str) -> tuple[int, int]:
    """Check every byte of the file and count its data rows: returns (rows, block size); raises InputError."""
    path = text_file.path
    try:
        for _block in text_file.blocks():
            pass
    except TextProblem as problem:
        raise _located(problem, text_file, headers, delimiter) from None
    block_size = BLOCK_SIZE
    while True:
        try:
            rows = _count(str(path), text_file.encoding, headers, delimiter, block_size)
        except pa.ArrowInvalid as error:
            if "straddling" not in str(error):
                raise InputError(f"not readable as CSV: {error}", file=str(path)) from None
            if block_size >= LARGEST_BLOCK:
                raise InputError(
                    f'one row runs on for more than {LARGEST_BLOCK:,} bytes: most likely a quote (") '
                    "that is never closed",
                    file=str(path),
                ) from None
            block_size *= 2
            continue
        return rows, block_size


def iter_chunks(
    path: Path,
    *,
    encoding: str,
    headers: Sequence[str],
    delimiter: str,
    block_size: int,
    start_row: int,
) -> Iterator[Chunk]:
    """The file's data rows from ``start_row`` on, in file order, a parsed block at a time."""
    numbering = _Numbering(headers, path, start_row)
    width = len(headers)
    for batch in _open(str(path), encoding, headers, delimiter, block_size, handler=numbering.set_aside):
        size = batch.num_rows
        if not size:
            continue
        filled = _filled(batch)
        if pc.all(filled).as_py() and numbering.plain(size):
            # The usual case: every row of the batch is an order line, so numbering is a plain count.
            first = numbering.number + 1
            numbering.record, numbering.number = numbering.record + size, numbering.number + size
            if numbering.number >= start_row:
                skip = max(0, start_row - first)
                columns = [column.to_pylist()[skip:] if skip else column.to_pylist() for column in batch.columns]
                yield Chunk(range(first + skip, numbering.number + 1), columns)
            continue
        rows = list(zip(*(column.to_pylist() for column in batch.columns), strict=True))
        records = numbering.fit(filled.to_pylist(), rows)
        if records:
            yield Chunk.from_records(records, width)
    records = numbering.rest()
    if records:
        yield Chunk.from_records(records, width)


class _Numbering:
    """Numbers data rows as pyarrow hands them over, fitting back in the rows it set aside for their width.

    pyarrow numbers every record it parses (the header is record 1; empty lines are not
    records) and passes the ones with the wrong number of cells to ``set_aside`` instead of
    the batch. Blank records are not data rows and get no number.
    """

    def __init__(self, headers: Sequence[str], path: Path, start_row: int) -> None:
        self.headers, self.path, self.start_row = headers, path, start_row
        self.invalid: deque[_Invalid] = deque()
        self.record = 0
        self.number = 0

    def set_aside(self, row: Any) -> str:
        """pyarrow's handler for a row of the wrong width: keep it, to be numbered in its place."""
        self.invalid.append(_Invalid((row.number or 1) - 1, row.text, row.actual_columns))
        return "skip"

    def plain(self, size: int) -> bool:
        """Whether no set-aside row falls among the next ``size`` records."""
        return not (self.invalid and self.invalid[0].index <= self.record + size)

    def fit(self, filled: Sequence[bool], rows: Sequence[tuple[str, ...]]) -> list[Record]:
        """Number a batch's rows, skipping blank ones and fitting set-aside rows in between."""
        records: list[Record] = []
        for has_text, row in zip(filled, rows, strict=True):
            self.record += 1
            records.extend(self._set_aside(all_left=False))
            if has_text:
                self.number += 1
                if self.number >= self.start_row:
                    records.append((self.number, row))
        return records

    def rest(self) -> list[Record]:
        """The set-aside rows after the last row of the last batch."""
        return list(self._set_aside(all_left=True))

    def _set_aside(self, *, all_left: bool) -> Iterator[Record]:
        # A set-aside row whose record number has come takes that place; the next row moves up one.
        while self.invalid and (all_left or self.invalid[0].index <= self.record):
            entry = self.invalid.popleft()
            self.record += 1
            if entry.text.strip():
                self.number += 1
                if self.number >= self.start_row:
                    yield self.number, _wrong_width(entry, self.headers, self.path, self.number)


def _open(
    source: _Source, encoding: str, headers: Sequence[str], delimiter: str, block_size: int, *,
    handler: Callable[[Any], str],
) -> Any:  # fmt: skip
    names = [str(index) for index in range(len(headers))]
    return pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(
            column_names=names,
            skip_rows_after_names=1,  # the header, which may hold a quoted line break
            use_threads=False,
            block_size=block_size,
            encoding=pyarrow_encoding(encoding),
        ),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=handler),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _count(source: _Source, encoding: str, headers: Sequence[str], delimiter: str, block_size: int) -> int:
    invalid = [0]

    def tally(row: Any) -> str:
        invalid[0] += bool(row.text.strip())
        return "skip"

    total = 0
    for batch in _open(source, encoding, headers, delimiter, block_size, handler=tally):
        total += pc.sum(_filled(batch)).as_py() or 0
    return total + invalid[0]


def _filled(batch: Any) -> Any:
    """For each row of a batch, whether any cell holds more than whitespace."""
    mask = pa.array([False] * batch.num_rows)
    for column in batch.columns:
        mask = pc.or_(mask, pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(column)), 0))
    return mask


def _wrong_width(entry: _Invalid, headers: Sequence[str], path: Path, number: int) -> InputError:
    unclosed = " (a quote opened in this row seems never to be closed, so it runs on over several lines)"
    return InputError(
        f"this row has {entry.cells} cells but the header has {len(headers)} columns"
        + (unclosed if "\n" in entry.text.strip() else ""),
        file=str(path),
        row=number,
    )


def _located(problem: TextProblem, text_file: TextFile, headers: Sequence[str], delimiter: str) -> InputError:
    path = text_file.path
    if problem.line_index == 0:
        return InputError(f"the header row: {problem.detail}", file=str(path))
    row = _rows_before(text_file, problem.line_start, headers, delimiter) + 1
    with path.open("rb") as handle:
        handle.seek(problem.line_start)
        line = handle.read(min(problem.offset - problem.line_start, LONGEST_LINE))
    if problem.kind == "long_line":
        return InputError(
            f"this row is {int(problem.detail):,} bytes long; no order line is longer than {LONGEST_LINE:,} bytes, "
            "so a line break is missing or a quote is never closed",
            file=str(path),
            row=row,
        )
    cells = next(csv.reader([line.decode(text_file.encoding, errors="replace")], delimiter=delimiter), [""])
    column = headers[min(max(len(cells), 1), len(headers)) - 1]
    what = (
        "holds a NUL byte, which text never has: is this a binary file or a damaged export?"
        if problem.kind == "binary"
        else problem.detail
    )
    return InputError(what, file=str(path), row=row, field=column)


def _rows_before(text_file: TextFile, offset: int, headers: Sequence[str], delimiter: str) -> int:
    """The number of data rows in the file's first ``offset`` bytes, counted as the reader would."""
    for block_size in (BLOCK_SIZE, LARGEST_BLOCK):
        with text_file.path.open("rb") as handle:
            try:
                return _count(_Prefix(handle, offset), text_file.encoding, headers, delimiter, block_size)
            except pa.ArrowInvalid:
                continue
    # A row longer than the largest block comes before the problem: count non-blank lines after the header.
    return max(0, non_blank_lines(text_file.path, offset, text_file.newline) - 1)


class _Prefix(io.RawIOBase):
    """The first ``limit`` bytes of a file, so rows before a problem can be counted without loading them."""

    def __init__(self, handle: BinaryIO, limit: int) -> None:
        self._handle = handle
        self._left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(min(len(buffer), self._left))
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)
