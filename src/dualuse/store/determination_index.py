"""The index of determinations that re-screening reads: each one's order line, date and lookup keys.

Keys name what a determination depended on: ``counterparty:<n>``, ``code:<control code>``,
``entry:<entry id>``, ``family:<family>``, ``destination:<country>``. A rule-base change is turned
into keys, and the keys into the determinations to look at again, so nothing else is re-run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, select

from dualuse.store.audit_chain import AuditEntry, AuditEvent
from dualuse.store.audit_log import AuditLog
from dualuse.store.bodies import BodyReader, with_bodies
from dualuse.store.counterparties import insert_ignoring_duplicates
from dualuse.store.database import Store
from dualuse.store.runs import RunVersions
from dualuse.store.schema import (
    determination_bodies,
    determination_index,
    determination_keys,
    determinations,
    run_rows,
)

#: Rows handled per round trip.
_BATCH = 500


@dataclass(frozen=True, slots=True)
class IssuedDetermination:
    """A determination as issued and kept: its number, output, order line (if known) and date."""

    id: int
    run_id: str | None
    output: Mapping[str, Any]
    order_line: Mapping[str, Any] | None
    as_of: date
    outcome: str


class DeterminationIndex:
    """Determinations kept by the service, and the reverse index over every kept determination."""

    def __init__(self, store: Store, audit: AuditLog | None = None) -> None:
        self.store = store
        self.audit = audit or AuditLog(store)

    def record_within(
        self,
        connection: Connection,
        *,
        output: Mapping[str, Any],
        order_line: Mapping[str, Any],
        versions: RunVersions,
        actor: str,
        at: datetime,
        run_id: str | None = None,
        row_number: int | None = None,
    ) -> int:
        """Keep one determination issued through the service, audit it, and return its number."""
        as_of = date.fromisoformat(str(output["as_of"]))
        inserted = connection.execute(
            determinations.insert().values(
                run_id=run_id,
                row_number=row_number,
                input_digest=output["input_digest"],
                outcome=output["outcome"],
                as_of=as_of,
                output=dict(output),
                engine_version=versions.engine_version,
                rulebase_version=versions.rulebase_version,
                rulebase_digest=versions.rulebase_digest,
                created_at=at,
            )
        )
        number = int(inserted.inserted_primary_key[0])  # type: ignore[index]
        self.audit.append_within(
            connection,
            AuditEntry(
                AuditEvent.DETERMINATION,
                at,
                actor,
                subject=str(output.get("id")) if output.get("id") is not None else None,
                run_id=run_id,
                input_digest=str(output["input_digest"]),
                outcome=str(output["outcome"]),
                engine_version=versions.engine_version,
                rulebase_version=versions.rulebase_version,
                rulebase_digest=versions.rulebase_digest,
                payload={"row_number": row_number, "as_of": as_of, "determination": number},
            ),
        )
        return number

    def unindexed(self) -> Iterator[IssuedDetermination]:
        """Kept determinations not yet in the index (those of batch runs, or kept before the index existed)."""
        after = 0
        joined = with_bodies(determinations.outerjoin(
            determination_index, determination_index.c.determination_id == determinations.c.id
        ).outerjoin(
            run_rows,
            and_(run_rows.c.run_id == determinations.c.run_id, run_rows.c.row_number == determinations.c.row_number),
        ))  # fmt: skip
        reader = BodyReader()
        while True:
            query = (
                select(determinations, run_rows.c.input, run_rows.c.row_id, determination_bodies.c.body)
                .select_from(joined)
                .where(determination_index.c.determination_id.is_(None), determinations.c.id > after)
                .order_by(determinations.c.id)
                .limit(_BATCH)
            )
            with self.store.read() as connection:
                rows = connection.execute(query).all()
            if not rows:
                return
            for row in rows:
                stored_input = row.input or {}
                order = stored_input.get("order") if isinstance(stored_input, Mapping) else None
                output = reader.output(row.output, row.body_key, row.body, row_id=row.row_id,
                                       input_digest=row.input_digest)  # fmt: skip
                yield IssuedDetermination(int(row.id), row.run_id, output or {}, order, row.as_of, row.outcome)
            after = int(rows[-1].id)

    def with_keys(self, keys: Iterable[str], *, open_on: date) -> set[int]:
        """Determinations for shipments on or after ``open_on`` indexed under any of ``keys``."""
        wanted = sorted({key[:200] for key in keys})
        found: set[int] = set()
        with self.store.read() as connection:
            for start in range(0, len(wanted), _BATCH):
                query = (
                    select(determination_keys.c.determination_id)
                    .join(determination_index,
                          determination_index.c.determination_id == determination_keys.c.determination_id)
                    .where(determination_keys.c.key.in_(wanted[start : start + _BATCH]),
                           determination_index.c.as_of >= open_on)
                )  # fmt: skip
                found.update(int(n) for n in connection.execute(query).scalars())
        return found

    def open_from(self, open_on: date) -> set[int]:
        """Every indexed determination for a shipment on or after ``open_on``."""
        query = select(determination_index.c.determination_id).where(determination_index.c.as_of >= open_on)
        with self.store.read() as connection:
            return {int(n) for n in connection.execute(query).scalars()}

    def get(self, numbers: Iterable[int]) -> list[IssuedDetermination]:
        """The indexed determinations with these numbers, in number order."""
        wanted = sorted(set(numbers))
        found: list[IssuedDetermination] = []
        joined = with_bodies(
            determinations.join(determination_index, determination_index.c.determination_id == determinations.c.id)
            .outerjoin(run_rows, and_(run_rows.c.run_id == determinations.c.run_id,
                                      run_rows.c.row_number == determinations.c.row_number))
        )  # fmt: skip
        reader = BodyReader()
        with self.store.read() as connection:
            for start in range(0, len(wanted), _BATCH):
                query = (
                    select(determinations, determination_index.c.order_line, run_rows.c.row_id,
                           determination_bodies.c.body)
                    .select_from(joined)
                    .where(determinations.c.id.in_(wanted[start : start + _BATCH]))
                )
                for row in connection.execute(query):
                    output = reader.output(row.output, row.body_key, row.body, row_id=row.row_id,
                                           input_digest=row.input_digest)  # fmt: skip
                    found.append(
                        IssuedDetermination(int(row.id), row.run_id, output or {}, row.order_line, row.as_of, row.outcome)
                    )
        return sorted(found, key=lambda d: d.id)


def index_within(
    connection: Connection,
    determination_id: int,
    *,
    order_line: Mapping[str, Any] | None,
    as_of: date,
    outcome: str,
    keys: Iterable[str],
    at: datetime,
) -> None:
    """Index one kept determination under ``keys`` (inside the caller's write transaction)."""
    insert_ignoring_duplicates(
        connection,
        determination_index,
        [{"determination_id": determination_id, "order_line": dict(order_line) if order_line else None,
          "as_of": as_of, "outcome": outcome, "indexed_at": at}],
    )  # fmt: skip
    rows = [{"key": key[:200], "determination_id": determination_id} for key in sorted(set(keys))]
    insert_ignoring_duplicates(connection, determination_keys, rows)
