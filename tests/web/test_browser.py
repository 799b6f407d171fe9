"""The web UI end to end in a real browser, against a real uvicorn server.

A compliance officer signs in with an API key, uploads the example order book and watches the check
finish, opens a prohibited row and sees its citation, dispositions a screening hit, and sees the rule
base differ between 2025-10-01 and 2026-05-01. Every page fetches only from the server itself.

Drives Debian's Chromium (/usr/bin/chromium; apt packages ``chromium`` and ``fonts-noto-cjk``) with
Playwright; it never downloads a browser. Without Chromium the test is skipped, except under CI
(the CI variable is set), where a missing browser is a failure. Screenshots are saved under
test-artifacts/web/ for a person to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import BrowserPage, chromium_page, unavailable
from tests.web.conftest import EXAMPLE, build_app, create_keys, runtime_of, service_settings


@pytest.mark.parametrize(("environment", "outcome"), [({"CI": "true"}, "failed"), ({}, "skipped")])
def test_a_missing_browser_skips_except_under_ci(environment: dict[str, str], outcome: str) -> None:
    """Without Chromium the browser test is skipped on a developer's machine and fails under CI."""
    expected = pytest.fail.Exception if outcome == "failed" else pytest.skip.Exception
    with pytest.raises(expected, match="not installed"):
        unavailable("/usr/bin/chromium is not installed", environment=environment)


@dataclass(frozen=True)
class Server:
    """A uvicorn server on 127.0.0.1 serving the service with its web UI, and the admin's API key."""

    base: str
    admin_key: str


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """The service with its web UI served by uvicorn on a free port, over a temporary SQLite store."""
    import uvicorn

    settings = service_settings(tmp_path)
    keys = create_keys(settings)
    app = build_app(settings)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", keys["admin"])
    finally:
        running.should_exit = True
        thread.join(timeout=30)
        runtime_of(app).close()


class Browser(BrowserPage):
    """The shared Chromium page, with screenshots kept under test-artifacts/web/."""

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot as test-artifacts/web/<name>.png."""
        return super().screenshot(f"web/{name}")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    """A Chromium page with a fresh profile that records every request and console error."""
    with chromium_page(tmp_path / "chromium-profile") as page:
        yield Browser(page.page, page.requests, page.console_errors)


def test_a_compliance_officer_checks_a_file_and_reviews_it(server: Server, browser: Browser) -> None:
    """Sign in, check the example file, open a prohibited row with its citation, disposition its hit,
    and see the rule base differ between two dates — all without a request leaving the server."""
    page = browser.page
    expect = _expect()

    # Sign in with the administrator's key.
    page.goto(f"{server.base}/ui/runs")
    expect(page).to_have_url(f"{server.base}/ui/login?next=%2Fui%2Fruns")
    browser.screenshot("01-login")
    page.get_by_label("API key").fill(server.admin_key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Runs")).to_be_visible()
    expect(page.locator(".who")).to_contain_text("Ada Admin")

    # Upload the example order book and watch the check finish.
    page.get_by_role("link", name="Check a file").first.click()
    page.get_by_label("Order book").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Start the check").click()
    expect(page.locator("#progress")).to_be_visible()
    browser.screenshot("02-progress")
    expect(page.locator("#progress .status")).to_have_attribute("data-status", "finished", timeout=120_000)
    expect(page.locator("#progress progress")).to_have_attribute("value", "100")
    expect(page.locator("#progress")).to_contain_text("Done: 36 rows checked")
    browser.screenshot("03-finished")

    # Open the run, filter it to the prohibited rows, and open one.
    page.get_by_role("link", name="Open the run").click()
    prohibited = int(page.locator("a.card.o-prohibited .number").inner_text())
    assert prohibited > 0
    browser.screenshot("04-run")
    page.locator("a.card.o-prohibited").click()
    expect(page.locator("table .badge")).to_have_count(prohibited)
    expect(page.locator("table .badge.o-licence_required")).to_have_count(0)
    browser.screenshot("05-run-prohibited")
    page.get_by_role("link", name="SO-26-0002").click()
    expect(page.locator(".banner.o-prohibited")).to_contain_text("Prohibited")
    citation = page.locator("article.finding.o-prohibited ul.citations a", has_text="MOFCOM Ann 2026 No. 11").first
    expect(citation).to_be_visible()
    assert urlsplit(citation.get_attribute("href") or "").scheme in ("http", "https")
    expect(page.locator("article.finding.o-prohibited .confidence").first).to_be_visible()
    browser.screenshot("06-row")

    # Disposition the screening hit (htmx swaps the hits section in place).
    hit = page.locator("article.hit").first
    expect(hit.locator(".decision").first).to_have_text("Not reviewed")
    hit.get_by_label("False positive — a different party").check()
    hit.get_by_label("Note").fill("Different registration number (法人番号) and address")
    hit.get_by_role("button", name="Record decision").click()
    decided = page.locator("article.hit").first.locator("p.decided")
    expect(decided).to_contain_text("False positive by Ada Admin")
    expect(decided).to_contain_text("法人番号")
    browser.screenshot("07-disposition")

    # The rule base on two dates differs.
    page.get_by_role("link", name="Rule base").click()
    page.get_by_label("As of").fill("2025-10-01")
    page.get_by_role("button", name="Show").click()
    earlier = page.locator('tr[data-instrument="MOFCOM-2025-61"]')
    expect(earlier).to_have_attribute("data-state", "not_yet_in_force")
    in_force_before = page.locator('.number[data-state="in_force"]').inner_text()
    browser.screenshot("08-rulebase-2025-10-01")
    page.get_by_label("As of").fill("2026-05-01")
    page.get_by_label("Compare with").fill("2025-10-01")
    page.get_by_role("button", name="Show").click()
    later = page.locator('tr[data-instrument="MOFCOM-2025-61"]')
    expect(later).to_have_attribute("data-state", "suspended")
    expect(later).to_have_class("changed")
    assert page.locator('.number[data-state="in_force"]').inner_text() != in_force_before
    browser.screenshot("09-rulebase-2026-05-01")

    # The audit log shows the disposition and an intact chain; the licence register opens.
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("#verification [data-chain]")).to_have_attribute("data-chain", "intact")
    expect(page.locator("table")).to_contain_text("false positive")
    browser.screenshot("10-audit")

    # An administrator adds a licence and records a shipment against it.
    page.get_by_role("link", name="Licences").click()
    form = page.locator("form", has=page.get_by_role("button", name="Add to the register"))
    for label, value in [("Licence number", "LIC-2026-0042"), ("Holder (exporter)", "Baotou Rare Earth Trading Co., Ltd."),
                         ("Control codes", "1C902"), ("End user", "トヨタ自動車株式会社"), ("Destination", "JP"),
                         ("Valid from", "2026-01-01"), ("Valid to", "2026-12-31"), ("Quantity granted", "1000"),
                         ("Unit", "kg")]:  # fmt: skip
        form.get_by_label(label).fill(value)
    form.get_by_label("Type").select_option("general")
    form.get_by_role("button", name="Add to the register").click()
    expect(page.get_by_role("heading", name="LIC-2026-0042")).to_be_visible()
    page.get_by_label("Shipment reference").fill("SO-26-0001")
    page.get_by_label("Quantity (kg)").fill("250")
    page.get_by_label("Shipped on").fill("2026-03-02")
    page.get_by_role("button", name="Draw down").click()
    expect(page.locator("dl.kv")).to_contain_text("750 kg remaining of 1,000 kg")
    browser.screenshot("11-licence")
    page.get_by_role("link", name="Licences").first.click()
    expect(page.locator("table")).to_contain_text("トヨタ自動車株式会社")
    browser.screenshot("12-licences")

    outside = [url for url in browser.requests if not url.startswith(server.base)]
    assert outside == [], f"requests left the server: {outside}"
    assert browser.console_errors == [], browser.console_errors


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect
