"""Many shipments drawn on one licence at the same moment never overdraw it.

40 workers each draw 7 from a licence of 100: exactly 14 succeed, 2 remain, 14 draw-down rows are
kept, the 26 others are refused as exhausted, and the audit chain still verifies. Run once with
threads sharing a store and once with separate processes each opening the database file.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from multiprocessing.synchronize import Barrier as BarrierType

import pytest

from dualuse.errors import LicenceError
from dualuse.store import AuditLog, LicenceRegister, Store, open_store
from tests.licences.builders import a_licence
from tests.store.conftest import AT

WORKERS = 40
EACH = Decimal(7)
GRANTED = Decimal(100)
SHIPPED = date(2026, 3, 1)
LICENCE = a_licence(licence_id="LIC-RACE", quantity_granted=GRANTED, quantity_remaining=GRANTED)
#: Exit status of a worker process whose draw-down the register refused.
REFUSED = 3


def _draw(register: LicenceRegister, worker: int) -> str:
    try:
        register.draw_down(
            LICENCE.licence_id, EACH, f"SHIP-{worker:02d}", f"worker-{worker}", datetime.now(UTC), shipped_on=SHIPPED
        )
    except LicenceError as error:
        return str(error)
    return "drawn"


def _assert_never_overdrawn(register: LicenceRegister, store: Store, outcomes: list[str]) -> None:
    drawn = outcomes.count("drawn")
    refused = [outcome for outcome in outcomes if outcome != "drawn"]
    assert drawn == 14
    assert len(refused) == WORKERS - 14
    assert all("exhausted: 2 kg remaining, 7 kg requested" in reason for reason in refused)
    assert register.get(LICENCE.licence_id).quantity_remaining == Decimal(2)
    assert len(register.draw_downs(LICENCE.licence_id)) == 14
    report = AuditLog(store).verify()
    assert (report.ok, report.records) == (True, 1 + 14)


def test_parallel_threads_never_overdraw(store: Store, register: LicenceRegister) -> None:
    """40 threads drawing 7 each from 100 at once: 14 succeed, 2 remain, the chain verifies."""
    register.add(LICENCE, actor="officer", at=AT)
    barrier = threading.Barrier(WORKERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        barrier.wait(timeout=60)
        outcome = _draw(register, worker)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == WORKERS
    _assert_never_overdrawn(register, store, outcomes)


def _process_worker(url: str, worker: int, barrier: BarrierType) -> None:
    """One separate process: open the store itself, wait for the others, draw once, exit 0 or REFUSED."""
    store = open_store(url, upgrade=False)
    try:
        barrier.wait(timeout=60)
        outcome = _draw(LicenceRegister(store), worker)
    finally:
        store.close()
    sys.exit(0 if outcome == "drawn" else REFUSED)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork() to start workers quickly"
)
def test_parallel_processes_never_overdraw(store_url: str, store: Store, register: LicenceRegister) -> None:
    """40 separate processes drawing 7 each from 100 at once: 14 succeed, 2 remain, the chain verifies."""
    register.add(LICENCE, actor="officer", at=AT)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WORKERS)
    processes = [
        context.Process(target=_process_worker, args=(store_url, worker, barrier)) for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    codes = [process.exitcode for process in processes]
    assert sorted(set(codes), key=str) == [0, REFUSED], codes
    refused = [f"exhausted: 2 kg remaining, 7 kg requested ({code})" for code in codes if code == REFUSED]
    _assert_never_overdrawn(register, store, ["drawn"] * codes.count(0) + refused)
