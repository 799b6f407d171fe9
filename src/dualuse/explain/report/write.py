"""write_reports: every file of a run — checked.csv, checked.jsonl, checked.xlsx, report.html, summary.json.

Each file is written under a temporary name and renamed when complete, so a file with its final
name is always whole: an interrupted run never leaves half a report that looks finished.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from dualuse.explain.report.csv_file import write_checked_csv
from dualuse.explain.report.html_report import DEFAULT_MAX_ROWS_PER_OUTCOME, write_html_report
from dualuse.explain.report.jsonl_file import write_checked_jsonl
from dualuse.explain.report.row import ReportRow
from dualuse.explain.report.summary import ReportAggregator, RunSummary
from dualuse.explain.report.xlsx_file import write_checked_xlsx

CSV_NAME = "checked.csv"
JSONL_NAME = "checked.jsonl"
XLSX_NAME = "checked.xlsx"
HTML_NAME = "report.html"
SUMMARY_NAME = "summary.json"


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """Where the files of a run were written; ``checked_xlsx`` only when the source was a workbook."""

    checked_csv: Path
    checked_jsonl: Path
    checked_xlsx: Path | None
    report_html: Path
    summary_json: Path

    def as_dict(self) -> dict[str, Path]:
        """Every file written, by name ("checked_csv", "checked_jsonl", "checked_xlsx", "report_html", "summary_json")."""
        files = {
            "checked_csv": self.checked_csv,
            "checked_jsonl": self.checked_jsonl,
            "checked_xlsx": self.checked_xlsx,
            "report_html": self.report_html,
            "summary_json": self.summary_json,
        }
        return {name: path for name, path in files.items() if path is not None}

    def all(self) -> list[Path]:
        """Every file written, in the order written."""
        return list(self.as_dict().values())


def write_reports(out_dir: Path, summary: RunSummary, rows: Callable[[], Iterable[ReportRow]], *,
                  max_rows_per_outcome: int = DEFAULT_MAX_ROWS_PER_OUTCOME,
                  aggregator: ReportAggregator | None = None,
                  finished_at: datetime | None = None) -> ReportFiles:  # fmt: skip
    """Write the files of a run to ``out_dir``, calling ``rows()`` once per file that lists rows.

    The input format decides the extra file: a workbook input also gets checked.xlsx ("same format
    as the input, plus CSV and JSON lines"). The per-outcome tables of report.html show at most
    ``max_rows_per_outcome`` rows each; the summary and charts count every row.

    With ``aggregator`` (which has seen no rows yet), ``summary`` need only carry the run's headers,
    versions and date: the CSV pass feeds the aggregator, and its summary (finished at ``finished_at``)
    is used for every later file, which saves one pass over a large run.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with_xlsx = summary.source_format.lower() == "xlsx"
    files = ReportFiles(
        checked_csv=out_dir / CSV_NAME,
        checked_jsonl=out_dir / JSONL_NAME,
        checked_xlsx=out_dir / XLSX_NAME if with_xlsx else None,
        report_html=out_dir / HTML_NAME,
        summary_json=out_dir / SUMMARY_NAME,
    )
    with _atomic(files.checked_csv) as partial:
        if aggregator is None:
            write_checked_csv(partial, summary, rows())
        else:
            write_checked_csv(partial, summary, _feeding(aggregator, rows()))
            summary = aggregator.summary(finished_at=finished_at or datetime.now(UTC))
    with _atomic(files.checked_jsonl) as partial:
        write_checked_jsonl(partial, rows())
    if files.checked_xlsx is not None:
        with _atomic(files.checked_xlsx) as partial:
            write_checked_xlsx(partial, summary, rows())
    names = {"csv": CSV_NAME, "jsonl": JSONL_NAME, "xlsx": XLSX_NAME if with_xlsx else "", "summary": SUMMARY_NAME}
    with _atomic(files.report_html) as partial:
        write_html_report(partial, summary, rows(), files=names, max_rows_per_outcome=max_rows_per_outcome)
    with _atomic(files.summary_json) as partial:
        partial.write_bytes(orjson.dumps(summary.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    return files


def _feeding(aggregator: ReportAggregator, rows: Iterable[ReportRow]) -> Iterator[ReportRow]:
    for row in rows:
        aggregator.add(row)
        yield row


@contextmanager
def _atomic(target: Path) -> Iterator[Path]:
    partial = target.with_name(target.name + ".partial")
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
