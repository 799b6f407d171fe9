"""Checking a file: the upload form, and the job's progress until its report is ready."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from dualuse.services.jobs import CheckRequest
from dualuse.web.presenters.jobs import JobProgress, job_progress_of
from dualuse.web.rendering import link, render
from dualuse.web.security import Analyst, Context, Viewer

router = APIRouter()

#: The kinds of file the batch check reads.
ACCEPTED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson")


@router.get("/check", name="upload_form")
def upload_form(request: Request, principal: Analyst, context: Context) -> Response:
    """The form to upload an order book for checking."""
    return render(request, context.templates, "upload.html.j2", error=None, as_of="")


@router.post("/check", name="upload")
def upload(
    request: Request,
    principal: Analyst,
    context: Context,
    file: Annotated[UploadFile, File()],
    as_of: Annotated[str, Form()] = "",
) -> Response:
    """Hand the uploaded file to the service's background check; then show its progress."""
    name = PurePath(file.filename or "").name
    limit = context.runtime.settings.max_upload_bytes
    day: date | None = None
    error: str | None = None
    if not name:
        error = "Choose a file to check."
    elif PurePath(name).suffix.lower() not in ACCEPTED_SUFFIXES:
        error = f"{name} is not a file the check reads; use {', '.join(ACCEPTED_SUFFIXES)}."
    elif as_of.strip():
        try:
            day = date.fromisoformat(as_of.strip())
        except ValueError:
            error = f"{as_of} is not a date (YYYY-MM-DD)."
    content = b"" if error else file.file.read(limit + 1)
    if len(content) > limit:
        error = f"{name} is larger than the {limit:,} bytes the service accepts."
    if error is not None:
        return render(request, context.templates, "upload.html.j2", status_code=400, error=error, as_of=as_of)
    job = context.jobs.submit(CheckRequest(name, content, day), context.rulebase, actor=principal.holder,
                              at=datetime.now(UTC))  # fmt: skip
    return RedirectResponse(link(request, "job", job_id=job.job_id), status_code=303)


@router.get("/jobs/{job_id}", name="job")
def job(request: Request, principal: Viewer, context: Context, job_id: str) -> Response:
    """A check's progress; the bar refreshes itself until the check has ended."""
    return render(request, context.templates, "job.html.j2", job=_progress(context, job_id))


@router.get("/jobs/{job_id}/progress", name="job_progress")
def job_progress(request: Request, principal: Viewer, context: Context, job_id: str) -> Response:
    """The progress bar alone, for htmx to swap in every half second."""
    return render(request, context.templates, "_progress.html.j2", job=_progress(context, job_id))


def _progress(context: Context, job_id: str) -> JobProgress:
    found = context.jobs.get(job_id)
    if found is None:
        raise HTTPException(404, "There is no such check.")
    return job_progress_of(found)
