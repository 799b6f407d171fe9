"""Dispositions in the store: a reviewer's decision on one screening hit for one counterparty.

A disposition is ``active`` until the listed record it was made against changes (it is then
``reopened``) or a reviewer decides again on the same hit (it is then ``superseded``). Nothing is
deleted; every change is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from dualuse.store.api_keys import ServiceEvent, service_event
from dualuse.store.audit_chain import AuditEntry, AuditEvent
from dualuse.store.audit_log import AuditLog
from dualuse.store.database import Store
from dualuse.store.schema import counterparties, dispositions

ACTIVE = "active"
REOPENED = "reopened"
SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class StoredDisposition:
    """One disposition as kept, with the counterparty it concerns."""

    id: int
    counterparty_id: int
    counterparty_name: str
    counterparty_country: str | None
    entity_id: str
    list: str
    decision: str
    note: str
    status: str
    fingerprint: str
    listed_record: Mapping[str, Any]
    rulebase_version: str
    rulebase_digest: str
    decided_by: str
    decided_at: datetime
    closed_at: datetime | None
    closed_reason: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "counterparty": {"id": self.counterparty_id, "name": self.counterparty_name,
                             "country": self.counterparty_country},
            "entity_id": self.entity_id,
            "list": self.list,
            "decision": self.decision,
            "note": self.note,
            "status": self.status,
            "fingerprint": self.fingerprint,
            "rulebase_version": self.rulebase_version,
            "rulebase_digest": self.rulebase_digest,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "closed_reason": self.closed_reason,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class NewDisposition:
    """What a reviewer decided, on which hit, against which version of the listed record."""

    counterparty_id: int
    entity_id: str
    list: str
    decision: str
    note: str
    fingerprint: str
    listed_record: Mapping[str, Any]
    rulebase_version: str
    rulebase_digest: str
    decided_by: str
    decided_at: datetime


class DispositionStore:
    """The dispositions of one store."""

    def __init__(self, store: Store, audit: AuditLog | None = None) -> None:
        self.store = store
        self.audit = audit or AuditLog(store)

    def add(self, new: NewDisposition) -> StoredDisposition:
        """Keep a disposition, superseding any active one on the same hit, and audit it."""
        with self.store.write() as connection:
            connection.execute(
                update(dispositions)
                .where(dispositions.c.counterparty_id == new.counterparty_id,
                       dispositions.c.entity_id == new.entity_id, dispositions.c.status == ACTIVE)
                .values(status=SUPERSEDED, closed_at=new.decided_at, closed_reason="a reviewer decided again")
            )  # fmt: skip
            inserted = connection.execute(
                dispositions.insert().values(
                    counterparty_id=new.counterparty_id, entity_id=new.entity_id, list=new.list,
                    decision=new.decision, note=new.note, status=ACTIVE, fingerprint=new.fingerprint,
                    listed_record=dict(new.listed_record), rulebase_version=new.rulebase_version,
                    rulebase_digest=new.rulebase_digest, decided_by=new.decided_by, decided_at=new.decided_at,
                )
            )  # fmt: skip
            number = int(inserted.inserted_primary_key[0])  # type: ignore[index]
            self.audit.append_within(
                connection,
                AuditEntry(
                    AuditEvent.DISPOSITION, new.decided_at, new.decided_by, subject=f"disposition:{number}",
                    outcome=new.decision, rulebase_version=new.rulebase_version,
                    rulebase_digest=new.rulebase_digest,
                    payload={"counterparty": new.counterparty_id, "entity_id": new.entity_id, "list": new.list,
                             "note": new.note, "fingerprint": new.fingerprint},
                ),
            )  # fmt: skip
            return _get(connection, number)

    def reopen(self, number: int, *, reason: str, changes: Mapping[str, Any], actor: str, at: datetime,
               rulebase_version: str, rulebase_digest: str) -> bool:  # fmt: skip
        """Re-open an active disposition because the listed record changed; False if it was no longer active."""
        with self.store.write() as connection:
            changed = connection.execute(
                update(dispositions)
                .where(dispositions.c.id == number, dispositions.c.status == ACTIVE)
                .values(status=REOPENED, closed_at=at, closed_reason=reason)
            )
            if changed.rowcount != 1:
                return False
            self.audit.append_within(
                connection,
                AuditEntry(
                    service_event(ServiceEvent.DISPOSITION_REOPENED), at, actor, subject=f"disposition:{number}",
                    outcome=REOPENED, rulebase_version=rulebase_version, rulebase_digest=rulebase_digest,
                    payload={"reason": reason, "changes": dict(changes)},
                ),
            )  # fmt: skip
            return True

    def active_for(self, counterparty_id: int) -> list[StoredDisposition]:
        """The active dispositions on any hit of one counterparty."""
        query = _joined().where(dispositions.c.counterparty_id == counterparty_id, dispositions.c.status == ACTIVE)
        with self.store.read() as connection:
            return [_disposition(row) for row in connection.execute(query.order_by(dispositions.c.id))]

    def get(self, number: int) -> StoredDisposition | None:
        """The disposition with this number, or None."""
        with self.store.read() as connection:
            row = connection.execute(_joined().where(dispositions.c.id == number)).first()
        return _disposition(row) if row is not None else None

    def recent(self, *, status: str | None = None, limit: int = 100, offset: int = 0) -> list[StoredDisposition]:
        """Dispositions, newest first, optionally of one status."""
        query = _joined().order_by(dispositions.c.id.desc()).limit(limit).offset(offset)
        if status:
            query = query.where(dispositions.c.status == status)
        with self.store.read() as connection:
            return [_disposition(row) for row in connection.execute(query)]

    def all_active(self) -> list[StoredDisposition]:
        """Every active disposition (re-screening checks each against the new rule base)."""
        query = _joined().where(dispositions.c.status == ACTIVE).order_by(dispositions.c.id)
        with self.store.read() as connection:
            return [_disposition(row) for row in connection.execute(query)]


def _joined() -> Any:
    return select(
        dispositions, counterparties.c.name.label("counterparty_name"),
        counterparties.c.country.label("counterparty_country"),
    ).join(counterparties, counterparties.c.id == dispositions.c.counterparty_id)  # fmt: skip


def _get(connection: Connection, number: int) -> StoredDisposition:
    return _disposition(connection.execute(_joined().where(dispositions.c.id == number)).one())


def _disposition(row: Any) -> StoredDisposition:
    data = row._mapping
    return StoredDisposition(**{name: data[name] for name in StoredDisposition.__dataclass_fields__})
