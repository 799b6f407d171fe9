"""Checking a file from the UI: the upload form, the job's progress, and the run it produces."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from dualuse.store import open_store
from tests.web.conftest import EXAMPLE, WebApp, csrf_token, sign_in


def upload(client: TestClient, name: str, content: bytes, **fields: str) -> object:
    """Post the upload form with one file."""
    token = csrf_token(client.get("/ui/check").text)
    return client.post("/ui/check", data={"csrf_token": token, **fields}, files={"file": (name, content, "text/csv")},
                       follow_redirects=False)  # fmt: skip


@pytest.mark.slow
def test_an_uploaded_file_is_checked_and_its_run_opens(web_app: WebApp) -> None:
    """The example file is checked in the background; its progress ends at 36 of 36 rows with links to the run and report."""
    with TestClient(web_app.app) as client:
        sign_in(client, web_app.keys["analyst"])
        answer = upload(client, "shipments.csv", EXAMPLE.read_bytes())
        assert answer.status_code == 303  # type: ignore[attr-defined]
        job = answer.headers["location"]  # type: ignore[attr-defined]
        assert 'hx-trigger="every 500ms"' in client.get(job).text or "Done" in client.get(job).text
        deadline = time.monotonic() + 120
        progress = client.get(job + "/progress").text
        while 'data-status="finished"' not in progress and 'data-status="failed"' not in progress:
            assert time.monotonic() < deadline, progress
            time.sleep(0.2)
            progress = client.get(job + "/progress").text
        assert "Done: 36 rows checked" in progress
        assert 'value="100"' in progress
        assert "hx-get" not in progress  # polling stops once the check has ended
        run_link = progress.split('<a class="button" href="')[1].split('"')[0]
        run_page = client.get(run_link).text
        assert "All rows" in run_page and ">36<" in run_page
        assert client.get(run_link + "/report").status_code == 200


@pytest.mark.parametrize(("name", "fields", "message"), [
    ("orders.pdf", {}, "is not a file the check reads"),
    ("shipments.csv", {"as_of": "next week"}, "is not a date"),
])  # fmt: skip
def test_a_file_that_cannot_be_checked_is_refused(
    web_app: WebApp, name: str, fields: dict[str, str], message: str
) -> None:
    """A file of another kind, or an as-of date that is no date, is refused before anything starts."""
    with TestClient(web_app.app) as client:
        sign_in(client, web_app.keys["analyst"])
        answer = upload(client, name, b"order_id\n1\n", **fields)
    assert answer.status_code == 400  # type: ignore[attr-defined]
    assert message in answer.text  # type: ignore[attr-defined]


def test_an_unknown_job_is_a_404(client: TestClient) -> None:
    """A job id nobody started answers 404."""
    assert client.get("/ui/jobs/0123456789abcdef").status_code == 404


def test_a_check_under_way_is_listed_on_the_runs_page(web_app: WebApp) -> None:
    """A check still queued or running is listed above the runs, linking to its progress."""
    from datetime import UTC, datetime

    from dualuse.store.check_jobs import CheckJobStore

    with open_store(web_app.settings.database_url) as store:
        CheckJobStore(store).add("check-waiting", file_name="受注データ.csv", submitted_by="Ana", at=datetime.now(UTC))
    with TestClient(web_app.app) as client:
        sign_in(client, web_app.keys["viewer"])
        page = client.get("/ui/runs").text
    assert "Checks under way" in page
    assert '<a href="/ui/jobs/check-waiting"><span lang="ja">受注データ.csv</span></a> — queued' in page
