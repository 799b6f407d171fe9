"""`dualuse rulebase …`: validate the rule base, show one record, and see what stands on a day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dualuse.cli.context import console, fail, guarded_rulebase, parse_day, versions
from dualuse.explain.rulebase import record_details, view_as_dict
from dualuse.rulebase import InstrumentState, RuleBase, as_of
from dualuse.rulebase.integrity import check

app = typer.Typer(
    help="Inspect the rule base: validate it, show a record, or see what is in force on a date.", no_args_is_help=True
)

RuleBaseOption = Annotated[
    Path | None, typer.Option("--rulebase", help="A rule-base folder (default: the bundled CN rule base).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


@app.command("check")
def check_command(rulebase: RuleBaseOption = None, as_json: JsonOption = False) -> None:
    """Validate every rule file, run the integrity checks, and print counts per kind."""
    rb = guarded_rulebase(rulebase)
    report = check(rb)
    if as_json:
        console.print_json(
            json.dumps(
                {
                    **versions(rb),
                    "ok": report.ok,
                    "counts": report.counts,
                    "errors": [vars_of(f) for f in report.errors],
                    "attention": [vars_of(f) for f in report.attention],
                },
                ensure_ascii=False,
            )
        )
    else:
        table = Table(title=f"Rule base {rb.version} ({rb.digest[:19]}…)")
        table.add_column("kind")
        table.add_column("count", justify="right")
        for kind, count in report.counts.items():
            table.add_row(kind.replace("_", " "), str(count))
        console.print(table)
        for kind, completeness in rb.annex_completeness.items():
            known, announced, note = completeness
            console.print(f"[yellow]partly known[/] {kind}: {known} of {announced} parties identified. {note}")
        console.print(
            f"[yellow]{len(report.attention)} records need a reviewer's attention[/] (low confidence or conflicting sources):"
        )
        for finding in report.attention:
            console.print(f"  • {finding.record} ({finding.file}): {finding.message}")
        for finding in report.errors:
            console.print(
                f"[red]integrity error[/] {finding.file}: record {finding.record}: field {finding.field}: {finding.message}"
            )
        console.print("[green]rule base OK[/]" if report.ok else "[red]rule base has integrity errors[/]")
    if not report.ok:
        raise typer.Exit(2)


@app.command("show")
def show_command(
    record_id: Annotated[str, typer.Argument(help="An instrument, control-list entry, control code or party id.")],
    rulebase: RuleBaseOption = None,
    as_of_date: Annotated[str | None, typer.Option("--as-of", help="Show the status on this date.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Show one instrument, control-list entry or designated party with its sources and history."""
    rb = guarded_rulebase(rulebase)
    day = parse_day(as_of_date) if as_of_date else rb.manifest.researched_as_of
    details = record_details(rb, record_id, day)
    if details is None:
        fail(f"no instrument, entry, control code or party with id {record_id!r}")
        return
    if as_json:
        console.print_json(json.dumps({**versions(rb), **details}, ensure_ascii=False, default=str))
        return
    _print_details(details)


@app.command("at")
def at_command(
    day: Annotated[str, typer.Argument(help="The date, YYYY-MM-DD.")],
    rulebase: RuleBaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """List what is in force, suspended, stopped or not yet in force on a date."""
    rb = guarded_rulebase(rulebase)
    when = parse_day(day, "DATE")
    try:
        view = as_of(rb, when)
    except Exception as error:  # CoverageError: a date before the law existed
        fail(str(error))
        return
    data = view_as_dict(rb, view)
    if as_json:
        console.print_json(json.dumps({**versions(rb), **data}, ensure_ascii=False, default=str))
        return
    _print_view(rb, when, data)


def vars_of(finding: object) -> dict[str, str]:
    """A dataclass finding as a dict."""
    return {k: getattr(finding, k) for k in ("file", "record", "field", "message")}


def _print_details(details: dict[str, object]) -> None:
    for key, value in details.items():
        if isinstance(value, list):
            console.print(f"[bold]{key}[/]:")
            for item in value:
                console.print(f"  • {item}")
        elif isinstance(value, dict):
            console.print(f"[bold]{key}[/]: " + ", ".join(f"{k}={v}" for k, v in value.items() if v is not None))
        elif value is not None:
            console.print(f"[bold]{key}[/]: {value}")


def _print_view(rb: RuleBase, when: date, data: dict[str, object]) -> None:
    console.print(f"[bold]As of {when}[/] — rule base {rb.version} ({rb.digest[:19]}…)")
    instruments = data["instruments"]
    assert isinstance(instruments, dict)
    for state in InstrumentState:
        rows = instruments.get(state.value, [])
        if not rows:
            continue
        table = Table(title=f"Instruments {state.value.replace('_', ' ')} ({len(rows)})", title_justify="left")
        for column in ("id", "title", "since", "until", "by / caveats"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(
                row["id"],
                row["title"],
                row["since"] or "",
                row["until"] or "",
                "; ".join(filter(None, [row["by"], *row["caveats"]])),
            )
        console.print(table)
    for kind in ("entries", "parties", "measures"):
        counts = data[kind]
        assert isinstance(counts, dict)
        summary = ", ".join(f"{state}: {len(ids)}" for state, ids in counts.items())
        console.print(f"[bold]{kind}[/]: {summary}")
