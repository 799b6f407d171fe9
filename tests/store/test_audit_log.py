"""The audit log: appends chain each record to the one before, and verify finds any break.

Tampering is done with raw SQL, as someone with write access to the database would do it.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import text

from dualuse.store import AuditEntry, AuditEvent, AuditLog, ProblemKind, Store
from dualuse.store.audit_chain import GENESIS_HASH
from tests.store.conftest import AT


def _fill(audit: AuditLog, count: int) -> None:
    for number in range(1, count + 1):
        audit.append(
            AuditEntry(
                AuditEvent.DETERMINATION,
                AT + timedelta(seconds=number),
                "batch",
                subject=f"row-{number}",
                run_id="RUN-1",
                input_digest=f"sha256:{number:064x}",
                outcome="licence_required",
                rulebase_version="2026.05",
                rulebase_digest="sha256:abc",
                engine_version="0.1.0",
                payload={"row": number, "amount": Decimal("1.50"), "codes": ["1C902.a"]},
            )
        )


def _tamper(store: Store, *statements: str) -> None:
    with store.engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)


def test_records_are_numbered_and_chained_from_the_genesis_hash(audit: AuditLog) -> None:
    """The first record follows 64 zeros; each later one follows the hash of the one before."""
    _fill(audit, 3)
    records = audit.records()
    assert [r.seq for r in records] == [1, 2, 3]
    assert records[0].prev_hash == GENESIS_HASH
    assert [r.prev_hash for r in records[1:]] == [r.hash for r in records[:-1]]
    assert records[0].details == {"amount": "1.50", "codes": ["1C902.a"], "row": 1}


def test_an_intact_log_verifies(audit: AuditLog) -> None:
    """A log nobody touched verifies, counting every record."""
    _fill(audit, 5)
    report = audit.verify()
    assert (report.ok, report.records, report.problem) == (True, 5, None)
    assert report.last_hash == audit.records()[-1].hash


def test_an_empty_log_verifies(audit: AuditLog) -> None:
    """A new store's log has no records and nothing to report."""
    report = audit.verify()
    assert (report.ok, report.records, report.last_hash) == (True, 0, GENESIS_HASH)


def test_times_are_kept_in_utc_as_they_were_hashed(audit: AuditLog) -> None:
    """A time given in China Standard Time is stored as the same moment in UTC, to the microsecond."""
    beijing = timezone(timedelta(hours=8))
    record = audit.append(
        AuditEntry(AuditEvent.DISPOSITION, datetime(2026, 3, 1, 17, 30, 0, 123456, tzinfo=beijing), "officer")
    )
    assert record.time == "2026-03-01T09:30:00.123456+00:00"
    assert audit.verify().ok


def test_a_time_without_time_zone_is_refused(audit: AuditLog) -> None:
    """An ambiguous local time cannot enter the log."""
    with pytest.raises(ValueError, match="no time zone"):
        audit.append(AuditEntry(AuditEvent.DISPOSITION, datetime(2026, 3, 1, 9, 30), "officer"))


@pytest.mark.parametrize(
    ("statements", "seq", "kind"),
    [
        (["UPDATE audit_log SET outcome = 'authorised' WHERE seq = 3"], 3, ProblemKind.TAMPERED),
        (["UPDATE audit_log SET payload = '{\"row\":99}' WHERE seq = 1"], 1, ProblemKind.TAMPERED),
        (["UPDATE audit_log SET prev_hash = hash WHERE seq = 4"], 4, ProblemKind.TAMPERED),
        (["DELETE FROM audit_log WHERE seq = 3"], 3, ProblemKind.MISSING),
        (["DELETE FROM audit_log WHERE seq = 1"], 1, ProblemKind.MISSING),
        (["DELETE FROM audit_log WHERE seq IN (2, 3)"], 2, ProblemKind.MISSING),
        (["DELETE FROM audit_log WHERE seq = 5"], 5, ProblemKind.MISSING),
        (
            [
                "UPDATE audit_log SET seq = -3 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = 4",
                "UPDATE audit_log SET seq = 4 WHERE seq = -3",
            ],
            3,
            ProblemKind.REORDERED,
        ),
    ],
    ids=[
        "changed-outcome",
        "changed-payload",
        "changed-prev-hash",
        "deleted-middle",
        "deleted-first",
        "deleted-two",
        "deleted-last",
        "swapped",
    ],
)
def test_verify_reports_the_first_changed_missing_or_reordered_record(
    store: Store, audit: AuditLog, statements: list[str], seq: int, kind: ProblemKind
) -> None:
    """Each kind of tampering is caught and the first broken record is named by its number."""
    _fill(audit, 5)
    _tamper(store, *statements)
    report = audit.verify()
    assert not report.ok
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (seq, kind)
    assert re.search(rf"records? {seq}\b", report.problem.message)


def test_a_record_changed_and_rehashed_is_caught_by_the_next_link(store: Store, audit: AuditLog) -> None:
    """Recomputing a forged record's own hash does not help: the next record still points to the original."""
    _fill(audit, 4)
    forged = audit.records()[1]
    from dualuse.store.audit_chain import record_hash

    fields = {**forged.to_dict(), "payload": '{"row":2,"forged":true}', "outcome": "authorised"}
    new_hash = record_hash(fields)
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_log SET outcome = 'authorised', payload = :payload, hash = :hash WHERE seq = 2"),
            {"payload": fields["payload"], "hash": new_hash},
        )
    report = audit.verify()
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (2, ProblemKind.TAMPERED)


def test_a_record_slipped_in_after_the_head_is_caught(store: Store, audit: AuditLog) -> None:
    """A record inserted by hand past the log's head does not match the head and is reported."""
    _fill(audit, 2)
    last = audit.records()[-1]
    _tamper(
        store,
        "INSERT INTO audit_log (seq, time, actor, event, payload, prev_hash, hash) "
        f"VALUES (3, '2026-03-02T00:00:00.000000+00:00', 'x', 'disposition', '{{}}', '{last.hash}', '{'f' * 64}')",
    )
    assert not audit.verify().ok


def test_concurrent_appends_form_one_unbroken_chain(audit: AuditLog) -> None:
    """Many threads appending at once never fork the chain or reuse a number."""
    barrier = threading.Barrier(16)

    def append(number: int) -> None:
        barrier.wait(timeout=30)
        for repeat in range(5):
            audit.append(AuditEntry(AuditEvent.DISPOSITION, AT, f"worker-{number}", subject=f"{number}-{repeat}"))

    threads = [threading.Thread(target=append, args=(number,)) for number in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = audit.verify()
    assert (report.ok, report.records) == (True, 80)
    assert [r.seq for r in audit.records()] == list(range(1, 81))


def test_the_log_offers_no_way_to_change_or_delete_a_record() -> None:
    """Append-only by construction: the audit log has no update or delete operation."""
    public = {name for name in dir(AuditLog) if not name.startswith("_")}
    assert public == {"append", "append_within", "append_many_within", "append_values_within", "records", "verify"}


def test_records_of_one_run_are_selected_in_order(audit: AuditLog) -> None:
    """Asking for one run gives its records only, in the order they were written."""
    _fill(audit, 2)
    audit.append(AuditEntry(AuditEvent.RUN_STARTED, AT, "batch", run_id="RUN-2"))
    assert [r.seq for r in audit.records(run_id="RUN-1")] == [1, 2]
    assert [r.event for r in audit.records(run_id="RUN-2")] == ["run_started"]
    assert datetime.fromisoformat(audit.records(run_id="RUN-2")[0].time) == AT.astimezone(UTC)


def test_many_records_appended_at_once_chain_like_single_ones(store: Store, audit: AuditLog) -> None:
    """Appending a batch in one transaction numbers and chains each record as single appends would."""
    _fill(audit, 1)
    with store.write() as connection:
        batch = audit.append_many_within(
            connection, [AuditEntry(AuditEvent.DETERMINATION, AT, "batch", subject=str(n)) for n in range(3)]
        )
    assert [r.seq for r in batch] == [2, 3, 4]
    assert batch[0].prev_hash == audit.records()[0].hash
    assert audit.verify().ok
    assert audit.append(AuditEntry(AuditEvent.DISPOSITION, AT, "officer")).seq == 5
