"""The page templates: the Jinja2 environment, its filters, and one function that renders a page."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import Response

from dualuse.explain.report.language import mark_languages
from dualuse.services.keys import KeyHolder, Role
from dualuse.web.presenters.findings import citation_link, order_summary, party_label
from dualuse.web.presenters.licences import TYPE_LABELS, standing
from dualuse.web.presenters.outcomes import OUTCOME_CHOICES, outcome_class, outcome_name
from dualuse.web.presenters.rulebase import state_label
from dualuse.web.session import CSRF_FIELD, CSRF_HEADER, Session

#: The sections of the navigation bar: (route name, label, role needed to see it).
NAVIGATION = (
    ("runs", "Runs", Role.VIEWER),
    ("upload_form", "Check a file", Role.ANALYST),
    ("licences", "Licences", Role.VIEWER),
    ("rulebase", "Rule base", Role.VIEWER),
    ("audit", "Audit log", Role.VIEWER),
)


def make_templates() -> Jinja2Templates:
    """The templates of the web UI, autoescaped, with the filters the pages use."""
    environment = Environment(
        loader=PackageLoader("dualuse.web", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        cjk=mark_languages,
        outcome_class=outcome_class,
        outcome_name=outcome_name,
        citation=citation_link,
        state_label=state_label,
        party_label=party_label,
        order_summary=order_summary,
        when=when,
        standing=standing,
        amount=amount,
    )
    environment.globals.update(OUTCOME_CHOICES=OUTCOME_CHOICES, CSRF_FIELD=CSRF_FIELD, CSRF_HEADER=CSRF_HEADER,
                               Role=Role, TYPE_LABELS=TYPE_LABELS)  # fmt: skip
    return Jinja2Templates(env=environment)


def render(request: Request, templates: Jinja2Templates, name: str, *, status_code: int = 200,
           **values: Any) -> Response:  # fmt: skip
    """Render the page ``name`` with ``values``, the signed-in principal, the CSRF token and navigation."""
    principal: KeyHolder | None = getattr(request.state, "principal", None)
    session: Session | None = getattr(request.state, "session", None)
    context = {
        "principal": principal,
        "csrf_token": session.csrf_token if session else "",
        "navigation": [
            (route, label) for route, label, role in NAVIGATION if principal and principal.role.allows(role)
        ],
        "path": request.url.path,
        "link": lambda route, query=None, **params: link(request, route, query, **params),
        **values,
    }
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def link(request: Request, route: str, query: Mapping[str, Any] | None = None, **path_params: Any) -> str:
    """The path of a named page with the web UI's prefix, and ``query`` (empty values left out) after it."""
    path = str(request.app.router.url_path_for(route, **{key: str(value) for key, value in path_params.items()}))
    base = request.scope.get("root_path", "").rstrip("/") + path
    wanted = {key: value for key, value in (query or {}).items() if value not in (None, "")}
    return f"{base}?{urlencode(wanted)}" if wanted else base


def amount(value: object, unit: object = None) -> str:
    """An amount as the pages show it: "1,250.5 kg"; "no limit" where there is none. Text is read as a number."""
    if value is None or value == "":
        return "no limit"
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit else text


def when(value: datetime | date | str | None) -> str:
    """A time as the pages show it: "2026-03-02 10:15 UTC" (dates as "2026-03-02")."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return value.strftime("%Y-%m-%d %H:%M")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()
