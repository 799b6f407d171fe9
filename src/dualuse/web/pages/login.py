"""Signing in with an API key, and signing out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from dualuse.web.rendering import link, render
from dualuse.web.security import Context, Viewer, current_session
from dualuse.web.session import LOGIN_COOKIE, SESSION_COOKIE, Session, new_login_token

router = APIRouter()


@router.get("/login", name="login")
def login_form(request: Request, context: Context, next: str = "") -> Response:
    """The login form; a session already open goes straight on."""
    session = current_session(request)
    if session is not None and context.runtime.holder_of(session.api_key) is not None:
        return RedirectResponse(_next_page(request, next), status_code=303)
    return _form(request, context, next=next)


@router.post("/login", name="login_submit")
def login(
    request: Request,
    context: Context,
    api_key: Annotated[str, Form()] = "",
    login_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Open a session for a valid API key; otherwise show the form again with the reason."""
    expected = request.cookies.get(LOGIN_COOKIE)
    if not expected or login_token != expected:
        return _form(request, context, next=next, error="The form had expired. Please sign in again.", status=400)
    api_key = api_key.strip()
    principal = context.runtime.holder_of(api_key) if api_key else None
    if principal is None:
        return _form(request, context, next=next, error="This API key is not valid or has been revoked.", status=401)
    response = RedirectResponse(_next_page(request, next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        Session.open(api_key).cookie,
        httponly=True,
        samesite="strict",
        secure=_secure(request, context),
        path=_cookie_path(request),
    )
    response.delete_cookie(LOGIN_COOKIE, path=_cookie_path(request))
    return response


@router.post("/logout", name="logout")
def logout(request: Request, principal: Viewer) -> Response:
    """End the session."""
    response = RedirectResponse(link(request, "login"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=_cookie_path(request), httponly=True, samesite="strict")
    return response


def _form(request: Request, context: Context, *, next: str, error: str | None = None, status: int = 200) -> Response:
    token = new_login_token()
    response = render(request, context.templates, "login.html.j2", status_code=status, next=next, error=error,
                      login_token=token)  # fmt: skip
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request, context),
                        path=_cookie_path(request), max_age=3600)  # fmt: skip
    return response


def _next_page(request: Request, wanted: str) -> str:
    # Only a path inside the web UI: never an address elsewhere ("//evil.example" or "https://…").
    prefix = _cookie_path(request)
    if wanted.startswith(prefix) and not wanted.startswith("//") and "\\" not in wanted:
        return wanted
    return link(request, "runs")


def _secure(request: Request, context: Context) -> bool:
    # Secure whenever the page was served over HTTPS, or always where the settings say so (behind a proxy).
    return context.settings.secure_cookies or request.url.scheme == "https"


def _cookie_path(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/") or "/"
