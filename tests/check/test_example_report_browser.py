"""The README's main job: `check` on the bundled example writes a report that renders in headless Chromium."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, BrowserPage, chromium_page
from tests.check.conftest import EXAMPLE


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[BrowserPage]:
    """A Chromium page with a fresh profile."""
    with chromium_page(tmp_path / "chromium-profile") as page:
        yield page


def test_example_report_renders_with_its_key_elements(tmp_path: Path, browser: BrowserPage) -> None:
    """The example's report shows the summary, the charts, a prohibited row with its citation link and the review questions."""
    env = {**os.environ, "DUALUSE_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}"}
    dualuse = str(Path(sys.executable).parent / "dualuse")
    subprocess.run([dualuse, "licences", "import", str(EXAMPLE.with_name("licences.csv"))], env=env, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([dualuse, "check", str(EXAMPLE), "--out", str(tmp_path / "reports"), "--quiet"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    with (tmp_path / "reports" / "checked.csv").open(encoding="utf-8-sig") as handle:
        outcomes = {row["order_id"]: row["outcome"] for row in csv.DictReader(handle)}
    page = browser.page

    page.goto((tmp_path / "reports" / "report.html").as_uri())
    browser.screenshot("example-report")

    assert outcomes["SO-26-0002"] == "prohibited" and outcomes["SO-26-0033"] == "authorised"
    assert page.locator("#total-rows").inner_text().startswith("36")
    for outcome in ("prohibited", "licence_required", "review", "authorised", "no_licence_required"):
        assert page.locator(f"#count-{outcome}").is_visible()
    assert page.locator("#charts svg").count() >= 4
    prohibited = page.locator("#outcome-prohibited")
    assert prohibited.get_by_text("SO-26-0002").first.is_visible()
    assert prohibited.locator("a[href^='http']").filter(has_text="Ann 2026 No. 11").first.is_visible()
    assert page.locator("#review-list").get_by_text("end use").first.is_visible()
    assert page.locator("#rulebase-version").inner_text() == "2026.11.21"
    assert not browser.console_errors
    assert all(url.startswith("file:") for url in browser.requests)
    shutil.copy(tmp_path / "reports" / "report.html", ARTIFACTS / "example-report.html")
