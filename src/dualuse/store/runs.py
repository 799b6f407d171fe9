"""Runs, their input rows and the determinations they issued, as kept in the store.

The batch service drives this: start a run, record its rows a chunk at a time (each chunk in one
transaction, with one audit record per determination), finish the run. A run that stopped can be
resumed after ``last_row``. Every step writes its audit records in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import orjson
from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError

from dualuse.errors import StorageError
from dualuse.store.audit_chain import AuditEntry, AuditEvent, utc_text
from dualuse.store.audit_log import AuditLog
from dualuse.store.bodies import BodyReader, keep_bodies, with_bodies
from dualuse.store.bulk import BulkInsert
from dualuse.store.database import Store, json_text
from dualuse.store.schema import determination_bodies, determinations, run_rows, runs

#: Rows read per round trip when a run's rows are streamed back.
_READ_BATCH = 2000


class RunStatus(StrEnum):
    """Where a run stands."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class RowStatus(StrEnum):
    """Where one input row of a run stands."""

    READ = "read"
    DETERMINED = "determined"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class RunVersions:
    """The versions a run, a determination and an audit record carry."""

    engine_version: str
    rulebase_version: str
    rulebase_digest: str


@dataclass(frozen=True, slots=True)
class Run:
    """One batch check as stored."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None
    status: RunStatus
    source: str
    source_digest: str | None
    actor: str
    as_of: date | None
    versions: RunVersions
    options: Mapping[str, Any] | None
    counts: Mapping[str, int] | None


@dataclass(frozen=True, slots=True)
class RowResult:
    """One input row and what became of it: its determination as issued, or the error that stopped it.

    The determination is either ``output`` itself or ``body_key``, the key of a body (see
    ``dualuse.store.bodies``) kept once for every row that shares it.
    """

    row_number: int
    input: Mapping[str, Any]
    row_id: str | None = None
    output: Mapping[str, Any] | None = None
    input_digest: str | None = None
    outcome: str | None = None
    as_of: date | None = None
    error: str | None = None
    body_key: str | None = None

    @property
    def determined(self) -> bool:
        """True when the row received a determination."""
        return self.output is not None or self.body_key is not None

    def __post_init__(self) -> None:
        if self.determined and (not self.input_digest or not self.outcome or self.as_of is None):
            raise ValueError(f"row {self.row_number}: a determination needs its input digest, outcome and as-of date")


@dataclass(frozen=True, slots=True)
class StoredRow:
    """A row of a run read back: its number, the input as read, the determination (or None) and any error.

    ``body_key`` names the shared body the determination was kept in, if it was (equal keys, equal answers).
    """

    row_number: int
    input: Mapping[str, Any]
    output: Mapping[str, Any] | None
    error: str | None
    row_id: str | None = None
    body_key: str | None = None


@dataclass(frozen=True, slots=True)
class ChunkRows:
    """A chunk of a run's rows field by field, as the batch check keeps them: one list per field, in row order.

    ``inputs`` holds each row's input as JSON text (what ``StoredRow.input`` reads back). A row is
    determined where it has an ``outputs`` entry or a ``body_key``; otherwise ``errors`` says why not.
    """

    numbers: Sequence[int]
    inputs: Sequence[str]
    row_ids: Sequence[str | None]
    input_digests: Sequence[str | None]
    outcomes: Sequence[str | None]
    as_ofs: Sequence[date | None]
    body_keys: Sequence[str | None]
    errors: Sequence[str | None]
    #: Determinations kept whole, row by row (None where a row refers to a body or has none); None for none at all.
    outputs: Sequence[Mapping[str, Any] | None] | None = None

    def __post_init__(self) -> None:
        size = len(self.numbers)
        fields = (self.inputs, self.row_ids, self.input_digests, self.outcomes, self.as_ofs, self.body_keys,
                  self.errors, self.outputs if self.outputs is not None else self.numbers)  # fmt: skip
        if any(len(values) != size for values in fields):
            raise ValueError("every field of a chunk needs one entry per row")
        for index in self.determined():
            if not self.input_digests[index] or not self.outcomes[index] or self.as_ofs[index] is None:
                raise ValueError(f"row {self.numbers[index]}: a determination needs its input digest, outcome and "
                                 "as-of date")  # fmt: skip

    @classmethod
    def of(cls, results: Sequence[RowResult]) -> ChunkRows:
        """The chunk of ``results``, each row's input written as JSON text."""
        outputs = [result.output for result in results]
        return cls(
            numbers=[result.row_number for result in results],
            inputs=[json_text(dict(result.input)) for result in results],
            row_ids=[result.row_id for result in results],
            input_digests=[result.input_digest for result in results],
            outcomes=[result.outcome for result in results],
            as_ofs=[result.as_of for result in results],
            body_keys=[None if result.output is not None else result.body_key for result in results],
            errors=[result.error for result in results],
            outputs=outputs if any(output is not None for output in outputs) else None,
        )

    def determined(self) -> list[int]:
        """The positions of the rows that received a determination."""
        outputs, keys = self.outputs, self.body_keys
        if outputs is None:
            return [index for index, key in enumerate(keys) if key is not None]
        return [index for index, key in enumerate(keys) if key is not None or outputs[index] is not None]


class RunStore:
    """Runs, run rows and determinations in the store, each change audited."""

    def __init__(self, store: Store, audit: AuditLog | None = None) -> None:
        self.store = store
        self.audit = audit or AuditLog(store)

    def start(
        self,
        run_id: str,
        *,
        source: str,
        actor: str,
        at: datetime,
        as_of: date | None,
        versions: RunVersions,
        source_digest: str | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        """Record that a run has started (``options`` holds what is needed to resume it faithfully)."""
        with self.store.write() as connection:
            connection.execute(
                runs.insert().values(
                    run_id=run_id,
                    started_at=at,
                    status=RunStatus.RUNNING.value,
                    source=source,
                    source_digest=source_digest,
                    actor=actor,
                    as_of=as_of,
                    options=dict(options) if options is not None else None,
                    **_versions(versions),
                )
            )
            self.audit.append_within(
                connection,
                AuditEntry(
                    AuditEvent.RUN_STARTED,
                    at,
                    actor,
                    subject=run_id,
                    run_id=run_id,
                    input_digest=source_digest,
                    **_versions(versions),
                    payload={"source": source, "as_of": as_of},
                ),
            )

    def record_chunk(self, run_id: str, results: Sequence[RowResult] | ChunkRows, *, versions: RunVersions,
                     actor: str, at: datetime, bodies: Mapping[str, bytes] | None = None) -> None:  # fmt: skip
        """Keep a chunk of rows and their determinations in one transaction, auditing each determination.

        ``bodies`` holds the encoded bodies (``encode_body``) that rows of this chunk refer to by key and
        that may not be kept yet.
        """
        rows = results if isinstance(results, ChunkRows) else ChunkRows.of(results)
        if not rows.numbers:
            return
        try:
            self._record_chunk(run_id, rows, versions=versions, actor=actor, at=at, bodies=bodies or {})
        except IntegrityError:
            numbers = f"{rows.numbers[0]}–{rows.numbers[-1]}"
            raise StorageError(
                f"run {run_id}: rows {numbers} cannot be kept: the run is unknown or some of these rows are already kept"
            ) from None

    def _record_chunk(self, run_id: str, rows: ChunkRows, *, versions: RunVersions, actor: str, at: datetime,
                      bodies: Mapping[str, bytes]) -> None:  # fmt: skip
        issued = rows.determined()
        status = [RowStatus.ERROR.value] * len(rows.numbers)
        for index in issued:
            status[index] = RowStatus.DETERMINED.value
        numbers, digests, outcomes, as_ofs = rows.numbers, rows.input_digests, rows.outcomes, rows.as_ofs
        outputs = rows.outputs or [None] * len(numbers)
        engine, rulebase, digest = versions.engine_version, versions.rulebase_version, versions.rulebase_digest
        time, event, payloads = utc_text(at), AuditEvent.DETERMINATION.value, _Payloads()
        with self.store.write() as connection:
            keep_bodies(connection, bodies)
            _RUN_ROWS.execute(connection, list(zip((run_id,) * len(numbers), numbers, rows.row_ids, rows.inputs, status,
                                                   rows.errors, strict=True)))  # fmt: skip
            _DETERMINATIONS.execute(connection, [
                (run_id, numbers[i], digests[i], outcomes[i], as_ofs[i], outputs[i],
                 rows.body_keys[i] if outputs[i] is None else None, engine, rulebase, digest, at)
                for i in issued
            ])  # fmt: skip
            self.audit.append_values_within(connection, [
                (time, actor, event, _subject(outputs[i], rows.row_ids[i]), run_id, digests[i], outcomes[i], rulebase,
                 digest, engine, payloads.text(numbers[i], as_ofs[i]))
                for i in issued
            ])  # fmt: skip

    def record_row(
        self,
        run_id: str,
        row_number: int,
        data: Mapping[str, Any],
        *,
        row_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record one input row as read (or as unreadable, with its error)."""
        with self.store.write() as connection:
            connection.execute(
                run_rows.insert().values(
                    run_id=run_id,
                    row_number=row_number,
                    row_id=row_id,
                    input=dict(data),
                    status=(RowStatus.ERROR if error else RowStatus.READ).value,
                    error=error,
                )
            )

    def record_determination(
        self,
        run_id: str | None,
        row_number: int | None,
        *,
        output: Mapping[str, Any],
        input_digest: str,
        outcome: str,
        as_of: date,
        versions: RunVersions,
        actor: str,
        at: datetime,
    ) -> None:
        """Keep one determination as issued (in a run or on its own), mark its row determined, and audit it."""
        result = RowResult(
            row_number=row_number or 0, input={}, output=output, input_digest=input_digest, outcome=outcome, as_of=as_of
        )
        with self.store.write() as connection:
            connection.execute(
                determinations.insert().values(**_determination_values(run_id, row_number, result, versions, at))
            )
            if run_id is not None and row_number is not None:
                connection.execute(
                    update(run_rows)
                    .where(run_rows.c.run_id == run_id, run_rows.c.row_number == row_number)
                    .values(status=RowStatus.DETERMINED.value)
                )
            self.audit.append_within(
                connection, _determination_entry(run_id, row_number, result, versions=versions, actor=actor, at=at)
            )

    def finish(self, run_id: str, *, status: RunStatus, counts: Mapping[str, int], actor: str, at: datetime) -> None:
        """Record that a run has ended, with its counts per outcome."""
        with self.store.write() as connection:
            changed = connection.execute(
                update(runs)
                .where(runs.c.run_id == run_id)
                .values(status=status.value, finished_at=at, counts=dict(counts))
            )
            if changed.rowcount != 1:
                raise StorageError(f"no run {run_id} in the store")
            self.audit.append_within(
                connection,
                AuditEntry(
                    AuditEvent.RUN_FINISHED,
                    at,
                    actor,
                    subject=run_id,
                    run_id=run_id,
                    outcome=status.value,
                    payload={"counts": dict(counts)},
                ),
            )

    def get(self, run_id: str) -> Run | None:
        """The run with this id, or None."""
        with self.store.read() as connection:
            row = connection.execute(select(runs).where(runs.c.run_id == run_id)).first()
        if row is None:
            return None
        return Run(
            run_id=row.run_id,
            started_at=row.started_at,
            finished_at=row.finished_at,
            status=RunStatus(row.status),
            source=row.source,
            source_digest=row.source_digest,
            actor=row.actor,
            as_of=row.as_of,
            versions=RunVersions(row.engine_version, row.rulebase_version, row.rulebase_digest),
            options=row.options,
            counts=row.counts,
        )

    def last_row(self, run_id: str) -> int:
        """The highest row number kept for a run (0 if none): a resumed run starts after it."""
        with self.store.read() as connection:
            found = connection.execute(
                select(func.max(run_rows.c.row_number)).where(run_rows.c.run_id == run_id)
            ).scalar()
        return int(found or 0)

    def counts(self, run_id: str) -> dict[str, int]:
        """How many determinations of a run have each outcome, and how many rows ended in an error."""
        with self.store.read() as connection:
            outcomes = connection.execute(
                select(determinations.c.outcome, func.count())
                .where(determinations.c.run_id == run_id)
                .group_by(determinations.c.outcome)
            ).all()
            failed = connection.execute(
                select(func.count()).where(run_rows.c.run_id == run_id, run_rows.c.status == RowStatus.ERROR.value)
            ).scalar()
        counts = Counter({str(outcome): int(count) for outcome, count in outcomes})
        if failed:
            counts["error"] += int(failed)
        return dict(sorted(counts.items()))

    def rows(self, run_id: str) -> Iterator[StoredRow]:
        """The rows of a run in order, each with its determination as issued, read a batch at a time."""
        joined = with_bodies(run_rows.outerjoin(
            determinations,
            and_(determinations.c.run_id == run_rows.c.run_id, determinations.c.row_number == run_rows.c.row_number),
        ))  # fmt: skip
        reader = BodyReader()
        after = 0
        while True:
            query = (
                select(run_rows.c.row_number, run_rows.c.row_id, run_rows.c.input, run_rows.c.error,
                       determinations.c.output, determinations.c.input_digest, determinations.c.body_key,
                       determination_bodies.c.body)
                .select_from(joined)
                .where(run_rows.c.run_id == run_id, run_rows.c.row_number > after)
                .order_by(run_rows.c.row_number)
                .limit(_READ_BATCH)
            )
            with self.store.read() as connection:
                batch = connection.execute(query).all()
            if not batch:
                return
            for row in batch:
                output = reader.output(row.output, row.body_key, row.body, row_id=row.row_id,
                                       input_digest=row.input_digest)  # fmt: skip
                yield StoredRow(row.row_number, row.input, output, row.error, row.row_id, row.body_key)
            after = batch[-1].row_number

    def determinations(self, run_id: str, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """The determinations of a run as issued (output JSON), in row order; a page of them with ``limit``."""
        joined = with_bodies(determinations.outerjoin(
            run_rows,
            and_(run_rows.c.run_id == determinations.c.run_id, run_rows.c.row_number == determinations.c.row_number),
        ))  # fmt: skip
        query = (
            select(determinations.c.output, determinations.c.input_digest, determinations.c.body_key,
                   determination_bodies.c.body, run_rows.c.row_id)
            .select_from(joined)
            .where(determinations.c.run_id == run_id)
            .order_by(determinations.c.row_number, determinations.c.id)
            .limit(limit)
            .offset(offset)
        )
        reader = BodyReader()
        with self.store.read() as connection:
            found = [
                reader.output(row.output, row.body_key, row.body, row_id=row.row_id, input_digest=row.input_digest)
                for row in connection.execute(query)
            ]
        return [output for output in found if output is not None]


def _determination_values(
    run_id: str | None, row_number: int | None, result: RowResult, versions: RunVersions, at: datetime
) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "row_number": row_number,
        "input_digest": result.input_digest,
        "outcome": result.outcome,
        "as_of": result.as_of,
        "output": dict(result.output) if result.output is not None else None,
        "body_key": result.body_key if result.output is None else None,
        "created_at": at,
        **_versions(versions),
    }


def _determination_entry(
    run_id: str | None, row_number: int | None, result: RowResult, *, versions: RunVersions, actor: str, at: datetime
) -> AuditEntry:
    subject = result.output.get("id") if result.output is not None else result.row_id
    return AuditEntry(
        AuditEvent.DETERMINATION,
        at,
        actor,
        subject=str(subject) if subject is not None else None,
        run_id=run_id,
        input_digest=result.input_digest,
        outcome=result.outcome,
        **_versions(versions),
        payload={"row_number": row_number, "as_of": result.as_of},
    )


_RUN_ROWS = BulkInsert(run_rows, ("run_id", "row_number", "row_id", "input", "status", "error"), raw=("input",))
_DETERMINATIONS = BulkInsert(
    determinations,
    ("run_id", "row_number", "input_digest", "outcome", "as_of", "output", "body_key", "engine_version",
     "rulebase_version", "rulebase_digest", "created_at"),
    repeating=("as_of", "created_at"),
)  # fmt: skip


def _subject(output: Mapping[str, Any] | None, row_id: str | None) -> str | None:
    subject = output.get("id") if output is not None else row_id
    return str(subject) if subject is not None else None


class _Payloads:
    """The audit payload of a determination in a run, ``{"as_of": …, "row_number": …}`` as canonical JSON."""

    def __init__(self) -> None:
        self._dates: dict[date | None, str | None] = {}

    def text(self, row_number: int, as_of: date | None) -> str:
        if as_of not in self._dates:
            self._dates[as_of] = as_of.isoformat() if as_of is not None else None
        day = self._dates[as_of]
        # orjson with sorted keys writes text, whole numbers and null exactly as canonical_json does.
        return orjson.dumps({"as_of": day, "row_number": row_number}, option=orjson.OPT_SORT_KEYS).decode()


def _versions(versions: RunVersions) -> dict[str, str]:
    return {
        "engine_version": versions.engine_version,
        "rulebase_version": versions.rulebase_version,
        "rulebase_digest": versions.rulebase_digest,
    }
