"""Checks submitted through the service, as kept, so any server process can report on any of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from dualuse.errors import StorageError
from dualuse.store.database import Store
from dualuse.store.schema import check_jobs

QUEUED = "queued"
RUNNING = "running"
FINISHED = "finished"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class CheckJob:
    """Where one submitted check stands."""

    job_id: str
    status: str
    file_name: str
    submitted_by: str
    submitted_at: datetime
    finished_at: datetime | None
    rows_done: int
    rows_total: int | None
    run_id: str | None
    error: str | None
    reports: Mapping[str, str] | None


class CheckJobStore:
    """The submitted checks of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, job_id: str, *, file_name: str, submitted_by: str, at: datetime) -> None:
        """Record a check as queued."""
        with self.store.write() as connection:
            connection.execute(
                check_jobs.insert().values(job_id=job_id, status=QUEUED, file_name=file_name,
                                           submitted_by=submitted_by, submitted_at=at, rows_done=0)
            )  # fmt: skip

    def update(self, job_id: str, **values: Any) -> None:
        """Change what is known of a check (status, progress, run, reports, error)."""
        with self.store.write() as connection:
            changed = connection.execute(update(check_jobs).where(check_jobs.c.job_id == job_id).values(**values))
            if changed.rowcount != 1:
                raise StorageError(f"no check job {job_id}")

    def get(self, job_id: str) -> CheckJob | None:
        """The check with this id, or None."""
        with self.store.read() as connection:
            row = connection.execute(select(check_jobs).where(check_jobs.c.job_id == job_id)).first()
        return _job(row) if row is not None else None

    def list(self, *, limit: int = 50) -> list[CheckJob]:
        """The latest checks, newest first."""
        query = select(check_jobs).order_by(check_jobs.c.submitted_at.desc(), check_jobs.c.job_id.desc()).limit(limit)
        with self.store.read() as connection:
            return [_job(row) for row in connection.execute(query)]


def _job(row: Any) -> CheckJob:
    data = row._mapping
    return CheckJob(**{name: data[name] for name in CheckJob.__dataclass_fields__})
