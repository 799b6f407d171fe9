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


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds the run's processes through /proc")
def test_a_killed_parallel_run_leaves_no_process_behind(tmp_path: Path, big_order_book: Path) -> None:
    """SIGKILL the check while its workers are busy: the workers (and their fork server) end on their own."""
    marker = f"DUALUSE_TEST_RUN={os.getpid()}-{time.monotonic_ns()}".encode()
    env = {**os.environ, "DUALUSE_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}",
           "DUALUSE_TEST_RUN": marker.decode().split("=", 1)[1]}  # fmt: skip
    command = [dualuse(), "check", str(big_order_book), "--out", str(tmp_path / "out"), "--chunk-size", "40",
               "--workers", "2", "--quiet"]  # fmt: skip
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 60
        while len(_processes_with(marker)) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # the check itself, its fork server and at least one worker
        assert process.poll() is None, "the run ended before it could be killed"
        assert len(_processes_with(marker)) >= 3
        process.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 15
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_with(marker) == []


def _processes_with(marker: bytes) -> list[int]:
    """The live processes whose environment holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0") and b"Z" not in _state(entry):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _state(entry: Path) -> bytes:
    return (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()[0]
