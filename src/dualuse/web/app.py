"""The web UI as a FastAPI sub-application: ``router`` holds the pages, ``mount_web`` serves them.

``create_app`` in the API calls ``mount_web(app, settings)``; the pages then live under ``/ui`` with
their own error pages, security headers and static files, and share the API's runtime (store,
engines, key checks and check jobs) through ``app.state.runtime``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from dualuse.api.runtime import ServiceRuntime
from dualuse.api.settings import ServiceSettings
from dualuse.web.context import WebContext
from dualuse.web.pages import audit, licences, login, rows, rulebase, runs, upload
from dualuse.web.rendering import link, make_templates, render
from dualuse.web.security import CsrfRejected, NotAllowed, SignInRequired
from dualuse.web.settings import WebSettings

#: Every page of the web UI.
router = APIRouter()
for _pages in (login, runs, rows, upload, licences, rulebase, audit):
    router.include_router(_pages.router)

#: Sent with every page: scripts, styles and images come from this server only; no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def mount_web(app: FastAPI, settings: ServiceSettings | None = None, *,
              web_settings: WebSettings | None = None) -> FastAPI:  # fmt: skip
    """Serve the web UI from ``app`` under the prefix (``/ui``) and return the web sub-application.

    The pages use the API's runtime (``app.state.runtime``: store, engines, key checks, check jobs).
    An application without one — a bare FastAPI app — gets a runtime built from ``settings``,
    closed when the application shuts down.
    """
    chosen = web_settings or WebSettings()
    runtime: ServiceRuntime | None = getattr(app.state, "runtime", None)
    if runtime is None:
        runtime = ServiceRuntime(settings or ServiceSettings())
        app.state.runtime = runtime
        _close_on_shutdown(app, runtime)
    web = FastAPI(title="dualuse web UI", docs_url=None, redoc_url=None, openapi_url=None)
    web.state.dualuse_web = WebContext(runtime=runtime, settings=chosen, templates=make_templates())
    web.include_router(router)
    web.mount("/static", StaticFiles(packages=[("dualuse.web", "static")]), name="static")
    web.add_middleware(BaseHTTPMiddleware, dispatch=_security_headers)
    _add_error_pages(web)
    prefix = "/" + chosen.prefix.strip("/")
    app.mount(prefix, web, name="web")
    if not any(getattr(route, "path", None) == "/" for route in app.router.routes):

        @app.get("/", include_in_schema=False)
        def start() -> RedirectResponse:
            return RedirectResponse(prefix + "/", status_code=303)

    return web


def _close_on_shutdown(app: FastAPI, runtime: ServiceRuntime) -> None:
    earlier = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        async with earlier(application) as state:
            yield state
        runtime.close()

    app.router.lifespan_context = lifespan


async def _security_headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith(request.scope.get("root_path", "") + "/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _add_error_pages(web: FastAPI) -> None:
    async def sign_in(request: Request, error: Exception) -> Response:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = link(request, "login", {"next": wanted if request.method == "GET" else ""})
        if request.headers.get("hx-request"):
            return Response(status_code=200, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    async def not_allowed(request: Request, error: Exception) -> Response:
        needed = error.role.value if isinstance(error, NotAllowed) else "a higher"
        message = f"Your key's role does not allow this; it needs the {needed} role."
        return _error(request, 403, "Not allowed", message)

    async def csrf(request: Request, error: Exception) -> Response:
        message = "The form was sent without this session's security token. Reload the page and try again."
        return _error(request, 403, "Form expired", message)

    async def http_error(request: Request, error: Exception) -> Response:
        status = getattr(error, "status_code", 500)
        detail = getattr(error, "detail", None)
        title = "Not found" if status == 404 else "Something went wrong"
        return _error(request, status, title, str(detail) if detail else title)

    async def invalid(request: Request, error: Exception) -> Response:
        problems = list(error.errors()) if isinstance(error, RequestValidationError) else []
        where = "; ".join(f"{problem['loc'][-1]}: {problem['msg']}" for problem in problems[:3])
        return _error(
            request, 400, "Not a valid address", f"The address asks for something the page cannot read ({where})."
        )

    web.add_exception_handler(SignInRequired, sign_in)
    web.add_exception_handler(RequestValidationError, invalid)
    web.add_exception_handler(NotAllowed, not_allowed)
    web.add_exception_handler(CsrfRejected, csrf)
    web.add_exception_handler(StarletteHTTPException, http_error)


def _error(request: Request, status: int, title: str, message: str) -> Response:
    context: WebContext = request.app.state.dualuse_web
    return render(request, context.templates, "error.html.j2", status_code=status, title=title, message=message)
