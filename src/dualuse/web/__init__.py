"""The web UI for a compliance team: sign in with an API key, check files and watch their progress,
browse runs and rows, read the findings and citations, disposition screening hits, manage licences,
see the rule base as of a date and the audit log.

Server-rendered (Jinja2) with htmx for the live parts; every script and style is served from the
package itself. The API's ``create_app`` calls ``mount_web(app, settings)``.
"""

from dualuse.web.app import mount_web, router
from dualuse.web.settings import WebSettings

__all__ = ["WebSettings", "mount_web", "router"]
