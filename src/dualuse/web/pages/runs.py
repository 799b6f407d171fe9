"""The runs: the list of recent checks, one run's rows filtered by outcome, and its report."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse
from starlette.responses import Response

from dualuse.store import RunStore
from dualuse.web.backends.queries import recent_runs, row_page, run_reports
from dualuse.web.presenters.jobs import job_progress_of
from dualuse.web.presenters.outcomes import OUTCOME_CHOICES, OUTCOME_KEYS
from dualuse.web.rendering import link, render
from dualuse.web.security import Context, Viewer

router = APIRouter()

#: Rows per page of a run.
ROWS_PER_PAGE = 50


@router.get("/", name="home")
def home(request: Request, principal: Viewer) -> Response:
    """The start page is the list of runs."""
    return RedirectResponse(link(request, "runs"), status_code=303)


@router.get("/runs", name="runs")
def runs(request: Request, principal: Viewer, context: Context) -> Response:
    """The most recent runs with their counts per outcome, and the checks still under way."""
    under_way = [job_progress_of(job) for job in context.jobs.jobs.list(limit=20)]
    return render(request, context.templates, "runs.html.j2", runs=recent_runs(context.store),
                  under_way=[job for job in under_way if not job.ended])  # fmt: skip


@router.get("/runs/{run_id}", name="run")
def run(request: Request, principal: Viewer, context: Context, *, run_id: str, outcome: str = "",
        page: int = 1) -> Response:  # fmt: skip
    """One run: its counts per outcome, and its rows, only those with one outcome when asked."""
    found = RunStore(context.store).get(run_id)
    if found is None:
        raise HTTPException(404, f"There is no run {run_id}.")
    chosen = outcome if outcome in OUTCOME_KEYS else ""
    page = max(1, page)
    rows = row_page(context.store, run_id, outcome=chosen or None, offset=(page - 1) * ROWS_PER_PAGE,
                    limit=ROWS_PER_PAGE)  # fmt: skip
    counts = RunStore(context.store).counts(run_id)
    return render(
        request,
        context.templates,
        "run.html.j2",
        run=found,
        counts=counts,
        total_rows=sum(counts.values()),
        choices=[choice for choice in OUTCOME_CHOICES if counts.get(choice.key)],
        outcome=chosen,
        rows=rows,
        page=page,
        pages=max(1, -(-rows.total // ROWS_PER_PAGE)),
        report=_report_path(context, run_id) is not None,
    )


@router.get("/runs/{run_id}/report", name="run_report")
def run_report(principal: Viewer, context: Context, run_id: str) -> Response:
    """The run's HTML report, where the run was checked through the service (the web UI or the API)."""
    path = _report_path(context, run_id)
    if path is None:
        raise HTTPException(
            404,
            f"Run {run_id} was not checked through the service; its report is where the command that ran it wrote it.",
        )
    response = FileResponse(path, media_type="text/html; charset=utf-8")
    # The report is a self-contained page with its own inline style sheet and no scripts.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
    )
    return response


def _report_path(context: Context, run_id: str) -> str | None:
    # Only a file the service wrote under its reports folder is served, whatever the job record says.
    report = run_reports(context.store, run_id).get("report_html")
    if not report:
        return None
    path = Path(report).resolve()
    return str(path) if path.is_relative_to(context.reports_dir.resolve()) and path.is_file() else None
