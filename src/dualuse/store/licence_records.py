"""Licences to and from rows of the ``licences`` table, and the draw-down record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from dualuse.licences import Licence, LicenceSource, LicenceType


@dataclass(frozen=True, slots=True)
class DrawDown:
    """One shipment recorded against a licence: what it used up, when, and who recorded it."""

    draw_down_id: int
    licence_id: str
    shipment_ref: str
    quantity: Decimal
    value: Decimal | None
    drawn_at: datetime
    actor: str

    def to_dict(self) -> dict[str, Any]:
        """The draw-down as plain JSON-ready data."""
        return {
            "draw_down_id": self.draw_down_id,
            "licence_id": self.licence_id,
            "shipment_ref": self.shipment_ref,
            "quantity": format(self.quantity, "f"),
            "value": None if self.value is None else format(self.value, "f"),
            "drawn_at": self.drawn_at.isoformat(),
            "actor": self.actor,
        }


def licence_values(licence: Licence) -> dict[str, Any]:
    """The column values of a licence (without the added_at / added_by stamp)."""
    return {
        "licence_id": licence.licence_id,
        "type": licence.type.value,
        "holder": licence.holder,
        "control_codes": list(licence.control_codes),
        "end_user": licence.end_user,
        "destination": licence.destination,
        "valid_from": licence.valid_from,
        "valid_to": licence.valid_to,
        "quantity_granted_micro": licence.quantity_granted,
        "quantity_remaining_micro": licence.quantity_remaining,
        "unit": licence.unit,
        "value_granted_micro": licence.value_granted,
        "value_remaining_micro": licence.value_remaining,
        "currency": licence.currency,
        "revoked_on": licence.revoked_on,
        "revocation_reason": licence.revocation_reason,
        "source": licence.source.value,
    }


def licence_from_row(row: Any) -> Licence:
    """The licence held in one row of the ``licences`` table."""
    return Licence(
        licence_id=row.licence_id,
        type=LicenceType(row.type),
        holder=row.holder,
        control_codes=tuple(row.control_codes),
        end_user=row.end_user,
        destination=row.destination,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        quantity_granted=row.quantity_granted_micro,
        quantity_remaining=row.quantity_remaining_micro,
        unit=row.unit,
        value_granted=row.value_granted_micro,
        value_remaining=row.value_remaining_micro,
        currency=row.currency,
        revoked_on=row.revoked_on,
        revocation_reason=row.revocation_reason,
        source=LicenceSource(row.source),
    )


def draw_down_from_row(row: Any) -> DrawDown:
    """The draw-down held in one row of the ``licence_draw_downs`` table."""
    return DrawDown(
        draw_down_id=row.id,
        licence_id=row.licence_id,
        shipment_ref=row.shipment_ref,
        quantity=row.quantity_micro,
        value=row.value_micro,
        drawn_at=row.drawn_at,
        actor=row.actor,
    )
