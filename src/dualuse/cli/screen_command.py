"""`dualuse screen`: screen party names against the Chinese lists (and extra lists), one JSON line per row."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from dualuse.cli.context import fail, guarded_rulebase, parse_day, versions
from dualuse.cli.jsonl import run_rows
from dualuse.errors import DualuseError, InputError
from dualuse.screen import DEFAULT_THRESHOLD, Screener
from dualuse.screen.query import check_address, check_as_of, check_country, check_name
from dualuse.screen.sources import ExtraList


def screen(
    input_file: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="A .jsonl, .csv or .xlsx file with columns id, name and optionally country (two letters), "
            "address and as_of (YYYY-MM-DD); or - for JSON lines on standard input.",
        ),
    ],
    *,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Screen against the lists as they stand on this date (YYYY-MM-DD). A row's own as_of wins. "
            "Default: the date the rule base was researched (its manifest's researched_as_of), never today's date.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON lines here instead of standard output.")
    ] = None,
    extra_list: Annotated[
        list[Path] | None,
        typer.Option(
            "--extra-list",
            help="Also screen against this list: FollowTheMoney JSON lines (.jsonl) or a table (.csv/.xlsx with "
            "name, aliases, country, list). Repeatable. Hits are labelled with the file name and carry no "
            "Chinese legal effect.",
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", min=0.01, max=1.0, help="The score at which a match is a hit (default 0.85)."),
    ] = None,
    rulebase: Annotated[
        Path | None, typer.Option("--rulebase", help="A rule-base folder (default: the bundled CN rule base).")
    ] = None,
) -> None:
    """Screen each row's party name against every party designated on the Chinese lists on the as-of date.

    Writes one JSON line per input row, in order: the hits at the threshold under "matches" (best first, with status active, suspended or stopped; only active ones bind), names a reviewer should see under "related" (parents and sister companies of listed parties, parties designated after the date), and the version stamp.

    A row that cannot be screened (empty or overlong name, control characters, a line in the wrong encoding, malformed JSON) gets an "error" and the run goes on.
    """
    rb = guarded_rulebase(rulebase)
    default_day = parse_day(as_of) if as_of else rb.manifest.researched_as_of
    lists = _extra_lists(extra_list or [])
    try:
        screener = Screener(rb, extra_lists=lists, threshold=threshold or DEFAULT_THRESHOLD)
    except DualuseError as error:
        fail(str(error))
        raise  # pragma: no cover - fail() exits
    stamp = versions(rb)

    def handle(raw: dict[str, Any]) -> dict[str, Any]:
        row = {str(key).strip().lower(): value for key, value in raw.items()}  # "Name" and "name" alike
        row_id = row.get("id")
        day = _row_day(row.get("as_of"), default_day)
        result = screener.screen(
            check_name(row.get("name")),
            country=check_country(row.get("country")),
            as_of=day,
            address=check_address(row.get("address")),
        )
        return {
            "id": None if row_id in (None, "") else str(row_id),
            "name": result.query,
            "country": result.country,
            "matches": [m.to_dict() for m in result.matches],
            "related": [m.to_dict() for m in result.related],
            "as_of": day.isoformat(),
            **stamp,
        }

    run_rows(input_file, output, handle)


def _row_day(value: object, default: date) -> date:
    if value in (None, ""):
        return default
    return check_as_of(value)


def _extra_lists(paths: list[Path]) -> list[ExtraList]:
    from dualuse.adapters.lists import load_extra_list

    lists = []
    for path in paths:
        try:
            lists.append(load_extra_list(path))
        except InputError as error:
            fail(f"--extra-list: {error}")
    return lists
