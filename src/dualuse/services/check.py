"""The main job: check a whole order book, streaming, on every core, with no lost work.

Rows are read in chunks and determined in worker processes, which also format the chunk's report
lines. Each chunk is committed to the store in one transaction together with its audit records, then
its lines are written to the report files (under temporary names until the run ends). A run killed at
any point resumes from the first row not committed, so every row is determined exactly once; a resumed
run writes its reports whole again, the rows kept before its restart read back from the store.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import uuid
from bisect import bisect_left
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from dualuse import __version__
from dualuse.batch import SourceInfo, inspect_source, read_chunks
from dualuse.batch.chunks import Chunk
from dualuse.errors import StorageError
from dualuse.explain.report import ReportRow
from dualuse.explain.report.answer import Answer, answer_of, format_rows, line_of
from dualuse.explain.report.write import ReportWriter
from dualuse.rulebase import RuleBase
from dualuse.services.check_worker import (
    ChunkResult,
    ChunkWorker,
    ReportSettings,
    WorkerSetup,
    line_columns,
    merge_results,
    run_part,
    split_by_line,
    start_worker,
    whole,
)
from dualuse.store import Store, open_store
from dualuse.store.bodies import BodyReader, load_body
from dualuse.store.licence_register import LicenceRegister
from dualuse.store.runs import Run, RunStatus, RunStore, RunVersions, StoredRow
from dualuse.store.snapshots import RuleBaseSnapshots

Progress = Callable[[int, int], None]
#: Rows committed together: a chunk's rows, determinations and audit records are one transaction.
DEFAULT_CHUNK_SIZE = 5_000
#: Rows of a resumed run re-read from the store a block at a time, and the distinct answers remembered meanwhile.
_KEPT_BLOCK = 2_000
_KEPT_ANSWERS = 5_000


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How to run a check: the date for rows without one, the column mapping, workers and chunk size."""

    as_of: date | None = None
    mapping: dict[str, str] | None = None
    workers: int = 0  # 0: one per core
    chunk_size: int = DEFAULT_CHUNK_SIZE
    actor: str = "cli"
    rulebase_path: Path | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The end of a run: its id, counts per outcome, and where the reports are."""

    run_id: str
    counts: dict[str, int]
    rows: int
    resumed_from: int
    out_dir: Path
    report_files: dict[str, str]


def check_file(path: Path, out_dir: Path, rulebase: RuleBase, *, options: CheckOptions, store_url: str | None = None,
               resume: str | None = None, progress: Progress | None = None,
               started: Callable[[str], None] | None = None) -> CheckResult:  # fmt: skip
    """Check every order line of ``path`` and write the reports to ``out_dir``.

    Raises InputError (naming file, row and column) before anything is stored when the file cannot be
    checked; raises StorageError when a run to resume does not match.
    """
    info = inspect_source(path, mapping=options.mapping, as_of_given=options.as_of is not None)
    fingerprint = file_digest(path)
    store = open_store(store_url)
    try:
        runs = RunStore(store)
        versions = RunVersions(__version__, rulebase.version, rulebase.digest)
        now = datetime.now(UTC)
        if resume:
            run = runs.get(resume)
            _check_resumable(run, resume, fingerprint, rulebase)
            run_id, start_row = resume, runs.last_row(resume) + 1
        else:
            run_id, start_row = new_run_id(now), 1
            RuleBaseSnapshots(store).keep(rulebase.digest, rulebase.version, snapshot(rulebase), at=now)
            runs.start(run_id, source=str(path), actor=options.actor, at=now, as_of=options.as_of, versions=versions,
                       source_digest=fingerprint, options={"mapping": options.mapping or {}, "source": info.to_dict()})  # fmt: skip
        if started:
            started(run_id)
        run = runs.get(run_id)
        assert run is not None
        with _report_writer(run, info, out_dir) as writer:
            # A resumed run's reports are written whole again: first the rows kept before, from the store.
            _write_kept_rows(runs, run_id, writer, info.headers)
            done = start_row - 1
            if progress:
                progress(done, info.rows)
            licences = tuple(LicenceRegister(store).list())
            disposed = store.engine.url.render_as_string(hide_password=False) if _has_dispositions(store) else None
            setup = WorkerSetup(
                rulebase_path=str(options.rulebase_path) if options.rulebase_path else None,
                default_as_of=options.as_of, licences=licences, source=str(info.path),
                column_map=dict(info.column_map), as_of_given=info.as_of_given,
                report=ReportSettings(tuple(info.headers), writer.versions, writer.as_of_text, writer.wants_values),
                dispositions_store=disposed, parent=os.getpid(),
            )  # fmt: skip
            bodies = _ChunkBodies(store, info.headers)
            gc.freeze()  # what lives for the whole run is not walked by every collection while chunks stream
            try:
                for chunk, result in _determine_chunks(info, start_row, options, setup):
                    runs.record_chunk(run_id, result.rows, versions=versions, actor=options.actor,
                                      at=datetime.now(UTC), bodies=result.bodies)  # fmt: skip
                    writer.write_block(result.block)
                    bodies.offer_rows(writer, chunk, result)
                    done += len(result.rows.numbers)
                    if progress:
                        progress(done, info.rows)
            finally:
                gc.unfreeze()  # a server that runs checks in its own process collects as before between runs
            counts = runs.counts(run_id)
            files = writer.finish(finished_at=datetime.now(UTC)).as_dict()
        runs.finish(run_id, status=RunStatus.FINISHED, counts=counts, actor=options.actor, at=datetime.now(UTC))
    finally:
        store.close()
    return CheckResult(run_id, counts, info.rows, start_row - 1, out_dir, {k: str(v) for k, v in files.items()})


def _report_writer(run: Run, info: SourceInfo, out_dir: Path) -> ReportWriter:
    versions = {"engine_version": run.versions.engine_version, "rulebase_version": run.versions.rulebase_version,
                "rulebase_digest": run.versions.rulebase_digest}  # fmt: skip
    return ReportWriter(out_dir, run_id=run.run_id, source=run.source, source_format=info.format, headers=info.headers,
                        as_of=run.as_of, versions=versions, started_at=run.started_at)  # fmt: skip


def _write_kept_rows(runs: RunStore, run_id: str, writer: ReportWriter, headers: Sequence[str]) -> None:
    """Write the rows a run already kept to the report files, a block at a time, reading each answer once."""
    answers: OrderedDict[str, Answer] = OrderedDict()

    def answer(stored: StoredRow) -> Answer | None:
        if stored.output is None:
            return None
        if stored.body_key is None:
            return answer_of(stored.output, writer.versions, writer.as_of_text)
        found = answers.get(stored.body_key)
        if found is None:
            found = answers[stored.body_key] = answer_of(stored.output, writer.versions, writer.as_of_text)
            if len(answers) > _KEPT_ANSWERS:
                answers.popitem(last=False)
        return found

    for batch in _batched(runs.rows(run_id), _KEPT_BLOCK):
        lines = []
        for stored in batch:
            lines.append(line_of(stored.row_number, dict(stored.input.get("cells") or {}), headers,
                                 determination=stored.output, answer=answer(stored), error=stored.error))  # fmt: skip
        writer.write_block(format_rows(lines, headers, writer.versions, writer.as_of_text,
                                       with_values=writer.wants_values))  # fmt: skip
        for stored, line in zip(batch, lines, strict=True):
            row = ReportRow(stored.row_number, dict(stored.input.get("cells") or {}), stored.output, stored.error)
            outcome = line.answer.outcome if line.answer is not None else None
            has_questions = line.answer.contribution.has_questions if line.answer is not None else False
            writer.offer(outcome, has_questions, partial(_same, row))


class _ChunkBodies:
    """Full determinations for the few rows report.html lists: from the chunk when new, else from the store."""

    def __init__(self, store: Store, headers: Sequence[str]) -> None:
        self.store = store
        self.headers = headers
        self.reader = BodyReader()

    def offer_rows(self, writer: ReportWriter, chunk: Chunk, result: ChunkResult) -> None:
        rows = result.rows
        for index, number in enumerate(rows.numbers):
            error = rows.errors[index]
            writer.offer(rows.outcomes[index] if error is None else None, result.has_questions[index],
                         partial(self._row, number, chunk, result, index))  # fmt: skip

    def _row(self, number: int, chunk: Chunk, result: ChunkResult, index: int) -> ReportRow:
        rows = result.rows
        determination = None
        body_key = rows.body_keys[index]
        if body_key is not None:
            body = result.bodies.get(body_key)
            if body is None:
                with self.store.read() as connection:
                    body = load_body(connection, body_key)
            determination = self.reader.output(None, body_key, body, row_id=rows.row_ids[index],
                                               input_digest=rows.input_digests[index])  # fmt: skip
        return ReportRow(number, _cells(chunk, number, self.headers), determination, rows.errors[index])


def _cells(chunk: Chunk, number: int, headers: Sequence[str]) -> dict[str, str]:
    """Row ``number``'s cells by header ({} for a row that could not be read)."""
    position = bisect_left(chunk.numbers, number)
    if position == len(chunk.numbers) or chunk.numbers[position] != number:
        return {}
    return {header: column[position] for header, column in zip(headers, chunk.columns, strict=True)}


def _has_dispositions(store: Any) -> bool:
    """True where reviewers have recorded any disposition, so the workers must screen through them."""
    from sqlalchemy import func, select

    from dualuse.store.schema import dispositions

    with store.read() as connection:
        return bool(connection.execute(select(func.count()).select_from(dispositions)).scalar())


def _determine_chunks(info: SourceInfo, start_row: int, options: CheckOptions, setup: WorkerSetup,
                      ) -> Iterator[tuple[Chunk, ChunkResult]]:  # fmt: skip
    chunks = read_chunks(info, batch_size=options.chunk_size, start_row=start_row)
    workers = options.workers or max(1, os.cpu_count() or 1)
    if workers == 1:
        worker = ChunkWorker(setup)  # in this process, and gone with its memo when the run ends
        for chunk in chunks:
            yield chunk, worker.run(whole(chunk))
            gc.freeze()  # as in a worker process: the memo is not walked again at every collection
        return
    columns = line_columns(info.headers, info.column_map)
    context = _worker_context()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=start_worker,
                             initargs=(setup,)) as pool:  # fmt: skip
        pending: deque[tuple[Chunk, list[Future[ChunkResult]]]] = deque()
        for chunk in chunks:
            # Each chunk is split between the workers by order line; two chunks in flight keep every
            # worker busy while this process stores the last one, and memory flat.
            parts = split_by_line(chunk, workers, columns)
            pending.append((chunk, [pool.submit(run_part, part) for part in parts if part.numbers or part.errors]))
            if len(pending) >= 2:
                done_chunk, futures = pending.popleft()
                yield done_chunk, merge_results([future.result() for future in futures])
        for done_chunk, futures in pending:
            yield done_chunk, merge_results([future.result() for future in futures])


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers start from a small server process, not as copies of this one.

    A forked copy would carry everything this process holds (and forking is unsafe where a server runs
    checks beside threads of its own); the fork server imports the worker module once and forks each
    worker from that, so a worker holds its engines and its memo and little else. As with any process
    pool, a script that calls ``check_file`` must guard its top level with ``if __name__ == "__main__":``.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["dualuse.services.check_worker"])
    return context


def _batched(rows: Iterable[StoredRow], size: int) -> Iterator[list[StoredRow]]:
    batch: list[StoredRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _same(row: ReportRow) -> ReportRow:
    return row


def _check_resumable(run: Run | None, run_id: str, fingerprint: str, rulebase: RuleBase) -> None:
    if run is None:
        raise StorageError(f"no run {run_id} in the store to resume")
    if run.status == RunStatus.FINISHED:
        return  # resuming a finished run only rewrites its reports
    if run.source_digest != fingerprint:
        raise StorageError(f"run {run_id} checked another version of this file ({run.source_digest}); start a new run")
    if run.versions.rulebase_digest != rulebase.digest:
        raise StorageError(f"run {run_id} used rule base {run.versions.rulebase_version} ({run.versions.rulebase_digest}); "
                           "resume it with that rule base, or start a new run")  # fmt: skip


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return "sha256:" + sha.hexdigest()


def new_run_id(now: datetime) -> str:
    """A run id that sorts by time and is unique: 20260321T101500Z-1a2b3c."""
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def snapshot(rulebase: RuleBase) -> dict[str, str]:
    """Every rule file's text by relative path, kept with the run so it can be replayed later."""
    root = rulebase.root
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))}


__all__ = ["DEFAULT_CHUNK_SIZE", "CheckOptions", "CheckResult", "check_file", "file_digest", "new_run_id", "snapshot"]
