"""A licence's standing on a day, as the licence pages show it, from the licence's own validity and revocation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dualuse.licences import Licence, LicenceType, validity_warnings

#: How the licence types are named on the page, with the Chinese name printed on the licence.
TYPE_LABELS = {
    LicenceType.INDIVIDUAL.value: "Individual (单项许可)",
    LicenceType.GENERAL.value: "General (通用许可)",
    LicenceType.REGISTRATION_CERTIFICATE.value: "Registration certificate (登记填报信息)",
}


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a licence stands on a day: a key for the colour, and the words."""

    key: str
    label: str
    warnings: tuple[str, ...]


def standing(licence: Licence, day: date) -> Standing:
    """Revoked, not yet valid, expired, used up or valid on ``day``, with any validity warnings."""
    warnings = validity_warnings(licence)
    if licence.is_revoked_on(day):
        return Standing("revoked", f"Revoked from {licence.revoked_on}", warnings)
    if day < licence.valid_from:
        return Standing("pending", f"Valid from {licence.valid_from}", warnings)
    if not licence.validity.contains(day):
        return Standing("expired", f"Expired on {licence.valid_to}", warnings)
    if licence.quantity_remaining is not None and licence.quantity_remaining <= 0:
        return Standing("used", "Quantity used up", warnings)
    if licence.revoked_on is not None:
        return Standing("valid", f"Valid; revoked from {licence.revoked_on}", warnings)
    return Standing("valid", "Valid", warnings)
