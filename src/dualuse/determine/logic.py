"""Evaluate a measure's condition tree in three-valued (Kleene) logic, keeping a trace of every fact used."""

from __future__ import annotations

from dataclasses import dataclass

from dualuse.determine.facts import Facts
from dualuse.determine.predicates import PREDICATES, Truth
from dualuse.rulebase.conditions import Condition


@dataclass(frozen=True, slots=True)
class FactUsed:
    """One predicate evaluated for a finding: its name, argument, answer and evidence."""

    predicate: str
    argument: object
    value: bool | None
    evidence: tuple[str, ...]
    question: str | None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "predicate": self.predicate,
            "argument": _plain(self.argument),
            "value": self.value,
            "evidence": list(self.evidence),
        }


def evaluate(
    condition: Condition, facts: Facts, trace: list[tuple[FactUsed, Truth]]
) -> tuple[bool | None, list[FactUsed]]:
    """The value of ``condition`` (True, False or None for unknown) and the leaves that leave it unknown.

    Every leaf evaluated is appended to ``trace``; the second element is empty unless the value is None.
    """
    if condition.is_predicate:
        truth = PREDICATES[condition.operator](facts, condition.argument)
        used = FactUsed(condition.operator, condition.argument, truth.value, truth.evidence, truth.question)
        trace.append((used, truth))
        return truth.value, ([used] if truth.value is None else [])
    results = [evaluate(child, facts, trace) for child in condition.children]
    values = [value for value, _ in results]
    if condition.operator == "not":
        value, open_leaves = results[0]
        return (None if value is None else not value), open_leaves
    decisive = condition.operator != "all"  # all: one false decides; any: one true decides
    if any(v is decisive for v in values):
        return decisive, []
    if all(v is (not decisive) for v in values):
        return not decisive, []
    return None, [leaf for value, leaves in results if value is None for leaf in leaves]


def _plain(value: object) -> object:
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
