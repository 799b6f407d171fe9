"""Read XLSX workbooks row by row, without loading the sheet into memory.

The first worksheet is read. Title lines above the header are common in exports, so the
header is the first row near the top that has recognisable column names; rows are numbered
from 1 after it, blank rows neither numbered nor counted. Dates that Excel stores as dates are read
as dates; formulas are read as the values Excel last calculated.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dualuse.batch.cells import cell_text
from dualuse.batch.columns import check_headers
from dualuse.errors import InputError

#: How many non-blank rows at the top of a sheet may be titles rather than the header.
_HEADER_SEARCH = 10


@contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they do not change cell values.
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for a broken workbook
        raise InputError(
            f"not a readable .xlsx workbook ({type(error).__name__}: {error}); save it again from Excel",
            file=str(path),
        ) from None
    try:
        if not workbook.worksheets:
            raise InputError("the workbook has no worksheet", file=str(path))
        yield workbook.worksheets[0]
    finally:
        workbook.close()


def _rows(sheet: Any, first: int = 1) -> Iterator[tuple[int, list[str]]]:
    for index, values in enumerate(sheet.iter_rows(min_row=first, values_only=True), start=first):
        yield index, [cell_text(value) for value in values]


def _blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def read_header(path: Path, recognised: Callable[[Sequence[str]], int]) -> tuple[tuple[str, ...], int, str]:
    """The column headers, the sheet row they are on, and the sheet's name.

    The header is the first of the first few non-blank rows in which ``recognised`` finds at
    least two column names, or else the first non-blank row.
    """
    with _workbook(path) as sheet:
        candidates: list[tuple[int, list[str]]] = []
        for index, cells in _rows(sheet):
            if _blank(cells):
                continue
            while not cells[-1].strip():
                cells.pop()
            candidates.append((index, cells))
            if recognised(cells) >= 2 or len(candidates) == _HEADER_SEARCH:
                break
        if not candidates:
            raise InputError("the file is empty: the first worksheet has no header row and no data", file=str(path))
        index, cells = next(((i, c) for i, c in candidates if recognised(c) >= 2), candidates[0])
        headers = tuple(cell.strip() or f"(column {n})" for n, cell in enumerate(cells, start=1))
        check_headers(headers, file=str(path))
        return headers, index, str(sheet.title)


def count_rows(path: Path, header_row: int) -> int:
    """The number of non-blank rows after the header."""
    with _workbook(path) as sheet:
        return sum(1 for _index, cells in _rows(sheet, header_row + 1) if not _blank(cells))


def iter_records(
    path: Path, *, headers: Sequence[str], header_row: int, start_row: int
) -> Iterator[tuple[int, Sequence[str] | InputError]]:
    """(row number, cells in header order, or the row's error) from ``start_row`` on."""
    width = len(headers)
    number = 0
    with _workbook(path) as sheet:
        for index, cells in _rows(sheet, header_row + 1):
            if _blank(cells):
                continue
            number += 1
            if number < start_row:
                continue
            extra = [n for n, cell in enumerate(cells[width:], start=width + 1) if cell.strip()]
            if extra:
                yield (
                    number,
                    InputError(
                        f"sheet row {index} has a value in column {_letters(extra[0])}, which has no header",
                        file=str(path),
                        row=number,
                    ),
                )
                continue
            yield number, cells[:width] + [""] * (width - len(cells))


def _letters(column: int) -> str:
    """Excel's name for a column number: 1 → A, 28 → AB."""
    name = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        name = chr(ord("A") + remainder) + name
    return name
