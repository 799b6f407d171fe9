"""The one or two sentences a compliance officer reads first: what was found, and why the outcome follows."""

from __future__ import annotations

from datetime import date, timedelta

from dualuse.classify.result import CandidateCode
from dualuse.rulebase import RuleBase, Status
from dualuse.rulebase.model import ControlEntry, InstrumentState

#: How each missing fact is asked for in words (parameter names not listed here are read with spaces).
QUESTIONS = {
    "technical_description": "a technical description of the goods (what they are, their material and composition)",
}


def date_sentence(rulebase: RuleBase, entry: ControlEntry, status: Status, day: date) -> str:
    """Where the entry's instrument stands on ``day``, in words."""
    label = rulebase.instrument(entry.instrument).label()
    by = instrument_label(rulebase, status.by)
    if status.state == InstrumentState.IN_FORCE:
        again = (
            " (again after a suspension ended; see caveats)" if any("suspension" in c for c in status.caveats) else ""
        )
        return f"{label} in force on {day} (since {status.since}){again}"
    if status.state == InstrumentState.SUSPENDED:
        until = f"until {status.until}" if status.until else "with no end date known"
        return f"{label} suspended on {day}: from {status.since} {until} by {by}"
    if status.state == InstrumentState.NOT_YET_IN_FORCE:
        start = status.until + timedelta(days=1) if status.until else None
        return f"{label} not yet in force on {day}" + (f" (it takes effect on {start})" if start else "")
    return f"{label} {status.state.value.replace('_', ' ')} on {day} (since {status.since}, by {by})"


def instrument_label(rulebase: RuleBase, instrument_id: str | None) -> str:
    """'MOFCOM+GACC Ann 2025 No. 70' for an instrument id the rule base holds, else the id itself."""
    if instrument_id and rulebase.has_instrument(instrument_id):
        return rulebase.instrument(instrument_id).label()
    return instrument_id or "an unknown instrument"


def ask(names: tuple[str, ...]) -> str:
    """The missing facts as a request: 'purity and mean particle size'."""
    words = [QUESTIONS.get(n, n.replace("_", " ")) for n in names]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def named(code: CandidateCode) -> str:
    """A candidate as named in a sentence: '1C902.b (Samarium oxide and its mixtures)'."""
    return f"{code.label} ({code.description})"


def listed_items(entries: list[ControlEntry], limit: int = 5) -> str:
    """The items the list holds for a family, shortened for a sentence."""
    names = [e.description_en for e in entries[:limit]]
    more = f" and {len(entries) - limit} more" if len(entries) > limit else ""
    return "; ".join(names) + more
