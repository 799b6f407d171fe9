"""The longest validity the Regulations allow each licence type (regime §e.1), as warnings."""

from __future__ import annotations

from datetime import date

from dualuse.licences.licence import Licence, LicenceType

#: Years a licence of each type may be valid: individual up to one year, general up to three.
#: The registration certificate has no published maximum in the sources we hold.
MAXIMUM_VALIDITY: dict[LicenceType, int | None] = {
    LicenceType.INDIVIDUAL: 1,
    LicenceType.GENERAL: 3,
    LicenceType.REGISTRATION_CERTIFICATE: None,
}


def validity_warnings(licence: Licence) -> tuple[str, ...]:
    """Warnings about a validity longer than the type allows; empty when within the limit.

    These are warnings, not errors: an individual licence may be extended once (regime §e.1,
    from a secondary summary), so a longer validity can be genuine. A reviewer should compare
    the register entry with the licence document.
    """
    years = MAXIMUM_VALIDITY[licence.type]
    if years is None:
        return ()
    limit = _add_years(licence.valid_from, years)
    if licence.valid_to <= limit:
        return ()
    span = "one year" if years == 1 else f"{years} years"
    kind = "an individual licence" if licence.type is LicenceType.INDIVIDUAL else "a general licence"
    return (
        f"valid from {licence.valid_from} to {licence.valid_to}: longer than the {span} {kind} may run (regime §e.1); "
        "check the licence document (an extension may explain it)",
    )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
