"""The append-only audit log in the store: append, read, and verify the hash chain.

There is deliberately no update and no delete. Appends lock the one-row ``audit_head`` table
inside the caller's write transaction, so concurrent writers (threads or processes) are chained
one after another and never fork the chain.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import Connection, select, update

from dualuse.errors import StorageError
from dualuse.store.audit_chain import (
    AuditEntry,
    AuditRecord,
    ChainReport,
    EntryValues,
    SealedRow,
    check_chain,
    entry_values,
    seal_values,
)
from dualuse.store.bulk import BulkInsert
from dualuse.store.database import Store
from dualuse.store.schema import audit_head, audit_log

#: Records read per round trip while verifying, so a long log is never held in memory at once.
_VERIFY_BATCH = 1000


class AuditLog:
    """The hash-chained audit log of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def append(self, entry: AuditEntry) -> AuditRecord:
        """Append one record in its own write transaction and return it, sealed."""
        with self.store.write() as connection:
            return self.append_within(connection, entry)

    def append_within(self, connection: Connection, entry: AuditEntry) -> AuditRecord:
        """Append one record inside the caller's write transaction (so it commits or fails with it)."""
        return self.append_many_within(connection, [entry])[0]

    def append_many_within(self, connection: Connection, entries: Sequence[AuditEntry]) -> list[AuditRecord]:
        """Append records in order inside the caller's write transaction, locking the head only once."""
        sealed = self.append_values_within(connection, [entry_values(entry) for entry in entries])
        return [AuditRecord(*row) for row in sealed]

    def append_values_within(self, connection: Connection, entries: Sequence[EntryValues]) -> list[SealedRow]:
        """Append entries given as ``entry_values`` (the batch path: no objects per record) and return them sealed."""
        if not entries:
            return []
        # Take the head row's lock first: on PostgreSQL this UPDATE blocks every other appender
        # until we commit; on SQLite the write transaction already holds the database lock.
        bumped = connection.execute(
            update(audit_head).where(audit_head.c.id == 1).values(seq=audit_head.c.seq + len(entries))
        )
        if bumped.rowcount != 1:
            raise StorageError(f"{self.store.url}: the audit log's head row is missing; the log cannot be extended")
        head = connection.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).one()
        sealed = seal_values(entries, first_seq=head.seq - len(entries) + 1, prev_hash=head.hash)
        _INSERT.execute(connection, sealed)
        connection.execute(update(audit_head).where(audit_head.c.id == 1).values(hash=sealed[-1][-1]))
        return sealed

    def records(self, *, run_id: str | None = None, subject: str | None = None) -> list[AuditRecord]:
        """The records in order, optionally only those of one run or one subject (a licence number)."""
        query = select(audit_log).order_by(audit_log.c.seq)
        if run_id is not None:
            query = query.where(audit_log.c.run_id == run_id)
        if subject is not None:
            query = query.where(audit_log.c.subject == subject)
        with self.store.read() as connection:
            return [_record(row._mapping) for row in connection.execute(query)]

    def verify(self) -> ChainReport:
        """Recompute the whole chain and report the first changed, missing or reordered record."""
        with self.store.read(snapshot=True) as connection:
            head = connection.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).first()
            if head is None:
                raise StorageError(f"{self.store.url}: the audit log's head row is missing")

            def seq_of_hash(digest: str) -> int | None:
                found = connection.execute(
                    select(audit_log.c.seq).where(audit_log.c.hash == digest).order_by(audit_log.c.seq).limit(1)
                ).scalar()
                return int(found) if found is not None else None

            return check_chain(_in_batches(connection), head_seq=head.seq, head_hash=head.hash, seq_of_hash=seq_of_hash)


def _in_batches(connection: Connection) -> Iterator[AuditRecord]:
    after: int | None = None
    while True:
        query = select(audit_log).order_by(audit_log.c.seq).limit(_VERIFY_BATCH)
        if after is not None:
            query = query.where(audit_log.c.seq > after)
        rows = connection.execute(query).all()
        if not rows:
            return
        for row in rows:
            yield _record(row._mapping)
        after = rows[-1].seq


_COLUMNS = tuple(field.name for field in fields(AuditRecord))
#: Sealed rows are in AuditRecord's field order, which is the table's column order.
_INSERT = BulkInsert(audit_log, _COLUMNS)


def _record(row: Any) -> AuditRecord:
    return AuditRecord(**{name: row[name] for name in _COLUMNS})
