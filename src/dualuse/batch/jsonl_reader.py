"""Read JSON lines: one order line per line, either flat ({"品名": ...}) or in the canonical nested form.

Nested objects become dotted column names ("end_user.name"), which map to fields like any
other header. The columns of the file are every name that appears in any line, in the order
they first appear. A line that is not a JSON object is a row error; blank lines are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import orjson

from dualuse.batch.cells import flatten
from dualuse.batch.encoding import LONGEST_LINE, TextFile, TextProblem, non_blank_lines
from dualuse.errors import InputError

_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def scan(path: Path) -> tuple[TextFile, tuple[str, ...], int]:
    """Check every byte, collect the column names and count the rows: (text file, headers, rows)."""
    text_file = TextFile(path)
    newline = text_file.newline.decode()
    headers: dict[str, None] = {}
    rows = 0
    try:
        for _first, text in text_file.blocks():
            for line in text.split(newline):
                if not line.strip():
                    continue
                rows += 1
                if rows == 1 and line.lstrip().startswith("["):
                    raise InputError(
                        "this is a JSON array, not JSON lines: write one order line (a JSON object) per line",
                        file=str(path),
                        row=1,
                    )
                record, _problem = _load(line)
                if isinstance(record, dict):
                    headers.update(dict.fromkeys(flatten(record)))
    except TextProblem as problem:
        raise _located(problem, text_file) from None
    return text_file, tuple(headers), rows


def iter_records(
    text_file: TextFile, *, headers: Sequence[str], start_row: int
) -> Iterator[tuple[int, Sequence[str] | InputError]]:
    """(row number, cells in header order, or the row's error) from ``start_row`` on."""
    newline = text_file.newline.decode()
    number = 0
    for _first, text in text_file.blocks():
        for line in text.split(newline):
            if not line.strip():
                continue
            number += 1
            if number < start_row:
                continue
            record, problem = _load(line)
            if isinstance(record, dict):
                cells = flatten(record)
                yield number, [cells.get(header, "") for header in headers]
            elif problem is not None:
                yield number, InputError(f"not valid JSON: {problem}", file=str(text_file.path), row=number)
            else:
                yield (
                    number,
                    InputError(
                        f"expected a JSON object (one order line), got {type(record).__name__}",
                        file=str(text_file.path),
                        row=number,
                    ),
                )


def _load(line: str) -> tuple[object, str | None]:
    """The JSON value of a line and None, or None and the parser's complaint."""
    try:
        return orjson.loads(line), None
    except orjson.JSONDecodeError as error:
        return None, str(error) or "broken JSON"


def _located(problem: TextProblem, text_file: TextFile) -> InputError:
    path = text_file.path
    row = non_blank_lines(path, problem.line_start, text_file.newline) + 1
    with path.open("rb") as handle:
        handle.seek(problem.line_start)
        line = handle.read(min(problem.offset - problem.line_start, LONGEST_LINE))
    if problem.kind == "long_line":
        return InputError(
            f"this row is {int(problem.detail):,} bytes long; no order line is longer than {LONGEST_LINE:,} bytes",
            file=str(path),
            row=row,
        )
    keys = _KEY.findall(line.decode(text_file.encoding, errors="replace"))
    what = (
        "holds a NUL byte, which text never has: is this a binary file or a damaged export?"
        if problem.kind == "binary"
        else problem.detail
    )
    return InputError(what, file=str(path), row=row, field=keys[-1] if keys else None)
