"""Many rows into one table, the INSERT compiled once: the write path of a batch check.

Executing an INSERT with a list of dictionaries, SQLAlchemy builds and type-processes a parameter
set for every row, which for the three rows a checked order line keeps (run row, determination,
audit record) cost more than the database itself. ``BulkInsert`` compiles the statement once per
dialect, runs each column's own bind processor (once per distinct value where the column says its
values repeat, such as a chunk's time or a shipment date) and hands the rows to the driver's
``executemany`` as they are. The values stored are exactly those ``connection.execute`` would store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Compiled:
    """The statement as the driver takes it, and how to turn a row of values into its parameters."""

    sql: str
    #: (position in the row, processor, whether its values repeat, whether None stays None) for each column that
    #: has a processor.
    processed: tuple[tuple[int, Processor, bool, bool], ...]
    #: For a positional driver, the row positions in parameter order; None where the order is the row's own.
    positions: tuple[int, ...] | None
    #: For a driver that takes named parameters, the column names in row order.
    names: tuple[str, ...] | None


class BulkInsert:
    """An INSERT of ``columns`` of ``table``, fed rows as sequences of values in that order.

    ``repeating`` names columns whose values repeat from row to row, so each distinct value is
    processed once per call. ``raw`` names columns whose values the caller gives in the stored form
    already (JSON columns given as JSON text). With ``ignore_duplicates`` a row whose key is taken
    is skipped (another writer may have just kept the same content).
    """

    def __init__(self, table: Table, columns: Sequence[str], *, repeating: Collection[str] = (),
                 raw: Collection[str] = (), ignore_duplicates: bool = False) -> None:  # fmt: skip
        unknown = [name for name in (*columns, *repeating, *raw) if name not in table.c]
        if unknown:
            raise ValueError(f"{table.name} has no column(s) {unknown}")
        self.table = table
        self.columns = tuple(columns)
        self.repeating = frozenset(repeating)
        self.raw = frozenset(raw)
        self.ignore_duplicates = ignore_duplicates
        self._compiled: dict[str, _Compiled] = {}

    def execute(self, connection: Connection, rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` inside the caller's transaction."""
        if not rows:
            return
        compiled = self._compiled.get(connection.dialect.name) or self._compile(connection.dialect)
        connection.exec_driver_sql(compiled.sql, _parameters(compiled, rows))

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self._statement(dialect).compile(dialect=dialect, column_keys=list(self.columns))
        processed = []
        for index, name in enumerate(self.columns):
            # The dialect's own implementation of the type (SQLite keeps dates as text in its own format).
            processor = None if name in self.raw else self.table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                processed.append((index, processor, name in self.repeating, processor(None) is None))
        names: tuple[str, ...] | None = None
        positions: tuple[int, ...] | None = None
        if compiled.positional:
            order = tuple(self.columns.index(name) for name in compiled.positiontup or ())
            positions = None if order == tuple(range(len(self.columns))) else order
        else:
            names = self.columns
        result = _Compiled(str(compiled), tuple(processed), positions, names)
        self._compiled[dialect.name] = result
        return result

    def _statement(self, dialect: Dialect) -> Insert:
        if not self.ignore_duplicates:
            return self.table.insert()
        if dialect.name == "postgresql":
            return postgresql.insert(self.table).on_conflict_do_nothing()
        if dialect.name == "sqlite":
            return sqlite.insert(self.table).on_conflict_do_nothing()
        raise ValueError(f"skipping duplicate keys is not supported on {dialect.name}")  # pragma: no cover


def _parameters(compiled: _Compiled, rows: Sequence[Sequence[Any]]) -> list[Any]:
    """Each row as the driver's parameters: processed, in the statement's order, by name where it wants names."""
    processed = compiled.processed
    if processed:
        seen: list[dict[Any, Any] | None] = [{} if repeats else None for _, _, repeats, _ in processed]
        done = []
        for row in rows:
            values = list(row)
            for (index, process, _repeats, none_stays), cache in zip(processed, seen, strict=True):
                value = values[index]
                if value is None and none_stays:
                    continue
                if cache is None:
                    values[index] = process(value)
                else:
                    found = cache.get(value, _MISSING)
                    values[index] = cache.setdefault(value, process(value)) if found is _MISSING else found
            done.append(tuple(values))
        rows = done
    if compiled.names is not None:
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in rows]
    if compiled.positions is not None:
        positions = compiled.positions
        return [tuple(row[index] for index in positions) for row in rows]
    return list(rows)


_MISSING = object()

__all__ = ["BulkInsert"]
