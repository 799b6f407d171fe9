"""The facts of one order line, gathered once: screening per party, classification, end use, reach."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dualuse.determine.end_use import EndUseReading
from dualuse.determine.transaction import Party, Transaction
from dualuse.rulebase import RuleBase

if TYPE_CHECKING:
    from dualuse.classify import CandidateCode, Classification
    from dualuse.screen import Match, ScreeningResult


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the predicates read about one order line.

    The parties, hits and binding codes are derived once, when the facts are gathered: every
    measure reads them, and none of them can change while the line is determined.
    """

    transaction: Transaction
    rulebase: RuleBase
    screening: dict[str, ScreeningResult]
    military_users: dict[str, Match]
    classification: Classification
    end_use: EndUseReading
    #: The receiving parties that screening checks: end user, consignee, importer.
    counterparties: tuple[Party, ...] = field(init=False, repr=False, compare=False)
    #: The candidate codes that make the item controlled (see ``binding_code``).
    binding_codes: tuple[CandidateCode, ...] = field(init=False, repr=False, compare=False)
    _active_hits: tuple[tuple[str, Match], ...] = field(init=False, repr=False, compare=False)
    _inactive_hits: tuple[tuple[str, Match], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        hits = [(role, m) for role, result in self.screening.items() for m in result.matches]
        active = [hit for hit in hits if hit[1].status == "active"]
        inactive = [hit for hit in hits if hit[1].status in ("suspended", "stopped")]
        binding = [code for code in self.classification.codes if binding_code(code)]
        object.__setattr__(self, "counterparties", self.transaction.counterparties)
        object.__setattr__(self, "binding_codes", tuple(binding))
        object.__setattr__(self, "_active_hits", tuple(active))
        object.__setattr__(self, "_inactive_hits", tuple(inactive))

    def party(self, role: str) -> Party | None:
        """The party with this role on the order line."""
        return next((p for p in self.counterparties if p.role == role), None)

    def party_country(self, party: Party) -> str | None:
        """A party's country, or the destination for the end user when the row gives none."""
        if party.country:
            return party.country
        return self.transaction.destination_country if party.role in ("end_user", "consignee") else None

    def active_hits(self) -> tuple[tuple[str, Match], ...]:
        """Designated-party hits that are binding on the date, with the role of the party they matched."""
        return self._active_hits

    def inactive_hits(self) -> tuple[tuple[str, Match], ...]:
        """Hits on designations whose measures are suspended or stopped on the date."""
        return self._inactive_hits


def binding_code(code: CandidateCode) -> bool:
    """True for a candidate code that makes the item controlled: in force, and its thresholds met."""
    return code.status == "in_force" and getattr(code, "verdict", "meets") == "meets"
