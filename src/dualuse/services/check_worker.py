"""The work done for each chunk of a batch check, in a worker process.

Determinations are pure and deterministic, so a worker remembers the output for each distinct order
line (everything but its id) and reuses it: order books repeat the same items and customers.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from dualuse.determine import Determiner, Transaction, input_digest, transaction_from_dict
from dualuse.errors import CoverageError, InputError
from dualuse.licences import Licence
from dualuse.rulebase import load_rulebase


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What a worker sends back for one row: small, so chunks cross process boundaries cheaply."""

    number: int
    row_id: str | None
    input_digest: str | None
    outcome: str | None
    output_key: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """A worker's answer for one chunk: one RowOutcome per row, and each output they refer to, once."""

    rows: tuple[RowOutcome, ...]
    outputs: dict[str, bytes]


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One row handed to a worker: its number, its canonical order line, or the error found reading it."""

    number: int
    order: dict[str, Any] | None
    error: str | None


class ChunkWorker:
    """Determines chunks of rows against one rule base, remembering recent outputs by their content."""

    def __init__(self, rulebase_path: str | None, default_as_of: date | None, licences: tuple[Licence, ...],
                 column_for: dict[str, str], *, memo_size: int = 5_000, dispositions_store: str | None = None) -> None:  # fmt: skip
        rulebase = load_rulebase(rulebase_path)
        if dispositions_store is None:
            self.determiner = Determiner(rulebase)
        else:
            # Reviewers' decisions on earlier hits apply here as in the API: a false positive whose listed
            # record is unchanged no longer binds, and the determination says the disposition was reused.
            from dualuse.screen import Screener
            from dualuse.services.dispositions import DispositionScreener
            from dualuse.store import open_store

            screener = DispositionScreener(Screener(rulebase), open_store(dispositions_store, upgrade=False))
            self.determiner = Determiner(rulebase, screener=screener)  # type: ignore[arg-type]
        self.default_as_of = default_as_of
        self.licences = licences
        self.column_for = column_for
        self._memo: OrderedDict[bytes, tuple[str, str, bytes]] = OrderedDict()
        self._memo_size = memo_size

    def run(self, chunk: list[WorkItem], source: str) -> ChunkResult:
        """Determine every row of ``chunk``; errors become row errors naming file, row and column.

        The result carries each output the chunk's rows refer to once, so the parent process never
        has to remember outputs across chunks and memory stays flat.
        """
        rows: list[RowOutcome] = []
        outputs: dict[str, bytes] = {}
        for item in chunk:
            if item.error is not None or item.order is None:
                rows.append(RowOutcome(item.number, None, None, None, None, item.error or "row could not be read"))
                continue
            row_id = str(item.order.get("id") or item.number)
            try:
                transaction = transaction_from_dict({**item.order, "id": row_id}, default_as_of=self.default_as_of)
                key, outcome, encoded = self._determine(item.order, transaction)
            except (InputError, CoverageError) as error:
                rows.append(RowOutcome(item.number, row_id, None, None, None, self._where(error, source, item.number)))
                continue
            outputs[key] = encoded
            rows.append(RowOutcome(item.number, row_id, input_digest(transaction), outcome, key, None))
        return ChunkResult(tuple(rows), outputs)

    def _determine(self, order: dict[str, Any], transaction: Transaction) -> tuple[str, str, bytes]:
        """The output key, outcome and encoded output for an order line, from the memo when it was seen."""
        # Quantity matters only where a licence could be drawn on; without licences it cannot change the answer.
        ignored = ("id", "quantity", "unit") if not (self.licences or order.get("licence")) else ("id",)
        memo_key = orjson.dumps({k: v for k, v in order.items() if k not in ignored}, option=orjson.OPT_SORT_KEYS,
                                default=str)  # fmt: skip
        cached = self._memo.get(memo_key)
        if cached is not None:
            self._memo.move_to_end(memo_key)
            return cached
        result = self.determiner.determine(transaction, self._licences_for(order))
        body = result.to_dict()
        body["id"] = None
        body["input_digest"] = None
        encoded = orjson.dumps(body)
        cached = ("sha256:" + hashlib.sha256(encoded).hexdigest(), result.outcome.value, encoded)
        self._memo[memo_key] = cached
        if len(self._memo) > self._memo_size:
            self._memo.popitem(last=False)
        return cached

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


_WORKER: ChunkWorker | None = None


def start_worker(rulebase_path: str | None, default_as_of: date | None, licences: tuple[Licence, ...],
                 column_for: dict[str, str], dispositions_store: str | None = None) -> None:  # fmt: skip
    """Pool initializer: build this process's worker once."""
    global _WORKER  # noqa: PLW0603 - one worker per process, built by the pool initializer
    _WORKER = ChunkWorker(rulebase_path, default_as_of, licences, column_for, dispositions_store=dispositions_store)


def run_chunk(args: tuple[list[WorkItem], str]) -> ChunkResult:
    """Pool task: determine one chunk in this process's worker."""
    assert _WORKER is not None, "start_worker() must run first"
    chunk, source = args
    return _WORKER.run(chunk, source)
