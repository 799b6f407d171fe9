"""The work done for each chunk of a batch check, in a worker process.

A worker determines each row, and formats the chunk's lines of checked.csv and checked.jsonl, so the
parent process only stores and writes. Determinations are pure and deterministic, so a worker
remembers what it issued for each distinct order line (everything but its id, and its quantity where
no licence can be drawn on) and reuses it: order books repeat the same items and customers. A
determination goes to the parent in full only the first time this worker issues it; after that,
rows refer to it by the key of its body (see ``dualuse.store.bodies``).
"""

from __future__ import annotations

import gc
import hashlib
import zlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from dualuse.determine import Determiner, Transaction, input_digest, transaction_from_dict
from dualuse.errors import CoverageError, InputError
from dualuse.explain.report.answer import Answer, Block, LineToWrite, answer_of, format_rows
from dualuse.licences import Licence
from dualuse.rulebase import load_rulebase
from dualuse.store.bodies import encode_body

#: Distinct order lines a worker remembers (each costs a few hundred bytes: the answer is shared).
MEMO_SIZE = 100_000
#: Distinct answers a worker keeps for the report files (rows with equal answers share one).
ANSWERS_SIZE = 20_000


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One row handed to a worker: its number, its cells in header order, its order line or its error."""

    number: int
    cells: tuple[str, ...]
    order: dict[str, Any] | None
    error: str | None


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What a worker sends back for one row: small, so chunks cross process boundaries cheaply."""

    number: int
    row_id: str | None
    input_digest: str | None
    outcome: str | None
    as_of: date | None
    body_key: str | None
    has_questions: bool
    error: str | None


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """A worker's answer for one chunk: each row's outcome, the bodies issued for the first time, the report lines."""

    rows: tuple[RowOutcome, ...]
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
    column_for: dict[str, str]
    report: ReportSettings
    dispositions_store: str | None = None


@dataclass(frozen=True, slots=True)
class _Issued:
    body_key: str
    outcome: str
    as_of: date
    answer: Answer


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
        self.column_for = setup.column_for
        self.report = setup.report
        self._memo: OrderedDict[bytes, _Issued] = OrderedDict()
        self._memo_size = memo_size
        self._answers: OrderedDict[bytes, Answer] = OrderedDict()

    def run(self, chunk: Sequence[WorkItem], source: str) -> ChunkResult:
        """Determine every row of ``chunk`` and format its report lines; errors name file, row and column."""
        rows: list[RowOutcome] = []
        lines: list[LineToWrite] = []
        bodies: dict[str, bytes] = {}
        for item in chunk:
            if item.error is not None or item.order is None:
                error = item.error or "row could not be read"
                rows.append(RowOutcome(item.number, None, None, None, None, None, False, error))
                lines.append(LineToWrite(item.number, item.cells, error=error))
                continue
            row_id = str(item.order.get("id") or item.number)
            try:
                transaction = transaction_from_dict({**item.order, "id": row_id}, default_as_of=self.default_as_of)
                issued = self._issue(item.order, transaction, bodies)
            except (InputError, CoverageError) as problem:
                error = self._where(problem, source, item.number)
                rows.append(RowOutcome(item.number, row_id, None, None, None, None, False, error))
                lines.append(LineToWrite(item.number, item.cells, error=error))
                continue
            digest = input_digest(transaction)
            rows.append(RowOutcome(item.number, row_id, digest, issued.outcome, issued.as_of, issued.body_key,
                                   issued.answer.contribution.has_questions, None))  # fmt: skip
            lines.append(LineToWrite(item.number, item.cells, issued.answer, row_id=row_id, input_digest=digest))
        report = self.report
        block = format_rows(lines, report.headers, report.versions, report.as_of_text, with_values=report.with_values)
        return ChunkResult(tuple(rows), bodies, block)

    def _issue(self, order: dict[str, Any], transaction: Transaction, bodies: dict[str, bytes]) -> _Issued:
        """What was issued for this order line: from the memo when seen, else determined (adding its body)."""
        # Quantity matters only where a licence could be drawn on; without licences it cannot change the answer.
        ignored = _ROW_OWN if not (self.licences or order.get("licence")) else ("id",)
        line = orjson.dumps({k: v for k, v in order.items() if k not in ignored}, option=orjson.OPT_SORT_KEYS,
                            default=str)  # fmt: skip
        memo_key = hashlib.blake2b(line, digest_size=16).digest()
        found = self._memo.get(memo_key)
        if found is not None:
            self._memo.move_to_end(memo_key)
            return found
        result = self.determiner.determine(transaction, self._licences_for(order))
        determination = result.to_dict()
        body_key, body = encode_body(determination)
        bodies[body_key] = body
        issued = _Issued(body_key, result.outcome.value, transaction.as_of, self._answer(determination))
        self._memo[memo_key] = issued
        if len(self._memo) > self._memo_size:
            self._memo.popitem(last=False)
        return issued

    def _answer(self, determination: Mapping[str, Any]) -> Answer:
        """The report answer for a determination, shared with every earlier equal answer."""
        report = self.report
        answer = answer_of(determination, report.versions, report.as_of_text)
        key = hashlib.blake2b(orjson.dumps([answer.columns, {**answer.compact, "id": None, "input_digest": None}]),
                              digest_size=16).digest()  # fmt: skip
        found = self._answers.get(key)
        if found is not None:
            self._answers.move_to_end(key)
            return found
        self._answers[key] = answer
        if len(self._answers) > ANSWERS_SIZE:
            self._answers.popitem(last=False)
        return answer

    def _where(self, error: InputError | CoverageError, source: str, number: int) -> str:
        field = getattr(error, "field", None) or ("as_of" if isinstance(error, CoverageError) else None)
        column = self.column_for.get(field or "", field)
        problem = getattr(error, "problem", str(error))
        return f"{source}: row {number}" + (f": column {column}" if column else "") + f": {problem}"

    def _licences_for(self, order: dict[str, Any]) -> tuple[Licence, ...]:
        number = order.get("licence_number")
        if not number:
            return self.licences
        # A licence number on the line points at the register: prefer that licence, keep the others as fallbacks.
        named = tuple(lic for lic in self.licences if lic.licence_id == number)
        return named + tuple(lic for lic in self.licences if lic.licence_id != number)


def split_by_line(chunk: Sequence[WorkItem], parts: int) -> list[list[WorkItem]]:
    """Split a chunk so that rows ordering the same thing on the same terms go to the same worker.

    Each worker then determines a distinct order line once, instead of every worker once.
    """
    split: list[list[WorkItem]] = [[] for _ in range(parts)]
    for item in chunk:
        order = item.order
        if order is None:
            split[0].append(item)
            continue
        line = orjson.dumps({k: v for k, v in order.items() if k not in _ROW_OWN}, option=orjson.OPT_SORT_KEYS,
                            default=str)  # fmt: skip
        split[zlib.crc32(line) % parts].append(item)
    return split


def merge_results(results: Sequence[ChunkResult]) -> ChunkResult:
    """The results for the parts of one chunk, merged back into row order."""
    if len(results) == 1:
        return results[0]
    order = sorted((row.number, part, index) for part, result in enumerate(results)
                   for index, row in enumerate(result.rows))  # fmt: skip
    with_values = any(result.block.values is not None for result in results)
    block = Block(values=[] if with_values else None)
    rows = []
    for _, part, index in order:
        rows.append(results[part].rows[index])
        results[part].block.pick(index, block)
    bodies: dict[str, bytes] = {}
    for result in results:
        bodies.update(result.bodies)
        block.contributions.update(result.block.contributions)
        block.errors.extend(result.block.errors)
    block.errors.sort()
    return ChunkResult(tuple(rows), bodies, block)


#: What one row has of its own: an order line is the same thing on the same terms without these.
_ROW_OWN = ("id", "quantity", "unit")

_WORKER: ChunkWorker | None = None


def start_worker(setup: WorkerSetup) -> None:
    """Pool initializer: build this process's worker once."""
    global _WORKER  # noqa: PLW0603 - one worker per process, built by the pool initializer
    _WORKER = ChunkWorker(setup)
    # The rule base and engines live as long as the process: keep the garbage collector from walking them
    # again and again while chunks are unpickled and answered (it made each chunk several times slower).
    gc.freeze()


def run_chunk(args: tuple[list[WorkItem], str]) -> ChunkResult:
    """Pool task: determine one chunk in this process's worker."""
    assert _WORKER is not None, "start_worker() must run first"
    chunk, source = args
    return _WORKER.run(chunk, source)
