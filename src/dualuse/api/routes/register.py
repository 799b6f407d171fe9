"""The licence register: list, read, add, revoke, and draw down (writes need the admin role)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from dualuse.api.auth import Admin, Viewer, runtime_of
from dualuse.api.problems import ProblemError, responses
from dualuse.errors import InputError
from dualuse.licences import validity_warnings
from dualuse.store import LicenceRegister, licence_from_fields

router = APIRouter(prefix="/licences", tags=["licences"], responses=responses(401, 403))

Amount = Annotated[str, StringConstraints(pattern=r"^\d{1,12}(\.\d{1,6})?$")]


class LicenceIn(BaseModel):
    """A licence as issued by MOFCOM, to enter in the register."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "licence_id": "DU2026-000123", "type": "individual", "holder": "Example Exports Ltd",
        "control_codes": ["1C902.a"], "end_user": "Acme Magnets GmbH", "destination": "DE",
        "valid_from": "2026-01-01", "valid_to": "2026-12-31", "quantity": "500", "unit": "kg"}]})  # fmt: skip

    licence_id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    type: Literal["individual", "general", "registration_certificate"]
    holder: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    control_codes: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = Field(
        min_length=1, max_length=100
    )
    end_user: Annotated[str, StringConstraints(max_length=500)] | None = None
    destination: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")] | None = None
    valid_from: date
    valid_to: date
    quantity: Amount | None = None
    unit: Annotated[str, StringConstraints(max_length=32)] | None = None
    value: Amount | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")] | None = None


class LicenceOut(BaseModel):
    """A licence in the register."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "licence_id": "DU2026-000123", "type": "individual", "holder": "Example Exports Ltd",
        "control_codes": ["1C902.a"], "valid_from": "2026-01-01", "valid_to": "2026-12-31",
        "quantity_remaining": "475", "unit": "kg", "revoked_on": None}]})  # fmt: skip

    licence_id: str
    type: str
    holder: str
    control_codes: list[str]
    valid_from: date
    valid_to: date


class RevokeIn(BaseModel):
    """When MOFCOM revoked the licence, and why."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"on": "2026-06-01", "reason": "MOFCOM letter 2026-17"}]})

    on: date
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class DrawDownIn(BaseModel):
    """A shipment to record against the licence."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"shipment_ref": "SHP-2026-0042", "quantity": "25",
                                                               "shipped_on": "2026-03-02"}]})  # fmt: skip

    shipment_ref: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    quantity: Amount
    value: Amount | None = None
    shipped_on: date | None = None


class DrawDownOut(BaseModel):
    """A shipment recorded against a licence."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "licence_id": "DU2026-000123", "shipment_ref": "SHP-2026-0042", "quantity": "25"}]})  # fmt: skip

    licence_id: str
    shipment_ref: str


@router.get("", response_model=list[LicenceOut], summary="List licences")
def list_licences(
    request: Request,
    holder: Viewer,
    licence_holder: Annotated[str | None, Query(alias="holder", max_length=500)] = None,
    code: Annotated[str | None, Query(max_length=40)] = None,
    active_on: date | None = None,
) -> list[dict[str, Any]]:
    """The licences in the register, optionally by holder, by control code covered, or valid on a date."""
    register = LicenceRegister(runtime_of(request).store)
    return [lic.to_dict() for lic in register.list(holder=licence_holder, control_code=code, active_on=active_on)]


@router.get("/{licence_id}", response_model=LicenceOut, responses=responses(404), summary="Read one licence")
def get_licence(licence_id: str, request: Request, holder: Viewer) -> dict[str, Any]:
    """One licence with its validity warnings and every shipment recorded against it."""
    register = LicenceRegister(runtime_of(request).store)
    licence = register.find(licence_id)
    if licence is None:
        raise ProblemError(404, "Not found", f"no licence {licence_id} in the register", field="licence_id")
    return {**licence.to_dict(), "warnings": list(validity_warnings(licence)),
            "draw_downs": [d.to_dict() for d in register.draw_downs(licence_id)]}  # fmt: skip


@router.post("", response_model=LicenceOut, status_code=201, responses=responses(409, 422), summary="Add a licence")
def add_licence(body: LicenceIn, request: Request, holder: Admin) -> dict[str, Any]:
    """Enter a licence in the register (audited, with the key's holder as actor)."""
    try:
        licence = licence_from_fields(body.model_dump(mode="json", exclude_none=True))
    except InputError as error:
        problems = getattr(error, "problems", (error,))
        raise ProblemError(422, "Unprocessable input", "; ".join(str(p) for p in problems), field=error.field) from None
    try:
        added = LicenceRegister(runtime_of(request).store).add(licence, actor=holder.holder, at=datetime.now(UTC))
    except InputError as error:
        raise ProblemError(409, "Already in the register", str(error), field=error.field) from None
    return added.to_dict()


@router.post("/{licence_id}/revoke", response_model=LicenceOut, responses=responses(404, 409, 422),
             summary="Revoke a licence")  # fmt: skip
def revoke_licence(licence_id: str, body: RevokeIn, request: Request,
                         holder: Admin) -> dict[str, Any]:  # fmt: skip
    """Record that MOFCOM revoked the licence from ``on``: shipments from that day are no longer covered.
    Licences are never deleted; revocation is how one leaves service."""
    register = LicenceRegister(runtime_of(request).store)
    if register.find(licence_id) is None:
        raise ProblemError(404, "Not found", f"no licence {licence_id} in the register", field="licence_id")
    return register.revoke(
        licence_id, on=body.on, reason=body.reason, actor=holder.holder, at=datetime.now(UTC)
    ).to_dict()


@router.post("/{licence_id}/draw-downs", response_model=DrawDownOut, status_code=201,
             responses=responses(404, 409, 422), summary="Record a shipment against a licence")  # fmt: skip
def draw_down(licence_id: str, body: DrawDownIn, request: Request,
                    holder: Admin) -> dict[str, Any]:  # fmt: skip
    """Use up quantity (and value) of the licence for one shipment, atomically; refused (409) when the
    licence is expired, revoked, would be overdrawn, or the shipment is already recorded."""
    register = LicenceRegister(runtime_of(request).store)
    if register.find(licence_id) is None:
        raise ProblemError(404, "Not found", f"no licence {licence_id} in the register", field="licence_id")
    recorded = register.draw_down(licence_id, Decimal(body.quantity), body.shipment_ref, holder.holder, datetime.now(UTC),
                                  value=Decimal(body.value) if body.value else None, shipped_on=body.shipped_on)  # fmt: skip
    return recorded.to_dict()
