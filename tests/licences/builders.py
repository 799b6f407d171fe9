"""A licence to start from in tests, changed field by field where a test needs it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from dualuse.licences import Licence, LicenceType

#: An individual licence for 100 kg of samarium items to one German end user, valid for 2026.
BASE = Licence(
    licence_id="LIC-2026-0001",
    type=LicenceType.INDIVIDUAL,
    holder="Ganzhou Rare Metals Co., Ltd.",
    control_codes=("1C902.a",),
    end_user="Magnetbau GmbH",
    destination="DE",
    valid_from=date(2026, 1, 1),
    valid_to=date(2026, 12, 31),
    quantity_granted=Decimal(100),
    quantity_remaining=Decimal(100),
    unit="kg",
)


def a_licence(**changes: Any) -> Licence:
    """The base licence with ``changes`` applied."""
    return replace(BASE, **changes)
