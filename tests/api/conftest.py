"""API fixtures: one application per test module and database (SQLite, and PostgreSQL when given), with keys."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dualuse.api import ServiceSettings, create_app
from dualuse.api.runtime import ServiceRuntime
from dualuse.services.keys import create_key

POSTGRES_URL = os.environ.get("DUALUSE_TEST_POSTGRES_URL")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not POSTGRES_URL, reason="needs DUALUSE_TEST_POSTGRES_URL")),
]


@dataclass
class Service:
    """A running application (in process), its client, and one key per role."""

    app: FastAPI
    client: TestClient
    keys: dict[str, str]

    @property
    def runtime(self) -> ServiceRuntime:
        """The server process's runtime (store, engines)."""
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime

    def auth(self, role: str) -> dict[str, str]:
        """The header carrying the key of ``role``."""
        return {"Authorization": f"Bearer {self.keys[role]}"}


def database_url(backend: str, folder: Path) -> Iterator[str]:
    """A URL for an empty database: a SQLite file, or a fresh schema on the test PostgreSQL server."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'dualuse.sqlite3'}"
        return
    assert POSTGRES_URL is not None
    schema = f"dualuse_api_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield (
            make_url(POSTGRES_URL)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


def start_service(url: str, folder: Path, *, rulebase: Path | None = None) -> Iterator[Service]:
    """Create the application on ``url``, keys for every role, and a client; close it all afterwards."""
    settings = ServiceSettings(database_url=url, data_dir=folder / "var", key_cache_seconds=0, rulebase_path=rulebase)
    app = create_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    now = datetime.now(UTC)
    keys = {role: create_key(runtime.store, holder=f"{role.title()} Holder", role=role, actor="tests", at=now).key
            for role in ("viewer", "analyst", "admin")}  # fmt: skip
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Service(app, client, keys)


@pytest.fixture(scope="module", params=BACKENDS)
def service(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The application for this test module, on SQLite and (when given) on PostgreSQL."""
    folder = tmp_path_factory.mktemp("api")
    for url in database_url(request.param, folder):
        yield from start_service(url, folder)
