"""One checked order line as the reports see it: the input cells and the determination or the error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One data row of the input file and what the check made of it.

    ``number`` is the 1-based data row (the header is not counted); ``cells`` maps each original
    header to the cell text, in the file's column order; ``determination`` is
    ``Determination.to_dict()``, or None when the row could not be checked, and then ``error`` says
    why, naming the field.
    """

    number: int
    cells: Mapping[str, str]
    determination: Mapping[str, Any] | None = None
    error: str | None = None

    @property
    def outcome(self) -> str | None:
        """The outcome of the line, or None for a row with an error."""
        if self.determination is None:
            return None
        value = self.determination.get("outcome")
        return str(value) if value else None
