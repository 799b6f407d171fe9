"""Column types that keep amounts exact and times in UTC on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect
from sqlalchemy.types import TypeDecorator

#: Amounts are stored as whole millionths, so arithmetic in SQL is exact on every database.
MICRO = Decimal(1_000_000)


class MicroAmount(TypeDecorator[Decimal]):
    """A quantity or value stored as an integer count of millionths.

    SQLite has no exact decimal type (it would round through floating point), and the atomic
    draw-down subtracts in SQL, so amounts live as integers: 2.5 kg is stored as 2500000.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        """Decimal → millionths; refuses amounts finer than a millionth rather than rounding them."""
        if value is None:
            return None
        scaled = Decimal(value) * MICRO
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than six decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Millionths → Decimal, without trailing zeros beyond the stored precision."""
        if value is None:
            return None
        return Decimal(int(value)) / MICRO


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as naive UTC and read back as an aware UTC datetime; refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        """Aware datetime → naive UTC."""
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"{value!r} is not a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Naive UTC → aware UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if isinstance(value, datetime) else None
