"""The rule base as of a chosen date: statuses, history, and what changed between two dates."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


def states(page_html: str) -> dict[str, str]:
    """Each instrument's state as the page shows it."""
    return dict(re.findall(r'data-instrument="([^"]+)" data-state="([^"]+)"', page_html))


def test_two_dates_show_different_rule_bases(client: TestClient) -> None:
    """On 2025-10-01 and 2026-05-01 instruments stand differently: the October 2025 rare-earth measures are
    not yet in force on the first date and suspended on the second."""
    before = states(client.get("/ui/rulebase", params={"on": "2025-10-01"}).text)
    after = states(client.get("/ui/rulebase", params={"on": "2026-05-01"}).text)
    assert before.keys() == after.keys()
    assert before["MOFCOM-2025-61"] == "not_yet_in_force"
    assert after["MOFCOM-2025-61"] == "suspended"
    assert sum(before[i] != after[i] for i in before) >= 10


def test_comparing_marks_what_changed(client: TestClient) -> None:
    """With a comparison date, each instrument that stood otherwise is highlighted with its earlier state."""
    page = client.get("/ui/rulebase", params={"on": "2026-05-01", "compare": "2025-10-01"}).text
    changed = re.findall(r'<tr id="([^"]+)" class="changed"', page)
    assert "MOFCOM-2025-61" in changed
    assert "ECL-2020" not in changed
    assert re.search(r"\d+ instruments stood otherwise on 2025-10-01", page)
    assert 'On 2025-10-01: <span class="state not_yet_in_force">Not yet in force</span>' in page


def test_each_instrument_shows_its_history(client: TestClient) -> None:
    """Each instrument carries its history (issued, effective, suspensions) and Chinese title as written."""
    page = client.get("/ui/rulebase", params={"on": "2026-05-01"}).text
    assert "effective 2020-12-01" in page
    assert '<span class="small zh" lang="zh">中华人民共和国出口管制法</span>' in page


@pytest.mark.parametrize(("params", "message"), [
    ({"on": "01/05/2026"}, "is not a date"),
    ({"on": "2019-01-01"}, "before 2020-12-01"),
    ({"on": "2026-05-01", "compare": "yesterday"}, "is not a comparison date"),
])  # fmt: skip
def test_a_date_the_page_cannot_show_is_explained(client: TestClient, params: dict[str, str], message: str) -> None:
    """A malformed date or one before the Export Control Law is refused with a sentence saying why."""
    answer = client.get("/ui/rulebase", params=params)
    assert answer.status_code == 400
    assert message in answer.text
