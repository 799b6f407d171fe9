"""Signing in with an API key, roles, CSRF tokens and security headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from dualuse.services.keys import revoke_key
from dualuse.store import open_store
from tests.web.conftest import WebApp, csrf_token, sign_in

PAGES = ["/ui/runs", "/ui/licences", "/ui/rulebase", "/ui/audit", "/ui/check", "/ui/runs/none/rows/1"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_a_stranger_to_the_login_form(web_app: WebApp, path: str) -> None:
    """Without a session every page redirects to the login form, remembering where the user was going."""
    with TestClient(web_app.app) as client:
        answer = client.get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/ui/login?next=")


def test_the_page_to_return_to_keeps_its_filter(web_app: WebApp) -> None:
    """A stranger sent to the login form comes back to the same filtered page."""
    with TestClient(web_app.app) as client:
        answer = client.get("/ui/audit?event=disposition", follow_redirects=False)
    assert answer.headers["location"] == "/ui/login?next=%2Fui%2Faudit%3Fevent%3Ddisposition"


def test_a_valid_key_opens_an_httponly_strict_session(web_app: WebApp) -> None:
    """Signing in sets an HttpOnly, SameSite=Strict session cookie scoped to the UI and lands on the runs."""
    with TestClient(web_app.app) as client:
        form = client.get("/ui/login")
        token = form.cookies.get("dualuse_login")
        answer = client.post("/ui/login", data={"api_key": web_app.keys["viewer"], "login_token": token},
                             follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303
        assert answer.headers["location"] == "/ui/runs"
        cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("dualuse_session="))
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        assert "Path=/ui" in cookie
        assert client.get("/ui/runs").status_code == 200


@pytest.mark.parametrize("key", ["", "not-a-key", "dukey_000000000000_" + "x" * 43])
def test_an_unknown_key_is_refused(web_app: WebApp, key: str) -> None:
    """An unknown or malformed key is refused with the reason, and no session is opened."""
    with TestClient(web_app.app) as client:
        client.get("/ui/login")
        token = client.cookies.get("dualuse_login")
        answer = client.post("/ui/login", data={"api_key": key, "login_token": token}, follow_redirects=False)
        assert answer.status_code == 401
        assert "not valid or has been revoked" in answer.text
        assert client.get("/ui/runs", follow_redirects=False).status_code == 303


def test_the_login_form_needs_its_own_token(web_app: WebApp) -> None:
    """A login posted without the form's token (a cross-site login attempt) is refused."""
    with TestClient(web_app.app) as client:
        answer = client.post("/ui/login", data={"api_key": web_app.keys["admin"], "login_token": "forged"})
    assert answer.status_code == 400


@pytest.mark.parametrize(("wanted", "landing"), [
    ("/ui/licences", "/ui/licences"),
    ("https://evil.example/", "/ui/runs"),
    ("//evil.example/ui", "/ui/runs"),
    ("/elsewhere", "/ui/runs"),
])  # fmt: skip
def test_after_sign_in_the_user_goes_only_to_a_page_of_the_ui(web_app: WebApp, wanted: str, landing: str) -> None:
    """The page to return to after signing in is honoured only inside the web UI."""
    with TestClient(web_app.app) as client:
        client.get("/ui/login")
        token = client.cookies.get("dualuse_login")
        answer = client.post("/ui/login", data={"api_key": web_app.keys["admin"], "login_token": token, "next": wanted},
                             follow_redirects=False)  # fmt: skip
    assert answer.headers["location"] == landing


def test_a_revoked_key_ends_its_session(web_app: WebApp) -> None:
    """Once the key is revoked the next page sends its holder back to the login form."""
    with TestClient(web_app.app) as client:
        sign_in(client, web_app.keys["analyst"])
        assert client.get("/ui/runs").status_code == 200
        key_id = web_app.keys["analyst"].split("_")[1]
        with open_store(web_app.settings.database_url) as store:
            revoke_key(store, key_id, actor="test", at=datetime.now(UTC))
        assert client.get("/ui/runs", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(("role", "path", "status"), [
    ("viewer", "/ui/runs", 200),
    ("viewer", "/ui/check", 403),
    ("analyst", "/ui/check", 200),
    ("viewer", "/ui/licences", 200),
])  # fmt: skip
def test_each_role_sees_what_it_may(web_app: WebApp, role: str, path: str, status: int) -> None:
    """Viewers read; analysts also check files; pages beyond a role answer 403 with a readable reason."""
    with TestClient(web_app.app) as client:
        sign_in(client, web_app.keys[role])
        answer = client.get(path)
    assert answer.status_code == status
    if status == 403:
        assert "needs the analyst role" in answer.text


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_an_administrator_adds_a_licence(web_app: WebApp, role: str) -> None:
    """Viewers and analysts see the register without its forms, and a licence they post is refused."""
    with TestClient(web_app.app) as client:
        sign_in(client, web_app.keys[role])
        page = client.get("/ui/licences")
        assert "Add a licence" not in page.text
        answer = client.post("/ui/licences", data={"csrf_token": csrf_token(page.text), "licence_id": "L-1"})
    assert answer.status_code == 403
    assert "needs the admin role" in answer.text


@pytest.mark.parametrize("token", [None, "", "0" * 64])
def test_a_form_without_this_sessions_token_is_refused(client: TestClient, token: str | None) -> None:
    """A state-changing form without the session's CSRF token is refused and changes nothing."""
    data = {"licence_id": "L-CSRF", "holder": "X", "control_codes": "1C902", "valid_from": "2026-01-01",
            "valid_to": "2026-12-31", "type": "general"}  # fmt: skip
    if token is not None:
        data["csrf_token"] = token
    answer = client.post("/ui/licences", data=data)
    assert answer.status_code == 403
    assert "security token" in answer.text
    assert "L-CSRF" not in client.get("/ui/licences").text


def test_the_csrf_token_may_come_as_a_header(client: TestClient) -> None:
    """htmx sends the token in the X-CSRF-Token header instead of a form field."""
    token = csrf_token(client.get("/ui/runs").text)
    answer = client.post("/ui/logout", headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert client.get("/ui/runs", follow_redirects=False).status_code == 303


def test_pages_forbid_outside_scripts_and_framing(client: TestClient) -> None:
    """Every page says scripts and styles come only from this server, and may not be framed or cached."""
    answer = client.get("/ui/runs")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "no-store"
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", answer.text):
        assert "http" not in tag, tag


def test_the_root_of_the_application_leads_to_the_ui(client: TestClient) -> None:
    """Opening the server's root goes to the web UI."""
    answer = client.get("/", follow_redirects=False)
    assert answer.headers["location"] == "/ui/"
