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


def verify_run(database: Path, run_id: str, rows: int, out: Path) -> None:
    """Every row of the run kept once, determined once, audited once; the chain intact; the report whole."""
    with sqlite3.connect(database) as connection:
        kept = connection.execute(
            "select row_number from run_rows where run_id = ? order by row_number", (run_id,)
        ).fetchall()
        determined = connection.execute("select count(*), count(distinct row_number) from determinations where run_id = ?",
                                        (run_id,)).fetchone()  # fmt: skip
        audited = connection.execute("select count(*) from audit_log where run_id = ? and event = 'determination'",
                                     (run_id,)).fetchone()[0]  # fmt: skip
    assert [r[0] for r in kept] == list(range(1, rows + 1))
    assert determined == (rows, rows)
    assert audited == rows
    store = open_store(f"sqlite:///{database}")
    try:
        assert AuditLog(store).verify().ok
    finally:
        store.close()
    assert len((out / "checked.csv").read_text(encoding="utf-8-sig").splitlines()) == rows + 1


def test_twenty_kills_lose_and_duplicate_nothing(tmp_path: Path, big_order_book: Path) -> None:
    """SIGKILL at 20 random moments, resuming each time: every run ends with each row determined exactly once.

    Kill points may fall in several runs: when a run completes between kills it is verified and a new one starts.
    """
    rng = random.Random(20260101)
    kills = runs = 0
    while kills < KILLS:
        runs += 1
        database, out = tmp_path / f"store{runs}.sqlite3", tmp_path / f"out{runs}"
        env = {**os.environ, "DUALUSE_DATABASE_URL": f"sqlite:///{database}"}
        base = [dualuse(), "check", str(big_order_book), "--out", str(out), "--chunk-size", "40", "--workers", "1",
                "--quiet"]  # fmt: skip
        run_id: str | None = None
        while kills < KILLS:
            log = tmp_path / f"attempt{kills}.log"
            with log.open("wb") as stderr:
                process = subprocess.Popen(base + (["--resume", run_id] if run_id else []), env=env,
                                           stdout=subprocess.DEVNULL, stderr=stderr)  # fmt: skip
                time.sleep(rng.uniform(0.3, 4.5))
            if process.poll() is not None:  # the run finished before this kill
                assert process.returncode == 0, log.read_text()
                break
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            run_id = run_id or latest_run(database)
        finished = subprocess.run(base + (["--resume", run_id] if run_id else []), env=env, capture_output=True,
                                  check=False)  # fmt: skip
        assert finished.returncode == 0, finished.stderr.decode()
        verify_run(database, run_id or latest_run(database) or "", 1800, out)

    assert kills == KILLS


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
