"""Runs, their rows and their determinations, kept as issued and audited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dualuse.errors import StorageError
from dualuse.store import AuditLog, RowResult, RunStatus, RunStore, RunVersions, Store
from tests.store.conftest import AT

VERSIONS = RunVersions("0.1.0", "2026.05", "sha256:abc")


def test_a_run_is_kept_with_its_rows_determinations_and_audit_trail(store: Store, audit: AuditLog) -> None:
    """Start, rows, determinations and finish are stored and each step leaves an audit record."""
    runs = RunStore(store)
    runs.start("RUN-1", source="shipments.csv", actor="batch", at=AT, as_of=date(2026, 3, 1), versions=VERSIONS)
    runs.record_row("RUN-1", 1, {"id": "S1", "item": "samarium"}, row_id="S1")
    runs.record_row("RUN-1", 2, {"id": "S2"}, row_id="S2", error="row 2: field quantity: not a number")
    output = {
        "id": "S1",
        "outcome": "licence_required",
        "quantity": Decimal("2.50"),
        "findings": [{"rule": "1C902.a.1"}],
    }
    runs.record_determination(
        "RUN-1",
        1,
        output=output,
        input_digest="sha256:" + "1" * 64,
        outcome="licence_required",
        as_of=date(2026, 3, 1),
        versions=VERSIONS,
        actor="batch",
        at=AT,
    )
    runs.finish(
        "RUN-1",
        status=RunStatus.FINISHED,
        counts={"licence_required": 1, "error": 1},
        actor="batch",
        at=AT + timedelta(minutes=1),
    )
    run = runs.get("RUN-1")
    assert run is not None
    assert (run.status, run.counts, run.finished_at, run.versions) == (
        RunStatus.FINISHED,
        {"licence_required": 1, "error": 1},
        AT + timedelta(minutes=1),
        VERSIONS,
    )
    assert runs.determinations("RUN-1") == [{**output, "quantity": "2.50"}]
    records = audit.records(run_id="RUN-1")
    assert [r.event for r in records] == ["run_started", "determination", "run_finished"]
    assert records[1].input_digest == "sha256:" + "1" * 64
    assert records[1].rulebase_digest == "sha256:abc"
    assert audit.verify().ok


def test_an_unknown_run_cannot_be_finished(store: Store) -> None:
    """Finishing a run that was never started is a storage error."""
    with pytest.raises(StorageError, match="no run"):
        RunStore(store).finish("NOPE", status=RunStatus.FAILED, counts={}, actor="batch", at=AT)
    assert RunStore(store).get("NOPE") is None


def test_a_chunk_keeps_rows_and_determinations_together_and_audits_each(store: Store, audit: AuditLog) -> None:
    """A chunk writes its rows, its determinations and one audit record per determination; rows read back in order."""
    runs = RunStore(store)
    runs.start(
        "RUN-2",
        source="orders.xlsx",
        source_digest="sha256:" + "f" * 64,
        options={"chunk_size": 2},
        actor="batch",
        at=AT,
        as_of=date(2026, 3, 1),
        versions=VERSIONS,
    )
    first = [
        RowResult(
            1,
            {"id": "A"},
            row_id="A",
            output={"id": "A"},
            input_digest="d1",
            outcome="authorised",
            as_of=date(2026, 3, 1),
        ),
        RowResult(2, {"id": "B"}, row_id="B", error="row 2: field quantity: not a number"),
    ]
    second = [
        RowResult(3, {"id": "C"}, output={"id": "C"}, input_digest="d3", outcome="prohibited", as_of=date(2026, 3, 1))
    ]
    runs.record_chunk("RUN-2", first, versions=VERSIONS, actor="batch", at=AT)
    assert runs.last_row("RUN-2") == 2
    runs.record_chunk("RUN-2", second, versions=VERSIONS, actor="batch", at=AT)
    assert runs.last_row("RUN-2") == 3
    assert runs.counts("RUN-2") == {"authorised": 1, "error": 1, "prohibited": 1}
    stored = list(runs.rows("RUN-2"))
    assert [(r.row_number, r.output, r.error) for r in stored] == [
        (1, {"id": "A"}, None),
        (2, None, "row 2: field quantity: not a number"),
        (3, {"id": "C"}, None),
    ]
    run = runs.get("RUN-2")
    assert run is not None
    assert (run.source_digest, run.options) == ("sha256:" + "f" * 64, {"chunk_size": 2})
    assert [r.subject for r in audit.records(run_id="RUN-2") if r.event == "determination"] == ["A", "C"]
    assert audit.verify().ok


def test_a_row_already_kept_cannot_be_kept_again(store: Store) -> None:
    """Recording the same row of a run twice is refused by the store, so a resumed run cannot duplicate rows."""
    runs = RunStore(store)
    runs.start("RUN-3", source="s", actor="batch", at=AT, as_of=None, versions=VERSIONS)
    runs.record_chunk("RUN-3", [RowResult(1, {}, error="x")], versions=VERSIONS, actor="batch", at=AT)
    with pytest.raises(StorageError, match="already kept"):
        runs.record_chunk("RUN-3", [RowResult(1, {}, error="x")], versions=VERSIONS, actor="batch", at=AT)
    with pytest.raises(StorageError, match="run is unknown"):
        runs.record_chunk("NOPE", [RowResult(1, {}, error="x")], versions=VERSIONS, actor="batch", at=AT)
    assert runs.last_row("RUN-3") == 1


def test_a_determination_without_its_digest_outcome_or_date_is_refused() -> None:
    """A determination kept without its input digest, outcome or as-of date could not be audited; it is refused."""
    with pytest.raises(ValueError, match="needs its input digest"):
        RowResult(1, {}, output={"id": "A"}, outcome="authorised")


def test_rows_sharing_a_determination_keep_it_once_and_read_back_as_issued(store: Store, audit: AuditLog) -> None:
    """A body kept once serves every row that refers to it; each row reads back with its own id and digest."""
    from sqlalchemy import func, select

    from dualuse.store.bodies import encode_body
    from dualuse.store.schema import determination_bodies

    runs = RunStore(store)
    runs.start("RUN-B", source="book.csv", actor="batch", at=AT, as_of=None, versions=VERSIONS)
    issued = {"id": "SO-1", "outcome": "prohibited", "findings": [{"rule": "cn.listing"}], "as_of": "2026-03-01",
              "input_digest": "sha256:" + "1" * 64, "engine_version": "0.1.0"}  # fmt: skip
    key, body = encode_body(issued)
    assert encode_body({**issued, "id": "SO-2", "input_digest": "sha256:" + "2" * 64}) == (key, body)

    def row(number: int) -> RowResult:
        return RowResult(number, {"cells": {"order_id": f"SO-{number}"}}, row_id=f"SO-{number}",
                         input_digest=f"sha256:{number}" * 8, outcome="prohibited", as_of=date(2026, 3, 1),
                         body_key=key)  # fmt: skip

    runs.record_chunk("RUN-B", [row(1), row(2)], versions=VERSIONS, actor="batch", at=AT, bodies={key: body})
    runs.record_chunk("RUN-B", [row(3)], versions=VERSIONS, actor="batch", at=AT, bodies={key: body})  # sent again
    with store.read() as connection:
        assert connection.execute(select(func.count()).select_from(determination_bodies)).scalar() == 1
    outputs = runs.determinations("RUN-B")
    assert [(o["id"], o["input_digest"]) for o in outputs] == [(f"SO-{n}", f"sha256:{n}" * 8) for n in (1, 2, 3)]
    assert outputs[0] == {**issued, "input_digest": "sha256:1" * 8}
    assert list(outputs[0]) == list(issued)  # the keys in the order they were issued
    assert [stored.body_key for stored in runs.rows("RUN-B")] == [key, key, key]
    assert runs.counts("RUN-B") == {"prohibited": 3}
    records = audit.records(run_id="RUN-B")
    assert [r.subject for r in records if r.event == "determination"] == ["SO-1", "SO-2", "SO-3"]
    assert audit.verify().ok
