"""One plain sentence per match, written for the compliance officer who has to act on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dualuse.screen.score import Comparison

_LIST_WORDS = {
    "control_list": "Export Control (Control) List",
    "watch_list": "Watch List",
    "unreliable_entity_list": "Unreliable Entity List",
}


@dataclass(frozen=True, slots=True)
class Facts:
    """What a sentence says about one match."""

    query: str
    matched_name: str
    entity_id: str
    list: str
    source: str
    score: float
    threshold: float
    steps: tuple[str, ...]
    as_of: date
    instrument_label: str | None = None
    listed_on: date | None = None
    since: date | None = None
    until: date | None = None
    by: str | None = None


def list_words(list_id: str) -> str:
    """The list's name as a reader knows it."""
    return _LIST_WORDS.get(list_id, list_id.replace("_", " "))


def hit(facts: Facts, status: str) -> str:
    """The sentence for a hit (active, suspended or stopped) on a Chinese designation."""
    head = _head(facts) + f", on MOFCOM's {list_words(facts.list)} ({facts.instrument_label})"
    head += f", with score {facts.score:.2f}{_steps(facts.steps)}"
    if status == "active":
        return f"{head}; the designation is in force on {facts.as_of}, so its measures apply."
    if status == "suspended":
        window = f"from {facts.since}" + (f" until {facts.until}" if facts.until else "")
        return (
            f"{head}; its measures are suspended on {facts.as_of} ({window}, by {facts.by}), "
            "so they do not bind on that date, but the party stays listed."
        )
    return (
        f"{head}; its measures were stopped from {facts.since} (by {facts.by}) and do not apply on {facts.as_of}, "
        "but the party was listed."
    )


def designated_later(facts: Facts) -> str:
    """The sentence for a name matching a party designated only after the as-of date."""
    return (
        f"{_head(facts)}, with score {facts.score:.2f}, but that party was designated on {facts.listed_on} "
        f"({facts.instrument_label}, {list_words(facts.list)}), after {facts.as_of}: not a hit on that date."
    )


def related(facts: Facts, comparison: Comparison, status: str) -> str:
    """The sentence for a name below the hit threshold that a reviewer should still see."""
    reasons = []
    if comparison.missing:
        reasons.append("the query lacks " + ", ".join(f"'{w}'" for w in comparison.missing))
    if comparison.extra:
        reasons.append("adds " + ", ".join(f"'{w}'" for w in comparison.extra))
    why = f" ({' and '.join(reasons)})" if reasons else ""
    later = f"; the party was designated only on {facts.listed_on}" if status == "designated_later" else ""
    advice = (
        "a parent, subsidiary or sister company of a listed party is not itself listed, so check the relationship"
        if comparison.missing
        else "check that it is a different party"
    )
    return (
        f"'{facts.query}' resembles '{facts.matched_name}' of {facts.entity_id} on {_where(facts)} "
        f"with score {facts.score:.2f}, below the hit threshold {facts.threshold:.2f}{why}{later}; {advice}."
    )


def extra_hit(facts: Facts) -> str:
    """The sentence for a hit on a user's extra list."""
    return (
        f"{_head(facts)}, on {facts.source} ({facts.list}), with score {facts.score:.2f}{_steps(facts.steps)}; "
        "this list is not a Chinese designation and carries no Chinese legal effect."
    )


def military_user(facts: Facts) -> str:
    """The sentence for a match on the military-user reference."""
    return (
        f"{_head(facts)}, with score {facts.score:.2f}{_steps(facts.steps)}: a body dualuse treats as a "
        f"military user by its nature, an interpretation of {facts.instrument_label}, not a designation."
    )


def _head(facts: Facts) -> str:
    return f"'{facts.query}' matches '{facts.matched_name}' ({facts.entity_id})"


def _where(facts: Facts) -> str:
    if facts.source == "MOFCOM":
        return f"MOFCOM's {list_words(facts.list)}"
    return f"{facts.source} ({facts.list})"


def _steps(steps: tuple[str, ...]) -> str:
    return f" ({'; '.join(steps)})" if steps else ""
