"""report.html opened in a real browser: the key parts are there and visible, and nothing is fetched.

Drives Debian's Chromium (/usr/bin/chromium, apt packages ``chromium`` and ``fonts-noto-cjk``)
with Playwright; it never downloads a browser. Without Chromium the test is skipped, except under
CI (the CI variable is set), where a missing browser is a failure. The full-page screenshot is
saved as test-artifacts/report.png at the repository root for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dualuse.explain.report import ReportRow, write_reports
from tests.browser import BrowserPage, chromium_page, unavailable
from tests.explain.builders import CountingRows, summarise

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[BrowserPage]:
    """A Chromium page with a fresh profile that records every request and console error."""
    with chromium_page(tmp_path / "chromium-profile") as page:
        yield page


@pytest.mark.parametrize(("environment", "outcome"), [({"CI": "true"}, "failed"), ({}, "skipped")])
def test_a_missing_browser_skips_except_under_ci(environment: dict[str, str], outcome: str) -> None:
    """Without Chromium the browser test is skipped on a developer's machine and fails under CI."""
    expected = pytest.fail.Exception if outcome == "failed" else pytest.skip.Exception
    with pytest.raises(expected, match="not installed"):
        unavailable("/usr/bin/chromium is not installed", environment=environment)


@pytest.mark.slow
def test_report_in_a_browser(tmp_path: Path, browser: BrowserPage, report_rows: list[ReportRow], headers: tuple[str, ...],
                             versions: dict[str, str]) -> None:  # fmt: skip
    """Counts, four charts, the prohibited table with a citation link, the review questions and the versions are visible."""
    summary = summarise(report_rows, headers, versions, source_format="xlsx", source="orders/shipments-2026-03.xlsx")
    files = write_reports(tmp_path / "out", summary, CountingRows(report_rows))
    page = browser.page
    page.goto(files.report_html.as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)

    for outcome, count in [*summary.outcome_counts.items(), ("error", summary.error_rows)]:
        number = page.locator(f"#count-{outcome} .number")
        assert number.is_visible()
        assert number.inner_text() == str(count)
    for chart in ("outcomes", "reasons", "parties", "families"):
        svg = page.locator(f"#chart-{chart} svg")
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 30
    link = page.locator("#table-prohibited ul.cites a", has_text="MOFCOM Ann 2026 No. 11")
    assert link.is_visible()
    assert link.get_attribute("href", timeout=1_000).startswith("http")
    question = page.locator("#review-list ul.questions li").first
    assert question.is_visible()
    assert question.inner_text().startswith("Ask the supplier for the missing technical parameters")
    assert page.locator("#rulebase-version").inner_text() == versions["rulebase_version"]
    assert page.locator("#rulebase-digest").inner_text() == versions["rulebase_digest"]
    assert page.locator("#outcome-prohibited span[lang=ja]", has_text="防衛装備庁").first.is_visible()

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    assert [url for url in browser.requests if not url.startswith("file:")] == []
    assert browser.console_errors == []
