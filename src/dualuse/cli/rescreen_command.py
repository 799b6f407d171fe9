"""`dualuse rescreen`: after a rule-base update, report the counterparties and open orders it changes.

Exit status: 0 done (changes or not); 2 bad input, or no earlier rule base kept in the store.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dualuse.cli.context import console, fail, guarded_rulebase, parse_day
from dualuse.cli.licence_commands import ActorOption, DatabaseOption, JsonOption, actor_name, opened_store
from dualuse.errors import DualuseError


def rescreen(
    *,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="VERSION",
            help="The earlier rule base, by version or digest (default: the latest other one kept in the store).",
        ),
    ] = None,
    screen_on: Annotated[
        str | None, typer.Option("--screen-on", help="Screen counterparties as of this date (default: today).")
    ] = None,
    open_on: Annotated[
        str | None, typer.Option("--open-on", help="Orders shipping on or after this date are open (default: today).")
    ] = None,
    rulebase: Annotated[
        Path | None, typer.Option("--rulebase", help="The current rule-base folder (default: the bundled one).")
    ] = None,
    actor: ActorOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compare the rule base kept as VERSION with the current one and list every stored counterparty and
    open order whose outcome changes, with the reason; the result is kept in the store and audited."""
    from dualuse.services.online import Engines
    from dualuse.services.rescreen import rescreen as run_rescreen

    rb = guarded_rulebase(rulebase)
    today = datetime.now(UTC).date()
    screen_day = parse_day(screen_on, "--screen-on") if screen_on else today
    open_day = parse_day(open_on, "--open-on") if open_on else today
    with opened_store(database) as store:
        try:
            report = run_rescreen(store, Engines(rb, store), since=since, screen_on=screen_day, open_on=open_day,
                                  actor=actor_name(actor), at=datetime.now(UTC))  # fmt: skip
        except DualuseError as error:
            fail(str(error))
            return
    if as_json:
        console.print_json(json.dumps(report.to_dict(), ensure_ascii=False, default=str))
        return
    summary = report.summary
    console.print(f"re-screening [bold]{report.rescreen_id}[/]: rule base {report.previous.version} → "
                  f"{report.current.version}; {summary['counterparties_checked']} counterparties and "
                  f"{summary['determinations_checked']} open orders looked at")  # fmt: skip
    table = Table(title=f"{len(report.to_dict()['changes'])} change(s)")
    for column in ("what", "who / which order", "before", "after", "why"):
        table.add_column(column)
    for change in report.counterparties:
        table.add_row("counterparty", f"{change['name']} ({change['country'] or '—'})",
                      ", ".join(h["entity_id"] for h in change["before"]) or "no hit",
                      ", ".join(h["entity_id"] for h in change["after"]) or "no hit", "; ".join(change["reasons"]))  # fmt: skip
    for change in report.determinations:
        table.add_row("open order", f"{change['id']} ({change['as_of']})", str(change["before"]), str(change["after"]),
                      "; ".join(change["reasons"]))  # fmt: skip
    for change in report.dispositions:
        table.add_row("disposition", f"#{change['disposition_id']} on {change['entity_id']}", change["decision"],
                      "re-opened", "; ".join(change["reasons"]))  # fmt: skip
    console.print(table)
