"""The work done for each chunk of a batch check, in a worker process.

A worker builds each row's order line from its cells, determines it, formats its lines of checked.csv
and checked.jsonl and prepares what the store keeps of it, so the parent process only reads, stores
and writes. Determinations are pure and deterministic, so a worker
remembers what it issued for each distinct order line (everything but its id, and its quantity where
no licence can be drawn on) and reuses it: order books repeat the same items and customers. A
determination goes to the parent in full only the first time this worker issues it; after that,
rows refer to it by the key of its body (see ``dualuse.store.bodies``).
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

import orjson

from dualuse.batch.chunks import Chunk
from dualuse.batch.orders import OrderPlan
from dualuse.determine import Determiner, Transaction, input_digest, transaction_from_dict
from dualuse.determine.input import with_row_own
from dualuse.errors import CoverageError, InputError
from dualuse.explain.report.answer import (
    Answer,
    Block,
    Contribution,
    LineToWrite,
    answer_of,
    cells_json,
    format_rows,
)
from dualuse.licences import Licence
from dualuse.rulebase import load_rulebase
from dualuse.store.audit_chain import json_value
from dualuse.store.bodies import body_of, compress_body
from dualuse.store.runs import ChunkRows

#: Distinct order lines a worker remembers: about 3 KB each with their share of the answers (so at most about
#: 500 MB beside the worker's 300 MB of engines), enough for the 114,000 a worker meets in the 1M-row benchmark.
MEMO_SIZE = 160_000
#: Keys of the bodies a worker remembers having sent (one forgotten is sent again, and kept once all the same).
SENT_SIZE = 400_000
#: Distinct lines a worker remembers regardless of their date (for building a new day's transaction).
UNDATED_SIZE = 20_000
#: Distinct answers a worker keeps for the report files (rows with equal answers share one).
ANSWERS_SIZE = 20_000


@dataclass(frozen=True, slots=True)
class WorkPart:
    """Rows handed to a worker as read: their numbers and cells column by column, and the rows that could not be read.

    ``columns[i][j]`` is header i's cell in the row numbered ``numbers[j]``; ``errors`` holds (row number,
    message) for rows that could not be split into cells at all.
    """

    numbers: list[int]
    columns: list[list[str]]
    errors: list[tuple[int, str]]


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """A worker's answer for some rows: what the store keeps of each, the bodies issued for the first time,
    whether each row's answer leaves questions for review, and the rows' report lines."""

    rows: ChunkRows
    has_questions: list[bool]
    bodies: dict[str, bytes]
    block: Block


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """What a worker needs to format report lines: the input headers, the run's versions and date."""

    headers: tuple[str, ...]
    versions: Mapping[str, str]
    as_of_text: str
    with_values: bool


@dataclass(frozen=True, slots=True)
class WorkerSetup:
    """Everything a worker process is built from: the rule base, the run's date, licences, columns, reports."""

    rulebase_path: str | None
    default_as_of: date | None
    licences: tuple[Licence, ...]
    #: The file's name for messages, each used header with the field it fills, and whether a date is given.
    source: str
    column_map: dict[str, str]
    as_of_given: bool
    report: ReportSettings
    dispositions_store: str | None = None
    #: The process that runs the check: a worker process ends when it is gone (killed, say, mid-run).
    parent: int | None = None


@dataclass(frozen=True, slots=True)
class _Issued:
    body_key: str
    outcome: str
    as_of: date
    answer: Answer
    #: The transaction determined; a row with an equal line differs from it only in its own id, quantity, unit.
    template: Transaction


K = TypeVar("K")
V = TypeVar("V")


class ChunkWorker:
    """Determines chunks of rows against one rule base, remembering what it issued by content."""

    def __init__(self, setup: WorkerSetup, *, memo_size: int = MEMO_SIZE) -> None:
        rulebase = load_rulebase(setup.rulebase_path)
        if setup.dispositions_store is None:
            self.determiner = Determiner(rulebase)
        else:
            # Reviewers' decisions on earlier hits apply here as in the API: a false positive whose listed
            # record is unchanged no longer binds, and the determination says the disposition was reused.
            from dualuse.screen import Screener
            from dualuse.services.dispositions import DispositionScreener
            from dualuse.store import open_store

            screener = DispositionScreener(Screener(rulebase), open_store(setup.dispositions_store, upgrade=False))
            self.determiner = Determiner(rulebase, screener=screener)  # type: ignore[arg-type]
        self.default_as_of = setup.default_as_of
        self.licences = setup.licences
        self.source = setup.source
        self.column_for = {field: header for header, field in setup.column_map.items()}
        self.plan = OrderPlan.for_columns(setup.report.headers, setup.column_map, file=setup.source,
                                          as_of_given=setup.as_of_given)  # fmt: skip
        self.report = setup.report
        self._memo: OrderedDict[bytes, _Issued] = OrderedDict()
        self._memo_size = memo_size
        self._answers: OrderedDict[bytes, Answer] = OrderedDict()
        self._by_body: OrderedDict[str, Answer] = OrderedDict()
        self._contributions: OrderedDict[Contribution, Contribution] = OrderedDict()
        self._undated: OrderedDict[bytes, Transaction] = OrderedDict()
        #: Keys of the bodies this worker has sent to be kept (the parent keeps each chunk before the next).
        self._sent: OrderedDict[str, None] = OrderedDict()

    def run(self, part: WorkPart) -> ChunkResult:
        """Determine every row of ``part`` and format its report lines; errors name file, row and column."""
        headers = self.report.headers
        blank = ("",) * len(headers)
        rows: list[tuple[int, tuple[str, ...], dict[str, Any] | InputError | str]] = list(
            zip(part.numbers, zip(*part.columns, strict=True), self.plan.build(part.columns, part.numbers), strict=True)
        )
        if part.errors:
            rows.extend((number, (), error) for number, error in part.errors)
            rows.sort(key=lambda row: row[0])
        kept = _Kept()
        lines: list[LineToWrite] = []
        bodies: dict[str, bytes] = {}
        for number, cells, order in rows:
            if not isinstance(order, dict):  # the row could not be read, or its cells make no order line
                error = str(order)
                cells_text = cells_json(cells, headers) if cells else b"{}"  # an unreadable row has no cells
                kept.failed(number, _input_text(cells_text, None), None, error)
                lines.append(LineToWrite(number, cells or blank, error=error, cells_json=cells_text))
                continue
            cells_text = cells_json(cells, headers)
            text = _input_text(cells_text, order)
            try:
                issued, transaction = self._issue(order, number, bodies)
            except (InputError, CoverageError) as problem:
                error = self._where(problem, number)
                kept.failed(number, text, str(order.get("id") or number), error)
                lines.append(LineToWrite(number, cells, error=error, cells_json=cells_text))
                continue
            digest = input_digest(transaction)
            kept.determined(number, text, transaction.id, digest, issued)
            lines.append(LineToWrite(number, cells, issued.answer, row_id=transaction.id, input_digest=digest,
                                     cells_json=cells_text))  # fmt: skip
        report = self.report
        block = format_rows(lines, report.headers, report.versions, report.as_of_text, with_values=report.with_values)
        return ChunkResult(kept.rows(), kept.has_questions, bodies, block)

    def _issue(self, order: dict[str, Any], number: int, bodies: dict[str, bytes]) -> tuple[_Issued, Transaction]:
        """What was issued for this order line, and the row's transaction: from the memo when the line was seen,
        else determined (adding its body)."""
        # Quantity matters only where a licence could be drawn on; without licences it cannot change the answer.
        memo_key = _line_key(order, _ROW_OWN if not (self.licences or order.get("licence")) else ("id",))
        found = _lookup(self._memo, memo_key)
        if found is not None:
            return found, with_row_own(found.template, order)
        transaction = self._transaction({**order, "id": str(order.get("id") or number)})
        result = self.determiner.determine(transaction, self._licences_for(order))
        determination = result.to_dict()
        body_key, text = body_of(determination)
        if body_key not in self._sent:  # a body goes to the store once, however many lines share it
            bodies[body_key] = compress_body(text)
            _keep(self._sent, body_key, None, SENT_SIZE)
        issued = _Issued(body_key, result.outcome.value, transaction.as_of, self._answer(body_key, determination),
                         transaction)  # fmt: skip
        return _keep(self._memo, memo_key, issued, self._memo_size), transaction

    def _transaction(self, order: dict[str, Any]) -> Transaction:
        """The transaction of a line not seen before: from the same line on another day where there was one.

        Order books ship the same things to the same parties on many days; only the date (and the row's
        own id, quantity and unit) then needs reading again.
        """
        key = _line_key(order, (*_ROW_OWN, "as_of"))
        found = _lookup(self._undated, key)
        if found is not None:
            return with_row_own(found, order, default_as_of=self.default_as_of)
        return _keep(self._undated, key, transaction_from_dict(order, default_as_of=self.default_as_of), UNDATED_SIZE)

    def _answer(self, body_key: str, determination: Mapping[str, Any]) -> Answer:
        """The report answer for a determination, shared with every earlier equal answer.

        An answer depends only on the body (the determination without the row's id and digest), so a body
        seen before gives its answer at once; a new body whose answer equals an earlier one shares that one.
        """
        found = _lookup(self._by_body, body_key)
        if found is not None:
            return found
        report = self.report
        answer = answer_of(determination, report.versions, report.as_of_text)
        key = hashlib.blake2b(b"\x00".join((orjson.dumps(answer.columns), *answer.compact_pieces)),
                              digest_size=16).digest()  # fmt: skip
        found = _lookup(self._answers, key)
        if found is None:
            # Answers on the same day often add the same to the summary: share one contribution between them.
            shared = _lookup(self._contributions, answer.contribution)
            if shared is None:
                _keep(self._contributions, answer.contribution, answer.contribution, ANSWERS_SIZE)
            else:
                answer = replace(answer, contribution=shared)
            found = _keep(self._answers, key, answer, ANSWERS_SIZE)
        return _keep(self._by_body, body_key, found, ANSWERS_SIZE)

    def _where(self, error: InputError | CoverageError, number: int) -> str:
        field = getattr(error, "field", None) or ("as_of" if isinstance(error, CoverageError) else None)
        column = self.column_for.get(field or "", field)
        problem = getattr(error, "problem", str(error))
        return f"{self.source}: row {number}" + (f": column {column}" if column else "") + f": {problem}"

    def _licences_for(self, order: dict[str, Any]) -> tuple[Licence, ...]:
        number = order.get("licence_number")
        if not number:
            return self.licences
        # A licence number on the line points at the register: prefer that licence, keep the others as fallbacks.
        named = tuple(lic for lic in self.licences if lic.licence_id == number)
        return named + tuple(lic for lic in self.licences if lic.licence_id != number)


def _line_key(order: Mapping[str, Any], leaving_out: Sequence[str]) -> bytes:
    """A 16-byte digest of an order line without the fields ``leaving_out``: equal lines, equal keys."""
    line = {k: v for k, v in order.items() if k not in leaving_out}
    return hashlib.blake2b(orjson.dumps(line, option=orjson.OPT_SORT_KEYS, default=str), digest_size=16).digest()


def _input_text(cells_text: bytes, order: dict[str, Any] | None) -> str:
    """The row's input as the store keeps it: ``json_text({"cells": …, "order": …})``, from the cells' JSON."""
    return (b'{"cells":' + cells_text + b',"order":' + orjson.dumps(order, default=json_value) + b"}").decode()


def _lookup(cache: OrderedDict[K, V], key: K) -> V | None:
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
    return found


def _keep(cache: OrderedDict[K, V], key: K, value: V, size: int) -> V:
    cache[key] = value
    if len(cache) > size:
        cache.popitem(last=False)
    return value


class _Kept:
    """The rows of a part as the store keeps them, gathered field by field."""

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.inputs: list[str] = []
        self.row_ids: list[str | None] = []
        self.digests: list[str | None] = []
        self.outcomes: list[str | None] = []
        self.as_ofs: list[date | None] = []
        self.body_keys: list[str | None] = []
        self.errors: list[str | None] = []
        self.has_questions: list[bool] = []

    def failed(self, number: int, text: str, row_id: str | None, error: str) -> None:
        """A row that received no determination, and why."""
        self._add(number, text, row_id)
        self.digests.append(None)
        self.outcomes.append(None)
        self.as_ofs.append(None)
        self.body_keys.append(None)
        self.errors.append(error)
        self.has_questions.append(False)

    def determined(self, number: int, text: str, row_id: str, digest: str, issued: _Issued) -> None:
        """A row and the determination issued to it."""
        self._add(number, text, row_id)
        self.digests.append(digest)
        self.outcomes.append(issued.outcome)
        self.as_ofs.append(issued.as_of)
        self.body_keys.append(issued.body_key)
        self.errors.append(None)
        self.has_questions.append(issued.answer.contribution.has_questions)

    def _add(self, number: int, text: str, row_id: str | None) -> None:
        self.numbers.append(number)
        self.inputs.append(text)
        self.row_ids.append(row_id)

    def rows(self) -> ChunkRows:
        return ChunkRows(self.numbers, self.inputs, self.row_ids, self.digests, self.outcomes, self.as_ofs,
                         self.body_keys, self.errors)  # fmt: skip


def line_columns(headers: Sequence[str], column_map: Mapping[str, str]) -> tuple[int, ...]:
    """The positions of the columns that make an order line what it is: every mapped one but a row's own."""
    return tuple(index for index, header in enumerate(headers) if column_map.get(header) not in (None, *_ROW_OWN))


def split_by_line(chunk: Chunk, parts: int, columns: Sequence[int]) -> list[WorkPart]:
    """Split a chunk so that rows ordering the same thing on the same terms go to the same worker.

    ``columns`` are the ``line_columns``. Each worker then determines a distinct order line once,
    instead of every worker once. Rows that could not be read go to the first part.
    """
    keyed = [chunk.columns[index] for index in columns]
    picks: list[list[int]] = [[] for _ in range(parts)]
    for position, cells in enumerate(zip(*keyed, strict=True)):
        picks[zlib.crc32("\x1f".join(cells).encode()) % parts].append(position)
    split = []
    for number, positions in enumerate(picks):
        errors = [(row, str(error)) for row, error in chunk.errors] if number == 0 else []
        numbers = [chunk.numbers[position] for position in positions]
        split.append(WorkPart(numbers, [[column[p] for p in positions] for column in chunk.columns], errors))
    return split


def whole(chunk: Chunk) -> WorkPart:
    """A chunk as one part."""
    return WorkPart(list(chunk.numbers), [list(column) for column in chunk.columns],
                    [(row, str(error)) for row, error in chunk.errors])  # fmt: skip


def merge_results(results: Sequence[ChunkResult]) -> ChunkResult:
    """The results for the parts of one chunk, merged back into row order."""
    if len(results) == 1:
        return results[0]
    order = sorted((number, part, index) for part, result in enumerate(results)
                   for index, number in enumerate(result.rows.numbers))  # fmt: skip
    picks = [(part, index) for _, part, index in order]

    def merged(values: Callable[[ChunkResult], Sequence[Any]]) -> list[Any]:
        columns = [values(result) for result in results]
        return [columns[part][index] for part, index in picks]

    rows = ChunkRows(
        [number for number, _, _ in order], merged(lambda r: r.rows.inputs), merged(lambda r: r.rows.row_ids),
        merged(lambda r: r.rows.input_digests), merged(lambda r: r.rows.outcomes), merged(lambda r: r.rows.as_ofs),
        merged(lambda r: r.rows.body_keys), merged(lambda r: r.rows.errors),
    )  # fmt: skip
    block = Block.merged([result.block for result in results], picks)
    bodies: dict[str, bytes] = {}
    for result in results:
        bodies.update(result.bodies)
    return ChunkResult(rows, merged(lambda r: r.has_questions), bodies, block)


#: What one row has of its own: an order line is the same thing on the same terms without these.
_ROW_OWN = ("id", "quantity", "unit")

_WORKER: ChunkWorker | None = None


def start_worker(setup: WorkerSetup) -> None:
    """Pool initializer: build this process's worker once."""
    global _WORKER  # noqa: PLW0603 - one worker per process, built by the pool initializer
    if setup.parent is not None:
        threading.Thread(target=_end_with, args=(setup.parent,), name="dualuse-parent-watch", daemon=True).start()
    _WORKER = ChunkWorker(setup)
    # The rule base and engines live as long as the process: keep the garbage collector from walking them
    # again and again while chunks are unpickled and answered (it made each chunk several times slower).
    gc.freeze()


def _end_with(parent: int, every: float = 1.0) -> None:
    """End this worker process once ``parent`` is gone.

    A pool's workers wait for work on a queue they hold both ends of, so they would wait for ever after
    the process that runs the check was killed (a resumable run may be killed at any moment).
    """
    while True:
        time.sleep(every)
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):  # gone (or its number since given to another user's process)
            os._exit(1)

def run_part(part: WorkPart) -> ChunkResult:
    """Pool task: determine one part of a chunk in this process's worker."""
    assert _WORKER is not None, "start_worker() must run first"
    result = _WORKER.run(part)
    # What outlives a part is mostly the worker's memo, which only grows: keep the collector from walking it
    # again at every collection. Freed entries are still freed (by reference count); the memo makes no cycles.
    gc.freeze()
    return result
