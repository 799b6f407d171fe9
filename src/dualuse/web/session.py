"""The signed-in session: the session cookie and its CSRF token.

The session cookie holds a fresh random session number and the API key, and is HttpOnly and
SameSite=Strict (and Secure over HTTPS): scripts cannot read it and other sites cannot send it. The
key is checked by the service's key check on every request, so a revoked key ends its sessions
within the service's key cache time. Every form carries a CSRF token derived from the session
number with the key as the secret: only this session can produce it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

#: The cookie that carries the session.
SESSION_COOKIE = "dualuse_session"
#: The cookie that carries the login form's token until the user has signed in.
LOGIN_COOKIE = "dualuse_login"
#: The form field and the header (for htmx requests) that carry the CSRF token.
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True, slots=True)
class Session:
    """A session read back from its cookie: its number and the API key it was opened with."""

    number: str
    api_key: str

    @classmethod
    def open(cls, api_key: str) -> Session:
        """A new session for ``api_key`` with a fresh random number."""
        return cls(secrets.token_hex(16), api_key)

    @classmethod
    def from_cookie(cls, value: str | None) -> Session | None:
        """The session held in a cookie value, or None when there is none or it is malformed."""
        if not value or "." not in value:
            return None
        number, _, api_key = value.partition(".")
        if len(number) != 32 or not api_key:
            return None
        return cls(number, api_key)

    @property
    def cookie(self) -> str:
        """The cookie value."""
        return f"{self.number}.{self.api_key}"

    @property
    def csrf_token(self) -> str:
        """This session's CSRF token."""
        return hmac.new(self.api_key.encode(), b"dualuse-csrf:" + self.number.encode(), hashlib.sha256).hexdigest()

    def accepts(self, token: str | None) -> bool:
        """True where ``token`` is this session's CSRF token (compared in constant time)."""
        return bool(token) and hmac.compare_digest(str(token), self.csrf_token)


def new_login_token() -> str:
    """A random token for the login form, also set as a cookie (double submit)."""
    return secrets.token_urlsafe(24)
