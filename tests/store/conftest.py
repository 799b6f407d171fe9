"""Storage fixtures: every storage test runs on SQLite, and on PostgreSQL too when one is given.

Set DUALUSE_TEST_POSTGRES_URL (e.g. postgresql+psycopg://dualuse@localhost/dualuse_test) to add
the PostgreSQL runs; each test then gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dualuse.store import AuditLog, LicenceRegister, Store, open_store

POSTGRES_URL = os.environ.get("DUALUSE_TEST_POSTGRES_URL")

#: The moment the tests record changes at (a fixed time: the tests never read the clock).
AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not POSTGRES_URL, reason="PostgreSQL runs need DUALUSE_TEST_POSTGRES_URL (a database the tests may use)"
            ),
        ),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A URL for an empty database: a SQLite file, or a fresh schema in the test PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store') / 'dualuse.sqlite3'}"
        return
    assert POSTGRES_URL is not None
    schema = f"dualuse_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open store with the current schema."""
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def register(store: Store) -> LicenceRegister:
    """The licence register of the test store."""
    return LicenceRegister(store)


@pytest.fixture
def audit(store: Store) -> AuditLog:
    """The audit log of the test store."""
    return AuditLog(store)
