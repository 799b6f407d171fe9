"""Dispositioning screening hits from a row: confirmed or false positive, with a note."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import CheckedApp, csrf_token, sign_in

Checked = tuple[TestClient, str]
#: Row 2 of the example: the end user is on MOFCOM's Control List.
ROW_WITH_A_HIT = 2


def hit_form(client: TestClient, run_id: str, row: int) -> tuple[str, dict[str, str]]:
    """The row page's disposition form: where it posts and its hidden fields."""
    page = client.get(f"/ui/runs/{run_id}/rows/{row}").text
    action = re.search(r'<form class="stack disposition" method="post" action="([^"]+)"', page)
    assert action is not None, "the row has no disposition form"
    fields = dict(re.findall(r'<input type="hidden" name="(party_role|entity_id)" value="([^"]+)"', page))
    return action.group(1), {**fields, "csrf_token": csrf_token(page)}


def test_a_false_positive_is_recorded_with_its_note(checked: Checked) -> None:
    """Posting a false positive with a note shows the decision, who made it and the note on the row."""
    client, run_id = checked
    action, fields = hit_form(client, run_id, ROW_WITH_A_HIT)
    answer = client.post(action, data={**fields, "decision": "false_positive", "note": "Different 登记号 and address"})
    assert answer.status_code == 200  # after the redirect back to the row
    assert answer.url.path == f"/ui/runs/{run_id}/rows/{ROW_WITH_A_HIT}"
    assert '<span class="decision false_positive">False positive</span> by Ada Admin' in answer.text
    assert 'Different <span lang="zh">登记号</span> and address' in answer.text


def test_htmx_gets_back_the_hits_alone(checked: Checked) -> None:
    """Through htmx the answer is the hits section alone, with the new decision."""
    client, run_id = checked
    action, fields = hit_form(client, run_id, ROW_WITH_A_HIT)
    answer = client.post(action, data={**fields, "decision": "confirmed", "note": "Same registration number"},
                         headers={"HX-Request": "true", "X-CSRF-Token": fields["csrf_token"]})  # fmt: skip
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="hits"')
    assert '<span class="decision confirmed">Confirmed</span>' in answer.text


@pytest.mark.parametrize(("decision", "note", "problem"), [
    ("false_positive", "  ", "a disposition needs a note"),
    ("", "Because", "Choose confirmed or false positive."),
    ("maybe", "Because", "Choose confirmed or false positive."),
])  # fmt: skip
def test_a_decision_needs_a_choice_and_a_note(checked: Checked, decision: str, note: str, problem: str) -> None:
    """Without a decision or a note nothing is recorded and the form says what is missing."""
    client, run_id = checked
    action, fields = hit_form(client, run_id, ROW_WITH_A_HIT)
    answer = client.post(action, data={**fields, "decision": decision, "note": note})
    assert answer.status_code == 400
    assert problem in answer.text


def test_only_a_hit_of_the_row_can_be_disposed(checked: Checked) -> None:
    """A decision on an entity that is not a hit of the row is refused."""
    client, run_id = checked
    action, fields = hit_form(client, run_id, ROW_WITH_A_HIT)
    answer = client.post(action, data={**fields, "entity_id": "MOFCOM-0000-0:00", "decision": "confirmed", "note": "x"})
    assert answer.status_code == 404


def test_a_viewer_sees_hits_but_cannot_decide(checked_app: CheckedApp) -> None:
    """A viewer reads the hits without a form, and a decision they post is refused."""
    with TestClient(checked_app.app) as client:
        sign_in(client, checked_app.keys["viewer"])
        page = client.get(f"/ui/runs/{checked_app.run_id}/rows/{ROW_WITH_A_HIT}")
        assert "Screening hits" in page.text
        assert "Record decision" not in page.text
        answer = client.post(f"/ui/runs/{checked_app.run_id}/rows/{ROW_WITH_A_HIT}/dispositions",
                             data={"csrf_token": csrf_token(page.text), "party_role": "end_user", "entity_id": "x",
                                   "decision": "confirmed", "note": "x"})  # fmt: skip
    assert answer.status_code == 403
