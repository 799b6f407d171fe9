"""The facts of one order line, gathered once: screening per party, classification, end use, reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dualuse.determine.end_use import EndUseReading
from dualuse.determine.transaction import Party, Transaction
from dualuse.rulebase import RuleBase

if TYPE_CHECKING:
    from dualuse.classify import CandidateCode, Classification
    from dualuse.screen import Match, ScreeningResult


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the predicates read about one order line."""

    transaction: Transaction
    rulebase: RuleBase
    screening: dict[str, ScreeningResult]
    military_users: dict[str, Match]
    classification: Classification
    end_use: EndUseReading

    def party(self, role: str) -> Party | None:
        """The party with this role on the order line."""
        return {p.role: p for p in self.transaction.counterparties}.get(role)

    def party_country(self, party: Party) -> str | None:
        """A party's country, or the destination for the end user when the row gives none."""
        if party.country:
            return party.country
        return self.transaction.destination_country if party.role in ("end_user", "consignee") else None

    def active_hits(self) -> list[tuple[str, Match]]:
        """Designated-party hits that are binding on the date, with the role of the party they matched."""
        return [(role, m) for role, result in self.screening.items() for m in result.matches if m.status == "active"]

    def inactive_hits(self) -> list[tuple[str, Match]]:
        """Hits on designations whose measures are suspended or stopped on the date."""
        return [
            (role, m)
            for role, result in self.screening.items()
            for m in result.matches
            if m.status in ("suspended", "stopped")
        ]


def binding_code(code: CandidateCode) -> bool:
    """True for a candidate code that makes the item controlled: in force, and its thresholds met."""
    return code.status == "in_force" and getattr(code, "verdict", "meets") == "meets"
