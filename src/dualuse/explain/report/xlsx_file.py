"""checked.xlsx: the same table as checked.csv, for inputs that came as a workbook, plus a run sheet.

The workbook is written in openpyxl's write-only mode, so rows stream to disk. Every cell is
written as text after formula neutralisation, characters that XML cannot hold are replaced, and a
cell longer than Excel's limit is cut with a note pointing to checked.jsonl.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dualuse.explain.report.columns import output_headers
from dualuse.explain.report.neutralise import neutralise_cell
from dualuse.explain.report.summary import RunSummary

#: Excel holds at most 32,767 characters in a cell.
CELL_LIMIT = 32_767
_CUT_NOTE = " … [cut: the full text is in checked.jsonl]"
_WIDE_COLUMNS = {"reasons": 80, "questions": 60, "citations": 50, "parties_hit": 50, "error": 50}


class XlsxStream:
    """checked.xlsx written row by row: open it with the input headers, append rows, finish with the summary."""

    def __init__(self, path: Path, input_headers: Sequence[str]) -> None:
        self.path = path
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet("checked")
        self.headers = output_headers(input_headers)
        for index, header in enumerate(self.headers, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = _WIDE_COLUMNS.get(header, 18)
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="E8ECF2")
        header_cells = []
        for header in self.headers:
            cell = WriteOnlyCell(self.sheet, value=excel_text(header))
            cell.font = bold
            cell.fill = fill
            header_cells.append(cell)
        self.sheet.append(header_cells)
        self._alignment = Alignment(wrap_text=False, vertical="top")
        self.written = 0

    def append(self, values: Sequence[str]) -> None:
        """Append one row's output values (input cells, then the output columns)."""
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.sheet, value=excel_text(value))
            cell.alignment = self._alignment
            cells.append(cell)
        self.sheet.append(cells)
        self.written += 1

    def finish(self, summary: RunSummary) -> int:
        """Add the run sheet, save the workbook, and return the number of data rows written."""
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.headers))}{self.written + 1}"
        _run_sheet(self.workbook, summary)
        self.workbook.save(self.path)
        return self.written


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
