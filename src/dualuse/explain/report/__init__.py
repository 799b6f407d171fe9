"""The reports of a batch check: the files compliance officers and auditors read.

    agg = ReportAggregator(run_id=..., source=..., source_format="csv", headers=..., as_of=None,
                           versions={...}, started_at=...)
    for row in rows():
        agg.add(row)
    files = write_reports(out_dir, agg.summary(finished_at=...), rows)

checked.csv (and checked.xlsx for a workbook input) echo every input column and append the
outcome, reasons, questions, citations, control codes, parties hit and the versions; cells are
neutralised against formula injection. checked.jsonl keeps every determination whole.
report.html is a self-contained page with the counts, charts, per-outcome tables with reasons
and citations, and the questions to ask. summary.json holds the counts for programs.
"""

from dualuse.explain.report.columns import OUTPUT_COLUMNS
from dualuse.explain.report.html_report import DEFAULT_MAX_ROWS_PER_OUTCOME, ReportError
from dualuse.explain.report.neutralise import neutralise_cell
from dualuse.explain.report.row import ReportRow
from dualuse.explain.report.summary import ReportAggregator, RunSummary
from dualuse.explain.report.write import ReportFiles, write_reports

__all__ = [
    "DEFAULT_MAX_ROWS_PER_OUTCOME",
    "OUTPUT_COLUMNS",
    "ReportAggregator",
    "ReportError",
    "ReportFiles",
    "ReportRow",
    "RunSummary",
    "neutralise_cell",
    "write_reports",
]
