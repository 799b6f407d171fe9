"""Measures made ready to apply: everything about a measure that does not depend on the order line.

A measure's condition tree, its outcome and its interpretation caveat are the same for every line,
so they are worked out once per rule base.
"""

from __future__ import annotations

from dataclasses import dataclass

from dualuse.determine.logic import Evaluator, compile_condition
from dualuse.determine.outcome import Outcome
from dualuse.rulebase import RuleBase
from dualuse.rulebase.model import Measure


@dataclass(frozen=True, slots=True)
class PreparedMeasure:
    """One measure with its compiled conditions and the parts of its findings that never vary."""

    measure: Measure
    conditions: Evaluator
    outcome: Outcome
    #: The interpretation the measure rests on, as a caveat (empty when it rests on the text alone).
    interpretation: tuple[str, ...]


def prepare_measures(rulebase: RuleBase) -> tuple[PreparedMeasure, ...]:
    """Every measure of the rule base, in its order, ready to apply."""
    return tuple(_prepare(measure) for measure in rulebase.measures)


def _prepare(measure: Measure) -> PreparedMeasure:
    return PreparedMeasure(
        measure=measure,
        conditions=compile_condition(measure.conditions),
        outcome=Outcome(measure.outcome),
        interpretation=(f"Interpretation: {measure.interpretation}",) if measure.interpretation else (),
    )
