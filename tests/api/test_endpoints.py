"""The API's answers: outcomes with citations, problem details naming the field, the register, dispositions, checks."""

from __future__ import annotations

import time
from pathlib import Path

from tests.api.conftest import Service

LOCKHEED = {"name": "Lockheed Martin Corporation", "country": "US", "as_of": "2026-03-01"}


def test_screening_a_listed_party_returns_the_hit_with_its_citation(service: Service) -> None:
    """Lockheed Martin screens as an active hit on the control list, citing MOFCOM Ann 2025 No. 1."""
    response = service.client.post("/api/v1/screen", json=LOCKHEED, headers=service.auth("analyst"))
    assert response.status_code == 200
    hit = response.json()["matches"][0]
    assert (hit["entity_id"], hit["status"], hit["list"]) == ("MOFCOM-2025-1:03", "active", "control_list")
    assert hit["citations"][0]["instrument"] == "MOFCOM-2025-1"
    assert response.json()["counterparty_id"] >= 1


def test_a_bad_field_is_a_problem_detail_naming_it(service: Service) -> None:
    """A wrong country code, a missing end user and a date before the law each answer 422 naming the field."""
    cases = [
        ("/api/v1/screen", {"name": "Acme", "country": "Germany"}, "country"),
        ("/api/v1/determine", {"item": {"description": "valves"}}, "end_user"),
        ("/api/v1/determine", {"as_of": "2019-05-01", "item": {"description": "valves"}, "end_user": {"name": "Acme"}},
         "as_of"),
        ("/api/v1/screen", {"name": "\u0007\u0007"}, "name"),
    ]  # fmt: skip
    for path, body, field in cases:
        response = service.client.post(path, json=body, headers=service.auth("analyst"))
        assert response.status_code == 422, (path, body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["field"] == field and problem["status"] == 422 and field in problem["detail"]


def test_batches_answer_by_key_and_report_bad_lines_by_key(service: Service) -> None:
    """A keyed batch answers every good line under its key and names the field of each bad one."""
    lines = {"good": {"item": {"description": "samarium oxide 99.9%", "hs_code": "2846901940"},
                      "end_user": {"name": "Lockheed Martin Corporation", "country": "US"}, "as_of": "2026-03-01"},
             "old": {"item": {"description": "valves"}, "end_user": {"name": "Acme"}, "as_of": "2020-01-01"}}  # fmt: skip
    response = service.client.post("/api/v1/determine/batch", json={"lines": lines}, headers=service.auth("analyst"))
    assert response.status_code == 200
    body = response.json()
    assert body["results"]["good"]["outcome"] == "prohibited" and body["results"]["good"]["id"] == "good"
    assert any(c["instrument"] == "MOFCOM-2025-1" for c in body["results"]["good"]["citations"])
    assert body["errors"] == {"old": {"field": "as_of", "detail": body["errors"]["old"]["detail"]}}
    screened = service.client.post("/api/v1/screen/batch", json={"lines": {"a": LOCKHEED, "b": {"name": "Quiet Garden Cafe"}}},
                                   headers=service.auth("analyst")).json()  # fmt: skip
    assert screened["results"]["a"]["matches"] and not screened["results"]["b"]["matches"]
    classified = service.client.post("/api/v1/classify/batch", json={"lines": {"s": {"description": "samarium oxide 99.9%",
                                     "as_of": "2026-03-01"}}}, headers=service.auth("analyst")).json()  # fmt: skip
    assert classified["results"]["s"]["codes"][0]["code"].startswith("1C902")
    too_many = {"lines": {str(n): {"name": "x"} for n in range(1001)}}
    assert (
        service.client.post("/api/v1/screen/batch", json=too_many, headers=service.auth("analyst")).status_code == 422
    )


def test_a_false_positive_disposition_is_reused_until_the_reviewer_decides_again(service: Service) -> None:
    """Once a hit is marked a false positive, screening and determining the same counterparty say so and it no longer binds."""
    party = {"name": "Lockheed Martin Corp.", "country": "US", "as_of": "2026-03-01"}
    before = service.client.post("/api/v1/screen", json=party, headers=service.auth("analyst")).json()
    assert [m["entity_id"] for m in before["matches"]] == ["MOFCOM-2025-1:03"]
    disposition = {**party, "entity_id": "MOFCOM-2025-1:03", "decision": "false_positive",
                   "note": "A namesake: different registry number"}  # fmt: skip
    made = service.client.post("/api/v1/dispositions", json=disposition, headers=service.auth("analyst"))
    assert (
        made.status_code == 201 and made.json()["status"] == "active" and made.json()["decided_by"] == "Analyst Holder"
    )
    after = service.client.post("/api/v1/screen", json=party, headers=service.auth("analyst")).json()
    assert after["matches"] == []
    assert after["related"][0]["entity_id"] == "MOFCOM-2025-1:03"
    assert after["dispositions"][0]["action"] == "reused" and "does not bind" in after["dispositions"][0]["sentence"]
    line = {"as_of": "2026-03-01", "item": {"description": "samarium oxide 99.9%"},
            "end_user": {"name": "Lockheed Martin Corp.", "country": "US"}}  # fmt: skip
    determined = service.client.post("/api/v1/determine", json=line, headers=service.auth("analyst")).json()
    assert determined["outcome"] != "prohibited"
    assert determined["dispositions"][0]["disposition_id"] == made.json()["id"]
    confirmed = service.client.post("/api/v1/dispositions", json={**disposition, "decision": "confirmed", "note": "It is them"},
                                    headers=service.auth("analyst"))  # fmt: skip
    assert confirmed.status_code == 201
    superseded = service.client.get(f"/api/v1/dispositions/{made.json()['id']}", headers=service.auth("viewer")).json()
    assert superseded["status"] == "superseded"
    assert (
        service.client.post("/api/v1/determine", json=line, headers=service.auth("analyst")).json()["outcome"]
        == "prohibited"
    )
    not_a_hit = {**disposition, "name": "Quiet Garden Cafe"}
    refused = service.client.post("/api/v1/dispositions", json=not_a_hit, headers=service.auth("analyst"))
    assert refused.status_code == 422 and refused.json()["field"] == "entity_id"


def test_the_licence_register_adds_lists_draws_down_and_revokes(service: Service) -> None:
    """A licence is added, listed, drawn down to its limit (an overdraw is refused with 409) and revoked."""
    licence = {"licence_id": "API-LIC-1", "type": "individual", "holder": "Example Exports Ltd",
               "control_codes": ["1C902.a"], "end_user": "Acme Magnets GmbH", "destination": "DE",
               "valid_from": "2026-01-01", "valid_to": "2026-12-31", "quantity": "100", "unit": "kg"}  # fmt: skip
    admin = service.auth("admin")
    assert service.client.post("/api/v1/licences", json=licence, headers=admin).status_code == 201
    assert service.client.post("/api/v1/licences", json=licence, headers=admin).status_code == 409
    listed = service.client.get("/api/v1/licences", params={"code": "1C902.a"}, headers=service.auth("viewer")).json()
    assert [lic["licence_id"] for lic in listed] == ["API-LIC-1"]
    drawn = service.client.post("/api/v1/licences/API-LIC-1/draw-downs",
                                json={"shipment_ref": "SHP-1", "quantity": "60", "shipped_on": "2026-03-02"}, headers=admin)  # fmt: skip
    assert drawn.status_code == 201 and drawn.json()["actor"] == "Admin Holder"
    overdraw = service.client.post("/api/v1/licences/API-LIC-1/draw-downs",
                                   json={"shipment_ref": "SHP-2", "quantity": "60", "shipped_on": "2026-03-03"}, headers=admin)  # fmt: skip
    assert overdraw.status_code == 409
    shown = service.client.get("/api/v1/licences/API-LIC-1", headers=service.auth("viewer")).json()
    assert shown["quantity_remaining"] == "40" and [d["shipment_ref"] for d in shown["draw_downs"]] == ["SHP-1"]
    revoked = service.client.post("/api/v1/licences/API-LIC-1/revoke", json={"on": "2026-06-01", "reason": "MOFCOM letter"},
                                  headers=admin)  # fmt: skip
    assert revoked.status_code == 200 and revoked.json()["revoked_on"] == "2026-06-01"
    assert service.client.get("/api/v1/licences/NOPE", headers=service.auth("viewer")).status_code == 404


def test_the_rule_base_is_shown_as_of_a_date(service: Service) -> None:
    """On 2026-03-01 the Japan designations of 2026-02-24 are in force; on 2026-01-01 they are not yet."""
    later = service.client.get(
        "/api/v1/rulebase", params={"as_of": "2026-03-01"}, headers=service.auth("viewer")
    ).json()
    earlier = service.client.get(
        "/api/v1/rulebase", params={"as_of": "2026-01-01"}, headers=service.auth("viewer")
    ).json()
    state = {day["as_of"]: {p["id"]: p["state"] for p in day["records"]["parties"]} for day in (later, earlier)}
    assert state["2026-03-01"]["MOFCOM-2026-11:01"] == "in_force"
    assert state["2026-01-01"]["MOFCOM-2026-11:01"] == "not_yet_in_force"
    assert later["version"] == service.runtime.rulebase.version


def test_the_audit_log_verifies(service: Service) -> None:
    """After the writes of this module the audit chain is intact, as the API reports it."""
    report = service.client.get("/api/v1/audit/verify", headers=service.auth("viewer")).json()
    assert report["ok"] is True and report["problem"] is None and report["records"] > 0


def test_an_uploaded_file_is_checked_in_the_background_with_progress_and_report_links(service: Service) -> None:
    """The example order book is checked as a job: it finishes with a run, counts and downloadable reports."""
    example = Path(__file__).resolve().parents[2] / "examples" / "shipments.csv"
    with example.open("rb") as handle:
        submitted = service.client.post("/api/v1/checks", files={"file": ("shipments.csv", handle, "text/csv")},
                                        headers=service.auth("analyst"))  # fmt: skip
    assert submitted.status_code == 202 and submitted.json()["status"] in ("queued", "running")
    job_url = submitted.json()["links"]["self"]
    deadline = time.monotonic() + 120
    job = submitted.json()
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = service.client.get(job_url, headers=service.auth("viewer")).json()
    assert job["status"] == "finished", job
    assert job["rows_done"] == job["rows_total"] > 0 and job["progress"] == 1.0
    run = service.client.get(job["links"]["run"], headers=service.auth("viewer")).json()
    assert run["actor"] == "Analyst Holder" and sum(run["counts"].values()) == job["rows_total"]
    reports = service.client.get(job["links"]["reports"], headers=service.auth("viewer")).json()
    assert "report_html" in reports
    page = service.client.get(reports["report_html"], headers=service.auth("viewer"))
    assert page.status_code == 200 and b"<html" in page.content.lower()
    rows = service.client.get(
        job["links"]["determinations"], params={"limit": 5}, headers=service.auth("viewer")
    ).json()
    assert len(rows) == 5 and all(row["citations"] for row in rows)


def test_a_file_that_cannot_be_checked_fails_its_job_with_the_reason(service: Service) -> None:
    """An upload that is not an order book ends as a failed job whose error names the problem."""
    submitted = service.client.post("/api/v1/checks", files={"file": ("orders.pdf", b"%PDF-1.4 not a table")},
                                    headers=service.auth("analyst")).json()  # fmt: skip
    job = service.runtime.jobs.wait(submitted["job_id"], timeout=60)
    assert job is not None and job.status == "failed" and job.error


def test_rescreening_needs_an_earlier_rule_base(service: Service) -> None:
    """With only the rule base in service kept, a re-screen is refused with 409 naming ``since``."""
    response = service.client.post("/api/v1/rescreens", json={"since": "1999.01.01"}, headers=service.auth("analyst"))
    assert response.status_code == 409 and response.json()["field"] == "since"
