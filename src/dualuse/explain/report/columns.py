"""The columns appended to the input columns in checked.csv and checked.xlsx (their values: answer.py)."""

from __future__ import annotations

from collections.abc import Sequence

#: Appended after the original columns, in this order.
OUTPUT_COLUMNS = (
    "outcome",
    "individual_licence_only",
    "reasons",
    "questions",
    "citations",
    "control_codes",
    "parties_hit",
    "rulebase_version",
    "rulebase_digest",
    "engine_version",
    "as_of",
    "error",
)

#: Joins several values in one cell; chosen because statements contain commas and semicolons.
SEPARATOR = " | "


def output_headers(input_headers: Sequence[str]) -> list[str]:
    """The input headers followed by the output columns.

    Where the input already has a column of the same name (a checked file checked again), the
    appended column is named ``dualuse_<name>`` so that no header appears twice.
    """
    taken = set(input_headers)
    appended = []
    for name in OUTPUT_COLUMNS:
        candidate = name
        while candidate in taken:
            candidate = f"dualuse_{candidate}"
        taken.add(candidate)
        appended.append(candidate)
    return [*input_headers, *appended]
