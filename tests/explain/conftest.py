"""Fixtures for the report tests: hand-written determinations of realistic order lines."""

from __future__ import annotations

from typing import Any

import pytest

from dualuse.explain.report import ReportRow, RunSummary
from tests.explain.builders import load_fixture, rows_from, summarise


@pytest.fixture(scope="session")
def fixture_data() -> dict[str, Any]:
    """The parsed fixture file."""
    return load_fixture()


@pytest.fixture
def report_rows(fixture_data: dict[str, Any]) -> list[ReportRow]:
    """The thirteen fixture rows: every outcome, CJK names and one row with an error."""
    return rows_from(fixture_data)


@pytest.fixture
def headers(fixture_data: dict[str, Any]) -> tuple[str, ...]:
    """The input headers of the fixture order book."""
    return tuple(fixture_data["headers"])


@pytest.fixture
def versions(fixture_data: dict[str, Any]) -> dict[str, str]:
    """The run's versions (rule base, digest, engine)."""
    return dict(fixture_data["versions"])


@pytest.fixture
def summary(report_rows: list[ReportRow], headers: tuple[str, ...], versions: dict[str, str]) -> RunSummary:
    """The summary of the fixture rows."""
    return summarise(report_rows, headers, versions)
