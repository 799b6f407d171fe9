"""A check job as its progress bar shows it."""

from __future__ import annotations

from dataclasses import dataclass

from dualuse.store.check_jobs import FAILED, FINISHED, CheckJob


@dataclass(frozen=True, slots=True)
class JobProgress:
    """How far a check is: its status, rows done of rows, the share done, and its run once it has one."""

    job_id: str
    file_name: str
    status: str
    done: int
    total: int | None
    run_id: str | None
    error: str | None

    @property
    def ended(self) -> bool:
        """True once the check has finished or failed: the page stops asking."""
        return self.status in (FINISHED, FAILED)

    @property
    def percent(self) -> int:
        """How far the check is, 0 to 100."""
        if self.status == FINISHED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


def job_progress_of(job: CheckJob) -> JobProgress:
    """The progress of a check job as kept by the service."""
    return JobProgress(job.job_id, job.file_name, job.status, job.rows_done, job.rows_total, job.run_id, job.error)
