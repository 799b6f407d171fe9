"""API keys in the store: who holds each key, with which role, and whether it was revoked.

Only the SHA-256 of a key's secret is kept, never the secret itself. Creating and revoking a key is
written to the audit log in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from dualuse.errors import InputError, StorageError
from dualuse.store.audit_chain import AuditEntry, AuditEvent
from dualuse.store.audit_log import AuditLog
from dualuse.store.database import Store
from dualuse.store.schema import api_keys


class ServiceEvent(StrEnum):
    """Audit events of the service that the shared ``AuditEvent`` list does not name yet.

    The audit log stores an event as its text, so these chain and verify like any other event.
    """

    API_KEY_CREATED = "api_key_created"
    API_KEY_REVOKED = "api_key_revoked"
    RULEBASE_RELOADED = "rulebase_reloaded"
    CHECK_SUBMITTED = "check_submitted"
    DISPOSITION_REOPENED = "disposition_reopened"


def service_event(event: ServiceEvent) -> AuditEvent:
    """The event as the audit log takes it (it reads only ``.value``)."""
    return cast("AuditEvent", event)


@dataclass(frozen=True, slots=True)
class StoredKey:
    """An API key as kept: its public id, holder, role, the hash of its secret, and its history."""

    key_id: str
    holder: str
    role: str
    secret_sha256: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    @property
    def revoked(self) -> bool:
        """True once the key has been revoked: it then opens nothing."""
        return self.revoked_at is not None


class ApiKeyStore:
    """The API keys of one store."""

    def __init__(self, store: Store, audit: AuditLog | None = None) -> None:
        self.store = store
        self.audit = audit or AuditLog(store)

    def add(self, key: StoredKey) -> StoredKey:
        """Keep a new key and audit its creation; InputError if its id is already taken."""
        try:
            with self.store.write() as connection:
                connection.execute(
                    api_keys.insert().values(
                        key_id=key.key_id,
                        holder=key.holder,
                        role=key.role,
                        secret_sha256=key.secret_sha256,
                        created_at=key.created_at,
                        created_by=key.created_by,
                    )
                )
                self.audit.append_within(
                    connection,
                    AuditEntry(
                        service_event(ServiceEvent.API_KEY_CREATED),
                        key.created_at,
                        key.created_by,
                        subject=f"api-key:{key.key_id}",
                        payload={"holder": key.holder, "role": key.role},
                    ),
                )
        except IntegrityError:
            raise InputError(f"an API key with id {key.key_id} already exists", field="key_id") from None
        return key

    def find(self, key_id: str) -> StoredKey | None:
        """The key with this public id, or None."""
        with self.store.read() as connection:
            row = connection.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        return _key(row) if row is not None else None

    def list(self) -> tuple[StoredKey, ...]:
        """Every key, newest first, revoked ones included."""
        with self.store.read() as connection:
            rows = connection.execute(select(api_keys).order_by(api_keys.c.created_at.desc(), api_keys.c.key_id))
            return tuple(_key(row) for row in rows)

    def revoke(self, key_id: str, *, actor: str, at: datetime) -> StoredKey:
        """Revoke a key for good and audit it; StorageError if unknown, InputError if already revoked."""
        with self.store.write() as connection:
            changed = connection.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=at, revoked_by=actor)
            )
            row = connection.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
            if row is None:
                raise StorageError(f"no API key {key_id}")
            if changed.rowcount != 1:
                raise InputError(f"API key {key_id} was already revoked on {row.revoked_at:%Y-%m-%d}", field="key_id")
            self.audit.append_within(
                connection,
                AuditEntry(
                    service_event(ServiceEvent.API_KEY_REVOKED),
                    at,
                    actor,
                    subject=f"api-key:{key_id}",
                    payload={"holder": row.holder, "role": row.role},
                ),
            )
            return _key(row)


def _key(row: object) -> StoredKey:
    data = row._mapping  # type: ignore[attr-defined]
    return StoredKey(**{name: data[name] for name in StoredKey.__dataclass_fields__})
