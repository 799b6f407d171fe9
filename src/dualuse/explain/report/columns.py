"""The columns appended to the input columns in checked.csv and checked.xlsx, and their values for one row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dualuse.explain.report.reading import (
    citation_labels,
    control_codes,
    parties_hit_labels,
    questions,
    reasons,
)
from dualuse.explain.report.row import ReportRow

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


def output_values(row: ReportRow, input_headers: Sequence[str], run_versions: Mapping[str, str],
                  run_as_of: str) -> list[str]:  # fmt: skip
    """The row's input cells in header order, then the output columns, all as text."""
    echoed = [_text(row.cells.get(header)) for header in input_headers]
    determination = row.determination
    if determination is None:
        versions = {key: run_versions.get(key, "") for key in ("rulebase_version", "rulebase_digest", "engine_version")}
        return [
            *echoed,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            *versions.values(),
            run_as_of,
            row.error or "the row was not checked",
        ]
    return [
        *echoed,
        str(determination.get("outcome") or ""),
        "true" if determination.get("individual_licence_only") else "false",
        SEPARATOR.join(reasons(determination)),
        SEPARATOR.join(questions(determination)),
        SEPARATOR.join(citation_labels(determination)),
        SEPARATOR.join(control_codes(determination)),
        SEPARATOR.join(parties_hit_labels(determination)),
        str(determination.get("rulebase_version") or run_versions.get("rulebase_version", "")),
        str(determination.get("rulebase_digest") or run_versions.get("rulebase_digest", "")),
        str(determination.get("engine_version") or run_versions.get("engine_version", "")),
        str(determination.get("as_of") or run_as_of),
        row.error or "",
    ]


def _text(value: object) -> str:
    # Cells are text by contract; a reader that hands over None or a number still gets a clean cell.
    return "" if value is None else str(value)
