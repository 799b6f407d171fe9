"""Rule-base snapshots: the rule files behind a digest, kept once, restorable into a folder."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from dualuse.errors import StorageError
from dualuse.store.database import Store
from dualuse.store.schema import rulebase_snapshots


class RuleBaseSnapshots:
    """Keeps the text of every rule file per rule-base digest."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def keep(self, digest: str, version: str, files: Mapping[str, str], *, at: datetime) -> None:
        """Store the files of a rule base unless this digest is already kept."""
        with self.store.write() as connection:
            found = connection.execute(
                select(rulebase_snapshots.c.rulebase_digest).where(rulebase_snapshots.c.rulebase_digest == digest)
            ).first()
            if found is None:
                connection.execute(
                    rulebase_snapshots.insert().values(
                        rulebase_digest=digest, rulebase_version=version, files=dict(files), stored_at=at
                    )
                )

    def restore(self, digest: str, folder: Path) -> Path:
        """Write the rule files of ``digest`` into ``folder`` and return it; StorageError if not kept."""
        with self.store.read() as connection:
            files = connection.execute(
                select(rulebase_snapshots.c.files).where(rulebase_snapshots.c.rulebase_digest == digest)
            ).scalar()
        if files is None:
            raise StorageError(f"no snapshot of rule base {digest} in the store")
        for relative, text in dict(files).items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return folder
