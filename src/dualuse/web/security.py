"""Who may see and do what: sign-in, roles and CSRF checks, as FastAPI dependencies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from dualuse.services.keys import KeyHolder, Role
from dualuse.web.context import WebContext, web_context
from dualuse.web.session import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, Session


class SignInRequired(Exception):
    """The request needs a signed-in user; the page sends them to the login form."""


class NotAllowed(Exception):
    """The signed-in user's role does not allow this; ``role`` is the role needed."""

    def __init__(self, role: Role) -> None:
        super().__init__(f"this needs the {role.value} role")
        self.role = role


class CsrfRejected(Exception):
    """A form arrived without this session's CSRF token."""


def current_session(request: Request) -> Session | None:
    """The session named by the request's cookie, or None."""
    return Session.from_cookie(request.cookies.get(SESSION_COOKIE))


async def signed_in(request: Request, context: Annotated[WebContext, Depends(web_context)]) -> KeyHolder:
    """The key's holder; raises SignInRequired when there is no session or its key is no longer valid.

    The key is checked by the service as on every API request (a revoked key is refused within the
    service's key cache time), and this process follows a rule base reloaded by another.
    """
    session = current_session(request)
    principal = context.runtime.holder_of(session.api_key) if session else None
    if principal is None:
        raise SignInRequired
    request.state.principal = principal
    request.state.session = session
    await context.runtime.follow_rulebase()
    return principal


def requires(role: Role) -> Callable[[Request, KeyHolder], Awaitable[KeyHolder]]:
    """A dependency admitting principals with ``role`` (or above); state-changing requests must also
    carry this session's CSRF token."""

    async def admit(request: Request, principal: Annotated[KeyHolder, Depends(signed_in)]) -> KeyHolder:
        if not principal.role.allows(role):
            raise NotAllowed(role)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            await check_csrf(request)
        return principal

    return admit


async def check_csrf(request: Request) -> None:
    """Raise CsrfRejected unless the form field or the X-CSRF-Token header carries this session's token."""
    session: Session | None = getattr(request.state, "session", None) or current_session(request)
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if session is None or not session.accepts(token):
        raise CsrfRejected


#: Dependencies for page handlers: anyone signed in; analysts and above; administrators.
Viewer = Annotated[KeyHolder, Depends(requires(Role.VIEWER))]
Analyst = Annotated[KeyHolder, Depends(requires(Role.ANALYST))]
Admin = Annotated[KeyHolder, Depends(requires(Role.ADMIN))]
Context = Annotated[WebContext, Depends(web_context)]
