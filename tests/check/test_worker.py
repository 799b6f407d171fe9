"""A batch worker answers a row from its memo exactly as it would answer it afresh, however the chunk is split."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date
from pathlib import Path

import pytest

from dualuse.batch import inspect_source, read_chunks
from dualuse.batch.chunks import Chunk
from dualuse.services.check_worker import (
    ChunkResult,
    ChunkWorker,
    ReportSettings,
    WorkerSetup,
    line_columns,
    merge_results,
    split_by_line,
    whole,
)
from tests.check.conftest import example_rows, write_csv

VERSIONS = {"engine_version": "0.1.0", "rulebase_version": "test", "rulebase_digest": "sha256:test"}


def _book(tmp_path: Path) -> Path:
    """The example three times over (each line again with a new id and quantity), once more shipped a month later,
    and one line with a bad date."""
    header, rows = example_rows()
    many = [{**row, "order_id": f"SO-{round_}-{n}", "quantity": str(10 * round_ + n)}
            for round_ in range(3) for n, row in enumerate(rows)]  # fmt: skip
    many += [{**row, "order_id": f"SO-L-{n}", "ship_date": "2026-07-01"} for n, row in enumerate(rows)]
    many.append({**rows[0], "order_id": "SO-BAD", "ship_date": "2026-02-30"})
    return write_csv(tmp_path / "book.csv", header, many)


def _worker(path: Path, *, memo_size: int) -> ChunkWorker:
    info = inspect_source(path)
    report = ReportSettings(tuple(info.headers), VERSIONS, "per row", with_values=True)
    setup = WorkerSetup(rulebase_path=None, default_as_of=date(2026, 6, 1), licences=(), source=str(path),
                        column_map=dict(info.column_map), as_of_given=False, report=report)  # fmt: skip
    return ChunkWorker(setup, memo_size=memo_size)


def _chunk(path: Path) -> Chunk:
    (chunk,) = read_chunks(inspect_source(path), batch_size=10_000)
    return chunk


def _flat(result: ChunkResult) -> tuple[object, ...]:
    """Everything a result says of its rows, comparable."""
    block = result.block
    return (astuple(result.rows), result.has_questions, block.csv, block.jsonl, block.values,
            sorted(block.contributions.items(), key=repr), block.errors)  # fmt: skip


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return _book(tmp_path)


def test_rows_answered_from_the_memo_equal_rows_answered_afresh(book: Path) -> None:
    """Each line is determined once and reused; the reused rows carry their own id, digest and quantity."""
    chunk = _chunk(book)
    remembered = _worker(book, memo_size=1_000)
    forgetful = _worker(book, memo_size=0)  # remembers nothing: determines every row afresh
    afresh = [forgetful.run(whole(_only(chunk, number))) for number in chunk.numbers]
    result = remembered.run(whole(chunk))
    assert _flat(result) == _flat(merge_results(afresh))
    rows = result.rows
    determined = [digest for digest in rows.input_digests if digest is not None]
    assert len(set(determined)) == len(determined) > 30  # every determined row its own digest
    assert 2 * len(remembered._memo) <= len(determined)  # each line determined once a day, not thrice
    bad = rows.numbers.index(len(rows.numbers))
    assert rows.outcomes[bad] is None and "ship_date" in str(rows.errors[bad])


def test_a_chunk_split_between_workers_merges_back_to_the_whole(book: Path) -> None:
    """Rows ordering the same line go to the same part; merged parts equal the chunk answered whole."""
    info = inspect_source(book)
    chunk = _chunk(book)
    parts = split_by_line(chunk, 3, line_columns(info.headers, info.column_map))
    assert all(part.numbers for part in parts)
    assert sorted(n for part in parts for n in part.numbers) == list(chunk.numbers)
    columns = line_columns(info.headers, info.column_map)
    assert info.headers.index("order_id") not in columns and info.headers.index("quantity") not in columns
    lines = [{tuple(part.columns[c][i] for c in columns) for i in range(len(part.numbers))} for part in parts]
    assert sum(map(len, lines)) == len(set().union(*lines))  # no line in two parts
    merged = merge_results([_worker(book, memo_size=1_000).run(part) for part in parts])
    assert _flat(merged) == _flat(_worker(book, memo_size=1_000).run(whole(chunk)))


def _only(chunk: Chunk, number: int) -> Chunk:
    index = list(chunk.numbers).index(number)
    return Chunk([number], [[column[index]] for column in chunk.columns], [])


def test_the_command_commits_chunks_of_the_size_the_service_does_by_default() -> None:
    """`dualuse check` and the service (API jobs, scripts) chunk a run alike unless told otherwise."""
    import inspect

    from dualuse.cli.check_command import check
    from dualuse.services.check import DEFAULT_CHUNK_SIZE, CheckOptions

    assert inspect.signature(check).parameters["chunk_size"].default == DEFAULT_CHUNK_SIZE == CheckOptions().chunk_size
