"""The runs in the store, listed newest first, and a page of a run's determinations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from dualuse.store.database import Store
from dualuse.store.runs import Run, RunStore
from dualuse.store.schema import runs


def list_runs(store: Store, *, limit: int = 50, offset: int = 0) -> list[Run]:
    """The runs, newest first."""
    query = select(runs.c.run_id).order_by(runs.c.started_at.desc(), runs.c.run_id.desc()).limit(limit).offset(offset)
    with store.read() as connection:
        numbers = [str(run_id) for run_id in connection.execute(query).scalars()]
    found = [RunStore(store).get(run_id) for run_id in numbers]
    return [run for run in found if run is not None]


def run_determinations(store: Store, run_id: str, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """A page of a run's determinations as issued, in row order."""
    return RunStore(store).determinations(run_id, limit=limit, offset=offset)
