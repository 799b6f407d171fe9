"""The closed vocabulary in which measures state when they apply.

A condition is a mapping with exactly one key: a predicate name from ``PREDICATES`` with its
argument, or one of the combinators ``all`` (a list), ``any`` (a list) and ``not`` (one condition).
The determination engine implements each predicate; the docstrings here are what a compliance
officer reads in an explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PREDICATES: dict[str, str] = {
    "destination_in": "The shipment's destination country is one of the listed countries.",
    "party_country_in": "The end user, consignee or importer is in one of the listed countries.",
    "party_on_list": "An end user, consignee or importer is on the named list, in force on the date, with the named effect.",
    "end_user_is_military_user": "The end user is a military user of the named country (reference set or declared).",
    "military_end_use": "The declared end use is military.",
    "end_use_enhances_military_capability": "The declared end use helps enhance the named country's military capability.",
    "end_use_declared": "An end use was declared for the order line.",
    "item_status": "The item's classification is one of the listed outcomes (controlled, not_controlled, review).",
    "item_family_in": "The item's controlled family is one of the listed families.",
    "item_mentions": "The item description mentions one of the listed terms.",
    "catch_all_risk": "The exporter knows or should know of one of the listed risks (wmd, terrorism, national_security, military).",
    "item_origin_china": "The item is (or is not) of Chinese origin.",
    "exporter_in_china": "The exporter is (or is not) in China.",
    "within_reach": "China's regime reaches the transfer: the exporter is in China or the item is of Chinese origin.",
}
COMBINATORS = ("all", "any", "not")


@dataclass(frozen=True, slots=True)
class Condition:
    """One node of a measure's condition tree: a predicate with its argument, or a combinator."""

    operator: str
    argument: Any = None
    children: tuple[Condition, ...] = ()

    @property
    def is_predicate(self) -> bool:
        """True for a leaf predicate, false for all/any/not."""
        return self.operator not in COMBINATORS

    def predicates(self) -> set[str]:
        """Every predicate name used in this tree."""
        if self.is_predicate:
            return {self.operator}
        found: set[str] = set()
        for child in self.children:
            found |= child.predicates()
        return found


def parse_condition(raw: Any, path: str = "conditions") -> Condition:
    """Parse a raw YAML condition; raise ValueError naming the path where it is malformed."""
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ValueError(f"{path}: expected a mapping with exactly one key, got {raw!r}")
    ((operator, argument),) = raw.items()
    if operator in ("all", "any"):
        if not isinstance(argument, list) or not argument:
            raise ValueError(f"{path}.{operator}: expected a non-empty list of conditions")
        children = tuple(parse_condition(a, f"{path}.{operator}[{i}]") for i, a in enumerate(argument))
        return Condition(operator, None, children)
    if operator == "not":
        return Condition("not", None, (parse_condition(argument, f"{path}.not"),))
    if operator not in PREDICATES:
        known = ", ".join(sorted(PREDICATES))
        raise ValueError(f"{path}: unknown predicate {operator!r}; expected one of: all, any, not, {known}")
    return Condition(operator, _freeze(argument))


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value
