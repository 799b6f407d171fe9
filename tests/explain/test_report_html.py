"""report.html: sections per outcome, versions, CJK names as written, questions to ask, escaping, limits."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from dualuse.explain.report import ReportError, ReportRow, RunSummary, write_reports
from dualuse.explain.report.language import language_of, mark_languages
from dualuse.explain.report.outcomes import OUTCOME_ORDER
from tests.explain.builders import CountingRows, summarise


def render(tmp_path: Path, summary: RunSummary, rows: list[ReportRow], **options: Any) -> str:
    """Write the reports and return report.html."""
    files = write_reports(tmp_path, summary, CountingRows(rows), **options)
    return files.report_html.read_text(encoding="utf-8")


def table_rows(html: str, outcome: str) -> list[str]:
    """The ids of the rows shown in one outcome's table."""
    table = html.split(f'id="table-{outcome}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="(row-\d+)"', table)


def test_each_outcome_has_its_section_in_order(
    tmp_path: Path, summary: RunSummary, report_rows: list[ReportRow]
) -> None:
    """Sections appear prohibited > licence_required > review > authorised > no_licence_required, then errors."""
    html = render(tmp_path, summary, report_rows)
    positions = [html.index(f'<section class="outcome o-{o}" id="outcome-{o}"') for o in OUTCOME_ORDER]
    assert positions == sorted(positions)
    assert html.index('id="errors"') > positions[-1]
    assert table_rows(html, "prohibited") == ["row-1", "row-2"]
    assert table_rows(html, "licence_required") == ["row-3", "row-4", "row-5", "row-6", "row-7"]
    assert table_rows(html, "review") == ["row-8", "row-9"]
    assert table_rows(html, "authorised") == ["row-10"]
    assert table_rows(html, "no_licence_required") == ["row-11", "row-12"]
    assert table_rows(html, "errors") == ["row-13"]
    assert "as_of: &#39;2026-02-30&#39; is not a date" in html


def test_header_shows_run_source_as_of_counts_and_versions(tmp_path: Path, summary: RunSummary,
                                                           report_rows: list[ReportRow]) -> None:  # fmt: skip
    """The header names the run, the source, the as-of dates, the counts and the rule-base version and digest."""
    html = render(tmp_path, summary, report_rows)
    versions = summary.versions
    assert '<dd class="mono" id="run-id">run-20260314-0930-7f3a</dd>' in html
    assert "orders/shipments-2026-03.csv" in html
    assert "each row&#39;s own date (2026-03-02 to 2026-03-13)" in html
    assert f'<dd id="rulebase-version">{versions["rulebase_version"]}</dd>' in html
    assert f'<dd class="mono digest" id="rulebase-digest">{versions["rulebase_digest"]}</dd>' in html
    assert f'<dd id="engine-version">dualuse {versions["engine_version"]}</dd>' in html
    counts = dict(re.findall(r'<div class="number" data-outcome="(\w+)">([\d,]+)</div>', html))
    assert counts == {"prohibited": "2", "licence_required": "5", "review": "2", "authorised": "1",
                      "no_licence_required": "2", "error": "1"}  # fmt: skip


def test_cjk_names_are_shown_as_written_with_their_language(tmp_path: Path, summary: RunSummary,
                                                            report_rows: list[ReportRow]) -> None:  # fmt: skip
    """Chinese and Japanese names keep their characters and carry lang="zh" or lang="ja"."""
    html = render(tmp_path, summary, report_rows)
    assert '<html lang="en">' in html
    assert '<meta charset="utf-8">' in html
    assert '<span lang="ja">防衛装備庁</span>' in html  # Han only, but the screening matched its Japanese name
    assert '<span lang="ja">ＩＨＩエアロスペース</span>' in html
    assert '<span lang="ja">株式会社SUBARU</span>' in html
    assert '<span lang="zh">氧化铽粉</span> Tb4O7 99.99%' in html
    assert '<span lang="ja">三菱造船株式会社</span>' in html
    assert '<tspan lang="ja">三菱造船株式会社</tspan>' in html  # in the parties chart


def test_review_list_gives_the_question_to_ask(
    tmp_path: Path, summary: RunSummary, report_rows: list[ReportRow]
) -> None:
    """Each review row is listed with its question; a decided row with an open question is listed apart."""
    html = render(tmp_path, summary, report_rows)
    review = html.split('id="review-list"', 1)[1].split("</ol>", 1)[0]
    for row in report_rows:
        if row.outcome == "review":
            assert row.determination is not None
            for question in row.determination["questions"]:
                assert str(mark_languages(question)) in review
    assert review.count('<a href="#row-') == 2
    open_questions = html.split('id="open-questions"', 1)[1].split("</ol>", 1)[0]
    assert "SO-26-0004" in open_questions
    assert (
        str(escape("Is the end use military, or does it help enhance Japan's military capability?")) in open_questions
    )


def test_citations_link_to_their_source_with_the_confidence(tmp_path: Path, summary: RunSummary,
                                                            report_rows: list[ReportRow]) -> None:  # fmt: skip
    """A citation with a web source is a link labelled briefly, followed by the source's confidence."""
    html = render(tmp_path, summary, report_rows)
    prohibited = html.split('id="table-prohibited"', 1)[1].split("</table>", 1)[0]
    assert re.search(r'<a href="https?://[^"]+" rel="noreferrer noopener" target="_blank" title="20 Japanese entities added '
                     r'to the Export Control \(Control\) List">MOFCOM Ann 2026 No. 11</a><span class="conf conf-high"', prohibited)  # fmt: skip
    assert "Authorised by licence LIC-2026-KR-0042 (general licence, valid to 2026-12-31)" in html


def test_everything_is_escaped_and_nothing_is_fetched(tmp_path: Path, report_rows: list[ReportRow],
                                                      headers: tuple[str, ...], versions: dict[str, str]) -> None:  # fmt: skip
    """Hostile cells and URLs are escaped or dropped; the page has no script and loads nothing from outside."""
    row = report_rows[1]
    assert row.determination is not None
    hostile_citation = {
        **row.determination["citations"][0],
        "url": "javascript:alert(1)",
        "title": '"><img src=x onerror=alert(1)>',
    }
    determination = {**row.determination, "citations": [hostile_citation]}
    cells = {**row.cells, "end_user": "<script>alert('x')</script> Trading", "order_id": '"><b>SO</b>'}
    rows = [replace(row, cells=cells, determination=determination)]
    html = render(tmp_path, summarise(rows, headers, versions), rows)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Trading" in html
    assert "<img" not in html
    assert 'href="javascript' not in html.lower()
    assert "&#34;&gt;&lt;b&gt;SO&lt;/b&gt;" in html
    assert not re.search(r'(src|href)="(https?:)?//', html.split("<body>", 1)[0])  # nothing linked in the head
    assert not re.search(r"<(link|iframe|object|embed)\b", html)
    assert "@import" not in html
    assert "default-src 'none'" in html


def test_four_charts_as_inline_svg_with_titles(
    tmp_path: Path, summary: RunSummary, report_rows: list[ReportRow]
) -> None:
    """Outcomes, top reasons, parties hit and item families are inline SVG charts with titles and text labels."""
    html = render(tmp_path, summary, report_rows)
    for chart in ("outcomes", "reasons", "parties", "families"):
        figure = html.split(f'<figure class="chart" id="chart-{chart}">', 1)[1].split("</figure>", 1)[0]
        assert '<svg viewBox="0 0 ' in figure
        assert 'role="img"' in figure
        assert f'<title id="chart-{chart}-svgtitle">' in figure
        assert '<text class="value"' in figure
    outcomes = html.split('id="chart-outcomes"', 1)[1].split("</figure>", 1)[0]
    assert ">5 · 38%</text>" in outcomes
    assert ">Error (not checked)</text>" in outcomes


def test_empty_charts_say_so(tmp_path: Path, headers: tuple[str, ...], versions: dict[str, str]) -> None:
    """A run with no rows still renders every chart, each saying there is nothing to show."""
    html = render(tmp_path, summarise([], headers, versions), [])
    assert "No party matched a list." in html
    assert "No controlled item in this run." in html
    assert html.count('<p class="empty-state">No row has this outcome.</p>') == 5


def test_tables_stop_at_the_limit_and_say_where_the_rest_are(tmp_path: Path, summary: RunSummary,
                                                             report_rows: list[ReportRow]) -> None:  # fmt: skip
    """With a limit of one row per outcome, each table shows one row and points to checked.csv for the rest."""
    html = render(tmp_path, summary, report_rows, max_rows_per_outcome=1)
    assert table_rows(html, "licence_required") == ["row-3"]
    assert "Showing the first 1 of 5 rows. The other 4 are in checked.csv" in html
    assert "Showing 1 of 2 rows that need review" in html
    assert '<div class="number" data-outcome="licence_required">5</div>' in html


def _many(rows: list[ReportRow], copies: int) -> Iterator[ReportRow]:
    numbers = itertools.count(1)
    for _ in range(copies):
        for row in rows:
            yield replace(row, number=next(numbers))


def test_a_large_run_is_counted_in_full_and_streamed(tmp_path: Path, report_rows: list[ReportRow],
                                                     headers: tuple[str, ...], versions: dict[str, str]) -> None:  # fmt: skip
    """2,600 streamed rows: the counts and charts cover all of them, the tables show the first ten each."""
    summary = summarise(_many(report_rows, 200), headers, versions)
    files = write_reports(tmp_path, summary, lambda: _many(report_rows, 200), max_rows_per_outcome=10)
    html = files.report_html.read_text(encoding="utf-8")
    assert '<div class="number" data-outcome="licence_required">1,000</div>' in html
    assert ">1,000 · 38%</text>" in html
    assert len(table_rows(html, "licence_required")) == 10
    assert "The other 990 are in checked.csv" in html
    assert "Showing the first 10 of 200 rows with errors" in html
    assert len(files.checked_jsonl.read_bytes().splitlines()) == 2_600


def test_rows_that_do_not_match_the_summary_are_refused(tmp_path: Path, summary: RunSummary,
                                                        report_rows: list[ReportRow]) -> None:  # fmt: skip
    """A report whose tables would disagree with its counts is an error, not a quiet mismatch."""
    with pytest.raises(ReportError, match="counted 13 rows but the rows given were 12"):
        write_reports(tmp_path, summary, lambda: report_rows[:12])
    assert not (tmp_path / "report.html").exists()
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize(
    ("text", "hints", "language"),
    [
        ("株式会社SUBARU", None, "ja"),
        ("ＩＨＩエアロスペース", None, "ja"),
        ("氧化铽粉", None, "zh"),
        ("防衛省", None, "zh"),
        ("防衛省", {"防衛省": "ja"}, "ja"),
        ("「防衛省」", {"防衛省": "ja"}, "ja"),
        ("서울", None, "ko"),
        ("Toyota Motor Corporation", None, None),
    ],
)
def test_language_of(text: str, hints: dict[str, str] | None, language: str | None) -> None:
    """Kana means Japanese, Hangul Korean, Han alone Chinese unless screening knows the name's language."""
    assert language_of(text, hints) == language
