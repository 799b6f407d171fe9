"""What screening returns: hits with their reasons, and related names for a reviewer.

Status of a hit, on the ``as_of`` date:

* ``active`` – the designation is in force: its legal effect binds. Only active hits are binding;
  the determination engine acts on these alone.
* ``suspended`` – the designation stands but its measures are suspended on that date (for example
  MOFCOM Ann 2025 No. 21 from 2025-11-10). The hit is still the listed entity and is reported with
  its legal effect, so a reviewer sees what would apply when the suspension ends.
* ``stopped`` – the measures have been stopped (or the designation superseded or expired).
* ``designated_later`` – the name matches a party designated only after ``as_of``. Such a match is
  never a hit; it is reported under ``related``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from dualuse.domain import Citation
from dualuse.rulebase.model import ListedParty

MatchStatus = Literal["active", "suspended", "stopped", "designated_later"]


@dataclass(frozen=True, slots=True)
class Match:
    """One listed party whose name matches the query, with the score and the reasons for it.

    ``matched_name`` is the listed name as the list gives it; ``query_form`` is the query as it was
    compared (normalised, or read in romaji); ``steps`` are the normalisation steps that made the
    two comparable. ``party`` is the designated party (None for extra lists and the military-user
    reference).
    """

    entity_id: str
    list: str
    score: float
    matched_name: str
    query_form: str
    names: dict[str, str | None]
    status: MatchStatus
    explanation: str
    steps: tuple[str, ...]
    citations: tuple[Citation, ...]
    legal_effect: tuple[str, ...]
    source: str
    party: ListedParty | None = field(default=None, compare=False)
    status_since: date | None = None
    status_until: date | None = None
    status_by: str | None = None
    caveats: tuple[str, ...] = ()

    @property
    def binding(self) -> bool:
        """True where the hit's legal effect applies on the date: an active designation."""
        return self.status == "active"

    def to_dict(self) -> dict[str, Any]:
        """The match as JSON-ready data."""
        return {
            "entity_id": self.entity_id,
            "list": self.list,
            "score": round(self.score, 4),
            "matched_name": self.matched_name,
            "query_form": self.query_form,
            "names": dict(self.names),
            "status": self.status,
            "status_since": self.status_since.isoformat() if self.status_since else None,
            "status_until": self.status_until.isoformat() if self.status_until else None,
            "status_by": self.status_by,
            "explanation": self.explanation,
            "steps": list(self.steps),
            "citations": [c.to_dict() for c in self.citations],
            "legal_effect": list(self.legal_effect),
            "caveats": list(self.caveats),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """The outcome of screening one name on one date.

    ``matches`` holds the hits at the threshold, best first (active, suspended or stopped);
    ``related`` holds names a reviewer should see that are not hits: parents and sister companies
    of listed parties, names below the threshold and parties designated after ``as_of``.
    """

    query: str
    country: str | None
    as_of: date
    threshold: float
    matches: tuple[Match, ...]
    related: tuple[Match, ...]
    query_forms: tuple[str, ...] = ()

    @property
    def binding(self) -> tuple[Match, ...]:
        """The hits whose legal effect applies on ``as_of`` (status active)."""
        return tuple(m for m in self.matches if m.binding)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        return {
            "query": self.query,
            "country": self.country,
            "as_of": self.as_of.isoformat(),
            "threshold": self.threshold,
            "query_forms": list(self.query_forms),
            "matches": [m.to_dict() for m in self.matches],
            "related": [m.to_dict() for m in self.related],
        }
