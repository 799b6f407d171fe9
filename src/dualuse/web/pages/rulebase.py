"""The rule base as of a chosen date: each instrument's status and history, and what changed since another date."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import Response

from dualuse.errors import CoverageError
from dualuse.rulebase import FIRST_DAY_COVERED
from dualuse.web.presenters.rulebase import STATE_LABELS, rulebase_day
from dualuse.web.rendering import render
from dualuse.web.security import Context, Viewer

router = APIRouter()


@router.get("/rulebase", name="rulebase")
def rulebase(request: Request, principal: Viewer, context: Context, on: str = "", compare: str = "") -> Response:
    """The rule base on ``on`` (default today), marking what stood otherwise on ``compare`` when given."""
    problems: list[str] = []
    day = _parse(on, "date", problems) or date.today()
    earlier = _parse(compare, "comparison date", problems)
    try:
        view = rulebase_day(context.rulebase, day, earlier)
    except CoverageError as error:
        problems.append(str(error))
        day, earlier = date.today(), None
        view = rulebase_day(context.rulebase, day)
    return render(request, context.templates, "rulebase.html.j2", status_code=400 if problems else 200, view=view,
                  problems=problems, states=STATE_LABELS, first_day=FIRST_DAY_COVERED, rulebase=context.rulebase,
                  on=day.isoformat(), compare=earlier.isoformat() if earlier else "")  # fmt: skip


def _parse(text: str, what: str, problems: list[str]) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"{text} is not a {what} (YYYY-MM-DD).")
        return None
