"""Dispositions of screening hits, and re-screening after a rule-base change."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from dualuse.api.auth import Analyst, Viewer, runtime_of
from dualuse.api.problems import ProblemError, responses
from dualuse.api.schemas import Country, Name
from dualuse.errors import StorageError
from dualuse.services.online import dispose_hit
from dualuse.services.rescreen import earlier_rulebase, rescreen
from dualuse.store.counterparties import Counterparty
from dualuse.store.dispositions import DispositionStore
from dualuse.store.rescreens import RescreenStore

router = APIRouter(tags=["dispositions and re-screening"], responses=responses(401, 403))


class DispositionIn(BaseModel):
    """A reviewer's decision on one screening hit of one counterparty."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "Mitsubishi Shipbuilding Trading KK", "country": "JP", "entity_id": "MOFCOM-2026-11:01",
        "decision": "false_positive", "note": "Different company: registry number 0100-01-123456, Osaka.",
        "as_of": "2026-03-01"}]})  # fmt: skip

    name: Name = Field(description="The counterparty's name, as screened.")
    country: Country | None = None
    entity_id: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="The listed entity of the hit."
    )
    decision: Literal["confirmed", "false_positive"]
    note: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    as_of: date | None = Field(
        default=None, description="The date the hit was screened on (default: the rule base's research date)."
    )


class DispositionOut(BaseModel):
    """A disposition as kept: the decision, the counterparty, the listed record's fingerprint, its status."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": 3, "counterparty": {"id": 7, "name": "Mitsubishi Shipbuilding Trading KK", "country": "JP"},
        "entity_id": "MOFCOM-2026-11:01", "list": "control_list", "decision": "false_positive",
        "note": "Different company", "status": "active", "fingerprint": "sha256:…", "decided_by": "A. Reviewer",
        "decided_at": "2026-03-01T09:30:00+00:00"}]})  # fmt: skip

    id: int
    entity_id: str
    decision: str
    status: str
    decided_by: str


class RescreenIn(BaseModel):
    """What to compare: the earlier rule base, and the dates that count."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"since": "2026.11.21", "screen_on": "2026-12-01",
                                                               "open_on": "2026-12-01"}]})  # fmt: skip

    since: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = Field(
        default=None, description="The earlier rule base, by version or digest (default: the latest other one kept)."
    )
    screen_on: date | None = Field(default=None, description="Screen counterparties as of this day (default: today).")
    open_on: date | None = Field(
        default=None, description="Orders shipping on or after this day are open (default: today)."
    )


class RescreenOut(BaseModel):
    """A re-screening: what was compared, the counts, and every change with its reasons."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "rescreen_id": "rescreen-20261201T080000Z-1a2b3c", "from": {"version": "2026.11.21"},
        "to": {"version": "2026.12.01"}, "summary": {"counterparties_changed": 1, "determinations_changed": 1},
        "changes": [{"kind": "counterparty", "name": "Kestrel Photonics Corporation",
                     "reasons": ["now a hit on Kestrel Photonics Corporation (…): … was designated (…)"]}]}]})  # fmt: skip

    rescreen_id: str
    summary: dict[str, Any]
    changes: list[dict[str, Any]]


@router.post("/dispositions", response_model=DispositionOut, status_code=201, responses=responses(422),
             summary="Record a disposition")  # fmt: skip
def add_disposition(body: DispositionIn, request: Request, holder: Analyst) -> dict[str, Any]:
    """Mark a hit confirmed or a false positive. Later screenings of the counterparty reuse it until the
    listed record changes; then it re-opens by itself. The entity must be a hit on ``as_of``."""
    runtime = runtime_of(request)
    engines = runtime.engines
    kept = dispose_hit(engines, runtime.store, counterparty=Counterparty(body.name, body.country and body.country.upper()),
                       entity_id=body.entity_id, decision=body.decision, note=body.note,
                       as_of=engines.default_day(body.as_of), actor=holder.holder, at=datetime.now(UTC))  # fmt: skip
    return kept.to_dict()


@router.get("/dispositions", response_model=list[DispositionOut], summary="List dispositions")
def list_dispositions(
    request: Request,
    holder: Viewer,
    status: Literal["active", "reopened", "superseded"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[dict[str, Any]]:
    """Dispositions, newest first; ``status=reopened`` lists the hits waiting for a reviewer again."""
    found = DispositionStore(runtime_of(request).store).recent(status=status, limit=limit, offset=offset)
    return [d.to_dict() for d in found]


@router.get("/dispositions/{disposition_id}", response_model=DispositionOut, responses=responses(404),
            summary="Read one disposition")  # fmt: skip
def get_disposition(disposition_id: int, request: Request, holder: Viewer) -> dict[str, Any]:
    """One disposition, with why it was closed if it no longer stands."""
    found = DispositionStore(runtime_of(request).store).get(disposition_id) if 0 < disposition_id < 2**31 else None
    if found is None:
        raise ProblemError(404, "Not found", f"no disposition {disposition_id}", field="disposition_id")
    return found.to_dict()


@router.post("/rescreens", response_model=RescreenOut, status_code=201, responses=responses(409, 422),
             summary="Re-screen after a rule-base change")  # fmt: skip
def start_rescreen(body: RescreenIn, request: Request, holder: Analyst) -> dict[str, Any]:
    """Compare an earlier rule base (kept in the store) with the one in service and report every stored
    counterparty and open order whose outcome changes, and why. 409 when no earlier rule base is kept."""
    runtime = runtime_of(request)
    today = datetime.now(UTC).date()
    rulebase = runtime.rulebase

    try:
        earlier_rulebase(runtime.store, rulebase, body.since)
    except StorageError as error:
        raise ProblemError(409, "Nothing to compare with", str(error), field="since") from None

    with runtime.rescreen_lock:  # one at a time, on engines of its own beside those answering requests
        engines = runtime.rescreen_engines(rulebase)
        return rescreen(runtime.store, engines, since=body.since, screen_on=body.screen_on or today,
                        open_on=body.open_on or today, actor=holder.holder, at=datetime.now(UTC)).to_dict()  # fmt: skip


@router.get("/rescreens", response_model=list[RescreenOut], summary="List re-screenings")
def list_rescreens(request: Request, holder: Viewer,
                         limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:  # fmt: skip
    """The latest re-screenings, newest first."""
    return [r.to_dict() for r in RescreenStore(runtime_of(request).store).list(limit=limit)]


@router.get("/rescreens/{rescreen_id}", response_model=RescreenOut, responses=responses(404),
            summary="Read one re-screening")  # fmt: skip
def get_rescreen(rescreen_id: str, request: Request, holder: Viewer) -> dict[str, Any]:
    """One re-screening with every change and its reasons."""
    found = RescreenStore(runtime_of(request).store).get(rescreen_id)
    if found is None:
        raise ProblemError(404, "Not found", f"no re-screening {rescreen_id}", field="rescreen_id")
    return found.to_dict()
