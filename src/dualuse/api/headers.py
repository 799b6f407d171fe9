"""Every response names the engine version and the rule base (version and digest) it was answered with."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENGINE_HEADER = "X-Dualuse-Engine-Version"
RULEBASE_VERSION_HEADER = "X-Dualuse-Rulebase-Version"
RULEBASE_DIGEST_HEADER = "X-Dualuse-Rulebase-Digest"


class VersionHeaders:
    """ASGI middleware adding the version headers to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp, versions: Callable[[], tuple[str, str, str]]) -> None:
        self.app = app
        self.versions = versions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers as the response starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_versions(message: Message) -> None:
            if message["type"] == "http.response.start":
                engine, version, digest = self.versions()
                headers = list(message.get("headers", []))
                headers += [(ENGINE_HEADER.lower().encode(), engine.encode()),
                            (RULEBASE_VERSION_HEADER.lower().encode(), version.encode()),
                            (RULEBASE_DIGEST_HEADER.lower().encode(), digest.encode())]  # fmt: skip
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_versions)
