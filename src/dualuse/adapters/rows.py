"""Read input rows from JSON lines, CSV, XLSX or standard input, one row at a time.

A broken row never stops the file: it comes back as a RowError that names the file, the row and,
where known, the field; every other row is still read.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from charset_normalizer import from_bytes

from dualuse.errors import InputError

#: The encodings we detect and report, in the order we try them for a whole file.
KNOWN_ENCODINGS = ("utf-8", "cp932", "gb18030")


@dataclass(frozen=True, slots=True)
class Row:
    """One input row: its number in the file (1-based, header excluded) and its fields."""

    number: int
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that could not be read; ``row_id`` is the row's id where it could still be recovered."""

    number: int
    error: InputError
    row_id: str | None = None


def read_rows(source: str | Path, *, stdin: io.BufferedIOBase | None = None) -> Iterator[Row | RowError]:
    """Rows from ``source``: a .jsonl/.ndjson/.json, .csv or .xlsx path, or '-' for JSON lines on stdin."""
    if str(source) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _json_lines((line for line in stream), "<stdin>")
        return
    path = Path(source)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        with path.open("rb") as handle:
            yield from _json_lines(handle, str(path))
    elif suffix in (".csv", ".tsv", ".txt"):
        yield from _csv_rows(path, "\t" if suffix == ".tsv" else None)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path)
    else:
        raise InputError(f"unsupported file type {suffix!r}; use .jsonl, .csv or .xlsx", file=str(path))


def _json_lines(lines: Iterable[bytes], name: str) -> Iterator[Row | RowError]:
    number = 0
    for raw in lines:
        if not raw.strip():
            continue
        number += 1
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            yield RowError(number, InputError(f"not valid JSON: {error}", file=name, row=number), _guess_id(raw))
            continue
        if not isinstance(data, dict):
            yield RowError(
                number, InputError(f"expected a JSON object, got {type(data).__name__}", file=name, row=number)
            )
            continue
        yield Row(number, data)


def _guess_id(raw: bytes) -> str | None:
    """Recover the id of a malformed JSON line, so its error line can still be matched to it."""
    import re

    match = re.search(rb'"id"\s*:\s*"([^"\\]{1,200})"', raw)
    if match:
        return match.group(1).decode("utf-8", "replace")
    return None


def detect_encoding(data: bytes) -> str:
    """The encoding of a text file: UTF-8 (with or without BOM), Shift_JIS/CP932, GB18030, or a best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    lines = data.splitlines()
    bad = 0
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
    if bad == 0 or bad <= max(1, len(lines) // 10):
        return "utf-8"  # a few broken lines in a UTF-8 file are per-row errors, not another encoding
    for encoding in ("cp932", "gb18030"):
        try:
            data.decode(encoding)
            best = from_bytes(data, cp_isolation=["cp932", "gb18030", "big5"]).best()
            return best.encoding if best and best.encoding in ("cp932", "gb18030", "big5") else encoding
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    return best.encoding if best else "utf-8"


def _csv_rows(path: Path, delimiter: str | None) -> Iterator[Row | RowError]:
    data = path.read_bytes()
    if b"\0" in data[:4096]:
        raise InputError("this looks like a binary file, not CSV text", file=str(path))
    encoding = detect_encoding(data)
    decoded: list[str] = []
    broken: dict[int, str] = {}
    for index, line in enumerate(data.splitlines(keepends=True)):
        try:
            decoded.append(line.decode(encoding))
        except UnicodeDecodeError as error:
            broken[index] = f"not valid {encoding} text (byte {line[error.start]:#04x} at column {error.start + 1})"
            decoded.append("")
    if not decoded or not decoded[0].strip():
        raise InputError("the file is empty: no header row", file=str(path))
    dialect_delimiter = delimiter or _sniff(decoded[0])
    header = next(csv.reader([decoded[0]], delimiter=dialect_delimiter))
    header = [h.strip().lstrip("\ufeff") for h in header]
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise InputError(f"duplicate column header(s): {', '.join(duplicates)}", file=str(path), row=0)
    for index in range(1, len(decoded)):
        number = index
        if index in broken:
            yield RowError(number, InputError(broken[index], file=str(path), row=number))
            continue
        text = decoded[index]
        if not text.strip():
            continue
        values = next(csv.reader([text], delimiter=dialect_delimiter), [])
        if len(values) > len(header):
            yield RowError(
                number,
                InputError(f"{len(values)} cells but the header has {len(header)} columns", file=str(path), row=number),
            )
            continue
        yield Row(number, {h: v for h, v in zip(header, values, strict=False) if h})


def _sniff(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _xlsx_rows(path: Path) -> Iterator[Row | RowError]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken workbook
        raise InputError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})", file=str(path)) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_cells = next(rows, None)
    if header_cells is None:
        raise InputError("the workbook's first sheet is empty: no header row", file=str(path))
    header = [str(h).strip() if h is not None else "" for h in header_cells]
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise InputError(f"duplicate column header(s): {', '.join(duplicates)}", file=str(path), row=0)
    for number, cells in enumerate(rows, start=1):
        if cells is None or all(c is None for c in cells):
            continue
        yield Row(number, {h: _cell(c) for h, c in zip(header, cells, strict=False) if h})
    workbook.close()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return (
            value.isoformat()[:10] if hasattr(value, "hour") and not (value.hour or value.minute) else value.isoformat()
        )
    return value


def write_json_line(stream: io.BufferedIOBase | Any, record: dict[str, Any]) -> None:
    """Write one JSON object as a line (UTF-8, keys in the order given)."""
    stream.write(orjson.dumps(record) + b"\n")
