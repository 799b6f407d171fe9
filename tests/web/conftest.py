"""Fixtures for the web UI: the service application over a temporary SQLite store with one API key per
role, a signed-in test client, and a store holding a run of the example file checked through the service."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount

from dualuse.api import ServiceSettings, create_app
from dualuse.api.runtime import ServiceRuntime
from dualuse.services.jobs import CheckRequest
from dualuse.services.keys import create_key
from dualuse.store import open_store
from dualuse.web import mount_web

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shipments.csv"

#: The holder of each test key, by role.
HOLDERS = {"admin": "Ada Admin", "analyst": "Ana 分析", "viewer": "Vic Viewer"}


@dataclass(frozen=True)
class WebApp:
    """The service application with the web UI, the settings it was built with, and one API key per role."""

    app: FastAPI
    settings: ServiceSettings
    keys: dict[str, str]


def service_settings(folder: Path) -> ServiceSettings:
    """Settings for a service over a SQLite store in ``folder``; keys are checked on every request."""
    return ServiceSettings(database_url=f"sqlite:///{(folder / 'store.sqlite3').as_posix()}", data_dir=folder / "data",
                           key_cache_seconds=0)  # fmt: skip


def build_app(settings: ServiceSettings) -> FastAPI:
    """The API's application with the web UI mounted (by ``create_app`` itself once it does so)."""
    app = create_app(settings)
    if not any(isinstance(route, Mount) and route.path == "/ui" for route in app.router.routes):
        mount_web(app, settings)
    return app


def create_keys(settings: ServiceSettings) -> dict[str, str]:
    """One new API key per role in the settings' store, by role."""
    with open_store(settings.database_url) as store:
        return {role: create_key(store, holder=holder, role=role, actor="test set-up", at=datetime.now(UTC)).key
                for role, holder in HOLDERS.items()}  # fmt: skip


def runtime_of(app: FastAPI) -> ServiceRuntime:
    """The service runtime the application (and its web UI) runs on."""
    runtime: ServiceRuntime = app.state.runtime
    return runtime


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[WebApp]:
    """The service with its web UI over an empty temporary store."""
    settings = service_settings(tmp_path)
    keys = create_keys(settings)
    app = build_app(settings)
    yield WebApp(app, settings, keys)
    runtime_of(app).close()


def sign_in(client: TestClient, api_key: str) -> None:
    """Sign ``client`` in with ``api_key`` through the login form."""
    form = client.get("/ui/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = client.post("/ui/login", data={"api_key": api_key, "login_token": token.group(1)}, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def csrf_token(page_html: str) -> str:
    """The CSRF token of a page's forms."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert found is not None, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture
def client(web_app: WebApp) -> Iterator[TestClient]:
    """A client signed in as the administrator."""
    with TestClient(web_app.app) as signed_in:
        sign_in(signed_in, web_app.keys["admin"])
        yield signed_in


@dataclass(frozen=True)
class CheckedApp:
    """The service over a store holding one finished run of the example file, its run id and one key per role."""

    app: FastAPI
    run_id: str
    keys: dict[str, str]


@pytest.fixture(scope="session")
def checked_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckedApp]:
    """The service after the example file was checked through it, once per test session."""
    settings = service_settings(tmp_path_factory.mktemp("checked"))
    keys = create_keys(settings)
    app = build_app(settings)
    runtime = runtime_of(app)
    job = runtime.jobs.submit(CheckRequest("shipments.csv", EXAMPLE.read_bytes()), runtime.rulebase,
                              actor=HOLDERS["analyst"], at=datetime.now(UTC))  # fmt: skip
    finished = runtime.jobs.wait(job.job_id, timeout=300)
    assert finished is not None and finished.run_id is not None, finished
    yield CheckedApp(app, finished.run_id, keys)
    runtime.close()


@pytest.fixture
def checked(checked_app: CheckedApp) -> Iterator[tuple[TestClient, str]]:
    """A signed-in administrator's client over the store holding the example run, and the run id."""
    with TestClient(checked_app.app) as signed_in:
        sign_in(signed_in, checked_app.keys["admin"])
        yield signed_in, checked_app.run_id
