"""Checks submitted through the service: an uploaded order book is checked in the background.

The job and its progress are kept in the store, so any server process can report on it; the check
itself is the batch job (``dualuse.services.check.check_file``), run by the process that accepted
the upload, one job at a time per process. Its reports are written under ``data_dir/reports/<job>``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from dualuse.errors import DualuseError
from dualuse.rulebase import RuleBase
from dualuse.store.check_jobs import FAILED, FINISHED, RUNNING, CheckJob, CheckJobStore
from dualuse.store.database import Store

_LOG = logging.getLogger("dualuse.jobs")
#: How often, at most, a running job writes its progress to the store.
PROGRESS_EVERY_SECONDS = 1.0
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What to check: the uploaded file's name and bytes, the default date and the column mapping."""

    file_name: str
    content: bytes
    as_of: date | None = None
    mapping: dict[str, str] | None = None


class CheckJobs:
    """Runs submitted checks in the background of this process, one at a time, and keeps their progress."""

    def __init__(self, store: Store, data_dir: Path, *, workers: int = 1, database_url: str | None = None) -> None:
        self.store = store
        self.jobs = CheckJobStore(store)
        self.data_dir = Path(data_dir)
        self.workers = workers
        self.database_url = database_url
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dualuse-check")
        self.running: dict[str, Future[None]] = {}

    def submit(self, request: CheckRequest, rulebase: RuleBase, *, actor: str, at: datetime) -> CheckJob:
        """Keep the upload, record the job as queued and start it; the job as recorded."""
        job_id = f"check-{at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        name = _SAFE_NAME.sub("_", Path(request.file_name).name).strip("._") or "upload"
        folder = self.data_dir / "uploads" / job_id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(request.content)
        self.jobs.add(job_id, file_name=name, submitted_by=actor, at=at)
        self.running[job_id] = self._executor.submit(self._run, job_id, path, request, rulebase, actor)
        job = self.jobs.get(job_id)
        assert job is not None
        return job

    def get(self, job_id: str) -> CheckJob | None:
        """The job with this id, or None."""
        return self.jobs.get(job_id)

    def wait(self, job_id: str, timeout: float | None = None) -> CheckJob | None:
        """Wait until a job started by this process has ended (for tests and the command line)."""
        future = self.running.get(job_id)
        if future is not None:
            future.result(timeout=timeout)
        return self.jobs.get(job_id)

    def close(self) -> None:
        """Let the running job finish; start no other."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _run(self, job_id: str, path: Path, request: CheckRequest, rulebase: RuleBase, actor: str) -> None:
        from dualuse.services.check import CheckOptions, check_file

        self.jobs.update(job_id, status=RUNNING)
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY_SECONDS or done >= total:
                last[0] = now
                self.jobs.update(job_id, rows_done=done, rows_total=total)

        options = CheckOptions(as_of=request.as_of, mapping=request.mapping, workers=self.workers, actor=actor,
                               rulebase_path=rulebase.root)  # fmt: skip
        try:
            result = check_file(path, self.data_dir / "reports" / job_id, rulebase, options=options,
                                store_url=self.database_url, progress=progress)  # fmt: skip
        except DualuseError as error:
            self.jobs.update(job_id, status=FAILED, error=str(error), finished_at=datetime.now(UTC))
            return
        except Exception as error:  # a broken job must not take the server down; it is reported
            _LOG.exception("check job %s failed", job_id)
            self.jobs.update(job_id, status=FAILED, error=f"internal error: {type(error).__name__}",
                             finished_at=datetime.now(UTC))  # fmt: skip
            return
        self.jobs.update(job_id, status=FINISHED, run_id=result.run_id, rows_done=result.rows, rows_total=result.rows,
                         reports=dict(result.report_files), finished_at=datetime.now(UTC))  # fmt: skip
