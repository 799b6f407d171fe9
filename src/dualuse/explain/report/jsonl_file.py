"""checked.jsonl: one JSON object per row with the input cells and the full determination."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import orjson

from dualuse.explain.report.row import ReportRow


def write_checked_jsonl(path: Path, rows: Iterable[ReportRow]) -> int:
    """Write ``{"row", "input", "determination", "error"}`` per line; return the number of rows written.

    Cells are written exactly as read (no formula neutralisation): JSON lines are for programs, and
    a program must see the data unchanged.
    """
    written = 0
    with path.open("wb") as handle:
        for row in rows:
            record = {
                "row": row.number,
                "input": dict(row.cells),
                "determination": row.determination,
                "error": row.error,
            }
            handle.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE, default=str))
            written += 1
    return written
