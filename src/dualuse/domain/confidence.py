"""How sure the sources are about a fact."""

from __future__ import annotations

from enum import StrEnum


class Confidence(StrEnum):
    """The confidence scale of the rule base: how well the sources support a fact."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    CONFLICT = "conflict"

    @property
    def needs_attention(self) -> bool:
        """True where a reviewer should look at the sources before relying on the fact."""
        return self in (Confidence.LOW, Confidence.CONFLICT)
