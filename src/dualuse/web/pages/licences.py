"""The licence register: list and open licences; administrators add, revoke and draw them down."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from dualuse.errors import DualuseError, InputError
from dualuse.store import AuditLog, LicenceRegister, licence_from_fields
from dualuse.store.licence_import import COLUMNS, LicenceRowError
from dualuse.web.rendering import link, render
from dualuse.web.security import Admin, Context, Viewer

router = APIRouter()


@router.get("/licences", name="licences")
def licences(request: Request, principal: Viewer, context: Context, holder: str = "") -> Response:
    """Every licence in the register (or those whose holder's name contains ``holder``)."""
    return _list(request, context, holder=holder)


@router.post("/licences", name="licence_add")
async def licence_add(request: Request, principal: Admin, context: Context) -> Response:
    """Enter a licence in the register from the form; a broken field is shown beside it."""
    form = await request.form()
    fields = {name: str(form.get(name) or "").strip() for name in COLUMNS}
    entered = {name: value for name, value in fields.items() if value}
    problems: dict[str, str] = {}
    try:
        licence = licence_from_fields(entered)
        LicenceRegister(context.store).add(licence, actor=principal.holder, at=datetime.now(UTC))
    except LicenceRowError as error:
        problems = {problem.field or "form": problem.problem for problem in error.problems}
    except InputError as error:
        problems = {error.field or "form": error.problem}
    if problems:
        return _list(request, context, holder="", entered=fields, problems=problems, status=400)
    return RedirectResponse(link(request, "licence", licence_id=licence.licence_id), status_code=303)


@router.get("/licences/{licence_id}", name="licence")
def licence(request: Request, principal: Viewer, context: Context, licence_id: str) -> Response:
    """One licence: its terms, what remains, the shipments drawn against it and its audit trail."""
    return _detail(request, context, licence_id)


@router.post("/licences/{licence_id}/revoke", name="licence_revoke")
async def licence_revoke(request: Request, principal: Admin, context: Context, licence_id: str) -> Response:
    """Record MOFCOM's revocation of the licence from a date, with the reason."""
    form = await request.form()
    values = {name: str(form.get(name) or "").strip() for name in ("revoked_on", "reason")}
    try:
        day = _day(values["revoked_on"], "revoked_on")
        LicenceRegister(context.store).revoke(licence_id, on=day, reason=values["reason"], actor=principal.holder,
                                              at=datetime.now(UTC))  # fmt: skip
    except DualuseError as error:
        return _detail(request, context, licence_id, revoke_problem=_problem(error), revoke_form=values, status=400)
    return RedirectResponse(link(request, "licence", licence_id=licence_id), status_code=303)


@router.post("/licences/{licence_id}/draw-downs", name="licence_draw_down")
async def licence_draw_down(request: Request, principal: Admin, context: Context, licence_id: str) -> Response:
    """Record a shipment against the licence, using up its quantity (and value)."""
    form = await request.form()
    values = {name: str(form.get(name) or "").strip() for name in ("shipment_ref", "quantity", "value", "shipped_on")}
    try:
        quantity = _amount(values["quantity"], "quantity")
        value = _amount(values["value"], "value") if values["value"] else None
        shipped_on = _day(values["shipped_on"], "shipped_on") if values["shipped_on"] else None
        LicenceRegister(context.store).draw_down(licence_id, quantity, values["shipment_ref"], principal.holder,
                                                 datetime.now(UTC), value=value, shipped_on=shipped_on)  # fmt: skip
    except DualuseError as error:
        return _detail(request, context, licence_id, draw_problem=_problem(error), draw_form=values, status=400)
    return RedirectResponse(link(request, "licence", licence_id=licence_id), status_code=303)


def _list(request: Request, context: Context, *, holder: str, entered: dict[str, str] | None = None,
          problems: dict[str, str] | None = None, status: int = 200) -> Response:  # fmt: skip
    register = LicenceRegister(context.store)
    return render(request, context.templates, "licences.html.j2", status_code=status,
                  licences=register.list(holder=holder or None), holder=holder, today=date.today(),
                  entered=entered or {}, problems=problems or {})  # fmt: skip


def _detail(request: Request, context: Context, licence_id: str, *, status: int = 200, **extra: Any) -> Response:
    register = LicenceRegister(context.store)
    found = register.find(licence_id)
    if found is None:
        raise HTTPException(404, f"There is no licence {licence_id} in the register.")
    values: dict[str, Any] = {"revoke_problem": None, "revoke_form": {}, "draw_problem": None, "draw_form": {}}
    values.update(extra)
    return render(request, context.templates, "licence.html.j2", status_code=status, licence=found,
                  draw_downs=register.draw_downs(licence_id), trail=AuditLog(context.store).records(subject=licence_id),
                  today=date.today(), **values)  # fmt: skip


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text or 'nothing'} is not a date (YYYY-MM-DD)", field=field) from None


def _amount(text: str, field: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InputError(f"{text or 'nothing'} is not a number", field=field) from None


def _problem(error: DualuseError) -> str:
    return str(getattr(error, "problem", None) or error)
