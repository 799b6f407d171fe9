"""The batch write path stores exactly what SQLAlchemy's own INSERT stores, on every database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dualuse.store import Store
from dualuse.store.bulk import BulkInsert
from dualuse.store.database import json_text
from dualuse.store.schema import determination_bodies, determinations, run_rows, runs
from tests.store.conftest import AT

_COLUMNS = ("run_id", "row_number", "input_digest", "outcome", "as_of", "output", "body_key", "engine_version",
            "rulebase_version", "rulebase_digest", "created_at")  # fmt: skip


def _start(store: Store, run_id: str) -> None:
    with store.write() as connection:
        connection.execute(runs.insert().values(run_id=run_id, started_at=AT, status="running", source="s.csv",
                                                actor="t", engine_version="e", rulebase_version="r", rulebase_digest="d"))  # fmt: skip


def _values(number: int) -> tuple[object, ...]:
    output = {"id": f"S{number}", "quantity": Decimal("2.50"), "as_of": date(2026, 3, 1)} if number % 3 == 0 else None
    return ("RUN", number, f"sha256:{number}", "prohibited", date(2026, 3, 1) + timedelta(days=number % 2), output,
            None if output else f"sha256:body{number % 2}", "0.1.0", "2026.05", "sha256:abc", AT + timedelta(seconds=number))  # fmt: skip


def _stored(store: Store) -> list[tuple[object, ...]]:
    query = select(*(determinations.c[name] for name in _COLUMNS)).order_by(determinations.c.row_number)
    with store.read() as connection:
        return [tuple(row) for row in connection.execute(query)]


def _raw(store: Store) -> list[tuple[object, ...]]:
    """The values as the database driver hands them over (SQLite: the stored text itself)."""
    with store.read() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(
            "SELECT as_of, created_at, output, body_key FROM determinations ORDER BY row_number")]  # fmt: skip


def test_bulk_rows_read_back_like_rows_inserted_by_sqlalchemy(store: Store) -> None:
    """Dates, aware times, JSON (with decimals and dates) and NULL output come back the same either way."""
    _start(store, "RUN")
    with store.write() as connection:
        connection.execute(determinations.insert(), [dict(zip(_COLUMNS, _values(n), strict=True)) for n in (1, 2, 3)])
    expected, raw = _stored(store), _raw(store)
    with store.write() as connection:
        connection.execute(determinations.delete())
        BulkInsert(determinations, _COLUMNS, repeating=("as_of", "created_at")).execute(
            connection, [_values(n) for n in (1, 2, 3)]
        )
    assert _stored(store) == expected
    assert _raw(store) == raw  # the same stored text too (a whole second is written with its microseconds)
    assert expected[0][5] is None and expected[2][5] == {"id": "S3", "quantity": "2.50", "as_of": "2026-03-01"}
    assert expected[1][10] == AT + timedelta(seconds=2)


def test_columns_given_raw_are_stored_as_given(store: Store) -> None:
    """A JSON column given as JSON text is kept as that JSON, not as a string of it."""
    _start(store, "RUN")
    cells = {"cells": {"品名": "氧化钐"}, "order": None}
    with store.write() as connection:
        BulkInsert(run_rows, ("run_id", "row_number", "input", "status"), raw=("input",)).execute(
            connection, [("RUN", 1, json_text(cells), "error")]
        )
        assert connection.execute(select(run_rows.c.input)).scalar() == cells


def test_duplicate_keys_are_skipped_only_when_asked(store: Store) -> None:
    """Bodies are content-addressed: keeping one twice is not an error; a plain insert of a taken key is."""
    bodies = BulkInsert(determination_bodies, ("body_key", "body"), ignore_duplicates=True)
    with store.write() as connection:
        bodies.execute(connection, [("sha256:a", b"x"), ("sha256:b", b"y")])
        bodies.execute(connection, [("sha256:a", b"x")])
        assert connection.execute(select(determination_bodies.c.body_key).order_by("body_key")).scalars().all() == [
            "sha256:a",
            "sha256:b",
        ]
    with pytest.raises(IntegrityError), store.write() as connection:
        BulkInsert(determination_bodies, ("body_key", "body")).execute(connection, [("sha256:a", b"x")])


def test_an_unknown_column_is_refused_at_once() -> None:
    """A misspelt column is a programming error, reported before any database is touched."""
    with pytest.raises(ValueError, match="no column"):
        BulkInsert(determinations, ("run_id", "outcom"))
