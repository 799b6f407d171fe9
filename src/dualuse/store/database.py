"""Open the store: SQLite by default, PostgreSQL when a URL says so; transactions for readers and writers.

Only this adapter and the CLI read ``DUALUSE_DATABASE_URL``; the core never sees it.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError

from dualuse.errors import StorageError
from dualuse.store.audit_chain import json_value

#: The environment variable naming the database, e.g. ``postgresql+psycopg://user@host/dualuse``.
DATABASE_URL_VARIABLE = "DUALUSE_DATABASE_URL"
#: Where the default SQLite file lives, relative to the current directory.
DEFAULT_SQLITE_PATH = Path("var") / "dualuse.sqlite3"
#: How long a SQLite writer waits for another writer before giving up, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000

#: The page size of a new SQLite store, in bytes.
SQLITE_PAGE_SIZE = 16_384

_BEGIN_OPTION = "dualuse_sqlite_begin"


class Store:
    """An open database with the dualuse schema: hands out read and write transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # A store dropped without close() (a worker process, an interrupted request) still closes its pooled
        # connections properly when it is collected, instead of leaving them to the driver's finaliser.
        self._finalizer = weakref.finalize(self, engine.dispose)

    @property
    def url(self) -> str:
        """The database URL with any password hidden, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite store."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self, *, snapshot: bool = False) -> Iterator[Connection]:
        """A transaction for reading.

        With ``snapshot``, every statement sees the same committed state: SQLite's WAL read
        transactions do so anyway; on PostgreSQL the transaction runs at REPEATABLE READ.
        """
        with self._transaction(write=False, snapshot=snapshot) as connection:
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction for writing, committed on success and rolled back on any error.

        On SQLite it starts with ``BEGIN IMMEDIATE``, taking the write lock at once, so two writers
        never both read a balance and then both subtract from it; the second waits (busy_timeout).
        On PostgreSQL the conditional UPDATE and the audit-head row lock do the same job.
        """
        with self._transaction(write=True) as connection:
            yield connection

    def close(self) -> None:
        """Close every pooled connection."""
        self._finalizer()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, *, write: bool, snapshot: bool = False) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                if self.is_sqlite:
                    connection.execution_options(**{_BEGIN_OPTION: "IMMEDIATE" if write else "DEFERRED"})
                elif snapshot:
                    connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    yield connection
        except IntegrityError:
            raise  # the caller turns a broken constraint into a message about the record
        except DBAPIError as error:
            raise StorageError(f"{self.url}: {_first_line(error)}") from error


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: ``url``, else DUALUSE_DATABASE_URL, else var/dualuse.sqlite3 here."""
    chosen = url or os.environ.get(DATABASE_URL_VARIABLE) or None
    if chosen is None:
        return f"sqlite:///{(Path.cwd() / DEFAULT_SQLITE_PATH).as_posix()}"
    return chosen


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (and create or upgrade to the current schema) the store at ``url``.

    With no ``url``: DUALUSE_DATABASE_URL, else the SQLite file ``var/dualuse.sqlite3`` under the
    current directory, whose folder is created. Raises StorageError naming the URL when the
    database cannot be reached or holds a schema newer than this version of dualuse.
    """
    from dualuse.store.migrate import upgrade_to_head

    chosen = resolve_url(url)
    try:
        parsed = make_url(chosen)
    except ArgumentError as error:
        raise StorageError(f"{chosen!r} is not a database URL: {error}") from None
    options: dict[str, Any] = {"json_serializer": json_text}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        options["pool_pre_ping"] = True  # a server may have closed an idle connection
    options["json_deserializer"] = orjson.loads
    try:
        engine = create_engine(parsed, **options)
    except ArgumentError as error:
        raise StorageError(f"{parsed.render_as_string(hide_password=True)}: {error}") from None
    except ImportError as error:
        hint = " (for PostgreSQL install the extra: pip install 'dualuse[postgres]')" if "psycopg" in str(error) else ""
        raise StorageError(f"{parsed.render_as_string(hide_password=True)}: {error}{hint}") from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    store = Store(engine)
    if upgrade:
        try:
            upgrade_to_head(store)
        except BaseException:
            store.close()
            raise
    return store


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Python's sqlite3 would open transactions on its own schedule; we issue BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # A new store's pages are 16 KiB (an existing one keeps its own): a batch run writes fewer, larger pages
        # (system time of the bulk-write benchmark nearly halved against SQLite's default 4 KiB).
        cursor.execute(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed draw-down or audit record survives a power cut, not only a crash.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}")


def json_text(data: Any) -> str:
    """The JSON text the store keeps for ``data`` (what a JSON column holds)."""
    # Keys keep the order they were issued in; decimals and dates are written as exact text. orjson is an
    # order of magnitude faster than the standard encoder for the determinations a batch run stores.
    return orjson.dumps(data, default=json_value).decode()


def _first_line(error: DBAPIError) -> str:
    return str(error.orig or error).strip().splitlines()[0]
