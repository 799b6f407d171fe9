"""The `dualuse` command."""

from __future__ import annotations

from typing import Annotated

import typer

from dualuse import __version__
from dualuse.cli import classify_command, rulebase_commands, screen_command
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
