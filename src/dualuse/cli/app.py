"""The `dualuse` command."""

from __future__ import annotations

from typing import Annotated

import typer

from dualuse import __version__
from dualuse.cli import (
    audit_commands,
    check_command,
    classify_command,
    determine_command,
    keys_commands,
    licence_commands,
    replay_command,
    rescreen_command,
    rulebase_commands,
    screen_command,
    serve_command,
)
from dualuse.cli.context import console, guarded_rulebase

app = typer.Typer(
    name="dualuse",
    help="Apply China's dual-use export-control regime to trade transactions, with citations.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(rulebase_commands.app, name="rulebase")
app.command("screen")(screen_command.screen)
app.command("classify")(classify_command.classify)
app.command("determine")(determine_command.determine)
app.command("check")(check_command.check)
app.command("replay")(replay_command.replay)
app.add_typer(licence_commands.app, name="licences")
app.add_typer(audit_commands.app, name="audit")
app.command("serve")(serve_command.serve)
app.add_typer(keys_commands.app, name="keys")
app.command("rescreen")(rescreen_command.rescreen)


def _version(value: bool) -> None:
    if value:
        rb = guarded_rulebase(None)
        console.print(f"dualuse {__version__}\nrule base {rb.manifest.jurisdiction} {rb.version} {rb.digest}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the engine version and the rule-base version and digest.",
        ),
    ] = False,
) -> None:
    """Apply China's dual-use export-control regime to trade transactions, with citations."""


def run() -> None:
    """Entry point for the console script."""
    app()
