"""checked.xlsx: the same table as checked.csv, for inputs that came as a workbook, plus a run sheet.

The workbook is written in openpyxl's write-only mode, so rows stream to disk. Every cell is
written as text after formula neutralisation, characters that XML cannot hold are replaced, and a
cell longer than Excel's limit is cut with a note pointing to checked.jsonl.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dualuse.explain.report.columns import output_headers, output_values
from dualuse.explain.report.neutralise import neutralise_cell
from dualuse.explain.report.row import ReportRow
from dualuse.explain.report.summary import RunSummary

#: Excel holds at most 32,767 characters in a cell.
CELL_LIMIT = 32_767
_CUT_NOTE = " … [cut: the full text is in checked.jsonl]"
_WIDE_COLUMNS = {"reasons": 80, "questions": 60, "citations": 50, "parties_hit": 50, "error": 50}


def write_checked_xlsx(path: Path, summary: RunSummary, rows: Iterable[ReportRow]) -> int:
    """Write checked.xlsx (sheets "checked" and "run"); return the number of data rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("checked")
    headers = output_headers(summary.headers)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDE_COLUMNS.get(header, 18)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8ECF2")
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=excel_text(header))
        cell.font = bold
        cell.fill = fill
        header_cells.append(cell)
    sheet.append(header_cells)
    run_as_of = summary.as_of.isoformat() if summary.as_of else ""
    wrap = Alignment(wrap_text=False, vertical="top")
    written = 0
    for row in rows:
        values = output_values(row, summary.headers, summary.versions, run_as_of)
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=excel_text(value))
            cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
        written += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{written + 1}"
    _run_sheet(workbook, summary)
    workbook.save(path)
    return written


def excel_text(value: str) -> str:
    """A cell value Excel shows as this text: neutralised, XML-safe and within the cell limit."""
    # XML cannot carry a bare carriage return (readers turn it into a line feed), so line breaks are written as
    # line feeds: the workbook then reads back the same whatever XML parser opens it.
    text = neutralise_cell(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - len(_CUT_NOTE)] + _CUT_NOTE
    return text


def _run_sheet(workbook: Workbook, summary: RunSummary) -> None:
    sheet = workbook.create_sheet("run")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
    for key, value in summary.to_dict().items():
        if isinstance(value, (str, int)) or value is None:
            sheet.append([excel_text(key), excel_text("" if value is None else str(value))])
    for outcome, count in summary.outcome_counts.items():
        sheet.append([excel_text(f"rows {outcome}"), excel_text(str(count))])
