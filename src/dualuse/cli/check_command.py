"""`dualuse check`: the main job — check a whole order book and write the reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

from dualuse.cli.context import console, errors, fail, guarded_rulebase, parse_day
from dualuse.errors import DualuseError, InputError

OUTCOME_STYLE = {"prohibited": "bold red", "licence_required": "yellow", "review": "magenta",
                 "authorised": "green", "no_licence_required": "dim green", "error": "red"}  # fmt: skip


def check(
    file: Annotated[Path, typer.Argument(help="The order book: .csv, .xlsx or .jsonl (UTF-8, Shift_JIS or GB18030).")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Shipment date for rows that give none (YYYY-MM-DD).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the reports.")] = Path("reports"),
    resume: Annotated[
        str | None, typer.Option("--resume", metavar="RUN_ID", help="Continue an interrupted run.")
    ] = None,
    mapping: Annotated[
        str | None, typer.Option("--map", help='Column mapping, e.g. "品名=item.description,Kunde=end_user.name".')
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes (0: one per core).")] = 0,
    chunk_size: Annotated[int, typer.Option("--chunk-size", help="Rows per committed chunk.")] = 5_000,  # CheckOptions' default
    store: Annotated[
        str | None,
        typer.Option("--store", help="Database URL (default: DUALUSE_DATABASE_URL, else var/dualuse.sqlite3)."),
    ] = None,
    rulebase: Annotated[
        Path | None, typer.Option("--rulebase", help="A rule-base folder (default: the bundled CN rule base).")
    ] = None,
    actor: Annotated[str, typer.Option("--actor", help="Who runs the check, for the audit log.")] = "cli",
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Check every order line of FILE: outcome, reasons and citations, reports, and an audit record per line.

    Bad input (unknown columns, wrong encoding, empty or binary file) stops before any work with a message
    naming the file, row and column, and exit status 2. An interrupted run continues with --resume RUN_ID.
    """
    from dualuse.batch import parse_mapping
    from dualuse.services.check import CheckOptions, check_file

    rb = guarded_rulebase(rulebase)
    day = parse_day(as_of) if as_of else None
    try:
        options = CheckOptions(as_of=day, mapping=parse_mapping(mapping) if mapping else None, workers=workers,
                               chunk_size=chunk_size, actor=actor, rulebase_path=rulebase)  # fmt: skip
    except InputError as error:
        fail(f"--map: {error}")
        return
    columns = (TextColumn("[bold]checking[/]"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[rate]} rows/s"), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=errors, disable=quiet, transient=False) as bar:
        task = bar.add_task("check", total=None, rate="…")

        first: list[int] = []

        def progress(done: int, total: int) -> None:
            if not first:
                first.append(done)  # rows already done by an interrupted run do not count towards the rate
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{(done - first[0]) / elapsed:,.0f}" if elapsed > 0.5 else "…"
            bar.update(task, completed=done, total=total, rate=rate)

        try:
            result = check_file(file, out, rb, options=options, store_url=store, resume=resume, progress=progress,
                                started=lambda run_id: errors.print(f"run [bold]{run_id}[/] — if interrupted, continue "
                                                                    f"with: dualuse check {file} --resume {run_id}"))  # fmt: skip
        except DualuseError as error:
            bar.stop()
            fail(str(error))
            return
    _summary(result.run_id, result.counts, result.rows, result.resumed_from, result.report_files)


def _summary(run_id: str, counts: dict[str, int], rows: int, resumed_from: int, files: dict[str, str]) -> None:
    table = Table(
        title=f"Run {run_id}: {rows:,} rows" + (f" (resumed after row {resumed_from:,})" if resumed_from else "")
    )
    table.add_column("outcome")
    table.add_column("rows", justify="right")
    for outcome in ("prohibited", "licence_required", "review", "authorised", "no_licence_required", "error"):
        if counts.get(outcome):
            table.add_row(f"[{OUTCOME_STYLE[outcome]}]{outcome}[/]", f"{counts[outcome]:,}")
    console.print(table)
    for name, path in files.items():
        console.print(f"  {name}: {path}")
