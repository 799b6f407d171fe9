"""Re-screenings in the store: what was compared with what, and every change found, with reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from dualuse.store.audit_chain import AuditEntry, AuditEvent
from dualuse.store.audit_log import AuditLog
from dualuse.store.database import Store
from dualuse.store.schema import rescreens, rulebase_snapshots


@dataclass(frozen=True, slots=True)
class StoredRescreen:
    """One re-screening as kept."""

    rescreen_id: str
    started_at: datetime
    actor: str
    from_version: str
    from_digest: str
    to_version: str
    to_digest: str
    screen_on: date
    open_on: date
    summary: Mapping[str, Any]
    changes: Sequence[Mapping[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rescreen_id": self.rescreen_id,
            "started_at": self.started_at.isoformat(),
            "actor": self.actor,
            "from": {"version": self.from_version, "digest": self.from_digest},
            "to": {"version": self.to_version, "digest": self.to_digest},
            "screen_on": self.screen_on.isoformat(),
            "open_on": self.open_on.isoformat(),
            "summary": dict(self.summary),
            "changes": [dict(change) for change in self.changes],
        }


class RescreenStore:
    """The re-screenings of one store."""

    def __init__(self, store: Store, audit: AuditLog | None = None) -> None:
        self.store = store
        self.audit = audit or AuditLog(store)

    def keep(self, record: StoredRescreen) -> None:
        """Keep a re-screening and audit it with its counts."""
        with self.store.write() as connection:
            connection.execute(
                rescreens.insert().values(
                    rescreen_id=record.rescreen_id, started_at=record.started_at, actor=record.actor,
                    from_version=record.from_version, from_digest=record.from_digest,
                    to_version=record.to_version, to_digest=record.to_digest, screen_on=record.screen_on,
                    open_on=record.open_on, summary=dict(record.summary),
                    changes=[dict(change) for change in record.changes],
                )
            )  # fmt: skip
            self.audit.append_within(
                connection,
                AuditEntry(
                    AuditEvent.RESCREEN, record.started_at, record.actor, subject=record.rescreen_id,
                    rulebase_version=record.to_version, rulebase_digest=record.to_digest,
                    payload={"from": record.from_digest, "to": record.to_digest, "summary": dict(record.summary)},
                ),
            )  # fmt: skip

    def get(self, rescreen_id: str) -> StoredRescreen | None:
        """The re-screening with this id, or None."""
        with self.store.read() as connection:
            row = connection.execute(select(rescreens).where(rescreens.c.rescreen_id == rescreen_id)).first()
        return _record(row) if row is not None else None

    def list(self, *, limit: int = 50) -> list[StoredRescreen]:
        """The latest re-screenings, newest first."""
        query = select(rescreens).order_by(rescreens.c.started_at.desc(), rescreens.c.rescreen_id.desc()).limit(limit)
        with self.store.read() as connection:
            return [_record(row) for row in connection.execute(query)]


def _record(row: Any) -> StoredRescreen:
    data = row._mapping
    return StoredRescreen(**{name: data[name] for name in StoredRescreen.__dataclass_fields__})


@dataclass(frozen=True, slots=True)
class KeptRuleBase:
    """A rule base whose files the store keeps: its digest, version and when it was kept."""

    digest: str
    version: str
    stored_at: datetime


def kept_rulebases(store: Store) -> list[KeptRuleBase]:
    """Every rule base the store keeps the files of, newest first."""
    query = select(rulebase_snapshots.c.rulebase_digest, rulebase_snapshots.c.rulebase_version,
                   rulebase_snapshots.c.stored_at).order_by(rulebase_snapshots.c.stored_at.desc())  # fmt: skip
    with store.read() as connection:
        return [KeptRuleBase(row[0], row[1], row[2]) for row in connection.execute(query)]
