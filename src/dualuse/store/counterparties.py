"""Counterparties in the store, and the reverse index from name tokens to them.

A counterparty is a name and a country, as screened. Its identity is the name after Unicode
compatibility folding (NFKC), case folding and collapsing of spaces, with the country: "ACME  Ltd" in
JP and "acme ltd" in JP are the same counterparty. Each is kept once, with the tokens re-screening
looks it up by.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from dualuse.store.database import Store
from dualuse.store.schema import counterparties, counterparty_tokens

#: Identifiers looked up per round trip.
_BATCH = 500


@dataclass(frozen=True, slots=True)
class Counterparty:
    """A party as screened: its name and, where given, its two-letter country."""

    name: str
    country: str | None = None

    @property
    def name_key(self) -> str:
        """The name as the identity compares it: NFKC, case-folded, single spaces."""
        return " ".join(unicodedata.normalize("NFKC", self.name).casefold().split())

    @property
    def key_digest(self) -> str:
        """SHA-256 of the name key and country: the counterparty's identity in the store."""
        return hashlib.sha256(f"{self.name_key}\0{self.country or ''}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredCounterparty:
    """A counterparty as kept: its number, its identity and the name as first seen."""

    id: int
    name: str
    country: str | None
    first_seen_at: datetime

    @property
    def counterparty(self) -> Counterparty:
        """The name and country."""
        return Counterparty(self.name, self.country)


class CounterpartyStore:
    """The counterparties of one store and their token index."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def ensure(self, counterparty: Counterparty, tokens: Iterable[str], *, at: datetime) -> int:
        """The counterparty's number, keeping it (and its tokens) first if it is new."""
        with self.store.write() as connection:
            return ensure_counterparty(connection, counterparty, tokens, at=at)

    def find(self, counterparty: Counterparty) -> int | None:
        """The counterparty's number, or None if it was never seen."""
        with self.store.read() as connection:
            found = connection.execute(
                select(counterparties.c.id).where(counterparties.c.key_digest == counterparty.key_digest)
            ).scalar()
        return int(found) if found is not None else None

    def with_tokens(self, tokens: Iterable[str]) -> set[int]:
        """The numbers of every counterparty sharing at least one of ``tokens``."""
        wanted = sorted({token[:200] for token in tokens})
        found: set[int] = set()
        with self.store.read() as connection:
            for start in range(0, len(wanted), _BATCH):
                query = select(counterparty_tokens.c.counterparty_id).where(
                    counterparty_tokens.c.token.in_(wanted[start : start + _BATCH])
                )
                found.update(int(number) for number in connection.execute(query).scalars())
        return found

    def get(self, numbers: Iterable[int]) -> list[StoredCounterparty]:
        """The counterparties with these numbers, in number order."""
        wanted = sorted(set(numbers))
        found: list[StoredCounterparty] = []
        with self.store.read() as connection:
            for start in range(0, len(wanted), _BATCH):
                query = select(counterparties).where(counterparties.c.id.in_(wanted[start : start + _BATCH]))
                found.extend(_stored(row) for row in connection.execute(query))
        return sorted(found, key=lambda c: c.id)

    def all_numbers(self) -> list[int]:
        """Every counterparty's number (for a re-screen that must look at all of them)."""
        with self.store.read() as connection:
            return [
                int(n) for n in connection.execute(select(counterparties.c.id).order_by(counterparties.c.id)).scalars()
            ]


def ensure_counterparty(connection: Connection, counterparty: Counterparty, tokens: Iterable[str], *,
                        at: datetime) -> int:  # fmt: skip
    """The counterparty's number, keeping it and its index tokens first if new (in the caller's write transaction)."""
    digest = counterparty.key_digest
    found = connection.execute(select(counterparties.c.id).where(counterparties.c.key_digest == digest)).scalar()
    if found is not None:
        return int(found)
    insert_ignoring_duplicates(
        connection,
        counterparties,
        [{"key_digest": digest, "name_key": counterparty.name_key, "country": counterparty.country,
          "name": counterparty.name, "first_seen_at": at}],
    )  # fmt: skip
    number = int(
        connection.execute(select(counterparties.c.id).where(counterparties.c.key_digest == digest)).scalar_one()
    )
    rows = [{"token": token[:200], "counterparty_id": number} for token in sorted(set(tokens))]
    insert_ignoring_duplicates(connection, counterparty_tokens, rows)
    return number


def insert_ignoring_duplicates(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows, skipping those whose key is already there (another writer may have just added them)."""
    if not rows:
        return
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(postgresql.insert(table).on_conflict_do_nothing(), list(rows))
    elif dialect == "sqlite":
        connection.execute(sqlite.insert(table).on_conflict_do_nothing(), list(rows))
    else:  # pragma: no cover - dualuse supports SQLite and PostgreSQL
        connection.execute(table.insert(), list(rows))


def _stored(row: Any) -> StoredCounterparty:
    return StoredCounterparty(int(row.id), row.name, row.country, row.first_seen_at)
