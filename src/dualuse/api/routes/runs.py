"""Checks of whole files (upload, progress, report links), and the runs and reports in the store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict

from dualuse.api.auth import Analyst, Viewer, runtime_of
from dualuse.api.problems import ProblemError, responses
from dualuse.errors import InputError
from dualuse.services.jobs import CheckRequest
from dualuse.store.check_jobs import CheckJob
from dualuse.store.run_catalogue import list_runs, run_determinations
from dualuse.store.runs import Run, RunStore

router = APIRouter(tags=["checks, runs and reports"], responses=responses(401, 403))
PREFIX = "/api/v1"


class CheckJobOut(BaseModel):
    """Where a submitted check stands: progress, the run it made, and links to its reports."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "job_id": "check-20260301T093000Z-1a2b3c4d", "status": "running", "file_name": "orders.csv",
        "submitted_by": "A. Analyst", "submitted_at": "2026-03-01T09:30:00+00:00", "finished_at": None,
        "rows_done": 2000, "rows_total": 10000, "progress": 0.2, "run_id": None, "error": None,
        "links": {"self": "/api/v1/checks/check-20260301T093000Z-1a2b3c4d"}}]})  # fmt: skip

    job_id: str
    status: str
    file_name: str
    submitted_by: str
    submitted_at: datetime
    finished_at: datetime | None
    rows_done: int
    rows_total: int | None
    progress: float | None
    run_id: str | None
    error: str | None
    links: dict[str, str]


class RunOut(BaseModel):
    """A run: what was checked, by whom, with which versions, and its counts per outcome."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "run_id": "20260301T093000Z-1a2b3c", "status": "finished", "source": "orders.csv", "actor": "A. Analyst",
        "started_at": "2026-03-01T09:30:00+00:00", "finished_at": "2026-03-01T09:31:10+00:00", "as_of": None,
        "engine_version": "0.1.0", "rulebase_version": "2026.11.21", "rulebase_digest": "sha256:…",
        "counts": {"no_licence_required": 9000, "licence_required": 950, "prohibited": 50}}]})  # fmt: skip

    run_id: str
    status: str
    source: str
    actor: str
    started_at: datetime
    finished_at: datetime | None
    as_of: date | None
    engine_version: str
    rulebase_version: str
    rulebase_digest: str
    counts: dict[str, int] | None


@router.post("/checks", response_model=CheckJobOut, status_code=202, responses=responses(413, 422),
             summary="Check an uploaded order book")  # fmt: skip
async def submit_check(
    request: Request,
    holder: Analyst,
    file: Annotated[UploadFile, File(description="The order book: .csv, .xlsx or .jsonl.")],
    as_of: Annotated[date | None, Form(description="Shipment date for rows that give none.")] = None,
    mapping: Annotated[
        str | None, Form(max_length=5000, description='Column mapping, e.g. "品名=item.description".')
    ] = None,
) -> dict[str, Any]:
    """Start checking every line of the file in the background; poll the job for progress and, when it
    has finished, follow its links to the run and the reports."""
    from dualuse.batch import parse_mapping

    runtime = runtime_of(request)
    content = await file.read(runtime.settings.max_upload_bytes + 1)
    if len(content) > runtime.settings.max_upload_bytes:
        raise ProblemError(
            413, "Upload too large", f"at most {runtime.settings.max_upload_bytes:,} bytes", field="file"
        )
    try:
        columns = parse_mapping(mapping) if mapping else None
    except InputError as error:
        raise ProblemError(422, "Unprocessable input", f"mapping: {error}", field="mapping") from None
    job = runtime.jobs.submit(CheckRequest(file.filename or "upload", content, as_of, columns), runtime.rulebase,
                              actor=holder.holder, at=datetime.now(UTC))  # fmt: skip
    return _job(job)


@router.get("/checks", response_model=list[CheckJobOut], summary="List submitted checks")
def list_checks(request: Request, holder: Viewer,
                      limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:  # fmt: skip
    """The latest submitted checks, newest first."""
    return [_job(job) for job in runtime_of(request).jobs.jobs.list(limit=limit)]


@router.get("/checks/{job_id}", response_model=CheckJobOut, responses=responses(404), summary="Follow a check")
def get_check(job_id: str, request: Request, holder: Viewer) -> dict[str, Any]:
    """Where the check stands: queued, running (rows done of rows), finished (run and report links) or failed (why)."""
    job = runtime_of(request).jobs.get(job_id)
    if job is None:
        raise ProblemError(404, "Not found", f"no check {job_id}", field="job_id")
    return _job(job)


@router.get("/runs", response_model=list[RunOut], summary="List runs")
def get_runs(request: Request, holder: Viewer,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:  # fmt: skip
    """Runs (checked files), newest first."""
    return [_run(run) for run in list_runs(runtime_of(request).store, limit=limit, offset=offset)]


@router.get("/runs/{run_id}", response_model=RunOut, responses=responses(404), summary="Read one run")
def get_run(run_id: str, request: Request, holder: Viewer) -> dict[str, Any]:
    """One run with its versions and counts per outcome."""
    return _run(_known_run(request, run_id))


@router.get("/runs/{run_id}/determinations", response_model=list[dict[str, Any]], responses=responses(404),
            summary="Read a run's determinations")  # fmt: skip
def get_run_determinations(run_id: str, request: Request, holder: Viewer,
                                 limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> list[dict[str, Any]]:  # fmt: skip
    """A page of the run's determinations as issued, in row order, each with its findings and citations."""
    _known_run(request, run_id)
    return run_determinations(runtime_of(request).store, run_id, limit=limit, offset=offset)


@router.get("/runs/{run_id}/reports", response_model=dict[str, str], responses=responses(404),
            summary="List a run's reports")  # fmt: skip
def get_reports(run_id: str, request: Request, holder: Viewer) -> dict[str, str]:
    """Links to the reports of a run checked through the service (runs checked on the command line keep
    their reports where that command wrote them)."""
    return {name: f"{PREFIX}/runs/{run_id}/reports/{name}" for name in _report_files(request, run_id)}


@router.get("/runs/{run_id}/reports/{name}", response_class=FileResponse, responses=responses(404),
            summary="Download one report")  # fmt: skip
def get_report(run_id: str, name: str, request: Request, holder: Viewer) -> FileResponse:
    """One report file of the run (HTML, CSV, XLSX or JSON lines)."""
    files = _report_files(request, run_id)
    if name not in files:
        raise ProblemError(404, "Not found", f"run {run_id} has no report {name!r}", field="name")
    return FileResponse(files[name], filename=Path(files[name]).name)


def _known_run(request: Request, run_id: str) -> Run:
    run = RunStore(runtime_of(request).store).get(run_id)
    if run is None:
        raise ProblemError(404, "Not found", f"no run {run_id} in the store", field="run_id")
    return run


def _report_files(request: Request, run_id: str) -> dict[str, str]:
    _known_run(request, run_id)
    runtime = runtime_of(request)
    reports_root = (Path(runtime.settings.data_dir) / "reports").resolve()
    for job in runtime.jobs.jobs.list(limit=500):
        if job.run_id == run_id and job.reports:
            return {name: path for name, path in job.reports.items()
                    if Path(path).resolve().is_relative_to(reports_root) and Path(path).is_file()}  # fmt: skip
    raise ProblemError(404, "Not found", f"run {run_id} was not checked through the service; its reports are where "
                       "the command that ran it wrote them", field="run_id")  # fmt: skip


def _job(job: CheckJob) -> dict[str, Any]:
    links = {"self": f"{PREFIX}/checks/{job.job_id}"}
    if job.run_id:
        links |= {"run": f"{PREFIX}/runs/{job.run_id}", "reports": f"{PREFIX}/runs/{job.run_id}/reports",
                  "determinations": f"{PREFIX}/runs/{job.run_id}/determinations"}  # fmt: skip
    progress = (
        round(job.rows_done / job.rows_total, 4) if job.rows_total else (1.0 if job.status == "finished" else None)
    )
    return {"job_id": job.job_id, "status": job.status, "file_name": job.file_name, "submitted_by": job.submitted_by,
            "submitted_at": job.submitted_at, "finished_at": job.finished_at, "rows_done": job.rows_done,
            "rows_total": job.rows_total, "progress": progress, "run_id": job.run_id, "error": job.error,
            "links": links}  # fmt: skip


def _run(run: Run) -> dict[str, Any]:
    return {"run_id": run.run_id, "status": run.status.value, "source": run.source, "actor": run.actor,
            "started_at": run.started_at, "finished_at": run.finished_at, "as_of": run.as_of,
            "engine_version": run.versions.engine_version, "rulebase_version": run.versions.rulebase_version,
            "rulebase_digest": run.versions.rulebase_digest, "counts": dict(run.counts) if run.counts else None}  # fmt: skip
