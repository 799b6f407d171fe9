"""checked.csv: the input rows with the outcome columns appended, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from dualuse.explain.report.columns import output_headers, output_values
from dualuse.explain.report.neutralise import neutralise_cell
from dualuse.explain.report.row import ReportRow
from dualuse.explain.report.summary import RunSummary

#: UTF-8 with a byte-order mark: Excel opens it with Chinese and Japanese text intact, and every
#: CSV reader that knows UTF-8 skips the mark.
ENCODING = "utf-8-sig"


def write_checked_csv(path: Path, summary: RunSummary, rows: Iterable[ReportRow]) -> int:
    """Write checked.csv row by row; return the number of data rows written."""
    run_as_of = summary.as_of.isoformat() if summary.as_of else ""
    written = 0
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise_cell(h) for h in output_headers(summary.headers)])
        for row in rows:
            values = output_values(row, summary.headers, summary.versions, run_as_of)
            writer.writerow([neutralise_cell(v) for v in values])
            written += 1
    return written
