"""The licence register in the UI: add, draw down and revoke (administrators), with problems shown beside fields."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_token

LICENCE = {
    "licence_id": "LIC-2026-0001", "type": "general", "holder": "Baotou Rare Earth Trading Co., Ltd.",
    "control_codes": "1C902", "end_user": "トヨタ自動車株式会社", "destination": "JP", "valid_from": "2026-01-01",
    "valid_to": "2027-12-31", "quantity": "1000", "unit": "kg", "value": "", "currency": "",
}  # fmt: skip


def add(client: TestClient, **changes: str) -> object:
    """Post the add-licence form with ``changes`` to the standard licence."""
    token = csrf_token(client.get("/ui/licences").text)
    return client.post("/ui/licences", data={**LICENCE, **changes, "csrf_token": token})


def test_an_administrator_adds_a_licence(client: TestClient) -> None:
    """A licence added from the form opens on its own page and is listed with its Japanese end user as written."""
    answer = add(client)
    assert answer.url.path == "/ui/licences/LIC-2026-0001"  # type: ignore[attr-defined]
    listed = client.get("/ui/licences").text
    assert "LIC-2026-0001" in listed
    assert '<span lang="ja">トヨタ自動車株式会社</span>' in listed
    assert "1,000 kg" in listed


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"holder": ""}, "holder", "required"),
    ({"valid_to": "2025-01-01"}, "valid_to", "before it starts"),
    ({"quantity": "lots"}, "quantity", "number"),
    ({"unit": ""}, "unit", "unit"),
])  # fmt: skip
def test_a_broken_field_is_shown_beside_it(client: TestClient, changes: dict[str, str], field: str, words: str) -> None:
    """A licence the register refuses is not added; the problem is shown beside its field and the form keeps what was typed."""
    answer = add(client, **changes)
    assert answer.status_code == 400  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    problem = re.search(rf'<span class="problem" id="p-{field}">([^<]+)</span>', text)
    assert problem is not None and words in problem.group(1)
    assert 'value="Baotou Rare Earth Trading Co., Ltd."' in text or field == "holder"
    assert "LIC-2026-0001</a>" not in client.get("/ui/licences").text


def test_a_draw_down_uses_up_the_licence_and_an_overdraw_is_refused(client: TestClient) -> None:
    """Drawing down lowers what remains; drawing more than remains is refused with the reason."""
    add(client)
    page = client.get("/ui/licences/LIC-2026-0001").text
    token = csrf_token(page)
    drawn = client.post("/ui/licences/LIC-2026-0001/draw-downs",
                        data={"csrf_token": token, "shipment_ref": "SO-26-0001", "quantity": "400", "shipped_on": "2026-03-02"})  # fmt: skip
    assert "600 kg remaining of 1,000 kg" in drawn.text
    assert "SO-26-0001" in drawn.text
    refused = client.post("/ui/licences/LIC-2026-0001/draw-downs",
                          data={"csrf_token": token, "shipment_ref": "SO-26-0002", "quantity": "700", "shipped_on": "2026-03-03"})  # fmt: skip
    assert refused.status_code == 400
    assert "cannot be drawn down" in refused.text
    assert "600 kg remaining" in refused.text


def test_a_revoked_licence_says_so(client: TestClient) -> None:
    """Recording a revocation shows the date and reason, and the licence is revoked from then on."""
    add(client)
    token = csrf_token(client.get("/ui/licences/LIC-2026-0001").text)
    answer = client.post("/ui/licences/LIC-2026-0001/revoke",
                         data={"csrf_token": token, "revoked_on": "2026-02-01", "reason": "MOFCOM notice of revocation"})  # fmt: skip
    assert "Revoked from 2026-02-01" in answer.text
    assert "MOFCOM notice of revocation" in answer.text
    assert "licence revoked" in answer.text  # the audit trail of the licence


def test_an_unknown_licence_is_a_404(client: TestClient) -> None:
    """A licence number not in the register answers 404."""
    assert client.get("/ui/licences/NOPE").status_code == 404
