"""Builders for the report tests: load the hand-written fixture rows and summarise them as the runner does."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dualuse.explain.report import ReportAggregator, ReportRow, RunSummary

FIXTURES = Path(__file__).parent / "fixtures"
STARTED = datetime(2026, 3, 14, 9, 30, 0, tzinfo=UTC)
FINISHED = datetime(2026, 3, 14, 9, 30, 4, tzinfo=UTC)


def load_fixture() -> dict[str, Any]:
    """The fixture file: headers, run versions and rows (the shape of checked.jsonl)."""
    data: dict[str, Any] = json.loads((FIXTURES / "rows.json").read_text(encoding="utf-8"))
    return data


def rows_from(data: Mapping[str, Any]) -> list[ReportRow]:
    """ReportRows from fixture data."""
    return [ReportRow(r["row"], r["input"], r["determination"], r["error"]) for r in data["rows"]]


def summarise(rows: Iterable[ReportRow], headers: tuple[str, ...], versions: Mapping[str, str], *,
              source_format: str = "csv", source: str = "orders/shipments-2026-03.csv") -> RunSummary:  # fmt: skip
    """Aggregate ``rows`` the way the batch runner does."""
    aggregator = ReportAggregator(
        run_id="run-20260314-0930-7f3a", source=source, source_format=source_format, headers=headers,
        as_of=None, versions=versions, started_at=STARTED,
    )  # fmt: skip
    for row in rows:
        aggregator.add(row)
    return aggregator.summary(finished_at=FINISHED)


class CountingRows:
    """A rows() callable that counts how often it was called, as the runner's re-reader would be."""

    def __init__(self, rows: list[ReportRow]) -> None:
        self.rows = rows
        self.calls = 0

    def __call__(self) -> Iterable[ReportRow]:
        self.calls += 1
        yield from self.rows


RowsFactory = Callable[[], Iterable[ReportRow]]
