"""Read-only queries the pages need that the store does not offer yet: recent runs, one page of a
run's rows filtered by outcome, one row with its determination, one page of the audit log, and
the reports of a run checked through the service.

A thin adapter over the store's tables; these belong in ``dualuse.store`` and should move there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from dualuse.store import AuditRecord, Store
from dualuse.store.bodies import BodyReader, with_bodies
from dualuse.store.schema import audit_log, check_jobs, determination_bodies, determinations, run_rows, runs

#: The outcome filter value for rows that could not be determined.
ERROR_FILTER = "error"


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One run as the run list shows it."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    source: str
    actor: str
    as_of: date | None
    rulebase_version: str
    counts: Mapping[str, int]

    @property
    def rows(self) -> int:
        """How many rows the run holds, counted from its outcome counts."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class RowLine:
    """One row as the row table shows it: its number, id, outcome (or error) and the input it read."""

    row_number: int
    row_id: str | None
    outcome: str | None
    error: str | None
    order: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RowPage:
    """One page of a run's rows and the number of rows matching the filter."""

    lines: tuple[RowLine, ...]
    total: int


@dataclass(frozen=True, slots=True)
class RowRecord:
    """One row in full: the input as read and the determination as issued (or the error)."""

    row_number: int
    row_id: str | None
    input: Mapping[str, Any]
    output: Mapping[str, Any] | None
    error: str | None


def recent_runs(store: Store, *, limit: int = 50) -> list[RunSummary]:
    """The most recent runs, newest first."""
    query = select(runs).order_by(runs.c.started_at.desc(), runs.c.run_id.desc()).limit(limit)
    with store.read() as connection:
        found = connection.execute(query).all()
    return [
        RunSummary(
            run_id=row.run_id,
            started_at=row.started_at,
            finished_at=row.finished_at,
            status=row.status,
            source=row.source,
            actor=row.actor,
            as_of=row.as_of,
            rulebase_version=row.rulebase_version,
            counts=dict(row.counts or {}),
        )
        for row in found
    ]


def row_page(store: Store, run_id: str, *, outcome: str | None, offset: int, limit: int) -> RowPage:
    """The rows of a run in order, only those with ``outcome`` (or "error") when given."""
    joined = _rows_with_latest_determination(run_id)
    conditions = [run_rows.c.run_id == run_id]
    if outcome == ERROR_FILTER:
        conditions.append(run_rows.c.error.is_not(None))
    elif outcome:
        conditions.append(determinations.c.outcome == outcome)
    query = (
        select(run_rows.c.row_number, run_rows.c.row_id, run_rows.c.input, run_rows.c.error, determinations.c.outcome)
        .select_from(joined)
        .where(*conditions)
        .order_by(run_rows.c.row_number)
        .offset(offset)
        .limit(limit)
    )
    counting = select(func.count()).select_from(joined).where(*conditions)
    with store.read() as connection:
        found = connection.execute(query).all()
        total = int(connection.execute(counting).scalar() or 0)
    lines = tuple(
        RowLine(row.row_number, row.row_id, row.outcome, row.error, dict((row.input or {}).get("order") or {}))
        for row in found
    )
    return RowPage(lines, total)


def one_row(store: Store, run_id: str, row_number: int) -> RowRecord | None:
    """One row of a run with its latest determination, or None."""
    query = (
        select(run_rows.c.row_number, run_rows.c.row_id, run_rows.c.input, run_rows.c.error, determinations.c.output,
               determinations.c.input_digest, determinations.c.body_key, determination_bodies.c.body)
        .select_from(with_bodies(_rows_with_latest_determination(run_id)))
        .where(run_rows.c.run_id == run_id, run_rows.c.row_number == row_number)
    )
    with store.read() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    output = BodyReader().output(row.output, row.body_key, row.body, row_id=row.row_id, input_digest=row.input_digest)
    return RowRecord(row.row_number, row.row_id, dict(row.input or {}), output, row.error)


def _rows_with_latest_determination(run_id: str) -> Any:
    # A row re-determined later (a re-screen) has several determinations; the page shows the latest.
    latest = (
        select(determinations.c.row_number, func.max(determinations.c.id).label("id"))
        .where(determinations.c.run_id == run_id)
        .group_by(determinations.c.row_number)
        .subquery()
    )
    return run_rows.outerjoin(latest, latest.c.row_number == run_rows.c.row_number).outerjoin(
        determinations, determinations.c.id == latest.c.id
    )


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of the audit log, newest first, and the number of records matching the filter."""

    records: tuple[AuditRecord, ...]
    total: int


def audit_page(store: Store, *, event: str | None, subject: str | None, offset: int, limit: int) -> AuditPage:
    """Audit records newest first, only one kind of event or one subject when given."""
    conditions = []
    if event:
        conditions.append(audit_log.c.event == event)
    if subject:
        conditions.append(audit_log.c.subject == subject)
    query = select(audit_log).where(*conditions).order_by(audit_log.c.seq.desc()).offset(offset).limit(limit)
    counting = select(func.count()).select_from(audit_log).where(*conditions)
    with store.read() as connection:
        found = connection.execute(query).all()
        total = int(connection.execute(counting).scalar() or 0)
    names = [field.name for field in fields(AuditRecord)]
    return AuditPage(tuple(AuditRecord(**{name: row._mapping[name] for name in names}) for row in found), total)


def run_reports(store: Store, run_id: str) -> Mapping[str, str]:
    """The report files of a run checked through the service ("report_html", "checked_csv", …), or none."""
    query = (
        select(check_jobs.c.reports)
        .where(check_jobs.c.run_id == run_id, check_jobs.c.reports.is_not(None))
        .order_by(check_jobs.c.submitted_at.desc())
        .limit(1)
    )
    with store.read() as connection:
        found = connection.execute(query).scalar()
    return dict(found or {})
