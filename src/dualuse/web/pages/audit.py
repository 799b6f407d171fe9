"""The audit log: every record, newest first, filtered by event or subject, and whether the chain is intact."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from dualuse.store import AuditEvent, AuditLog
from dualuse.web.backends.queries import audit_page
from dualuse.web.rendering import render
from dualuse.web.security import Context, Viewer

router = APIRouter()

#: Records per page.
RECORDS_PER_PAGE = 100


@router.get("/audit", name="audit")
def audit(request: Request, principal: Viewer, context: Context, *, event: str = "", subject: str = "",
          page: int = 1) -> Response:  # fmt: skip
    """One page of the audit log; the chain's verification loads beside it."""
    events = [kind.value for kind in AuditEvent]
    chosen = event if event in events else ""
    page = max(1, page)
    found = audit_page(context.store, event=chosen or None, subject=subject.strip() or None,
                       offset=(page - 1) * RECORDS_PER_PAGE, limit=RECORDS_PER_PAGE)  # fmt: skip
    return render(request, context.templates, "audit.html.j2", records=found.records, total=found.total,
                  events=events, event=chosen, subject=subject.strip(), page=page,
                  pages=max(1, -(-found.total // RECORDS_PER_PAGE)))  # fmt: skip


@router.get("/audit/verification", name="audit_verification")
def audit_verification(request: Request, principal: Viewer, context: Context) -> Response:
    """Recompute the hash chain and say whether every record is intact, present and in order."""
    return render(request, context.templates, "_verification.html.j2", report=AuditLog(context.store).verify())
