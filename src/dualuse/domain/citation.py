"""A citation an auditor accepts: instrument, clause, source and how sure the source is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited provision of one instrument, with the source it rests on."""

    instrument: str
    issuer: str
    year: int | None
    number: int | None
    clause: str | None
    title: str
    url: str | None
    confidence: str

    def to_dict(self) -> dict[str, Any]:
        """The citation as plain JSON-ready data."""
        return {
            "instrument": self.instrument,
            "issuer": self.issuer,
            "year": self.year,
            "number": self.number,
            "clause": self.clause,
            "title": self.title,
            "url": self.url,
            "confidence": self.confidence,
        }

    def label(self) -> str:
        """A short human label such as 'MOFCOM Ann 2026 No. 1 cl. 1'."""
        if self.number is not None and self.year is not None and self.issuer != "State Council":
            head = f"{self.issuer} Ann {self.year} No. {self.number}"
        else:
            head = self.title
        return f"{head} {self._clause_label()}".strip()

    def _clause_label(self) -> str:
        if not self.clause:
            return ""
        if self.clause[0].isdigit():
            return f"cl. {self.clause}"
        return self.clause
