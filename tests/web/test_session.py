"""The session cookie and its CSRF token."""

from __future__ import annotations

import pytest

from dualuse.web.session import Session


def test_a_session_survives_its_cookie() -> None:
    """A session read back from its own cookie is the same session."""
    session = Session.open("dukey_0123456789ab_secret")
    assert Session.from_cookie(session.cookie) == session


@pytest.mark.parametrize("value", [None, "", "no-dot", "short.key", "0" * 32 + ".", "." + "k" * 10])
def test_a_malformed_cookie_is_no_session(value: str | None) -> None:
    """A missing or malformed cookie opens no session."""
    assert Session.from_cookie(value) is None


def test_each_session_has_its_own_csrf_token() -> None:
    """Two sessions of the same key carry different CSRF tokens, and each accepts only its own."""
    first, second = Session.open("dukey_key"), Session.open("dukey_key")
    assert first.csrf_token != second.csrf_token
    assert first.accepts(first.csrf_token)
    assert not first.accepts(second.csrf_token)
    assert not first.accepts(None)
    assert not first.accepts("")
