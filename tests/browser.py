"""One headless Chromium for every browser test: Debian's /usr/bin/chromium driven by Playwright.

It never downloads a browser. Without Chromium a browser test is skipped, except under CI (the CI
variable is set), where a missing browser is a failure: CI installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def unavailable(reason: str, *, environment: Mapping[str, str] = os.environ) -> None:
    """Skip for want of a browser, or fail under CI, which is expected to install it."""
    if environment.get("CI"):
        pytest.fail(f"{reason}; CI must install it (apt-get install -y chromium fonts-noto-cjk)")
    pytest.skip(reason)


@dataclass
class BrowserPage:
    """A Playwright page with every URL it requested and every console error it logged."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot as test-artifacts/<name>.png and return its path."""
        path = ARTIFACTS / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path


@contextmanager
def chromium_page(profile: Path) -> Iterator[BrowserPage]:
    """A Chromium page with a fresh profile in ``profile`` that records every request and console error."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (apt-get install -y chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS,
            viewport={"width": 1360, "height": 900},
        )  # fmt: skip
        try:
            recorded = BrowserPage(context.new_page())
            recorded.page.set_default_timeout(15_000)
            recorded.page.on("request", lambda request: recorded.requests.append(request.url))
            recorded.page.on(
                "console",
                lambda message: (
                    recorded.console_errors.append(f"{message.text} at {message.location}")
                    if message.type == "error"
                    else None
                ),
            )
            yield recorded
        finally:
            context.close()
