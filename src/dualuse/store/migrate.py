"""Create or upgrade the store's schema with the alembic revisions shipped inside the package.

No alembic.ini is needed: the configuration is built here. To write a new revision as a
developer, run ``alembic -x url=… revision`` with ``script_location`` pointing at ``migrations``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from dualuse.errors import StorageError
from dualuse.store.database import Store

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: A fixed key for PostgreSQL's advisory lock, so two processes never create the schema at once.
_POSTGRES_MIGRATION_LOCK = 0x6475616C75736531


def alembic_config() -> Config:
    """The alembic configuration for the shipped revisions, built in code."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The newest schema revision this version of dualuse knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a revision
        raise StorageError("no schema revisions are shipped with this installation")
    return head


def current_revision(store: Store) -> str | None:
    """The schema revision of the database, or None for an empty one."""
    with store.read() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(store: Store) -> None:
    """Bring the schema to the newest revision, doing nothing (and taking no lock) when it is there."""
    head = head_revision()
    current = current_revision(store)
    if current == head:
        return
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            f"{store.url}: the schema is at revision {current}, which this version of dualuse does not know "
            "(was it written by a newer version?)"
        )
    config = alembic_config()
    with store.write() as connection:
        _lock_for_migration(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _lock_for_migration(connection: Connection) -> None:
    # SQLite: the write transaction (BEGIN IMMEDIATE) already excludes every other writer.
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_MIGRATION_LOCK})
