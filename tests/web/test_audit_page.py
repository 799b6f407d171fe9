"""The audit log page: records newest first, filters, and the verification of the hash chain."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import update

from dualuse.store import open_store
from dualuse.store.schema import audit_log
from tests.web.conftest import WebApp, sign_in

Checked = tuple[TestClient, str]


def test_the_log_lists_records_newest_first(checked: Checked) -> None:
    """The records of the example run are listed, newest first, with their outcome badges."""
    client, _ = checked
    page = client.get("/ui/audit").text
    numbers = [int(n) for n in re.findall(r'<tr>\s*<td class="num">(\d+)</td>', page)]
    assert numbers == sorted(numbers, reverse=True)
    assert "run started" in page
    assert '<span class="badge o-prohibited">Prohibited</span>' in page


def test_the_log_filters_by_event(checked: Checked) -> None:
    """Filtering by an event lists only records of that event."""
    client, _ = checked
    page = client.get("/ui/audit", params={"event": "run_started"}).text
    assert re.findall(r"<td>(run started|determination|run finished)</td>", page) == ["run started"]


def test_an_intact_chain_is_reported_intact(checked: Checked) -> None:
    """The verification says the chain is intact and how many records it checked."""
    client, _ = checked
    answer = client.get("/ui/audit/verification", headers={"HX-Request": "true"})
    assert 'data-chain="intact"' in answer.text
    assert re.search(r"All \d+ records verified", answer.text)


def test_a_changed_record_is_reported_broken(web_app: WebApp) -> None:
    """After a record is changed behind the log's back, the verification names the broken record."""
    with TestClient(web_app.app) as client:
        sign_in(client, web_app.keys["admin"])
        with open_store(web_app.settings.database_url) as store, store.write() as connection:
            connection.execute(update(audit_log).where(audit_log.c.seq == 1).values(actor="Mallory"))
        answer = client.get("/ui/audit/verification")
    assert 'data-chain="broken"' in answer.text
    assert "record 1 was changed" in answer.text
