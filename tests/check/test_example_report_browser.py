"""The README's main job: `check` on the bundled example writes a report that renders in headless Chromium."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.check.conftest import EXAMPLE
from tests.explain.test_report_browser import BrowserPage, browser  # noqa: F401 - the fixture is reused

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_example_report_renders_with_its_key_elements(tmp_path: Path, browser: BrowserPage) -> None:  # noqa: F811
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
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "example-report.png"), full_page=True)

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
