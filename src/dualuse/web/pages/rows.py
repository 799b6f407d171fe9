"""One row of a run: the order line, the outcome, the findings tree with citations, and the screening
hits with the decisions on them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from dualuse.errors import DualuseError
from dualuse.store import RunStore
from dualuse.web.backends.dispositions import Decision, HitRef
from dualuse.web.backends.queries import RowRecord, one_row
from dualuse.web.context import WebContext
from dualuse.web.presenters.findings import Hit, citation_link, screening_hits
from dualuse.web.rendering import link, render
from dualuse.web.security import Analyst, Context, Viewer

router = APIRouter()


@router.get("/runs/{run_id}/rows/{row_number}", name="row")
def row(request: Request, principal: Viewer, context: Context, run_id: str, row_number: int) -> Response:
    """One row: what was read, what was decided and why, with every citation."""
    record = _row_or_404(context, run_id, row_number)
    return render(request, context.templates, "row.html.j2", **_row_values(context, run_id, record))


@router.post("/runs/{run_id}/rows/{row_number}/dispositions", name="disposition")
def disposition(
    request: Request,
    principal: Analyst,
    context: Context,
    *,
    run_id: str,
    row_number: int,
    party_role: Annotated[str, Form()],
    entity_id: Annotated[str, Form()],
    decision: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Record a decision on a screening hit of this row, then show the hits again."""
    record = _row_or_404(context, run_id, row_number)
    output = record.output or {}
    hit = next((h for h in screening_hits(output) if (h.party_role, h.entity_id) == (party_role, entity_id)), None)
    if hit is None:
        raise HTTPException(404, "This row has no such screening hit.")
    problem: str | None = None
    try:
        chosen = Decision(decision)
    except ValueError:
        problem = "Choose confirmed or false positive."
    else:
        try:
            context.dispositions.record(_ref(hit, output), decision=chosen, note=note, actor=principal.holder)
        except DualuseError as error:
            problem = str(getattr(error, "problem", None) or error)
    if request.headers.get("hx-request") or problem is not None:
        values = {**_row_values(context, run_id, record), "problem": problem, "problem_for": (party_role, entity_id),
                  "note": note if problem else ""}  # fmt: skip
        if request.headers.get(
            "hx-request"
        ):  # htmx swaps only successful answers: the form comes back with its problem
            return render(request, context.templates, "_hits.html.j2", **values)
        return render(request, context.templates, "row.html.j2", status_code=400, **values)
    target = link(request, "row", run_id=run_id, row_number=row_number) + "#hits"
    return RedirectResponse(target, status_code=303)


def _row_or_404(context: WebContext, run_id: str, row_number: int) -> RowRecord:
    record = one_row(context.store, run_id, row_number)
    if record is None:
        raise HTTPException(404, f"Run {run_id} has no row {row_number}.")
    return record


def _ref(hit: Hit, output: dict[str, Any] | Any) -> HitRef:
    return HitRef(hit.party_role, hit.query, hit.country, hit.entity_id, date.fromisoformat(str(output["as_of"])))


def _row_values(context: WebContext, run_id: str, record: RowRecord) -> dict[str, Any]:
    output = dict(record.output or {})
    hits = screening_hits(output)
    decided = context.dispositions.in_force([_ref(hit, output) for hit in hits]) if hits else {}
    return {
        "run": RunStore(context.store).get(run_id),
        "record": record,
        "order": dict(record.input.get("order") or {}),
        "cells": dict(record.input.get("cells") or {}),
        "output": output,
        "findings": list(output.get("findings") or []),
        "citations": [citation_link(c) for c in output.get("citations") or []],
        "hits": [(hit, decided.get(_ref(hit, output))) for hit in hits],
        "problem": None,
        "problem_for": None,
        "note": "",
    }
