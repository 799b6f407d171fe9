"""report.html: one self-contained page a compliance officer reads and files.

Inline CSS, inline SVG charts, no JavaScript and nothing fetched, so it opens offline and can be
archived as it is. The rows are read once: each row that a table will show is rendered on the spot
and kept in a spool (in memory while small, then on disk), so a run of millions of rows needs no
more memory than a run of a few thousand. Every value is HTML-escaped (Jinja2 autoescape).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from dualuse.errors import DualuseError
from dualuse.explain.report.charts import BarChart, BarInput, bar_chart
from dualuse.explain.report.language import mark_languages, mark_languages_in_svg
from dualuse.explain.report.outcomes import OUTCOME_INFO, OUTCOME_ORDER, outcome_label
from dualuse.explain.report.reading import questions
from dualuse.explain.report.row import ReportRow
from dualuse.explain.report.summary import RunSummary
from dualuse.explain.report.views import RowView, key_columns, row_view

#: The per-outcome tables show at most this many rows each unless told otherwise.
DEFAULT_MAX_ROWS_PER_OUTCOME = 1_000
_SPOOL_IN_MEMORY = 4 * 1024 * 1024
#: Spools besides the per-outcome tables; named so that they can never clash with an outcome.
_REVIEW, _OPEN, _ERRORS = "list:review-questions", "list:open-questions", "list:errors"
_LISTS = (_REVIEW, _OPEN, _ERRORS)
_NAMES = {"review-questions": _REVIEW, "open-questions": _OPEN, "errors": _ERRORS}


class ReportError(DualuseError):
    """The rows given to the report writer do not match the summary they were counted into."""


@dataclass(frozen=True, slots=True)
class OutcomeSection:
    """One per-outcome table: how many rows have the outcome and how many the page shows."""

    key: str
    label: str
    meaning: str
    count: int
    share: str
    shown: int


class _Spool:
    """Rendered fragments of one section, up to a limit, counted beyond it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.shown = 0
        self.total = 0
        self._file = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY, mode="w+", encoding="utf-8")  # noqa: SIM115 - closed in write_html_report

    @property
    def has_room(self) -> bool:
        return self.shown < self.limit

    def offer(self, render: Callable[[], str]) -> None:
        self.total += 1
        if self.has_room:
            self._file.write(render())
            self._file.write("\n")
            self.shown += 1

    def chunks(self) -> Iterator[Markup]:
        self._file.seek(0)
        while chunk := self._file.read(64 * 1024):
            yield Markup(chunk)  # noqa: S704 - fragments rendered by the autoescaping templates

    def close(self) -> None:
        self._file.close()


def environment() -> Environment:
    """The Jinja2 environment of the report templates: autoescape on, undefined names are errors."""
    env = Environment(
        loader=PackageLoader("dualuse.explain.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["cjk"] = mark_languages
    env.filters["cjk_svg"] = mark_languages_in_svg
    env.filters["outcome_label"] = outcome_label
    env.filters["n"] = lambda value: f"{value:,}"
    return env


class HtmlSections:
    """The rows report.html lists, rendered as they stream past and spooled until the page is written.

    ``offer`` takes each row in order with its outcome (None for a row that could not be checked) and
    whether it has open questions, and builds the row only where a table still has room for it.
    """

    def __init__(self, headers: Sequence[str], max_rows_per_outcome: int = DEFAULT_MAX_ROWS_PER_OUTCOME) -> None:
        self.headers = tuple(headers)
        self.key = key_columns(self.headers)
        self.macros: Any = environment().get_template("macros.html.j2").module  # Jinja adds the macros at run time
        self.spools = {name: _Spool(max_rows_per_outcome) for name in (*OUTCOME_ORDER, *_LISTS)}
        self.seen = 0

    def offer(self, outcome: str | None, has_questions: bool, row: Callable[[], ReportRow]) -> None:
        """Count one row and render it where a table has room (``row`` is called at most once)."""
        self.seen += 1
        built: list[ReportRow] = []

        def the_row() -> ReportRow:
            if not built:
                built.append(row())
            return built[0]

        macros, headers, key = self.macros, self.headers, self.key
        if outcome is None:
            self.spools[_ERRORS].offer(lambda: str(macros.error_row(row_view(the_row(), headers, key))))
            return
        if outcome not in self.spools:  # an outcome this report does not know still gets its table
            self.spools[outcome] = _Spool(self.spools[_ERRORS].limit)
        section = self.spools[outcome]
        view: RowView | None = None
        if section.has_room:
            view = row_view(the_row(), headers, key, linked=True)
            section.offer(lambda: str(macros.outcome_row(view)))
        else:
            section.offer(lambda: "")
        # A prohibited line cannot become stricter, so its open questions are not listed for review.
        target = (
            self.spools[_REVIEW] if outcome == "review"
            else self.spools[_OPEN] if has_questions and outcome != "prohibited" else None
        )  # fmt: skip
        if target is None:
            return
        if target.has_room and view is None:
            view = row_view(the_row(), headers, key, linked=False)
        target.offer(lambda: str(macros.review_item(view)))

    def add(self, row: ReportRow) -> None:
        """Offer a row that is already built."""
        determination = row.determination
        has_questions = bool(questions(determination)) if determination is not None else False
        outcome = None if determination is None else (row.outcome or "unknown")
        self.offer(outcome, has_questions, lambda: row)

    def write(self, path: Path, summary: RunSummary, *, files: Mapping[str, str]) -> None:
        """Write report.html for ``summary``, which must count the rows offered."""
        if self.seen != summary.total_rows:
            raise ReportError(f"the summary counted {summary.total_rows} rows but the rows given were {self.seen}")
        context = _context(summary, self.spools, files)
        env = environment()
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for chunk in env.get_template("report.html.j2").generate(context):
                handle.write(chunk)

    def close(self) -> None:
        """Drop the spools."""
        for spool in self.spools.values():
            spool.close()


def write_html_report(path: Path, summary: RunSummary, rows: Iterable[ReportRow], *, files: Mapping[str, str],
                      max_rows_per_outcome: int = DEFAULT_MAX_ROWS_PER_OUTCOME) -> None:  # fmt: skip
    """Write report.html for ``summary`` from one pass over ``rows``.

    ``files`` names the sibling files ("csv", "jsonl", "xlsx", "summary") the page links to.
    """
    sections = HtmlSections(summary.headers, max_rows_per_outcome)
    try:
        for row in rows:
            sections.add(row)
        sections.write(path, summary, files=files)
    finally:
        sections.close()


def _context(summary: RunSummary, spools: dict[str, _Spool], files: Mapping[str, str]) -> dict[str, Any]:
    total = summary.total_rows
    sections = []
    for outcome, count in summary.outcome_counts.items():
        info = OUTCOME_INFO.get(outcome)
        spool = spools.get(outcome)
        sections.append(OutcomeSection(
            key=outcome, label=outcome_label(outcome), meaning=info.meaning if info else "An outcome this report does not know.",
            count=count, share=_share(count, total), shown=spool.shown if spool else 0,
        ))  # fmt: skip
    links = [("annotated table", files["csv"]), ("JSON lines with every determination", files["jsonl"])]
    if files.get("xlsx"):
        links.append(("Excel workbook", files["xlsx"]))
    links.append(("run summary", files["summary"]))
    return {
        "s": summary,
        "versions": {k: summary.versions.get(k, "") for k in ("rulebase_version", "rulebase_digest", "engine_version")},
        "source_name": Path(summary.source).name or summary.source,
        "started": _when(summary.started_at),
        "finished": _when(summary.finished_at),
        "duration": _duration(summary.started_at, summary.finished_at),
        "sections": sections,
        "charts": charts(summary),
        "review_total": spools[_REVIEW].total,
        "review_shown": spools[_REVIEW].shown,
        "open_total": spools[_OPEN].total,
        "open_shown": spools[_OPEN].shown,
        "errors_shown": spools[_ERRORS].shown,
        "files": files,
        "file_links": links,
        "spooled": lambda name: spools[_NAMES.get(str(name), str(name))].chunks(),
    }


def charts(summary: RunSummary) -> list[BarChart]:
    """The four charts of the report, from the summary alone (every row counted)."""
    outcomes = [BarInput(outcome_label(o), {o: n}) for o, n in summary.outcome_counts.items()]
    if summary.error_rows:
        outcomes.append(BarInput("Error (not checked)", {"error": summary.error_rows}))
    return [
        bar_chart("outcomes", "Rows by outcome", "How many order lines ended with each outcome, most restrictive first.",
                  outcomes, empty_text="The file had no rows.", total=summary.total_rows, limit=len(outcomes), legend=False),
        bar_chart("reasons", "Top reasons", "The rules behind the outcomes: rows each rule decided or contributed to, "
                  "coloured by the outcome it contributed.",
                  [BarInput(t.label, t.by_outcome) for t in summary.reasons], empty_text="No rule contributed an outcome."),
        bar_chart("parties", "Parties hit", "Listed or referenced parties matched by screening, coloured by the outcome "
                  "of the rows they appear in.",
                  [BarInput(t.label, t.by_outcome, note=_party_note(t.detail)) for t in summary.parties],
                  empty_text="No party matched a list."),
        bar_chart("families", "Controlled items by family", "Rows whose item is controlled, by item family, coloured "
                  "by the outcome of the row.",
                  [BarInput(t.label.capitalize(), t.by_outcome) for t in summary.families], empty_text="No controlled item in this run."),
    ]  # fmt: skip


def _party_note(detail: Mapping[str, str]) -> str:
    english = detail.get("english_name", "")
    return " · ".join(part for part in (english, detail.get("list", "")) if part)


def _share(count: int, total: int) -> str:
    if not total:
        return "0%"
    share = count * 100 / total
    return f"{share:.1f}%" if 0 < share < 1 else f"{share:.0f}%"


def _when(moment: datetime) -> str:
    text = moment.isoformat(sep=" ", timespec="seconds")
    return text.replace("+00:00", " UTC")


def _duration(start: datetime, end: datetime) -> str:
    seconds = max(int((end - start).total_seconds()), 0)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
