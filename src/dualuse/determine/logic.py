"""Evaluate a measure's condition tree in three-valued (Kleene) logic, keeping a trace of every fact used.

A measure's tree is compiled once into nested functions (``compile_condition``): determining a line
then neither inspects the tree's nodes nor looks its predicates up again; each node just evaluates
its children in order, with the same short-circuits as the tree itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dualuse.determine.facts import Facts
from dualuse.determine.predicates import PREDICATES, Truth
from dualuse.rulebase.conditions import Condition

#: One predicate evaluated: the leaf of the tree, and its answer.
Leaf = tuple[Condition, Truth]
#: The value of a (sub)tree and the leaves that leave it unknown (empty unless the value is None).
Evaluation = tuple[bool | None, tuple[Leaf, ...]]
#: A compiled condition: evaluates the tree on the facts, appending every leaf evaluated to the trace.
Evaluator = Callable[[Facts, list[Leaf]], Evaluation]


@dataclass(frozen=True, slots=True)
class FactUsed:
    """One predicate evaluated for a finding: its name, argument, answer and evidence."""

    predicate: str
    argument: object
    value: bool | None
    evidence: tuple[str, ...]
    question: str | None

    @classmethod
    def of(cls, leaf: Leaf) -> FactUsed:
        """The fact used at one evaluated leaf."""
        condition, truth = leaf
        return cls(condition.operator, condition.argument, truth.value, truth.evidence, truth.question)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "predicate": self.predicate,
            "argument": _plain(self.argument),
            "value": self.value,
            "evidence": list(self.evidence),
        }


def evaluate(condition: Condition, facts: Facts, trace: list[Leaf]) -> Evaluation:
    """The value of ``condition`` (True, False or None for unknown) and the leaves that leave it unknown.

    Evaluation stops as soon as the answer is decided (a false child of ``all``, a true child of
    ``any``); every leaf evaluated is appended to ``trace``. The second element is empty unless the
    value is None. (To evaluate a tree many times, compile it once with ``compile_condition``.)
    """
    return compile_condition(condition)(facts, trace)


def compile_condition(condition: Condition) -> Evaluator:
    """The tree as a function of the facts, with exactly the semantics of ``evaluate``."""
    if condition.is_predicate:
        return _predicate(condition)
    children = tuple(compile_condition(child) for child in condition.children)
    if condition.operator == "not":
        return _negation(children[0])
    return _combination(children, decisive=condition.operator != "all")  # all: one false decides; any: one true


def _predicate(condition: Condition) -> Evaluator:
    predicate = PREDICATES[condition.operator]
    argument = condition.argument

    def leaf(facts: Facts, trace: list[Leaf]) -> Evaluation:
        truth = predicate(facts, argument)
        trace.append((condition, truth))
        return truth.value, (((condition, truth),) if truth.value is None else ())

    return leaf


def _negation(child: Evaluator) -> Evaluator:
    def negation(facts: Facts, trace: list[Leaf]) -> Evaluation:
        value, open_leaves = child(facts, trace)
        return (None if value is None else not value), open_leaves

    return negation


def _combination(children: tuple[Evaluator, ...], *, decisive: bool) -> Evaluator:
    def combination(facts: Facts, trace: list[Leaf]) -> Evaluation:
        open_leaves: tuple[Leaf, ...] = ()
        for child in children:
            value, leaves = child(facts, trace)
            if value is decisive:
                return decisive, ()  # the rest cannot change the answer, so it is not evaluated
            if value is None:
                open_leaves += leaves  # never empty: an unknown value always names the leaves behind it
        return (None, open_leaves) if open_leaves else (not decisive, ())

    return combination


def _plain(value: object) -> object:
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
