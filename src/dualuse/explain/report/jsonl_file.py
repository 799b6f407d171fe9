"""checked.jsonl: one JSON object per row with the input cells and the answer: outcome, reasons, citations.

The full findings tree of every row stays in the store (and behind the API and the web UI); the file
carries what a program acting on the order book needs, so it stays a fraction of the size on large runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import orjson

from dualuse.explain.report import reading
from dualuse.explain.report.row import ReportRow

#: The keys of a determination copied as they are.
_KEPT = ("id", "outcome", "individual_licence_only", "requirements", "as_of", "input_digest", "rulebase_version",
         "rulebase_digest", "engine_version")  # fmt: skip


def compact(determination: Mapping[str, Any]) -> dict[str, Any]:
    """The answer for one row: outcome, reasons, questions, citations, codes and parties hit, and versions."""
    answer = {key: determination.get(key) for key in _KEPT if key in determination}
    answer["reasons"] = reading.reasons(determination)
    answer["questions"] = reading.questions(determination)
    answer["citations"] = [dict(c) for c in reading.citations(determination)]
    answer["control_codes"] = reading.control_codes(determination)
    answer["parties_hit"] = reading.parties_hit_labels(determination)
    answer["rules"] = [str(f.get("rule")) for f in reading.contributing_findings(determination)]
    return answer


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
                "determination": compact(row.determination) if row.determination is not None else None,
                "error": row.error,
            }
            handle.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE, default=str))
            written += 1
    return written
