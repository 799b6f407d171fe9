"""The main job: check a whole order book, streaming, on every core, with no lost work.

Rows are read in chunks, determined in worker processes, and each chunk is committed to the store
in one transaction together with its audit records. A run killed at any point resumes from the first
row not committed, so every row is determined exactly once. The reports are written from the store
when the last chunk is in.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson

from dualuse import __version__
from dualuse.batch import SourceInfo, inspect_source, read_batches
from dualuse.errors import StorageError
from dualuse.rulebase import RuleBase
from dualuse.services.check_worker import ChunkResult, WorkItem, run_chunk, start_worker
from dualuse.store import open_store
from dualuse.store.licence_register import LicenceRegister
from dualuse.store.runs import RowResult, Run, RunStatus, RunStore, RunVersions
from dualuse.store.snapshots import RuleBaseSnapshots

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How to run a check: the date for rows without one, the column mapping, workers and chunk size."""

    as_of: date | None = None
    mapping: dict[str, str] | None = None
    workers: int = 0  # 0: one per core
    chunk_size: int = 2_000
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
        licences = tuple(LicenceRegister(store).list())
        done = start_row - 1
        if progress:
            progress(done, info.rows)
        disposed = store.engine.url.render_as_string(hide_password=False) if _has_dispositions(store) else None
        for chunk, result in _determine_chunks(info, start_row, options, licences, disposed):
            runs.record_chunk(run_id, _row_results(chunk, result), versions=versions, actor=options.actor,
                              at=datetime.now(UTC))  # fmt: skip
            done += len(result.rows)
            if progress:
                progress(done, info.rows)
        counts = runs.counts(run_id)
        files = write_run_reports(runs, run_id, info, out_dir)
        runs.finish(run_id, status=RunStatus.FINISHED, counts=counts, actor=options.actor, at=datetime.now(UTC))
    finally:
        store.close()
    return CheckResult(run_id, counts, info.rows, start_row - 1, out_dir, files)


def _row_results(chunk: list[Any], result: ChunkResult) -> list[RowResult]:
    """Join a chunk's source rows with what the worker answered, rebuilding each full output from its key."""
    outputs = {key: orjson.loads(encoded) for key, encoded in result.outputs.items()}
    rows = []
    for source_row, answer in zip(chunk, result.rows, strict=True):
        stored_input = {"cells": dict(source_row.cells), "order": source_row.order}
        if answer.output_key is None:
            rows.append(RowResult(answer.number, stored_input, row_id=answer.row_id, error=answer.error))
            continue
        output = {**outputs[answer.output_key], "id": answer.row_id, "input_digest": answer.input_digest}
        rows.append(RowResult(
            answer.number, stored_input, row_id=answer.row_id, output=output, input_digest=answer.input_digest,
            outcome=answer.outcome, as_of=date.fromisoformat(output["as_of"]),
        ))  # fmt: skip
    return rows


def _has_dispositions(store: Any) -> bool:
    """True where reviewers have recorded any disposition, so the workers must screen through them."""
    from sqlalchemy import func, select

    from dualuse.store.schema import dispositions

    with store.read() as connection:
        return bool(connection.execute(select(func.count()).select_from(dispositions)).scalar())


def _determine_chunks(info: SourceInfo, start_row: int, options: CheckOptions, licences: tuple[Any, ...],
                      dispositions_store: str | None = None) -> Iterator[tuple[list[Any], ChunkResult]]:  # fmt: skip
    column_for = {field: header for header, field in info.column_map.items()}
    chunks = read_batches(info, batch_size=options.chunk_size, start_row=start_row)
    rulebase_path = str(options.rulebase_path) if options.rulebase_path else None
    init = (rulebase_path, options.as_of, licences, column_for, dispositions_store)
    workers = options.workers or max(1, os.cpu_count() or 1)
    source = str(info.path)
    if workers == 1:
        start_worker(*init)
        for chunk in chunks:
            yield chunk, run_chunk((_work_items(chunk), source))
        return
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=start_worker, initargs=init) as pool:
        pending: list[tuple[list[Any], Future[ChunkResult]]] = []
        for chunk in chunks:  # at most two chunks per worker in flight, so memory stays flat
            pending.append((chunk, pool.submit(run_chunk, (_work_items(chunk), source))))
            if len(pending) >= workers * 2:
                done_chunk, future = pending.pop(0)
                yield done_chunk, future.result()
        for done_chunk, future in pending:
            yield done_chunk, future.result()


def _work_items(batch: list[Any]) -> list[WorkItem]:
    return [WorkItem(row.number, row.order, str(row.error) if row.error else None) for row in batch]


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


def write_run_reports(runs: RunStore, run_id: str, info: SourceInfo, out_dir: Path) -> dict[str, str]:
    """Write the reports of a run from the store: the annotated rows in every format, and report.html."""
    from dualuse.explain.report import ReportAggregator, ReportRow, write_reports

    run = runs.get(run_id)
    assert run is not None
    aggregator = ReportAggregator(
        run_id=run_id, source=run.source, source_format=info.format, headers=info.headers, as_of=run.as_of,
        versions={"engine_version": run.versions.engine_version, "rulebase_version": run.versions.rulebase_version,
                  "rulebase_digest": run.versions.rulebase_digest},
        started_at=run.started_at,
    )  # fmt: skip

    def rows() -> Iterator[ReportRow]:
        for stored in runs.rows(run_id):
            cells = dict(stored.input.get("cells") or {})
            output = dict(stored.output) if stored.output is not None else None
            yield ReportRow(number=stored.row_number, cells=cells, determination=output, error=stored.error)

    provisional = aggregator.summary(finished_at=datetime.now(UTC))  # headers, versions and date for the CSV pass
    files = write_reports(out_dir, provisional, rows, aggregator=aggregator)
    return {name: str(path) for name, path in files.as_dict().items()}


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


__all__ = ["CheckOptions", "CheckResult", "check_file", "file_digest", "new_run_id", "snapshot"]
