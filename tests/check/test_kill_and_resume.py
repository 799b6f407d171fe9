"""A run killed at any point resumes and ends with every row determined exactly once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dualuse.store import open_store
from dualuse.store.audit_log import AuditLog

KILLS = 20


def dualuse() -> str:
    """The dualuse command of this environment."""
    return str(Path(sys.executable).parent / "dualuse")


def latest_run(database: Path) -> str | None:
    """The id of the newest run in the store, if any."""
    if not database.exists():
        return None
    with sqlite3.connect(database) as connection:
        try:
            row = connection.execute("select run_id from runs order by started_at desc limit 1").fetchone()
        except sqlite3.OperationalError:
            return None
    return row[0] if row else None


def test_twenty_kills_lose_and_duplicate_nothing(tmp_path: Path, big_order_book: Path) -> None:
    """SIGKILL at 20 random moments, resume each time: all 1,800 rows once, determinations once, chain intact."""
    database = tmp_path / "store.sqlite3"
    env = {**os.environ, "DUALUSE_DATABASE_URL": f"sqlite:///{database}"}
    rng = random.Random(20260101)
    base = [dualuse(), "check", str(big_order_book), "--out", str(tmp_path / "out"), "--chunk-size", "40",
            "--workers", "1", "--quiet"]  # fmt: skip
    run_id: str | None = None
    kills = 0
    while kills < KILLS:
        command = base + (["--resume", run_id] if run_id else [])
        log = tmp_path / f"attempt{kills}.log"
        with log.open("wb") as stderr:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
            time.sleep(rng.uniform(0.3, 4.5))
        if process.poll() is not None:  # finished before the kill
            assert process.returncode == 0, log.read_text()
            break
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
        run_id = run_id or latest_run(database)
    assert kills == KILLS, "the run finished before 20 kills; make the order book longer"

    finished = subprocess.run(
        base + (["--resume", run_id] if run_id else []), env=env, capture_output=True, check=False
    )

    assert finished.returncode == 0, finished.stderr.decode()
    run_id = run_id or latest_run(database)
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "select row_number from run_rows where run_id = ? order by row_number", (run_id,)
        ).fetchall()
        determined = connection.execute("select count(*), count(distinct row_number) from determinations where run_id = ?",
                                        (run_id,)).fetchone()  # fmt: skip
        audited = connection.execute("select count(*) from audit_log where run_id = ? and event = 'determination'",
                                     (run_id,)).fetchone()[0]  # fmt: skip
    assert [r[0] for r in rows] == list(range(1, 1801))
    assert determined == (1800, 1800)
    assert audited == 1800
    store = open_store(f"sqlite:///{database}")
    try:
        assert AuditLog(store).verify().ok
    finally:
        store.close()
    report = (tmp_path / "out" / "checked.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(report) == 1801


@pytest.mark.parametrize("workers", [2])
def test_parallel_run_matches_single_worker(tmp_path: Path, big_order_book: Path, workers: int) -> None:
    """Running on every core gives exactly the outcomes of a single worker, row by row."""
    results = {}
    for count in (1, workers):
        database = tmp_path / f"store{count}.sqlite3"
        env = {**os.environ, "DUALUSE_DATABASE_URL": f"sqlite:///{database}"}
        out = tmp_path / f"out{count}"
        subprocess.run([dualuse(), "check", str(big_order_book), "--out", str(out), "--workers", str(count), "--quiet"],
                       env=env, check=True, capture_output=True)  # fmt: skip
        lines = (out / "checked.csv").read_text(encoding="utf-8-sig").splitlines()
        results[count] = lines

    assert results[1] == results[workers]
