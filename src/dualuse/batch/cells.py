"""Write spreadsheet and JSON values as the text a CSV export would have held.

An XLSX cell or a JSON value can be a number, a date or a yes/no, where a CSV cell is always
text. Each is written here the way the same order book saved as CSV would write it, so that
every format gives the same order lines: dates as 2026-03-02, whole numbers without ".0",
yes/no as true/false, lists joined with commas.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import orjson


def cell_text(value: Any) -> str:  # noqa: PLR0911 - one answer for each kind of value
    """The text of one spreadsheet cell or JSON value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        # Excel keeps dates as date-times; a date at midnight is the date alone.
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return str(value)


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """A JSON object as flat cells: nested objects become dotted names ({"end_user": {"name": x}} → "end_user.name")."""
    cells: dict[str, str] = {}
    for key, value in record.items():
        name = prefix + key if prefix else key
        if type(value) is str:  # most values: kept as they are, without the checks below
            cells[name] = value
        elif isinstance(value, dict) and value:
            cells.update(flatten(value, f"{name}."))
        else:
            cells[name] = cell_text(value)
    return cells
