"""How long each page takes on the example data, printed (and kept in test-artifacts/web/timings.txt).

The figures are printed, not asserted: wall-clock time depends on the machine. The aim is under
300 ms per page; the table shows the median and the slowest of several requests per page.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
REPEATS = 7


def test_page_timings_on_the_example_data(checked: tuple[TestClient, str], capsys: pytest.CaptureFixture[str]) -> None:
    """Every page answers 200 on the example run; the time each takes is printed as a table."""
    client, run_id = checked
    pages = {
        "login form": "/ui/login",
        "runs": "/ui/runs",
        "run (all 36 rows)": f"/ui/runs/{run_id}",
        "run filtered (prohibited)": f"/ui/runs/{run_id}?outcome=prohibited",
        "row (prohibited, findings + hits)": f"/ui/runs/{run_id}/rows/2",
        "report.html": f"/ui/runs/{run_id}/report",
        "check a file (form)": "/ui/check",
        "licences": "/ui/licences",
        "rule base 2025-10-01": "/ui/rulebase?on=2025-10-01",
        "rule base 2026-05-01 vs 2025-10-01": "/ui/rulebase?on=2026-05-01&compare=2025-10-01",
        "audit log": "/ui/audit",
        "audit chain verification": "/ui/audit/verification",
    }
    lines = [f"{'page':<38} {'median ms':>10} {'max ms':>8}"]
    for name, path in pages.items():
        client.get(path)  # the first request warms the template cache
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            answer = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert answer.status_code == 200, (path, answer.status_code)
        lines.append(f"{name:<38} {statistics.median(times):>10.1f} {max(times):>8.1f}")
    table = "\n".join(lines)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.txt").write_text(table + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\nweb UI page timings (TestClient, example data):\n" + table)
