"""What every command shares: the loaded rule base, the console and the exit codes."""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path

import typer
from rich.console import Console

from dualuse import __version__
from dualuse.errors import DualuseError
from dualuse.rulebase import RuleBase, load_rulebase

#: Exit status for bad input or broken rule files (the run did not start or a file is unusable).
EXIT_BAD_INPUT = 2

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


@lru_cache(maxsize=4)
def rulebase(path: str | None = None) -> RuleBase:
    """The rule base for this process: ``--rulebase`` or DUALUSE_RULEBASE, else the bundled one."""
    return load_rulebase(path or os.environ.get("DUALUSE_RULEBASE") or None)


def versions(rb: RuleBase) -> dict[str, str]:
    """The version stamp every output carries."""
    return {"engine_version": __version__, "rulebase_version": rb.version, "rulebase_digest": rb.digest}


def parse_day(text: str, option: str = "--as-of") -> date:
    """A YYYY-MM-DD date from the command line, or a clear error naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date in the form YYYY-MM-DD")
        raise  # pragma: no cover - fail() exits


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    """Print an error to standard error and exit with ``code``."""
    errors.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def guarded_rulebase(path: Path | None) -> RuleBase:
    """Load the rule base, turning a broken rule file into a clear message and exit status 2."""
    try:
        return rulebase(str(path) if path else None)
    except DualuseError as error:
        fail(str(error))
        raise  # pragma: no cover
