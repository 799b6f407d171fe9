"""The hash chain of the audit log: what a record holds, how it is hashed, how the chain is checked.

Pure functions: the chain is checked from records handed in, so the same code verifies a live
database and an exported copy. Each record's hash is the SHA-256 of a canonical JSON of its
fields and the previous record's hash; changing, removing or reordering a record breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from functools import lru_cache
from typing import Any

import orjson

#: The ``prev_hash`` of the first record.
GENESIS_HASH = "0" * 64


class AuditEvent(StrEnum):
    """What happened: the kinds of event the audit log records."""

    DETERMINATION = "determination"
    LICENCE_ADDED = "licence_added"
    LICENCE_REVOKED = "licence_revoked"
    DRAW_DOWN = "draw_down"
    RUN_STARTED = "run_started"
    RUN_FINISHED = "run_finished"
    DISPOSITION = "disposition"
    RESCREEN = "rescreen"
    LIST_IMPORTED = "list_imported"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """An event to append: who did what to which subject, when, with which versions and details.

    ``time`` is passed in (the service layer passes ``datetime.now(UTC)``); it must carry a
    time zone. ``payload`` holds the details as JSON-ready data.
    """

    event: AuditEvent
    time: datetime
    actor: str
    subject: str | None = None
    run_id: str | None = None
    input_digest: str | None = None
    outcome: str | None = None
    rulebase_version: str | None = None
    rulebase_digest: str | None = None
    engine_version: str | None = None
    payload: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One record as the log holds it: the entry, its place in the chain and its hash.

    ``time`` and ``payload`` are the exact texts that were hashed (ISO-8601 UTC; canonical JSON).
    ``event`` is kept as text so a record written by a newer version still verifies.
    """

    seq: int
    time: str
    actor: str
    event: str
    subject: str | None
    run_id: str | None
    input_digest: str | None
    outcome: str | None
    rulebase_version: str | None
    rulebase_digest: str | None
    engine_version: str | None
    payload: str
    prev_hash: str
    hash: str

    @property
    def details(self) -> Any:
        """The payload as data."""
        return json.loads(self.payload)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data, payload parsed."""
        return {**{name: getattr(self, name) for name in _HASHED_FIELDS}, "payload": self.details, "hash": self.hash}


#: An entry's fields as the log stores them (time as UTC text, payload as canonical JSON), in table order.
ENTRY_FIELDS = (
    "time",
    "actor",
    "event",
    "subject",
    "run_id",
    "input_digest",
    "outcome",
    "rulebase_version",
    "rulebase_digest",
    "engine_version",
    "payload",
)
#: The fields that go into a record's hash: its place, its entry and the previous record's hash.
_HASHED_FIELDS = ("seq", *ENTRY_FIELDS, "prev_hash")


def canonical_json(data: Any) -> str:
    """JSON with sorted keys, no spaces and UTF-8 text: the same data always gives the same text.

    Decimals, dates and enumerations are written as strings; NaN and infinity are refused.
    """
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=json_value
    )


@lru_cache(maxsize=256)  # a batch chunk stamps all its records with one time
def utc_text(moment: datetime) -> str:
    """The ISO-8601 text of an aware datetime in UTC, to the microsecond, as the log stores it."""
    if moment.tzinfo is None:
        raise ValueError(f"the audit time {moment.isoformat()} has no time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


#: One entry's values in ENTRY_FIELDS order: text, or None where the entry has no such field.
EntryValues = tuple[str | None, ...]
#: One sealed record in the table's column order: seq, the entry's values, prev_hash, hash.
SealedRow = tuple[Any, ...]


def entry_values(entry: AuditEntry) -> EntryValues:
    """The values the log stores for ``entry``, in ENTRY_FIELDS order."""
    return (
        utc_text(entry.time),
        entry.actor,
        entry.event.value,
        entry.subject,
        entry.run_id,
        entry.input_digest,
        entry.outcome,
        entry.rulebase_version,
        entry.rulebase_digest,
        entry.engine_version,
        canonical_json(dict(entry.payload or {})),
    )


def seal(entry: AuditEntry, *, seq: int, prev_hash: str) -> AuditRecord:
    """The record for ``entry`` at position ``seq`` after a record with hash ``prev_hash``."""
    return AuditRecord(*seal_values([entry_values(entry)], first_seq=seq, prev_hash=prev_hash)[0])


def seal_values(entries: Sequence[EntryValues], *, first_seq: int, prev_hash: str) -> list[SealedRow]:
    """Chain entries (given as ``entry_values``) from ``first_seq`` on, after a record with hash ``prev_hash``."""
    sealed: list[SealedRow] = []
    seq, previous = first_seq, prev_hash
    for values in entries:
        fields: dict[str, Any] = dict(zip(ENTRY_FIELDS, values, strict=True))
        fields["seq"] = seq
        fields["prev_hash"] = previous
        if set(map(type, values)) <= _PLAIN_TYPES:  # the usual case: hashed as record_hash would
            digest = hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()
        else:
            digest = record_hash(fields)
        sealed.append((seq, *values, previous, digest))
        seq, previous = seq + 1, digest
    return sealed


def record_hash(fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a record's hashed fields, prev_hash included.

    Those fields are text, whole numbers or null (the payload is already canonical text), for which
    orjson with sorted keys writes exactly what ``canonical_json`` writes, several times faster.
    """
    hashed = {name: fields[name] for name in _HASHED_FIELDS}
    if not all(type(value) in _PLAIN_TYPES for value in hashed.values()):
        hashed = {name: _plain(name, value) for name, value in hashed.items()}
    return hashlib.sha256(orjson.dumps(hashed, option=orjson.OPT_SORT_KEYS)).hexdigest()


_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


def _plain(name: str, value: Any) -> str | int | bool | None:
    if value is None or type(value) in (str, int, bool):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):  # a str enumeration: its text, as json writes it
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    raise TypeError(f"the audit field {name} must be text, a whole number or null, not {type(value).__name__}")


class ProblemKind(StrEnum):
    """How the chain is broken."""

    TAMPERED = "tampered"
    MISSING = "missing"
    REORDERED = "reordered"


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """The first break in the chain: the record's sequence number, how it is broken, and a sentence."""

    seq: int
    kind: ProblemKind
    message: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The result of checking the chain: how many records were checked and the first problem, if any."""

    records: int
    last_hash: str
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        """True where every record is intact, present and in order."""
        return self.problem is None


def check_chain(
    records: Iterable[AuditRecord],
    *,
    head_seq: int,
    head_hash: str,
    seq_of_hash: Callable[[str], int | None],
) -> ChainReport:
    """Recompute the chain over ``records`` (in ``seq`` order) and report the first break.

    ``head_seq`` and ``head_hash`` are what the log recorded as its last record; ``seq_of_hash``
    finds the record that carries a given hash, which tells a reordered record from a changed one.
    """
    expected, previous, count = 1, GENESIS_HASH, 0
    for record in records:
        problem = _first_problem(record, expected, previous, seq_of_hash)
        if problem is not None:
            return ChainReport(count, previous, problem)
        expected, previous, count = record.seq + 1, record.hash, count + 1
    if head_seq >= expected:
        missing = f"record {expected}" if head_seq == expected else f"records {expected} to {head_seq}"
        return ChainReport(
            count,
            previous,
            ChainProblem(expected, ProblemKind.MISSING, f"{missing} missing: the log says it holds {head_seq} records"),
        )
    if head_seq != expected - 1 or head_hash != previous:
        return ChainReport(
            count,
            previous,
            ChainProblem(
                expected - 1,
                ProblemKind.TAMPERED,
                f"the log's head (record {head_seq}, hash {head_hash[:12]}…) does not match its last record",
            ),
        )
    return ChainReport(count, previous, None)


def _first_problem(
    record: AuditRecord, expected: int, previous: str, seq_of_hash: Callable[[str], int | None]
) -> ChainProblem | None:
    if record.seq > expected:
        missing = f"record {expected}" if record.seq == expected + 1 else f"records {expected} to {record.seq - 1}"
        return ChainProblem(expected, ProblemKind.MISSING, f"{missing} missing: the next record is {record.seq}")
    intact = record_hash({name: getattr(record, name) for name in _HASHED_FIELDS}) == record.hash
    if record.prev_hash != previous:
        follows = seq_of_hash(record.prev_hash)
        if follows is not None and follows not in (record.seq - 1, record.seq):
            return ChainProblem(
                record.seq,
                ProblemKind.REORDERED,
                f"record {record.seq} is out of order: it was written after the record now numbered {follows}",
            )
        if not intact:
            return ChainProblem(
                record.seq,
                ProblemKind.TAMPERED,
                f"record {record.seq} was changed: its content does not match its hash",
            )
        return ChainProblem(
            record.seq - 1,
            ProblemKind.TAMPERED,
            f"record {record.seq - 1} was changed or replaced: record {record.seq} was chained to a different one",
        )
    if not intact:
        return ChainProblem(
            record.seq, ProblemKind.TAMPERED, f"record {record.seq} was changed: its content does not match its hash"
        )
    return None


def json_value(value: Any) -> Any:
    """The JSON form of a value json cannot write itself: decimals and dates as exact text, enumerations by value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} cannot be written to the audit log")
