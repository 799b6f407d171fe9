"""Settings every server process follows, kept in the store (for example the rule base in service)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from dualuse.store.counterparties import insert_ignoring_duplicates
from dualuse.store.database import Store
from dualuse.store.schema import service_state

#: The digest of the rule base the service answers with.
RULEBASE_DIGEST = "rulebase_digest"


class ServiceState:
    """Named values shared by the server processes of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, name: str) -> str | None:
        """The value of ``name``, or None where it was never set."""
        with self.store.read() as connection:
            found = connection.execute(select(service_state.c.value).where(service_state.c.name == name)).scalar()
        return str(found) if found is not None else None

    def set(self, name: str, value: str, *, actor: str, at: datetime) -> None:
        """Set ``name`` to ``value``."""
        with self.store.write() as connection:
            changed = connection.execute(
                update(service_state).where(service_state.c.name == name)
                .values(value=value, updated_at=at, updated_by=actor)
            )  # fmt: skip
            if changed.rowcount == 0:
                insert_ignoring_duplicates(
                    connection, service_state, [{"name": name, "value": value, "updated_at": at, "updated_by": actor}]
                )

    def set_if_missing(self, name: str, value: str, *, actor: str, at: datetime) -> str:
        """Set ``name`` only where it was never set; the value in force afterwards."""
        with self.store.write() as connection:
            insert_ignoring_duplicates(
                connection, service_state, [{"name": name, "value": value, "updated_at": at, "updated_by": actor}]
            )
            return str(
                connection.execute(select(service_state.c.value).where(service_state.c.name == name)).scalar_one()
            )
