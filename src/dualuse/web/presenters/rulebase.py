"""The rule base on a chosen day as the rule-base page shows it: each instrument with its status and
history, what changed since a second day, and how many entries and designations stand in each state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dualuse.explain.rulebase import instrument_details, view_as_dict
from dualuse.rulebase import RuleBase, as_of

#: The states in the order the page lists them, with the words it uses.
STATE_LABELS = {
    "in_force": "In force",
    "suspended": "Suspended",
    "stopped": "Stopped",
    "not_yet_in_force": "Not yet in force",
    "superseded": "Superseded",
    "expired": "Expired",
}


@dataclass(frozen=True, slots=True)
class InstrumentLine:
    """One instrument on the chosen day, with its state on the comparison day when that differs."""

    id: str
    label: str
    title_en: str
    title_zh: str | None
    state: str
    since: str | None
    until: str | None
    by: str | None
    caveats: tuple[str, ...]
    history: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str
    earlier_state: str | None

    @property
    def changed(self) -> bool:
        """True where the instrument stood otherwise on the comparison day."""
        return self.earlier_state is not None


@dataclass(frozen=True, slots=True)
class RuleBaseDay:
    """The rule base on one day: every instrument, and counts of entries, designations and measures by state."""

    day: date
    compared_with: date | None
    instruments: tuple[InstrumentLine, ...]
    counts: dict[str, dict[str, int]]

    @property
    def changes(self) -> int:
        """How many instruments stand otherwise on the comparison day."""
        return sum(1 for line in self.instruments if line.changed)


def state_label(state: str | None) -> str:
    """The words for a state ("not_yet_in_force" gives "Not yet in force")."""
    return STATE_LABELS.get(state or "", (state or "").replace("_", " ").capitalize())


def rulebase_day(rulebase: RuleBase, day: date, compared_with: date | None = None) -> RuleBaseDay:
    """Every instrument's status and history on ``day`` (and its state on ``compared_with`` where different).

    Raises CoverageError for a day before the rule base's first covered day.
    """
    view = view_as_dict(rulebase, as_of(rulebase, day))
    earlier: dict[str, str] = {}
    if compared_with is not None:
        as_of(rulebase, compared_with)  # refuses a day the rule base does not cover
        earlier = {
            inst.id: rulebase.instrument_status(inst, compared_with).state.value for inst in rulebase.instruments
        }
    lines = [_line(instrument_details(rulebase, inst, day), earlier) for inst in rulebase.instruments]
    order = list(STATE_LABELS)
    lines.sort(key=lambda line: (order.index(line.state) if line.state in order else len(order), line.id))
    counts = {
        kind: {state: len(ids) for state, ids in view[kind].items()} for kind in ("entries", "parties", "measures")
    }
    return RuleBaseDay(day, compared_with, tuple(lines), counts)


def _line(details: dict[str, Any], earlier: dict[str, str]) -> InstrumentLine:
    status = details["status"]
    before = earlier.get(details["id"])
    return InstrumentLine(
        id=details["id"],
        label=details["label"],
        title_en=details["title_en"] or "",
        title_zh=details["title_zh"],
        state=status["state"],
        since=status.get("since"),
        until=status.get("until"),
        by=status.get("by"),
        caveats=tuple(status.get("caveats") or ()),
        history=tuple(details["history"]),
        sources=tuple(details["sources"]),
        confidence=details["confidence"],
        earlier_state=before if before is not None and before != status["state"] else None,
    )
