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

    Evaluation stops as soon as the answer is decided (a false child of ``all``, a true child of
    ``any``); every leaf evaluated is appended to ``trace``. The second element is empty unless the
    value is None.
    """
    if condition.is_predicate:
        truth = PREDICATES[condition.operator](facts, condition.argument)
        used = FactUsed(condition.operator, condition.argument, truth.value, truth.evidence, truth.question)
        trace.append((used, truth))
        return truth.value, ([used] if truth.value is None else [])
    if condition.operator == "not":
        value, inner = evaluate(condition.children[0], facts, trace)
        return (None if value is None else not value), inner
    decisive = condition.operator != "all"  # all: one false decides; any: one true decides
    open_leaves: list[FactUsed] = []
    undecided = False
    for child in condition.children:
        value, leaves = evaluate(child, facts, trace)
        if value is decisive:
            return decisive, []  # the rest cannot change the answer, so it is not evaluated
        if value is None:
            undecided = True
            open_leaves += leaves
    return (None, open_leaves) if undecided else (not decisive, [])


def _plain(value: object) -> object:
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
