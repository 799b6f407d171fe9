"""A licence as the register holds it: who holds it, what it covers, for whom, until when, how much."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from dualuse.domain import Window


class LicenceType(StrEnum):
    """The three licensing routes of the Dual-Use Items Export Control Regulations (regime §e.1)."""

    #: 单项许可: one export to one named end user; valid for up to one year.
    INDIVIDUAL = "individual"
    #: 通用许可: several exports of specified items over a period; valid for up to three years.
    GENERAL = "general"
    #: Export certificate by registering/filing information (登记填报信息), for defined low-risk cases.
    REGISTRATION_CERTIFICATE = "registration_certificate"


class LicenceSource(StrEnum):
    """Where dualuse learned of the licence."""

    #: Entered in or imported into the licence register.
    REGISTER = "register"
    #: Quoted on the input line itself (a licence number and its terms given with the shipment).
    INLINE = "inline"


class LicenceProblem(ValueError):
    """A licence record that contradicts itself; ``problems`` lists (field, problem) pairs."""

    def __init__(self, licence_id: str, problems: tuple[tuple[str, str], ...]) -> None:
        self.licence_id = licence_id
        self.problems = problems
        text = "; ".join(f"{field}: {problem}" for field, problem in problems)
        super().__init__(f"licence {licence_id!r}: {text}")


@dataclass(frozen=True, slots=True)
class Licence:
    """One export licence: its number, type, holder, the control codes, end user and destination it
    names, its validity, and the quantity or value it still allows.

    ``end_user`` and ``destination`` are None where the licence does not restrict them (a general
    licence that names no end user). ``quantity_remaining`` and ``value_remaining`` are None where
    the licence sets no such limit. Quantities count in ``unit``; values in ``currency``.
    """

    licence_id: str
    type: LicenceType
    holder: str
    control_codes: tuple[str, ...]
    end_user: str | None
    destination: str | None
    valid_from: date
    valid_to: date
    quantity_granted: Decimal | None = None
    quantity_remaining: Decimal | None = None
    unit: str | None = None
    value_granted: Decimal | None = None
    value_remaining: Decimal | None = None
    currency: str | None = None
    revoked_on: date | None = None
    revocation_reason: str | None = None
    source: LicenceSource = LicenceSource.REGISTER

    def __post_init__(self) -> None:
        problems = licence_problems(self)
        if problems:
            raise LicenceProblem(self.licence_id, tuple(problems))

    @property
    def validity(self) -> Window:
        """The days on which the licence is valid, both ends included."""
        return Window(self.valid_from, self.valid_to)

    def is_revoked_on(self, day: date) -> bool:
        """True where the licence had been revoked by ``day`` (revocation takes effect on its date)."""
        return self.revoked_on is not None and self.revoked_on <= day

    def to_dict(self) -> dict[str, Any]:
        """The licence as plain JSON-ready data (dates ISO, amounts as decimal strings)."""

        def amount(value: Decimal | None) -> str | None:
            return None if value is None else format(value, "f")

        return {
            "licence_id": self.licence_id,
            "type": self.type.value,
            "holder": self.holder,
            "control_codes": list(self.control_codes),
            "end_user": self.end_user,
            "destination": self.destination,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat(),
            "quantity_granted": amount(self.quantity_granted),
            "quantity_remaining": amount(self.quantity_remaining),
            "unit": self.unit,
            "value_granted": amount(self.value_granted),
            "value_remaining": amount(self.value_remaining),
            "currency": self.currency,
            "revoked_on": self.revoked_on.isoformat() if self.revoked_on else None,
            "revocation_reason": self.revocation_reason,
            "source": self.source.value,
        }


def licence_problems(licence: Licence) -> list[tuple[str, str]]:
    """Every inconsistency in a licence record, as (field, problem); empty when it is sound."""
    problems: list[tuple[str, str]] = []
    if not licence.licence_id.strip():
        problems.append(("licence_id", "the licence number is empty"))
    if not licence.holder.strip():
        problems.append(("holder", "the holder (the exporter the licence was issued to) is empty"))
    if licence.valid_to < licence.valid_from:
        problems.append(("valid_to", f"the licence ends ({licence.valid_to}) before it starts ({licence.valid_from})"))
    for name, granted, remaining in (
        ("quantity", licence.quantity_granted, licence.quantity_remaining),
        ("value", licence.value_granted, licence.value_remaining),
    ):
        for suffix, amount in (("granted", granted), ("remaining", remaining)):
            if amount is not None and (not amount.is_finite() or amount < 0):
                problems.append((f"{name}_{suffix}", f"must be a number of zero or more, not {amount}"))
        if granted is not None and remaining is not None and remaining > granted:
            problems.append((f"{name}_remaining", f"{remaining} remaining is more than the {granted} granted"))
    if (licence.value_granted is not None or licence.value_remaining is not None) and not licence.currency:
        problems.append(("currency", "a value limit needs its currency"))
    if licence.revoked_on is None and licence.revocation_reason:
        problems.append(("revoked_on", "a revocation reason is given without the revocation date"))
    return problems
