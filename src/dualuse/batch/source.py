"""An order-book export as the batch check sees it: first inspected whole, then read in batches.

``inspect_source`` finds everything that would make the whole file unusable (an empty or
binary file, a line of a megabyte, a file that changes encoding part-way, duplicate or
missing columns) before any row is checked, so nothing is written for a file that cannot be
read to the end. ``read_batches`` then streams the rows, each as its cells and the canonical
order line built from them, or with the row's own error; ``read_chunks`` streams the cells alone.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from dualuse.batch import csv_reader, jsonl_reader, xlsx_reader
from dualuse.batch.chunks import Chunk, Record
from dualuse.batch.columns import map_columns, recognised
from dualuse.batch.encoding import TextFile
from dualuse.batch.orders import OrderPlan
from dualuse.errors import InputError

Format = Literal["csv", "xlsx", "jsonl"]

#: The file types we read, by extension.
FORMATS: dict[str, Format] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What inspecting a file found: its format, encoding, columns and how they map, and its row count.

    ``column_map`` maps each used header, as written in the file, to the field it fills;
    ``unmapped`` lists the headers that are kept in the output but not used. ``rows`` is the
    exact number of data rows (blank rows are not counted).
    """

    path: Path
    format: Format
    encoding: str | None
    delimiter: str | None
    headers: tuple[str, ...]
    column_map: dict[str, str]
    unmapped: tuple[str, ...]
    rows: int
    as_of_given: bool = False
    sheet: str | None = None
    header_row: int = 1
    block_size: int = csv_reader.BLOCK_SIZE

    def column_for(self, field: str) -> str | None:
        """The header of the column that fills ``field`` ("end_user.name" → "最终用户"), or None."""
        return next((header for header, mapped in self.column_map.items() if mapped == field), None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary, for reports and the run record."""
        return {
            "path": str(self.path),
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "headers": list(self.headers),
            "column_map": dict(self.column_map),
            "unmapped": list(self.unmapped),
            "rows": self.rows,
        }


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: its number (from 1, after the header), its cells, and its order line or its error.

    ``cells`` maps each header to the cell's text, in the file's column order, for echoing in
    outputs. ``order`` is the canonical order line for ``transaction_from_dict``; it is None
    when ``error`` says what is wrong with the row, naming the column as headed in the file.
    """

    number: int
    cells: dict[str, str]
    order: dict[str, Any] | None
    error: InputError | None


def inspect_source(path: str | Path, mapping: Mapping[str, str] | None = None, as_of_given: bool = False) -> SourceInfo:
    """Check a whole file before any work starts; raises InputError naming file, row and column.

    ``mapping`` is the explicit column mapping (see ``parse_mapping``); ``as_of_given`` says a
    shipment date is supplied for the whole file, so a date column is not required.
    """
    source = Path(path)
    name = str(path)
    file_format = FORMATS.get(source.suffix.lower())
    if file_format is None:
        hint = " (old Excel .xls: save it as .xlsx)" if source.suffix.lower() == ".xls" else ""
        raise InputError(
            f"unsupported file type {source.suffix or '(none)'!r}{hint}; use .csv, .xlsx or .jsonl", file=name
        )
    if not source.is_file():
        raise InputError("no such file", file=name)
    if source.stat().st_size == 0:
        raise InputError("the file is empty: there is no header row and no data", file=name)

    def columns(headers: Sequence[str]) -> tuple[dict[str, str], tuple[str, ...]]:
        return map_columns(headers, mapping=mapping, as_of_given=as_of_given, file=name)

    if file_format == "csv":
        text_file, headers, delimiter = csv_reader.read_header(source)
        column_map, unmapped = columns(headers)
        rows, block_size = csv_reader.count_rows(text_file, headers, delimiter)
        info = SourceInfo(source, "csv", text_file.encoding, delimiter, headers, column_map, unmapped, rows,
                          as_of_given, block_size=block_size)  # fmt: skip
    elif file_format == "xlsx":
        headers, header_row, sheet = xlsx_reader.read_header(source, lambda cells: recognised(cells, mapping))
        column_map, unmapped = columns(headers)
        rows = xlsx_reader.count_rows(source, header_row)
        info = SourceInfo(source, "xlsx", None, None, headers, column_map, unmapped, rows, as_of_given,
                          sheet=sheet, header_row=header_row)  # fmt: skip
    else:
        text_file, headers, rows = jsonl_reader.scan(source)
        if rows == 0:
            raise InputError("the file has no order lines", file=name)
        column_map, unmapped = columns(headers)
        info = SourceInfo(source, "jsonl", text_file.encoding, None, headers, column_map, unmapped, rows, as_of_given)
    if info.rows == 0:
        raise InputError("the file has a header row but no data rows", file=name)
    return info


def read_batches(info: SourceInfo, batch_size: int = 5000, start_row: int = 1) -> Iterator[list[SourceRow]]:
    """The rows of an inspected file in batches of ``batch_size``, in file order, from data row ``start_row``.

    Starting later than row 1 resumes an interrupted run: earlier rows are passed over, not built.
    """
    plan = order_plan(info)
    headers = info.headers
    for chunk in read_chunks(info, batch_size=batch_size, start_row=start_row):
        orders = plan.build(chunk.columns, chunk.numbers)
        cells = [dict(zip(headers, row, strict=True)) for row in zip(*chunk.columns, strict=True)]
        rows = [
            SourceRow(number, row_cells, None, order)
            if isinstance(order, InputError)
            else SourceRow(number, row_cells, order, None)
            for number, row_cells, order in zip(chunk.numbers, cells, orders, strict=True)
        ]
        if chunk.errors:
            rows.extend(SourceRow(number, {}, None, error) for number, error in chunk.errors)
            rows.sort(key=lambda row: row.number)
        yield rows


def order_plan(info: SourceInfo) -> OrderPlan:
    """How this file's cells become order lines."""
    return OrderPlan.for_columns(info.headers, info.column_map, file=str(info.path), as_of_given=info.as_of_given)


def read_chunks(info: SourceInfo, batch_size: int = 5000, start_row: int = 1) -> Iterator[Chunk]:
    """The rows of an inspected file as cells only, ``batch_size`` rows a chunk, in file order, from ``start_row``.

    The batch check reads this way and builds the order lines (``order_plan``) where they are determined.
    """
    if batch_size < 1 or start_row < 1:
        raise ValueError("batch_size and start_row must be 1 or more")
    numbers: list[int] = []
    columns: list[list[str]] = [[] for _ in info.headers]
    errors: list[tuple[int, InputError]] = []
    for chunk in _chunks(info, start_row):
        numbers.extend(chunk.numbers)
        for column, cells in zip(columns, chunk.columns, strict=True):
            column.extend(cells)
        errors.extend(chunk.errors)
        while len(numbers) + len(errors) >= batch_size:
            # Rows are numbered without gaps: the chunk ends at its batch_size-th row, readable or not.
            last = numbers[batch_size - 1] if not errors else _nth(numbers, [number for number, _ in errors], batch_size)
            cut = bisect_right(numbers, last)
            yield Chunk(numbers[:cut], [column[:cut] for column in columns], [e for e in errors if e[0] <= last])
            numbers, columns = numbers[cut:], [column[cut:] for column in columns]
            errors = [error for error in errors if error[0] > last]
    if numbers or errors:
        yield Chunk(numbers, columns, errors)


def _nth(numbers: Sequence[int], more: Sequence[int], n: int) -> int:
    """The n-th smallest (from 1) of two sorted sequences of row numbers taken together."""
    return next(islice(heapq.merge(numbers, more), n - 1, None))


def _chunks(info: SourceInfo, start_row: int) -> Iterator[Chunk]:
    if info.format == "csv":
        return csv_reader.iter_chunks(
            info.path,
            encoding=info.encoding or "utf-8",
            headers=info.headers,
            delimiter=info.delimiter or ",",
            block_size=info.block_size,
            start_row=start_row,
        )
    if info.format == "xlsx":
        records = xlsx_reader.iter_records(info.path, headers=info.headers, header_row=info.header_row,
                                           start_row=start_row)  # fmt: skip
    else:
        records = jsonl_reader.iter_records(TextFile(info.path, info.encoding), headers=info.headers,
                                            start_row=start_row)  # fmt: skip
    return (Chunk.from_records(chunk, len(info.headers)) for chunk in _in_chunks(records))


def _in_chunks(records: Iterator[Record], size: int = 1000) -> Iterator[list[Record]]:
    while chunk := list(islice(records, size)):
        yield chunk
