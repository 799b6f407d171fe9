"""Health, versions, the rule base (as of a date, and reloading it), audit verification and API keys."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import text

from dualuse import __version__
from dualuse.api.auth import Admin, Viewer, runtime_of
from dualuse.api.problems import ProblemError, responses
from dualuse.api.schemas import Versions
from dualuse.errors import InputError, StorageError
from dualuse.rulebase import as_of as view_as_of
from dualuse.services.keys import create_key, list_keys, revoke_key
from dualuse.store import AuditLog

router = APIRouter()


class Health(BaseModel):
    """Whether the service can answer: the store reachable and a rule base in service."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok", "store": "ok", "engine_version": "0.1.0",
                                                               "rulebase_version": "2026.11.21",
                                                               "rulebase_digest": "sha256:…"}]})  # fmt: skip

    status: Literal["ok", "degraded"]
    store: str
    engine_version: str
    rulebase_version: str
    rulebase_digest: str


class RuleBaseOut(BaseModel):
    """The rule base in service and, for a date, where each instrument, entry, designation and measure stands."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "version": "2026.11.21", "digest": "sha256:…", "researched_as_of": "2026-11-21", "as_of": "2026-03-01",
        "counts": {"parties": {"in_force": 100, "suspended": 16}},
        "records": {"parties": [{"id": "MOFCOM-2026-11:01", "state": "in_force", "since": "2026-02-24",
                                 "until": None, "by": None}]}}]})  # fmt: skip

    version: str
    digest: str
    researched_as_of: date
    as_of: date
    counts: dict[str, dict[str, int]]
    records: dict[str, list[dict[str, Any]]]


class AuditReport(BaseModel):
    """The result of recomputing the audit log's hash chain."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"ok": True, "records": 1234, "last_hash": "9f2c…",
                                                               "problem": None}]})  # fmt: skip

    ok: bool
    records: int
    last_hash: str
    problem: dict[str, Any] | None


class KeyIn(BaseModel):
    """Who will hold the new key, and its role."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"holder": "ERP integration (SAP PRD)", "role": "analyst"}]}
    )

    holder: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"\S")]
    role: Literal["viewer", "analyst", "admin"]


class KeyOut(BaseModel):
    """An API key as kept (never its secret)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "key_id": "3fa85f64a1b2", "holder": "ERP integration (SAP PRD)", "role": "analyst",
        "created_at": "2026-03-01T09:30:00+00:00", "created_by": "Admin", "revoked_at": None, "revoked_by": None}]})  # fmt: skip

    key_id: str
    holder: str
    role: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    revoked_by: str | None


class NewKeyOut(KeyOut):
    """A new key: ``key`` is shown this once and cannot be read again."""

    key: str = Field(examples=["dukey_3fa85f64a1b2_…"])


@router.get("/health", response_model=Health, tags=["service"], summary="Health (no key needed)")
def health(request: Request) -> dict[str, Any]:
    """Whether the service can answer. The only route that needs no key."""
    runtime = runtime_of(request)
    try:
        with runtime.store.read() as connection:
            connection.execute(text("SELECT 1"))
        store = "ok"
    except StorageError:
        store = "unreachable"
    engine, version, digest = runtime.versions()
    return {"status": "ok" if store == "ok" else "degraded", "store": store, "engine_version": engine,
            "rulebase_version": version, "rulebase_digest": digest}  # fmt: skip


@router.get("/version", response_model=Versions, tags=["service"], responses=responses(401, 403), summary="Versions")
def version(request: Request, holder: Viewer) -> dict[str, str]:
    """The engine version and the rule base in service (also sent on every response as headers)."""
    engine, rulebase_version, digest = runtime_of(request).versions()
    return {"engine_version": engine, "rulebase_version": rulebase_version, "rulebase_digest": digest}


@router.get("/rulebase", response_model=RuleBaseOut, tags=["rule base"], responses=responses(401, 403, 422),
            summary="The rule base as of a date")  # fmt: skip
def rulebase(request: Request, holder: Viewer, as_of: date | None = None) -> dict[str, Any]:
    """Where every instrument, control-list entry, designation and measure stands on ``as_of``
    (default: the rule base's research date): in force, suspended, stopped, not yet in force."""
    rb = runtime_of(request).rulebase
    day = as_of or rb.manifest.researched_as_of
    view = view_as_of(rb, day)
    records: dict[str, list[dict[str, Any]]] = {}
    counts: dict[str, dict[str, int]] = {}
    for kind in ("instruments", "entries", "parties", "measures"):
        placed = getattr(view, kind)
        records[kind] = [{"id": p.record.id, **p.status.to_dict()} for p in placed]
        tally: dict[str, int] = {}
        for p in placed:
            tally[p.status.state.value] = tally.get(p.status.state.value, 0) + 1
        counts[kind] = dict(sorted(tally.items()))
    return {"version": rb.version, "digest": rb.digest, "researched_as_of": rb.manifest.researched_as_of,
            "as_of": day, "counts": counts, "records": records}  # fmt: skip


@router.post("/rulebase/reload", response_model=Versions, tags=["rule base"], responses=responses(401, 403),
             summary="Reload the rule base")  # fmt: skip
async def reload_rulebase(request: Request, holder: Admin) -> dict[str, str]:
    """Read the rule files again and put them in service in every server process (audited; the files
    are kept in the store so later re-screenings can compare with them)."""
    rb = await runtime_of(request).reload_rulebase(actor=holder.holder)
    return {"engine_version": __version__, "rulebase_version": rb.version, "rulebase_digest": rb.digest}


@router.get("/audit/verify", response_model=AuditReport, tags=["audit"], responses=responses(401, 403),
            summary="Verify the audit log")  # fmt: skip
def verify_audit(request: Request, holder: Viewer) -> dict[str, Any]:
    """Recompute the hash chain of the audit log and name the first changed, missing or reordered record."""
    report = AuditLog(runtime_of(request).store).verify()
    problem = None
    if report.problem is not None:
        problem = {"seq": report.problem.seq, "kind": report.problem.kind.value, "message": report.problem.message}
    return {"ok": report.ok, "records": report.records, "last_hash": report.last_hash, "problem": problem}


@router.get("/keys", response_model=list[KeyOut], tags=["API keys"], responses=responses(401, 403), summary="List keys")
def get_keys(request: Request, holder: Admin) -> list[dict[str, Any]]:
    """Every API key, revoked ones included (secrets are not kept, so never shown)."""
    return [_key(k) for k in list_keys(runtime_of(request).store)]


@router.post("/keys", response_model=NewKeyOut, status_code=201, tags=["API keys"], responses=responses(401, 403, 422),
             summary="Create a key")  # fmt: skip
def post_key(body: KeyIn, request: Request, holder: Admin) -> dict[str, Any]:
    """Create a key; its secret is in ``key`` and is shown only in this answer (audited)."""
    new = create_key(runtime_of(request).store, holder=body.holder, role=body.role, actor=holder.holder,
                     at=datetime.now(UTC))  # fmt: skip
    return {**_key(new.stored), "key": new.key}


@router.delete("/keys/{key_id}", response_model=KeyOut, tags=["API keys"], responses=responses(401, 403, 404, 409),
               summary="Revoke a key")  # fmt: skip
def delete_key(key_id: str, request: Request, holder: Admin) -> dict[str, Any]:
    """Revoke a key for good (audited); it opens nothing from then on."""
    runtime = runtime_of(request)
    try:
        revoked = revoke_key(runtime.store, key_id, actor=holder.holder, at=datetime.now(UTC))
    except StorageError:
        raise ProblemError(404, "Not found", f"no API key {key_id}", field="key_id") from None
    except InputError as error:
        raise ProblemError(409, "Already revoked", str(error), field="key_id") from None
    runtime.forget_key(key_id)
    stored = next(k for k in list_keys(runtime.store) if k.key_id == revoked.key_id)
    return _key(stored)


def _key(key: Any) -> dict[str, Any]:
    return {"key_id": key.key_id, "holder": key.holder, "role": key.role, "created_at": key.created_at,
            "created_by": key.created_by, "revoked_at": key.revoked_at, "revoked_by": key.revoked_by}  # fmt: skip
