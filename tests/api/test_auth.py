"""Keys and roles: nothing answers without a key but health, a viewer cannot write, a revoked key opens nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.routing import iter_route_contexts

from dualuse.api.headers import ENGINE_HEADER, RULEBASE_DIGEST_HEADER, RULEBASE_VERSION_HEADER
from dualuse.services.keys import create_key, revoke_key
from dualuse.store import AuditLog
from tests.api.conftest import Service

OPEN_ROUTES = {("GET", "/api/v1/health")}
ANALYST_WRITES = {"/api/v1/screen", "/api/v1/screen/batch", "/api/v1/classify", "/api/v1/classify/batch",
                  "/api/v1/determine", "/api/v1/determine/batch", "/api/v1/checks", "/api/v1/dispositions",
                  "/api/v1/rescreens"}  # fmt: skip


def routes(service: Service) -> list[tuple[str, str]]:
    """Every (method, path) the application answers, path parameters filled in."""
    found = []
    for route in iter_route_contexts(service.app.routes):  # routers included into the app are expanded
        if route.path and route.path.startswith("/api/") and route.methods:
            path = re.sub(r"\{[^}]+\}", "1", route.path)
            found.extend((method, path) for method in sorted(route.methods))
    return found


def test_every_route_but_health_refuses_a_request_without_a_key(service: Service) -> None:
    """Each route of the application, iterated from the app itself, answers 401 without a key (health: 200)."""
    checked = routes(service)
    assert len(checked) >= 30
    for method, path in checked:
        response = service.client.request(method, path)
        expected = 200 if (method, path) in OPEN_ROUTES else 401
        assert response.status_code == expected, (method, path, response.text)
        if expected == 401:
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_malformed_or_unknown_key_is_refused(service: Service) -> None:
    """A key that is not well formed, or well formed but unknown, gets 401 like no key at all."""
    for key in ("nonsense", "dukey_000000000000_" + "A" * 43, service.keys["admin"][:-1] + "x"):
        response = service.client.get("/api/v1/version", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 401, key
    assert service.client.get("/api/v1/version", headers={"X-API-Key": service.keys["viewer"]}).status_code == 200


def test_a_viewer_key_can_read_but_not_write(service: Service) -> None:
    """Every route that is not a GET answers 403 to a viewer key; the reads answer (but the key list: admins only)."""
    for method, path in routes(service):
        response = service.client.request(method, path, headers=service.auth("viewer"), json={})
        if method == "GET" and path != "/api/v1/keys":
            assert response.status_code in (200, 404), (method, path, response.text)
        else:
            assert response.status_code == 403, (method, path, response.text)
            assert "needs the" in response.json()["detail"]


def test_an_analyst_can_screen_but_not_manage_licences_keys_or_the_rule_base(service: Service) -> None:
    """Analyst writes are allowed to analysts; licence, key and rule-base writes answer 403 to them."""
    for method, path in routes(service):
        if method == "GET":
            continue
        response = service.client.request(method, path, headers=service.auth("analyst"), json={})
        if path in ANALYST_WRITES:
            assert response.status_code != 403, (method, path)
        else:
            assert response.status_code == 403, (method, path, response.text)


def test_a_revoked_key_is_refused(service: Service) -> None:
    """A key revoked through the API, or from the command line, opens nothing from then on."""
    runtime = service.runtime
    now = datetime.now(UTC)
    first = create_key(runtime.store, holder="Leaver One", role="analyst", actor="tests", at=now)
    second = create_key(runtime.store, holder="Leaver Two", role="analyst", actor="tests", at=now)
    for new in (first, second):
        assert service.client.get("/api/v1/version", headers={"Authorization": f"Bearer {new.key}"}).status_code == 200
    revoked = service.client.delete(f"/api/v1/keys/{first.stored.key_id}", headers=service.auth("admin"))
    assert revoked.status_code == 200 and revoked.json()["revoked_by"] == "Admin Holder"
    revoke_key(runtime.store, second.stored.key_id, actor="cli", at=now)
    for new in (first, second):
        response = service.client.get("/api/v1/version", headers={"Authorization": f"Bearer {new.key}"})
        assert response.status_code == 401
        assert "revoked" in response.json()["detail"]
    again = service.client.delete(f"/api/v1/keys/{first.stored.key_id}", headers=service.auth("admin"))
    assert again.status_code == 409


def test_keys_are_created_by_admins_and_only_their_hash_is_kept(service: Service) -> None:
    """POST /keys shows the secret once; listings never show it and the store holds its SHA-256 only."""
    created = service.client.post("/api/v1/keys", json={"holder": "ERP integration", "role": "viewer"},
                                  headers=service.auth("admin"))  # fmt: skip
    assert created.status_code == 201
    key = created.json()["key"]
    assert (
        key.startswith("dukey_")
        and service.client.get("/api/v1/version", headers={"X-API-Key": key}).status_code == 200
    )
    listed = service.client.get("/api/v1/keys", headers=service.auth("admin")).json()
    assert key not in str(listed) and key[len("dukey_") + 13 :] not in str(listed)
    assert any(k["holder"] == "ERP integration" and k["role"] == "viewer" for k in listed)


def test_every_write_is_audited_with_the_key_holder_as_actor(service: Service) -> None:
    """A determination, a licence and a key made through the API are audit records whose actor is the key's holder."""
    determined = service.client.post(
        "/api/v1/determine",
        json={"id": "AUDIT-1", "as_of": "2026-03-01", "item": {"description": "stainless steel valves"},
              "end_user": {"name": "Acme Trading GmbH", "country": "DE"}},
        headers=service.auth("analyst"),
    )  # fmt: skip
    assert determined.status_code == 200
    licence = {"licence_id": "AUDIT-LIC-1", "type": "general", "holder": "Example Exports Ltd",
               "control_codes": ["1C902.a"], "valid_from": "2026-01-01", "valid_to": "2026-12-31"}  # fmt: skip
    assert service.client.post("/api/v1/licences", json=licence, headers=service.auth("admin")).status_code == 201
    records = AuditLog(service.runtime.store).records()
    actors = {(r.event, r.subject): r.actor for r in records}
    assert actors[("determination", "AUDIT-1")] == "Analyst Holder"
    assert actors[("licence_added", "AUDIT-LIC-1")] == "Admin Holder"
    assert AuditLog(service.runtime.store).verify().ok


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/version", "/api/v1/nowhere"])
def test_every_response_carries_the_engine_and_rule_base_versions(service: Service, path: str) -> None:
    """Answers, refusals and not-found errors alike name the engine version and the rule base in headers."""
    response = service.client.get(path, headers=service.auth("viewer"))
    rulebase = service.runtime.rulebase
    assert response.headers[ENGINE_HEADER] == "0.1.0"
    assert response.headers[RULEBASE_VERSION_HEADER] == rulebase.version
    assert response.headers[RULEBASE_DIGEST_HEADER] == rulebase.digest
