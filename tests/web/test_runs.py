"""Runs and rows: the run list, filtering a run's rows by outcome, a row's findings and citations, the report."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from dualuse.web.presenters.outcomes import OUTCOME_CHOICES

Checked = tuple[TestClient, str]


def row_numbers(page_html: str, run_id: str) -> list[int]:
    """The row numbers a run page links to."""
    return sorted({int(n) for n in re.findall(rf"/ui/runs/{re.escape(run_id)}/rows/(\d+)", page_html)})


def test_the_run_list_shows_the_run_with_its_counts(checked: Checked) -> None:
    """The run list names the run, its file and its outcome counts."""
    client, run_id = checked
    page = client.get("/ui/runs")
    assert page.status_code == 200
    assert run_id in page.text
    assert "shipments.csv" in page.text
    assert re.search(r"\d+ prohibited", page.text)


@pytest.mark.parametrize("outcome", [choice.key for choice in OUTCOME_CHOICES if choice.key != "error"])
def test_filtering_a_run_by_outcome_shows_only_those_rows(checked: Checked, outcome: str) -> None:
    """Each outcome filter lists exactly the rows with that outcome, every one badged with it."""
    client, run_id = checked
    everything = client.get(f"/ui/runs/{run_id}")
    filtered = client.get(f"/ui/runs/{run_id}", params={"outcome": outcome})
    assert filtered.status_code == 200
    badges = re.findall(r'<span class="badge o-([a-z_]+)">', filtered.text)
    assert set(badges) <= {outcome}
    count = re.search(
        rf'o-{outcome}" href="[^"]+"[^>]*>\s*<div class="label">[^<]+</div><div class="number">(\d+)', everything.text
    )
    assert len(badges) == (int(count.group(1)) if count else 0)


def test_an_unknown_outcome_filter_shows_every_row(checked: Checked) -> None:
    """A filter value that is no outcome is ignored rather than hiding every row."""
    client, run_id = checked
    assert row_numbers(client.get(f"/ui/runs/{run_id}", params={"outcome": "bogus"}).text, run_id) == list(range(1, 37))


def test_a_prohibited_row_shows_its_findings_and_cited_provisions(checked: Checked) -> None:
    """The row of a Control-List end user shows the prohibition, the finding tree and the citations as links with confidence."""
    client, run_id = checked
    prohibited = client.get(f"/ui/runs/{run_id}", params={"outcome": "prohibited"}).text
    first = row_numbers(prohibited, run_id)[0]
    page = client.get(f"/ui/runs/{run_id}/rows/{first}")
    assert page.status_code == 200
    assert 'class="banner o-prohibited"' in page.text
    assert 'class="finding o-prohibited"' in page.text
    assert re.search(
        r'<a href="https?://[^"]+" rel="noopener noreferrer" target="_blank">MOFCOM Ann 20\d\d No\. \d+', page.text
    )
    assert re.search(r'class="confidence (high|medium|low)"', page.text)
    assert "Screening hits" in page.text


def test_japanese_names_are_shown_as_written(checked: Checked) -> None:
    """A Japanese end user's name appears as written, marked as Japanese for the right glyphs."""
    client, run_id = checked
    page = client.get(f"/ui/runs/{run_id}/rows/3")
    assert '<span lang="ja">株式会社SUBARU</span>' in page.text


def test_the_report_of_a_run_checked_from_the_ui_opens(checked: Checked) -> None:
    """The run's report.html is served with a policy that allows its own inline style and nothing else."""
    client, run_id = checked
    answer = client.get(f"/ui/runs/{run_id}/report")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("path", ["/ui/runs/no-such-run", "/ui/runs/{run}/rows/999", "/ui/runs/no-such-run/report",
                                  "/ui/runs/..%2F..%2Fetc/report"])  # fmt: skip
def test_what_does_not_exist_is_a_readable_404(checked: Checked, path: str) -> None:
    """An unknown run, row or report answers 404 with a page saying so."""
    client, run_id = checked
    answer = client.get(path.format(run=run_id))
    assert answer.status_code == 404
    assert "Not found" in answer.text


@pytest.mark.parametrize("path", ["/ui/runs/{run}/rows/first", "/ui/runs/{run}?page=two", "/ui/audit?page=x"])
def test_an_address_the_page_cannot_read_is_a_readable_400(checked: Checked, path: str) -> None:
    """A row number or page that is no number answers 400 with a page naming the part at fault."""
    client, run_id = checked
    answer = client.get(path.format(run=run_id))
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "Not a valid address" in answer.text
