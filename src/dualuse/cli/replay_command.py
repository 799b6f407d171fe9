"""`dualuse replay`: determine a past run again and report every difference."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dualuse.cli.context import console, fail, guarded_rulebase
from dualuse.errors import DualuseError


def replay(
    run_id: Annotated[str, typer.Argument(help="The run to replay.")],
    current: Annotated[
        bool, typer.Option("--current", help="Replay with today's rule base instead of the one the run used.")
    ] = False,
    store: Annotated[
        str | None,
        typer.Option("--store", help="Database URL (default: DUALUSE_DATABASE_URL, else var/dualuse.sqlite3)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Re-determine a past run with the rule base it used (or today's) and list every row that differs."""
    from dualuse.services.replay import replay_run

    try:
        report = replay_run(run_id, store_url=store, current=guarded_rulebase(None) if current else None)
    except DualuseError as error:
        fail(str(error))
        return
    if as_json:
        console.print_json(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        console.print(f"Run {report.run_id}: {report.rows:,} determinations replayed; {report.same:,} the same, "
                      f"{len(report.differences):,} different.")  # fmt: skip
        console.print(f"  rule base used {report.rulebase_used}\n  replayed with  {report.rulebase_replayed}")
        console.print(f"  engine used {report.engine_used}, replayed with {report.engine_replayed}")
        for difference in report.differences[:200]:
            console.print(f"  row {difference.row_number} ({difference.row_id}): {difference.before} → {difference.after}"
                          f"  +{', '.join(difference.rules_added) or '-'}  −{', '.join(difference.rules_removed) or '-'}")  # fmt: skip
    if report.differences:
        raise typer.Exit(1)
