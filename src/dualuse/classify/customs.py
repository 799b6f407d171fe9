"""Match a declared customs code against the reference customs codes printed beside control-list entries.

The announcements print customs codes "for reference only" (参考): an item is controlled by its
description and parameters, even where its customs code is not printed, and a printed code does not make
every good under it controlled. A match is therefore *supporting evidence only*: it raises the rank of an
entry the description already names, and on its own it can at most send an item to review. Codes are
compared by prefix at 10, 8 and 6 digits; residual 'other' tariff lines (…99, n.e.s.) weigh less, since
they gather unrelated goods.
"""

from __future__ import annotations

from dataclasses import dataclass

from dualuse.rulebase.model import ControlEntry

#: Weight of a match by depth: the full 10-digit commodity code, the 8-digit tariff line, the HS subheading.
DEPTH_WEIGHTS = {10: 0.35, 8: 0.28, 6: 0.12}
#: A residual 'other' line gathers many goods, so a match on it counts for less.
RESIDUAL_FACTOR = 0.5


@dataclass(frozen=True, slots=True)
class CustomsMatch:
    """One reference code of one entry that the declared code matches, and how deep."""

    entry_id: str
    reference: str
    reference_type: str
    depth: int
    residual: bool

    @property
    def weight(self) -> float:
        """How much the match adds to the entry's score (never enough on its own to make it controlled)."""
        return DEPTH_WEIGHTS[self.depth] * (RESIDUAL_FACTOR if self.residual else 1.0)

    @property
    def specific(self) -> bool:
        """True for a match at 8 digits or more on a line that is not a residual 'other' line."""
        return self.depth >= 8 and not self.residual

    def evidence(self, declared: str) -> str:
        """The match as quoted in evidence."""
        kind = "10-digit commodity code" if self.reference_type.startswith("cn_10") else "8-digit tariff line"
        level = {10: "all 10 digits", 8: "the first 8 digits", 6: "the 6-digit HS subheading"}[self.depth]
        if self.depth == len(self.reference) == 8:
            level = "all 8 digits"
        residual = " (a residual 'other' line)" if self.residual else ""
        return (
            f"customs code {declared} matches the reference {kind} {self.reference}{residual} at {level} "
            "(supporting evidence only)"
        )


class CustomsIndex:
    """Every entry's reference customs codes, indexed by their 6-digit subheading."""

    def __init__(self, entries: tuple[ControlEntry, ...], residual_lines: dict[str, str]) -> None:
        """Index the reference codes; ``residual_lines`` are 8-digit 'other' lines, with why."""
        self._by_subheading: dict[str, list[tuple[str, str, str]]] = {}
        self._residual = tuple(residual_lines)
        for entry in entries:
            for customs in entry.customs_codes:
                self._by_subheading.setdefault(customs.code[:6], []).append((entry.id, customs.code, customs.type))

    def match(self, declared: str | None) -> list[CustomsMatch]:
        """The reference codes ``declared`` matches, deepest first, at most one match per entry."""
        if not declared or len(declared) < 6:
            return []
        best: dict[str, CustomsMatch] = {}
        for entry_id, reference, kind in self._by_subheading.get(declared[:6], ()):
            depth = next(
                d for d in (10, 8, 6) if len(declared) >= d and len(reference) >= d and declared[:d] == reference[:d]
            )
            residual = reference[:8] in self._residual
            candidate = CustomsMatch(entry_id, reference, kind, depth, residual)
            if entry_id not in best or candidate.weight > best[entry_id].weight:
                best[entry_id] = candidate
        return sorted(best.values(), key=lambda m: (-m.weight, m.entry_id))
