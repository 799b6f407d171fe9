"""`dualuse audit …`: check the hash chain of the audit log, and show what the log holds for a run.

Exit status of ``verify``: 0 the chain is intact; 1 it is broken (the first broken record is
named); 2 the store cannot be opened.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from dualuse.cli.context import console, errors, fail
from dualuse.cli.licence_commands import DatabaseOption, JsonOption, opened_store
from dualuse.store import AuditLog, RunStore

#: Exit status when the audit chain is broken.
EXIT_BROKEN_CHAIN = 1

app = typer.Typer(help="The audit log: verify its hash chain, or show the records of one run.", no_args_is_help=True)


@app.command("verify")
def verify_command(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Recompute the hash chain and report the first changed, missing or reordered record."""
    with opened_store(database) as store:
        report = AuditLog(store).verify()
    if as_json:
        problem = report.problem
        data = {
            "ok": report.ok,
            "records_checked": report.records,
            "last_hash": report.last_hash,
            "problem": None
            if problem is None
            else {"seq": problem.seq, "kind": problem.kind.value, "message": problem.message},
        }
        console.print_json(json.dumps(data))
    elif report.problem is None:
        console.print(f"[green]audit log intact[/]: {report.records} record(s), last hash {report.last_hash}")
    else:
        errors.print(
            f"[bold red]audit log broken at record {report.problem.seq}[/] ({report.problem.kind.value}): "
            f"{report.problem.message}. The {report.records} record(s) before it are intact."
        )
    if not report.ok:
        raise typer.Exit(EXIT_BROKEN_CHAIN)


@app.command("show")
def show_command(
    run_id: Annotated[str, typer.Argument(help="The run id, as printed when the run started.")],
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the audit records of one run, in order."""
    with opened_store(database) as store:
        records = AuditLog(store).records(run_id=run_id)
        run = RunStore(store).get(run_id)
    if not records and run is None:
        fail(f"no run {run_id} in the store and no audit record for it")
    if as_json:
        console.print_json(json.dumps([record.to_dict() for record in records], ensure_ascii=False))
        return
    if run is not None:
        console.print(
            f"[bold]run {run.run_id}[/] ({run.status.value}) from {run.source}, by {run.actor}, "
            f"started {run.started_at.isoformat(timespec='seconds')}; rule base {run.versions.rulebase_version} "
            f"({run.versions.rulebase_digest[:19]}…), engine {run.versions.engine_version}"
        )
    table = Table(title=f"{len(records)} audit record(s)")
    for column in ("seq", "time", "actor", "event", "subject", "outcome", "input digest", "hash"):
        table.add_column(column)
    for record in records:
        table.add_row(
            str(record.seq),
            record.time,
            record.actor,
            record.event,
            record.subject or "",
            record.outcome or "",
            (record.input_digest or "")[:19],
            record.hash[:12] + "…",
        )
    console.print(table)
