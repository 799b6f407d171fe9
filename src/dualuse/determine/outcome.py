"""The five outcomes and how they combine: the most restrictive wins.

    prohibited > licence_required > review > authorised > no_licence_required

A finding never makes an outcome less restrictive: combining is a maximum over this order.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Outcome(StrEnum):
    """May this order line go ahead? Ordered from least to most restrictive."""

    NO_LICENCE_REQUIRED = "no_licence_required"
    AUTHORISED = "authorised"
    REVIEW = "review"
    LICENCE_REQUIRED = "licence_required"
    PROHIBITED = "prohibited"

    @property
    def rank(self) -> int:
        """Position in the precedence order (higher is more restrictive)."""
        return _ORDER.index(self)


_ORDER = list(Outcome)


def most_restrictive(outcomes: Iterable[Outcome]) -> Outcome:
    """The most restrictive of ``outcomes``; no_licence_required when there are none."""
    return max(outcomes, key=lambda o: o.rank, default=Outcome.NO_LICENCE_REQUIRED)
