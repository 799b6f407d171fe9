"""Compare what a description states with the technical thresholds of a control-list entry.

The thresholds come from the rule base (``ControlEntry.parameters``) and are never restated here. A
stated quantity is a range; it *meets* a threshold when every value in the range does, *does not meet*
it when no value does, and otherwise settles nothing. ``parameter_logic`` 'all' needs every threshold
met; 'any' needs one. A threshold the description does not state is *missing*: the answer is then
'review', asking for it, unless another threshold already rules the item out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from dualuse.classify.quantities import Measurement
from dualuse.classify.result import ParameterCheck
from dualuse.classify.vocabulary import ParametersFile
from dualuse.rulebase.model import ControlEntry, Parameter

Outcome = Literal["met", "not_met", "missing", "undetermined"]
_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "in": "one of"}
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class ParameterOutcome:
    """The checks of one entry and what they add up to: 'met', 'not_met' or 'missing'."""

    checks: tuple[ParameterCheck, ...]
    result: str

    @property
    def missing(self) -> tuple[str, ...]:
        """The parameters to ask for (stated nowhere, or stated as a range that settles nothing)."""
        return tuple(dict.fromkeys(c.name for c in self.checks if c.outcome in ("missing", "undetermined")))

    @property
    def failed(self) -> tuple[ParameterCheck, ...]:
        """The thresholds the stated values do not meet."""
        return tuple(c for c in self.checks if c.outcome == "not_met")


class ThresholdChecker:
    """The vocabulary's parameter definitions and units, used to read and compare thresholds."""

    def __init__(self, table: ParametersFile) -> None:
        """Keep the parameter and unit tables."""
        self._parameters = table.parameters
        self._units = table.units

    def select(self, entry: ControlEntry, names: tuple[str, ...] | None) -> tuple[Parameter, ...]:
        """The entry's parameters a rule applies: all of them, or those named ('name' or 'name#2')."""
        if names is None:
            return entry.parameters
        chosen = []
        seen: dict[str, int] = {}
        for parameter in entry.parameters:
            seen[parameter.name] = seen.get(parameter.name, 0) + 1
            if parameter.name in names or f"{parameter.name}#{seen[parameter.name]}" in names:
                chosen.append(parameter)
        return tuple(chosen)

    def check(
        self, entry: ControlEntry, parameters: tuple[Parameter, ...], measurements: list[Measurement]
    ) -> ParameterOutcome:
        """Compare each threshold with the value the description states for it."""
        if not parameters:
            return ParameterOutcome((), "met")
        dimensions = [self._units[self._parameters[p.name].unit].dimension for p in parameters]
        checks = []
        for parameter in parameters:
            definition = self._parameters[parameter.name]
            unit = self._units[definition.unit]
            shared = sum(
                1
                for p, d in zip(parameters, dimensions, strict=True)
                if d == unit.dimension and p.name != parameter.name
            )
            measurement = self._measurement(parameter.name, unit.dimension, shared == 0, measurements)
            threshold = _threshold_text(parameter, unit.display or parameter.unit)
            comparison = _SYMBOLS.get(parameter.comparison, parameter.comparison)
            if measurement is None:
                checks.append(
                    ParameterCheck(
                        parameter.name, definition.label, comparison, threshold, "missing", None, parameter.note
                    )
                )
                continue
            outcome = _compare(measurement, parameter, unit.factor)
            checks.append(
                ParameterCheck(
                    parameter.name,
                    definition.label,
                    comparison,
                    threshold,
                    outcome,
                    measurement.shown(),
                    parameter.note,
                )
            )
        return ParameterOutcome(tuple(checks), _combine(entry.parameter_logic, [c.outcome for c in checks]))

    def _measurement(
        self, name: str, dimension: str, alone: bool, measurements: list[Measurement]
    ) -> Measurement | None:
        definition = self._parameters[name]
        candidates = [m for m in measurements if m.dimension == dimension]
        for wanted in (name, *definition.accepts_from):
            for measurement in candidates:
                if measurement.keyword == wanted and (
                    measurement.role in (None, "mesh") or measurement.role == definition.role
                ):
                    return measurement
        if definition.role:
            for measurement in candidates:
                if measurement.role == definition.role and measurement.keyword in (None, name):
                    return measurement
        if definition.default_for_dimension or alone:
            for measurement in candidates:
                if measurement.keyword is None and measurement.role in (None, "mesh"):
                    return measurement
        return None


def _threshold_text(parameter: Parameter, unit: str) -> str:
    value = parameter.value
    joiner = "" if unit in ("%", "°C") else " "
    if isinstance(value, tuple):
        return " or ".join(f"{_number(v)}{joiner}{unit}" for v in value)
    return f"{_number(value)}{joiner}{unit}"


def _number(value: float) -> str:
    return f"{value:.10g}" if abs(value) < 1e6 else f"{value:,.0f}"


#: For each comparison: when a stated range [low, high] surely meets the threshold t, and when it surely does not.
_TESTS: dict[str, tuple[Callable[[float, float, float], bool], Callable[[float, float, float], bool]]] = {
    ">=": (lambda low, high, t: low >= t - _EPSILON, lambda low, high, t: high < t - _EPSILON),
    ">": (lambda low, high, t: low > t + _EPSILON, lambda low, high, t: high <= t + _EPSILON),
    "<=": (lambda low, high, t: high <= t + _EPSILON, lambda low, high, t: low > t + _EPSILON),
    "<": (lambda low, high, t: high < t - _EPSILON, lambda low, high, t: low >= t - _EPSILON),
    "=": (
        lambda low, high, t: math.isclose(low, t) and math.isclose(high, t),
        lambda low, high, t: t < low - _EPSILON or t > high + _EPSILON,
    ),
}


def _compare(measurement: Measurement, parameter: Parameter, factor: float) -> Outcome:
    low, high = measurement.low, measurement.high
    if isinstance(parameter.value, tuple):  # 'in': one of the listed values (915 or 2450 MHz)
        inside = [v * factor for v in parameter.value if low - _EPSILON <= v * factor <= high + _EPSILON]
        if not inside:
            return "not_met"
        return "met" if math.isclose(low, high) else "undetermined"
    tests = _TESTS.get(parameter.comparison)
    if tests is None:
        return "undetermined"
    meets, fails = tests
    threshold = parameter.value * factor
    if meets(low, high, threshold):
        return "met"
    return "not_met" if fails(low, high, threshold) else "undetermined"


def _combine(logic: str, outcomes: list[Outcome]) -> str:
    if logic == "any":
        if "met" in outcomes:
            return "met"
        return "missing" if any(o in ("missing", "undetermined") for o in outcomes) else "not_met"
    if "not_met" in outcomes:
        return "not_met"
    return "missing" if any(o in ("missing", "undetermined") for o in outcomes) else "met"
