"""Opening the store: where it lives, the schema migrations, SQLite's settings, and clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from dualuse.errors import StorageError
from dualuse.store import Store, open_store, resolve_url
from dualuse.store.database import DATABASE_URL_VARIABLE
from dualuse.store.migrate import alembic_config, current_revision, head_revision
from dualuse.store.schema import metadata

TABLES = {"runs", "run_rows", "determinations", "licences", "licence_draw_downs", "audit_log", "audit_head"}


def test_the_default_store_is_a_sqlite_file_under_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a URL or DUALUSE_DATABASE_URL the store is var/dualuse.sqlite3 in the current folder, created."""
    monkeypatch.delenv(DATABASE_URL_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.is_sqlite
    assert (tmp_path / "var" / "dualuse.sqlite3").is_file()


def test_the_environment_variable_names_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DUALUSE_DATABASE_URL is used when no URL is passed; a passed URL wins over it."""
    from_env = f"sqlite:///{tmp_path / 'env' / 'db.sqlite3'}"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, from_env)
    assert resolve_url() == from_env
    assert resolve_url("sqlite:///elsewhere.db") == "sqlite:///elsewhere.db"
    with open_store():
        pass
    assert (tmp_path / "env" / "db.sqlite3").is_file()


def test_a_new_store_has_every_table_at_the_newest_revision(store: Store) -> None:
    """Opening an empty database creates the schema through the shipped alembic revision."""
    assert set(inspect(store.engine).get_table_names()) >= TABLES
    assert current_revision(store) == head_revision()


def test_the_migrated_schema_matches_the_table_definitions(store: Store) -> None:
    """The alembic revisions and schema.py describe the same tables, columns, types and indexes."""
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_opening_again_leaves_the_data_alone(store_url: str) -> None:
    """Opening a store that is already current changes nothing and keeps its contents."""
    from dualuse.store import AuditEntry, AuditEvent, AuditLog
    from tests.store.conftest import AT

    with open_store(store_url) as first:
        AuditLog(first).append(AuditEntry(AuditEvent.DISPOSITION, AT, "officer"))
    with open_store(store_url) as second:
        assert len(AuditLog(second).records()) == 1


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    """Every SQLite connection uses write-ahead logging, enforces foreign keys and waits for a busy writer."""
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}") as store, store.read() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_a_schema_from_a_newer_version_is_refused(store_url: str) -> None:
    """A database at a revision this version does not know is a storage error, not a silent downgrade."""
    with open_store(store_url) as store, store.write() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StorageError, match="revision 9999"):
        open_store(store_url)


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x"])
def test_a_bad_url_is_a_storage_error(url: str) -> None:
    """A malformed URL or an unknown database kind is reported as a storage error naming it."""
    with pytest.raises(StorageError):
        open_store(url)


def test_an_unreachable_database_is_a_storage_error(tmp_path: Path) -> None:
    """A SQLite file that cannot be opened (its path is a folder) is a storage error naming the URL."""
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    with pytest.raises(StorageError, match=r"a-folder\.sqlite3"):
        open_store(f"sqlite:///{folder}")


def test_the_postgresql_schema_can_be_written_out_as_sql() -> None:
    """The migrations render for PostgreSQL (offline), so the DDL stays portable even without a server."""
    config = alembic_config()
    config.output_buffer = io.StringIO()
    config.set_main_option("sqlalchemy.url", "postgresql+psycopg://dualuse@localhost/dualuse")
    command.upgrade(config, "head", sql=True)
    sql = config.output_buffer.getvalue()
    for table in TABLES:
        assert f"CREATE TABLE {table} " in sql
    assert "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')" in sql


def test_the_first_revision_can_be_undone_and_redone(tmp_path: Path) -> None:
    """Downgrading to an empty database and upgrading again gives the same tables (for throw-away stores)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with open_store(url) as store:
        config = alembic_config()
        with store.write() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert not TABLES & set(inspect(store.engine).get_table_names())
    with open_store(url) as store:
        assert set(inspect(store.engine).get_table_names()).issuperset(TABLES)
