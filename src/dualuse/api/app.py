"""The FastAPI application: every route under /api/v1, keys and roles, problem details, version headers.

    app = create_app(ServiceSettings(database_url="sqlite:///var/dualuse.sqlite3"))

The web UI mounts itself into the same application and uses ``app.state.runtime`` (the store and
engines) and ``dualuse.api.auth.require`` (keys and roles).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from dualuse import __version__
from dualuse.api.auth import Viewer
from dualuse.api.headers import VersionHeaders
from dualuse.api.problems import Problem, install_problem_handlers, responses
from dualuse.api.routes import answers, register, reviews, runs, system
from dualuse.api.runtime import ServiceRuntime
from dualuse.api.settings import ServiceSettings

PREFIX = "/api/v1"
DESCRIPTION = """China's dual-use export-control regime (MOFCOM) applied to trade transactions, with citations.

Every route but `/api/v1/health` needs an API key (`Authorization: Bearer dukey_…` or `X-API-Key`).
Roles nest: **viewer** reads; **analyst** also screens, classifies, determines, checks files, records
dispositions and re-screens; **admin** also manages licences, keys and the rule base in service.
Errors are problem details (RFC 9457) naming the field at fault. Every response carries
`X-Dualuse-Engine-Version`, `X-Dualuse-Rulebase-Version` and `X-Dualuse-Rulebase-Digest`.
"""


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """Build the application: opens (and upgrades) the store, loads the rule base and builds the engines."""
    runtime = ServiceRuntime(settings or ServiceSettings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        runtime.close()

    app = FastAPI(
        title="dualuse",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=None,  # served below, behind a key like everything else
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    install_problem_handlers(app)
    for router in (system.router, answers.router, register.router, reviews.router, runs.router):
        app.include_router(router, prefix=PREFIX)

    @app.get(f"{PREFIX}/openapi.json", include_in_schema=False)
    async def openapi(request: Request, holder: Viewer) -> JSONResponse:
        return JSONResponse(app.openapi())

    app.openapi_schema = None
    _document_problems(app)
    app.add_middleware(VersionHeaders, versions=runtime.versions)
    from dualuse.web.app import mount_web  # the reviewers' pages, mounted at /ui on the same runtime

    mount_web(app, settings)
    return app


def create_app_from_environment() -> FastAPI:
    """The application configured from DUALUSE_* environment variables (what ``dualuse serve`` runs)."""
    return create_app(ServiceSettings.from_environment())


def _document_problems(app: FastAPI) -> None:
    """Add the Problem schema and the version headers to the OpenAPI description."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = original()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
        for defined in Problem.model_json_schema(ref_template="#/components/schemas/{model}").get("$defs", {}).items():
            components.setdefault(*defined)
        components["Problem"].pop("$defs", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


__all__ = ["PREFIX", "ServiceSettings", "create_app", "create_app_from_environment", "responses"]
