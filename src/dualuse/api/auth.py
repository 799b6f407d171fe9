"""API keys on requests: every route but health needs a key, and the key's role must allow the route.

A key is sent as ``Authorization: Bearer dukey_…`` or as ``X-API-Key: dukey_…``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from dualuse.api.problems import ProblemError
from dualuse.api.runtime import ServiceRuntime
from dualuse.services.keys import KeyHolder, Role

_BEARER = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer dukey_…`.")
_HEADER = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key: `X-API-Key: dukey_…`.")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="dualuse"'}


def runtime_of(request: Request) -> ServiceRuntime:
    """The server process's runtime."""
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


def require(role: Role) -> Callable[..., Awaitable[KeyHolder]]:
    """A dependency admitting keys whose role allows ``role``; 401 without a valid key, 403 with too small a role."""

    async def key_holder(
        request: Request,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
        header: Annotated[str | None, Depends(_HEADER)],
    ) -> KeyHolder:
        runtime = runtime_of(request)
        presented = bearer.credentials if bearer is not None else header
        if not presented:
            raise ProblemError(401, "No valid API key", "send an API key: Authorization: Bearer dukey_…",
                               headers=_CHALLENGE)  # fmt: skip
        holder = runtime.holder_of(presented)
        if holder is None:
            raise ProblemError(401, "No valid API key", "the API key is unknown, malformed or revoked",
                               headers=_CHALLENGE)  # fmt: skip
        if not holder.role.allows(role):
            raise ProblemError(403, "Forbidden", f"this needs the {role.value} role; the key of {holder.holder} is "
                               f"{holder.role.value}")  # fmt: skip
        await runtime.follow_rulebase()
        return holder

    return key_holder


#: Route dependencies, by the role they need.
viewer = require(Role.VIEWER)
analyst = require(Role.ANALYST)
admin = require(Role.ADMIN)

#: Route parameters naming the key's holder, by the role the route needs.
Viewer = Annotated[KeyHolder, Depends(viewer)]
Analyst = Annotated[KeyHolder, Depends(analyst)]
Admin = Annotated[KeyHolder, Depends(admin)]
