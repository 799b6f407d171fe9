"""What every page handler works with: the service runtime (store, engines, keys, check jobs) and the templates.

Built once by ``mount_web`` and kept on the web application's state; handlers reach it through the
``web_context`` dependency, so nothing is held at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from dualuse.api.runtime import ServiceRuntime
from dualuse.rulebase import RuleBase
from dualuse.services.jobs import CheckJobs
from dualuse.store import Store
from dualuse.web.backends.dispositions import DispositionService, ServiceDispositions
from dualuse.web.settings import WebSettings


@dataclass(frozen=True, slots=True)
class WebContext:
    """The web UI's collaborators: the API's runtime, shared with its routes, and the templates."""

    runtime: ServiceRuntime
    settings: WebSettings
    templates: Jinja2Templates

    @property
    def store(self) -> Store:
        """The service's store."""
        return self.runtime.store

    @property
    def rulebase(self) -> RuleBase:
        """The rule base in service now (an administrator may reload it)."""
        return self.runtime.rulebase

    @property
    def jobs(self) -> CheckJobs:
        """The service's background checks."""
        return self.runtime.jobs

    @property
    def dispositions(self) -> DispositionService:
        """Decisions on screening hits, confirmed against the screener in service."""
        return ServiceDispositions(self.runtime.store, self.runtime.engines)

    @property
    def reports_dir(self) -> Path:
        """Where the service writes the reports of the checks it runs."""
        return Path(self.runtime.settings.data_dir) / "reports"


def web_context(request: Request) -> WebContext:
    """The web context of the application serving ``request``."""
    context: WebContext = request.app.state.dualuse_web
    return context
