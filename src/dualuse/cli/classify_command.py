"""`dualuse classify`: classify order lines against the control list, one JSON line per input row."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from dualuse.cli.context import guarded_rulebase, parse_day, versions
from dualuse.cli.jsonl import run_rows
from dualuse.errors import InputError

#: Column names accepted for each field, first match wins (spreadsheets name them many ways).
FIELDS = {
    "description": ("description", "item_description", "goods_description", "goods", "item"),
    "hs_code": ("hs_code", "customs_code", "hs", "commodity_code", "tariff_code"),
    "declared_code": ("declared_code", "control_code", "export_control_code", "eccn"),
    "as_of": ("as_of", "date", "as_of_date"),
}


def classify(
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="Order lines: a .jsonl, .csv or .xlsx file, or '-' for JSON lines on standard input. "
            "Each row: id, description, optional hs_code, optional declared_code, optional as_of.",
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The day to classify on (YYYY-MM-DD); a row's own as_of wins. Default: the rule base's "
            "researched_as_of date (the day its research was done), never today's clock.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON lines here instead of standard output.")
    ] = None,
    rulebase: Annotated[
        Path | None, typer.Option("--rulebase", help="A rule-base folder (default: the bundled CN rule base).")
    ] = None,
) -> None:
    """Classify each order line: controlled, not_controlled or review, with ranked codes, evidence and citations.

    Output: one JSON object per input row, in input order, with id, status, codes (best first), explanation,
    missing_parameters, as_of and the rule-base and engine versions. A broken row yields {"id", "error"} and
    the rest of the file is still classified.
    """
    from dualuse.classify import Classifier

    rb = guarded_rulebase(rulebase)
    default_day = parse_day(as_of) if as_of else rb.manifest.researched_as_of
    classifier = Classifier(rb)
    stamp = versions(rb)

    def handle(row: dict[str, Any]) -> dict[str, Any]:
        row_id = _field(row, "id", ("id",))
        day = _day(_field(row, "as_of", FIELDS["as_of"]), default_day)
        description = _field(row, "description", FIELDS["description"])
        result = classifier.classify(
            description,
            hs_code=_field(row, "hs_code", FIELDS["hs_code"]),
            as_of=day,
            declared_code=_field(row, "declared_code", FIELDS["declared_code"]),
        )
        return {
            "id": str(row_id) if row_id not in (None, "") else None,
            "status": result.status,
            "codes": [code.to_dict() for code in result.codes],
            "explanation": result.explanation,
            "missing_parameters": list(result.missing_parameters),
            "families": list(result.families),
            "reason": result.reason,
            "as_of": day.isoformat(),
            **stamp,
        }

    run_rows(source, output, handle)


def _field(row: dict[str, Any], name: str, names: tuple[str, ...]) -> Any:
    for key in names:
        if key in row and row[key] not in (None, ""):
            return row[key]
    lowered = {str(k).strip().lower(): v for k, v in row.items()}
    for key in names:
        if lowered.get(key) not in (None, ""):
            return lowered[key]
    return None


def _day(value: Any, default: date) -> date:
    if value is None:
        return default
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"{value!r} is not a date in the form YYYY-MM-DD", field="as_of") from None
