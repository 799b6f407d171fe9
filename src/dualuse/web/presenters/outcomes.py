"""The five outcomes as the pages show them: label, meaning and the CSS class that gives the colour.

Colours are the UI's own and the same on every page: prohibited red, licence required amber, review
purple, authorised green, no licence required grey-green; errors grey.
"""

from __future__ import annotations

from dualuse.explain.report.outcomes import OUTCOMES, OutcomeInfo, outcome_label

#: The outcome filter's values, most restrictive first, then rows that could not be determined.
OUTCOME_CHOICES = (
    *OUTCOMES,
    OutcomeInfo("error", "Error", "The row could not be read or determined; the message names the column."),
)

#: The keys the outcome filter accepts.
OUTCOME_KEYS = frozenset(choice.key for choice in OUTCOME_CHOICES)


def outcome_name(outcome: str | None) -> str:
    """The outcome's label ("Licence required"); "Error" for a row without one."""
    return outcome_label(outcome) if outcome else "Error"


def outcome_class(outcome: str | None) -> str:
    """The CSS class that colours the outcome ("o-prohibited"); "o-error" for a row without one."""
    key = outcome if outcome in OUTCOME_KEYS or outcome == "information" else "error"
    return f"o-{key}"
