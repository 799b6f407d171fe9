"""The five outcomes in the order the report shows them, most restrictive first, with plain-language meaning."""

from __future__ import annotations

from dataclasses import dataclass

#: Most restrictive first: prohibited > licence_required > review > authorised > no_licence_required.
OUTCOME_ORDER = ("prohibited", "licence_required", "review", "authorised", "no_licence_required")


@dataclass(frozen=True, slots=True)
class OutcomeInfo:
    """How the report names and explains one outcome."""

    key: str
    label: str
    meaning: str


OUTCOMES = (
    OutcomeInfo(
        "prohibited",
        "Prohibited",
        "The export may not go ahead and no licence can authorise it. Stop any activity under way.",
    ),
    OutcomeInfo(
        "licence_required",
        "Licence required",
        "An export licence from MOFCOM is needed before the goods ship. Lines marked “individual licence only” "
        "cannot ship under a general licence.",
    ),
    OutcomeInfo(
        "review",
        "Review",
        "The facts given cannot decide the line. Ask the question shown, add the answer to the order book "
        "and check again.",
    ),
    OutcomeInfo(
        "authorised",
        "Authorised",
        "A licence is required and a licence held covers the control code, end user, date and quantity.",
    ),
    OutcomeInfo(
        "no_licence_required",
        "No licence required",
        "No measure of the regime applies on the as-of date.",
    ),
)

OUTCOME_INFO = {info.key: info for info in OUTCOMES}


def outcome_label(outcome: str) -> str:
    """The human label of ``outcome`` ("licence_required" gives "Licence required"); unknown values pass through."""
    info = OUTCOME_INFO.get(outcome)
    return info.label if info else outcome.replace("_", " ").capitalize()


def outcome_rank(outcome: str) -> int:
    """Position in the report order: 0 for prohibited; unknown outcomes sort last."""
    return OUTCOME_ORDER.index(outcome) if outcome in OUTCOME_ORDER else len(OUTCOME_ORDER)
