"""`dualuse determine`: the legal outcome of each order line, with findings and citations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dualuse.cli.context import guarded_rulebase, parse_day
from dualuse.cli.jsonl import run_rows
from dualuse.errors import CoverageError, InputError


def determine(
    source: Annotated[
        str,
        typer.Argument(metavar="INPUT", help="A .jsonl, .csv or .xlsx file, or - for JSON lines on standard input."),
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help="The date for rows that give none (YYYY-MM-DD).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSON lines here instead of standard output.")
    ] = None,
    rulebase: Annotated[
        Path | None, typer.Option("--rulebase", help="A rule-base folder (default: the bundled CN rule base).")
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Database URL of the licence register (default: DUALUSE_DATABASE_URL or var/dualuse.sqlite3 if it exists).",
        ),
    ] = None,
) -> None:
    """Determine each order line: prohibited, licence required, review, authorised or no licence required.

    Each input line is {"id", "as_of", "exporter": {"name", "country"}, "item": {"description", "hs_code",
    "control_code", "origin"}, "destination", "end_user": {"name", "country"}, "end_use", "military_end_use",
    "licence": {...}, "quantity"}; only id, as_of, item.description and end_user.name are required.
    Licences in the register are used as well as a licence given on the line.
    """
    from dualuse.determine import Determiner, transaction_from_dict
    from dualuse.services.licences import register_licences

    rb = guarded_rulebase(rulebase)
    default_day = parse_day(as_of) if as_of else None
    determiner = Determiner(rb)
    licences_for = register_licences(store)

    def handle(row: dict[str, Any]) -> dict[str, Any]:
        transaction = transaction_from_dict(row, default_as_of=default_day)
        try:
            result = determiner.determine(transaction, licences_for(transaction.as_of))
        except CoverageError as error:
            raise InputError(str(error), field="as_of") from None
        return result.to_dict()

    run_rows(source, output, handle)


__all__ = ["determine"]
