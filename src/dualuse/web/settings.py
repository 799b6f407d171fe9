"""How the web UI is served: under which path, and whether its cookies need HTTPS."""

from __future__ import annotations

from dataclasses import dataclass

#: Where the pages are served unless told otherwise.
DEFAULT_PREFIX = "/ui"


@dataclass(frozen=True, slots=True)
class WebSettings:
    """The web UI's own settings (the store, rule base and data folder are the service's).

    ``secure_cookies`` marks the session cookie Secure: set it wherever the UI is served over HTTPS.
    """

    prefix: str = DEFAULT_PREFIX
    secure_cookies: bool = False
