"""The licence register: adding, finding, listing, revoking and drawing down licences."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from dualuse.errors import InputError, LicenceError
from dualuse.licences import LicenceSource, LicenceType
from dualuse.store import AuditEvent, AuditLog, LicenceRegister
from tests.licences.builders import BASE, a_licence
from tests.store.conftest import AT

SHIPPED = date(2026, 3, 1)


def test_an_added_licence_reads_back_exactly(register: LicenceRegister) -> None:
    """Every field, amounts included, comes back as it went in."""
    licence = a_licence(
        quantity_granted=Decimal("100.125"),
        quantity_remaining=Decimal("99.000001"),
        value_granted=Decimal("250000.50"),
        value_remaining=Decimal("250000.50"),
        currency="USD",
        control_codes=("1C902.a", "1C903"),
    )
    register.add(licence, actor="officer", at=AT)
    assert register.get(licence.licence_id) == licence


def test_an_inline_licence_is_stored_as_a_register_licence(register: LicenceRegister) -> None:
    """Whatever the source of the record handed in, once in the register its source is the register."""
    register.add(a_licence(source=LicenceSource.INLINE), actor="officer", at=AT)
    assert register.get(BASE.licence_id).source is LicenceSource.REGISTER


def test_a_licence_number_can_be_added_only_once(register: LicenceRegister) -> None:
    """Adding the same licence number again is an input error naming the field."""
    register.add(BASE, actor="officer", at=AT)
    with pytest.raises(InputError, match="already in the register") as raised:
        register.add(BASE, actor="officer", at=AT)
    assert raised.value.field == "licence_id"


def test_an_unknown_licence_is_a_licence_error(register: LicenceRegister) -> None:
    """Looking up a number the register does not hold says so."""
    assert register.find("NOPE") is None
    with pytest.raises(LicenceError, match="no licence NOPE"):
        register.get("NOPE")


def test_list_filters_by_holder_code_and_active_date(register: LicenceRegister) -> None:
    """Holder (part of the name), covered code and active date each narrow the list."""
    register.add(a_licence(licence_id="A"), actor="o", at=AT)
    register.add(
        a_licence(licence_id="B", holder="Baotou Steel Rare Earth", control_codes=("1C903",)), actor="o", at=AT
    )
    register.add(a_licence(licence_id="C", valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31)), actor="o", at=AT)
    register.add(a_licence(licence_id="D", revoked_on=date(2026, 2, 1), revocation_reason="x"), actor="o", at=AT)

    def ids(licences: tuple[object, ...]) -> list[str]:
        return [licence.licence_id for licence in licences]

    assert ids(register.list()) == ["A", "B", "C", "D"]
    assert ids(register.list(holder="baotou")) == ["B"]
    assert ids(register.list(control_code="1C902.a.1")) == ["A", "C", "D"]
    assert ids(register.list(active_on=date(2026, 3, 1))) == ["A", "B"]
    assert ids(register.list(active_on=date(2026, 1, 15))) == ["A", "B", "D"]


def test_revoking_records_date_and_reason_and_cannot_be_repeated(register: LicenceRegister, audit: AuditLog) -> None:
    """A revoked licence carries its date and reason; a second revocation is refused."""
    register.add(BASE, actor="officer", at=AT)
    revoked = register.revoke(BASE.licence_id, on=date(2026, 4, 1), reason="MOFCOM notice 7", actor="officer", at=AT)
    assert (revoked.revoked_on, revoked.revocation_reason) == (date(2026, 4, 1), "MOFCOM notice 7")
    assert register.get(BASE.licence_id) == revoked
    with pytest.raises(LicenceError, match="already revoked on 2026-04-01"):
        register.revoke(BASE.licence_id, on=date(2026, 5, 1), reason="again", actor="officer", at=AT)
    assert [r.event for r in audit.records(subject=BASE.licence_id)] == ["licence_added", "licence_revoked"]


def test_revoking_an_unknown_licence_is_refused(register: LicenceRegister) -> None:
    """Only a licence in the register can be revoked."""
    with pytest.raises(LicenceError, match="no licence"):
        register.revoke("NOPE", on=date(2026, 4, 1), reason="x", actor="officer", at=AT)


def test_a_draw_down_reduces_what_remains_and_is_recorded(register: LicenceRegister, audit: AuditLog) -> None:
    """Recording a shipment subtracts its quantity, keeps a draw-down row and writes an audit record."""
    register.add(BASE, actor="officer", at=AT)
    drawn = register.draw_down(BASE.licence_id, Decimal("40.5"), "CUS-1", "clerk", AT, shipped_on=SHIPPED)
    assert register.get(BASE.licence_id).quantity_remaining == Decimal("59.5")
    assert register.draw_downs(BASE.licence_id) == (drawn,)
    assert (drawn.quantity, drawn.shipment_ref, drawn.actor, drawn.drawn_at) == (Decimal("40.5"), "CUS-1", "clerk", AT)
    record = audit.records(subject=BASE.licence_id)[-1]
    assert record.event == AuditEvent.DRAW_DOWN
    assert record.details["quantity_remaining"] == "59.5"


def test_the_last_unit_can_be_drawn_but_not_one_more(register: LicenceRegister) -> None:
    """Drawing exactly what remains succeeds and leaves zero; anything more is refused with the balance."""
    register.add(BASE, actor="officer", at=AT)
    register.draw_down(BASE.licence_id, Decimal(100), "CUS-1", "clerk", AT, shipped_on=SHIPPED)
    assert register.get(BASE.licence_id).quantity_remaining == Decimal(0)
    with pytest.raises(LicenceError, match=r"exhausted: 0 kg remaining, 0\.000001 kg requested"):
        register.draw_down(BASE.licence_id, Decimal("0.000001"), "CUS-2", "clerk", AT, shipped_on=SHIPPED)
    assert len(register.draw_downs(BASE.licence_id)) == 1


@pytest.mark.parametrize(
    ("changes", "shipped_on", "reason"),
    [
        ({}, date(2027, 1, 1), "expired on 2026-12-31"),
        ({}, date(2025, 12, 31), "not valid until 2026-01-01"),
        ({"revoked_on": date(2026, 2, 1), "revocation_reason": "notice"}, SHIPPED, "revoked on 2026-02-01"),
        ({"quantity_remaining": Decimal(5)}, SHIPPED, "exhausted: 5 kg remaining, 7 kg requested"),
        ({"value_granted": Decimal(10), "value_remaining": Decimal(10), "currency": "USD"}, SHIPPED, "value unknown"),
    ],
)
def test_a_refused_draw_down_names_why_and_changes_nothing(
    register: LicenceRegister, changes: dict[str, object], shipped_on: date, reason: str
) -> None:
    """An expired, not-yet-valid, revoked, exhausted or value-limited licence refuses and keeps its balance."""
    licence = a_licence(**changes)
    register.add(licence, actor="officer", at=AT)
    with pytest.raises(LicenceError, match=reason):
        register.draw_down(licence.licence_id, Decimal(7), "CUS-1", "clerk", AT, shipped_on=shipped_on)
    assert register.get(licence.licence_id) == licence
    assert register.draw_downs(licence.licence_id) == ()


def test_a_value_limited_licence_is_drawn_down_by_value(register: LicenceRegister) -> None:
    """Quantity and value are both subtracted; a value above what remains is refused."""
    licence = a_licence(value_granted=Decimal(1000), value_remaining=Decimal(1000), currency="USD")
    register.add(licence, actor="officer", at=AT)
    register.draw_down(
        licence.licence_id, Decimal(10), "CUS-1", "clerk", AT, value=Decimal("600.25"), shipped_on=SHIPPED
    )
    after = register.get(licence.licence_id)
    assert (after.quantity_remaining, after.value_remaining) == (Decimal(90), Decimal("399.75"))
    with pytest.raises(LicenceError, match=r"exhausted: 399\.75 USD remaining, 400 USD requested"):
        register.draw_down(licence.licence_id, Decimal(1), "CUS-2", "clerk", AT, value=Decimal(400), shipped_on=SHIPPED)


def test_a_licence_without_quantity_limit_records_shipments_without_a_balance(register: LicenceRegister) -> None:
    """Where the licence sets no quantity, shipments are still recorded and nothing becomes negative."""
    licence = a_licence(quantity_granted=None, quantity_remaining=None, unit=None)
    register.add(licence, actor="officer", at=AT)
    register.draw_down(licence.licence_id, Decimal(500), "CUS-1", "clerk", AT, shipped_on=SHIPPED)
    assert register.get(licence.licence_id).quantity_remaining is None
    assert len(register.draw_downs(licence.licence_id)) == 1


def test_the_same_shipment_cannot_be_drawn_twice(register: LicenceRegister) -> None:
    """Recording a shipment reference a second time is refused, so a re-run never double-counts."""
    register.add(BASE, actor="officer", at=AT)
    register.draw_down(BASE.licence_id, Decimal(1), "CUS-1", "clerk", AT, shipped_on=SHIPPED)
    with pytest.raises(LicenceError, match="already recorded"):
        register.draw_down(BASE.licence_id, Decimal(1), "CUS-1", "clerk", AT, shipped_on=SHIPPED)
    assert register.get(BASE.licence_id).quantity_remaining == Decimal(99)


@pytest.mark.parametrize(
    ("quantity", "shipment", "field"),
    [
        (Decimal(0), "CUS-1", "quantity"),
        (Decimal(-3), "CUS-1", "quantity"),
        (Decimal("0.0000001"), "CUS-1", "quantity"),
        (Decimal(1), "  ", "shipment_ref"),
    ],
)
def test_malformed_draw_downs_are_input_errors(
    register: LicenceRegister, quantity: Decimal, shipment: str, field: str
) -> None:
    """A zero, negative or too-fine quantity, or a blank shipment reference, names the field at fault."""
    register.add(BASE, actor="officer", at=AT)
    with pytest.raises(InputError) as raised:
        register.draw_down(BASE.licence_id, quantity, shipment, "clerk", AT, shipped_on=SHIPPED)
    assert raised.value.field == field


def test_drawing_on_an_unknown_licence_is_refused(register: LicenceRegister) -> None:
    """A draw-down names the licence the register does not hold."""
    with pytest.raises(LicenceError, match="no licence NOPE"):
        register.draw_down("NOPE", Decimal(1), "CUS-1", "clerk", AT)


def test_the_shipping_date_defaults_to_the_day_recorded(register: LicenceRegister) -> None:
    """Without shipped_on the date of ``at`` decides validity."""
    register.add(BASE, actor="officer", at=AT)
    late = datetime(2027, 1, 1, 8, tzinfo=UTC)
    with pytest.raises(LicenceError, match="expired"):
        register.draw_down(BASE.licence_id, Decimal(1), "CUS-1", "clerk", late)
    register.draw_down(BASE.licence_id, Decimal(1), "CUS-1", "clerk", late - timedelta(days=2))


def test_the_register_records_type_and_parties_as_given(register: LicenceRegister) -> None:
    """A general licence without end user or destination keeps them empty, meaning not restricted."""
    general = a_licence(licence_id="G-1", type=LicenceType.GENERAL, end_user=None, destination=None)
    register.add(general, actor="officer", at=AT)
    stored = register.get("G-1")
    assert (stored.type, stored.end_user, stored.destination) == (LicenceType.GENERAL, None, None)
