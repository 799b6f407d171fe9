"""The files of a run — checked.csv, checked.jsonl, checked.xlsx, report.html, summary.json — written in one pass.

Each file is written under a temporary name and renamed when complete, so a file with its final
name is always whole: an interrupted run never leaves half a report that looks finished.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import orjson

from dualuse.explain.report.answer import Block, answer_of, format_rows, line_of
from dualuse.explain.report.columns import output_headers
from dualuse.explain.report.html_report import DEFAULT_MAX_ROWS_PER_OUTCOME, HtmlSections
from dualuse.explain.report.neutralise import neutralise_cell
from dualuse.explain.report.row import ReportRow
from dualuse.explain.report.summary import ReportAggregator, RunSummary
from dualuse.explain.report.xlsx_file import XlsxStream

CSV_NAME = "checked.csv"
JSONL_NAME = "checked.jsonl"
XLSX_NAME = "checked.xlsx"
HTML_NAME = "report.html"
SUMMARY_NAME = "summary.json"
#: UTF-8 with a byte-order mark: Excel opens checked.csv with Chinese and Japanese text intact, and every
#: CSV reader that knows UTF-8 skips the mark.
CSV_ENCODING = "utf-8-sig"


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


class ReportWriter:
    """Writes every file of a run while its rows stream past, each under a temporary name until finished.

    Rows come one at a time (``add``), or as blocks already formatted by ``format_rows`` (``write_block``,
    with ``offer`` for each row's place in report.html) — worker processes format their own chunks. The
    summary and charts count every row; report.html lists at most ``max_rows_per_outcome`` rows a table.
    Used as a context manager, an exception removes the temporary files and leaves no report behind.
    """

    def __init__(self, out_dir: Path, *, run_id: str, source: str, source_format: str, headers: Sequence[str],
                 as_of: date | None, versions: Mapping[str, str], started_at: datetime,
                 max_rows_per_outcome: int = DEFAULT_MAX_ROWS_PER_OUTCOME) -> None:  # fmt: skip
        out_dir.mkdir(parents=True, exist_ok=True)
        self.headers = tuple(headers)
        self.versions = dict(versions)
        self.as_of_text = as_of.isoformat() if as_of else ""
        with_xlsx = source_format.lower() == "xlsx"
        self.files = ReportFiles(
            checked_csv=out_dir / CSV_NAME,
            checked_jsonl=out_dir / JSONL_NAME,
            checked_xlsx=out_dir / XLSX_NAME if with_xlsx else None,
            report_html=out_dir / HTML_NAME,
            summary_json=out_dir / SUMMARY_NAME,
        )
        self.aggregator = ReportAggregator(run_id=run_id, source=source, source_format=source_format,
                                           headers=self.headers, as_of=as_of, versions=versions,
                                           started_at=started_at)  # fmt: skip
        self.sections = HtmlSections(self.headers, max_rows_per_outcome)
        self._csv = _partial(self.files.checked_csv).open("wb")
        header = io.StringIO(newline="")
        csv.writer(header).writerow([neutralise_cell(h) for h in output_headers(self.headers)])
        self._csv.write(header.getvalue().encode(CSV_ENCODING))  # the byte-order mark, then the header
        self._jsonl = _partial(self.files.checked_jsonl).open("wb")
        self._xlsx = XlsxStream(_partial(self.files.checked_xlsx), self.headers) if self.files.checked_xlsx else None

    @property
    def wants_values(self) -> bool:
        """True when blocks must carry each row's values (for checked.xlsx)."""
        return self._xlsx is not None

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            self.abort()

    def add(self, row: ReportRow) -> None:
        """Write one row that is already built."""
        determination = row.determination
        answer = answer_of(determination, self.versions, self.as_of_text) if determination is not None else None
        line = line_of(row.number, row.cells, self.headers, determination=determination, answer=answer,
                       error=row.error)  # fmt: skip
        self.write_block(format_rows([line], self.headers, self.versions, self.as_of_text,
                                     with_values=self.wants_values))  # fmt: skip
        self.sections.add(row)

    def write_block(self, block: Block) -> None:
        """Write rows formatted by ``format_rows`` (their report.html places are given by ``offer``)."""
        self._csv.write(block.csv.data)
        self._jsonl.write(block.jsonl.data)
        if self._xlsx is not None:
            if block.values is None:
                raise ValueError("checked.xlsx needs each row's values: format the block with with_values=True")
            for values in block.values:
                self._xlsx.append(values)
        self.aggregator.add_contributions(block.contributions)
        self.aggregator.add_errors(block.errors)

    def offer(self, outcome: str | None, has_questions: bool, row: Callable[[], ReportRow]) -> None:
        """Give report.html a row of a block written with ``write_block`` (None as outcome for an error)."""
        self.sections.offer(outcome, has_questions, row)

    def finish(self, *, finished_at: datetime | None = None, summary: RunSummary | None = None) -> ReportFiles:
        """Complete every file and give each its final name; ``summary`` replaces the counted one if given."""
        try:
            summary = summary or self.aggregator.summary(finished_at=finished_at or datetime.now(UTC))
            self._csv.close()
            self._jsonl.close()
            if self._xlsx is not None:
                self._xlsx.finish(summary)
            names = {"csv": CSV_NAME, "jsonl": JSONL_NAME, "xlsx": XLSX_NAME if self._xlsx else "",
                     "summary": SUMMARY_NAME}  # fmt: skip
            self.sections.write(_partial(self.files.report_html), summary, files=names)
            _partial(self.files.summary_json).write_bytes(
                orjson.dumps(summary.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
            )
            for target in self.files.all():
                os.replace(_partial(target), target)
        except BaseException:
            self.abort()
            raise
        self.sections.close()
        return self.files

    def abort(self) -> None:
        """Close and remove every temporary file; no report is left behind."""
        self._csv.close()
        self._jsonl.close()
        self.sections.close()
        for target in self.files.all():
            _partial(target).unlink(missing_ok=True)


def write_reports(out_dir: Path, summary: RunSummary, rows: Callable[[], Iterable[ReportRow]], *,
                  max_rows_per_outcome: int = DEFAULT_MAX_ROWS_PER_OUTCOME) -> ReportFiles:  # fmt: skip
    """Write the files of a run to ``out_dir`` from one pass over ``rows()``, with ``summary`` as counted.

    The input format decides the extra file: a workbook input also gets checked.xlsx ("same format
    as the input, plus CSV and JSON lines"). The per-outcome tables of report.html show at most
    ``max_rows_per_outcome`` rows each; the summary and charts count every row.
    """
    with ReportWriter(out_dir, run_id=summary.run_id, source=summary.source, source_format=summary.source_format,
                      headers=summary.headers, as_of=summary.as_of, versions=summary.versions,
                      started_at=summary.started_at, max_rows_per_outcome=max_rows_per_outcome) as writer:  # fmt: skip
        for row in rows():
            writer.add(row)
        return writer.finish(summary=summary)


def _partial(target: Path | None) -> Path:
    assert target is not None
    return target.with_name(target.name + ".partial")
