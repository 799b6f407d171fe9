"""Properties of the matcher that must hold for every licence and line."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dualuse.licences import check_licence
from tests.licences.builders import a_licence

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
amounts = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@given(
    valid_from=days,
    length=st.integers(min_value=0, max_value=1200),
    as_of=days,
    remaining=amounts,
    quantity=amounts,
)
def test_never_covers_outside_the_validity_window_or_above_the_remaining_quantity(
    valid_from: date, length: int, as_of: date, remaining: Decimal, quantity: Decimal
) -> None:
    """covers=True never comes with a date outside [valid_from, valid_to] or a quantity above what remains."""
    valid_to = valid_from + timedelta(days=length)
    licence = a_licence(
        valid_from=valid_from, valid_to=valid_to, quantity_granted=remaining, quantity_remaining=remaining
    )
    check = check_licence(
        licence,
        control_codes=("1C902.a.1",),
        end_user_name="Magnetbau GmbH",
        destination="DE",
        as_of=as_of,
        quantity=quantity,
        end_user_on_watch_list=False,
    )
    inside = valid_from <= as_of <= valid_to
    enough = quantity <= remaining
    assert check.covers == (inside and enough)
    assert check.covers == (not check.reasons)
