"""Run a per-row handler over an input file and write one JSON line per input row, in order."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from dualuse.adapters.rows import Row, RowError, read_rows, write_json_line
from dualuse.cli.context import errors, fail
from dualuse.errors import DualuseError, InputError

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def run_rows(source: str, output: Path | None, handler: Handler) -> tuple[int, int]:
    """Apply ``handler`` to every row; a row that fails yields {"id", "error"} and the run goes on.

    Returns (rows written, rows in error).
    """
    written = failed = 0
    target = output.open("wb") if output else nullcontext(sys.stdout.buffer)
    try:
        rows = read_rows(source)
        with target as stream:
            for row in rows:
                record = _one(row, handler, source)
                failed += "error" in record
                write_json_line(stream, record)
                written += 1
            stream.flush()
    except InputError as error:  # the file itself cannot be read: nothing to go on with
        fail(str(error))
    if failed:
        errors.print(f'[yellow]{failed} of {written} rows had errors[/] (see their "error" fields)')
    return written, failed


def _one(row: Row | RowError, handler: Handler, source: str) -> dict[str, Any]:
    if isinstance(row, RowError):
        return {"id": row.row_id, "error": str(row.error)}
    row_id = row.data.get("id")
    row_id = str(row_id) if row_id not in (None, "") else None
    try:
        return handler(row.data)
    except InputError as error:
        where = InputError(
            error.problem, file=source if source != "-" else "<stdin>", row=row.number, field=error.field
        )
        return {"id": row_id, "error": str(where)}
    except DualuseError as error:
        return {"id": row_id, "error": f"{source}: row {row.number}: {error}"}
