"""A licence record refuses to contradict itself, and warns when it runs longer than the law allows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dualuse.licences import LicenceProblem, LicenceType, validity_warnings
from tests.licences.builders import BASE, a_licence


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"valid_to": date(2025, 12, 31)}, "valid_to"),
        ({"quantity_remaining": Decimal(101)}, "quantity_remaining"),
        ({"quantity_granted": Decimal(-1), "quantity_remaining": None}, "quantity_granted"),
        ({"value_granted": Decimal(1000), "value_remaining": Decimal(1000)}, "currency"),
        ({"holder": "  "}, "holder"),
        ({"licence_id": ""}, "licence_id"),
        ({"revocation_reason": "fraud"}, "revoked_on"),
    ],
)
def test_inconsistent_licences_are_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    """Each inconsistency raises LicenceProblem naming the field at fault."""
    with pytest.raises(LicenceProblem) as raised:
        a_licence(**changes)
    assert field in [name for name, _ in raised.value.problems]


@pytest.mark.parametrize(
    ("licence_type", "valid_to", "warned"),
    [
        (LicenceType.INDIVIDUAL, date(2026, 12, 31), False),
        (LicenceType.INDIVIDUAL, date(2027, 1, 1), False),
        (LicenceType.INDIVIDUAL, date(2027, 1, 2), True),
        (LicenceType.GENERAL, date(2028, 12, 31), False),
        (LicenceType.GENERAL, date(2029, 1, 2), True),
        (LicenceType.REGISTRATION_CERTIFICATE, date(2035, 1, 1), False),
    ],
)
def test_validity_longer_than_the_type_allows_is_a_warning(
    licence_type: LicenceType, valid_to: date, warned: bool
) -> None:
    """Individual licences run up to one year and general ones up to three (regime §e.1); longer is flagged."""
    warnings = validity_warnings(a_licence(type=licence_type, valid_to=valid_to))
    assert bool(warnings) is warned


def test_to_dict_writes_amounts_as_exact_decimal_text() -> None:
    """The JSON form keeps amounts exact, as text, and dates in ISO form."""
    data = a_licence(quantity_remaining=Decimal("2.500")).to_dict()
    assert data["quantity_remaining"] == "2.500"
    assert data["valid_to"] == "2026-12-31"
    assert data["control_codes"] == list(BASE.control_codes)
