"""Replay a past run: determine its rows again and say what differs — "what did we know then".

By default the run is replayed with the rule base it used (restored from the store's snapshot), so a
difference means the engine changed. With ``current=True`` it is replayed with today's rule base,
which shows what the rule changes since then do to those orders.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dualuse import __version__
from dualuse.determine import Determiner, transaction_from_dict
from dualuse.errors import DualuseError, StorageError
from dualuse.rulebase import RuleBase, load_rulebase
from dualuse.store import open_store
from dualuse.store.licence_register import LicenceRegister
from dualuse.store.runs import RunStore
from dualuse.store.snapshots import RuleBaseSnapshots


@dataclass(frozen=True, slots=True)
class RowDifference:
    """One row whose determination differs on replay: before and after, and which rules changed."""

    row_number: int
    row_id: str | None
    before: str
    after: str
    rules_added: tuple[str, ...]
    rules_removed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"row": self.row_number, "id": self.row_id, "before": self.before, "after": self.after,
                "rules_added": list(self.rules_added), "rules_removed": list(self.rules_removed)}  # fmt: skip


@dataclass(slots=True)
class ReplayReport:
    """The result of a replay: what was compared, with which versions, and every difference."""

    run_id: str
    rulebase_used: str
    rulebase_replayed: str
    engine_used: str
    engine_replayed: str
    rows: int = 0
    same: int = 0
    differences: list[RowDifference] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"run_id": self.run_id, "rulebase_used": self.rulebase_used, "rulebase_replayed": self.rulebase_replayed,
                "engine_used": self.engine_used, "engine_replayed": self.engine_replayed, "rows": self.rows,
                "same": self.same, "differences": [d.to_dict() for d in self.differences]}  # fmt: skip


def replay_run(run_id: str, *, store_url: str | None = None, current: RuleBase | None = None) -> ReplayReport:
    """Determine every row of ``run_id`` again and compare with what was issued."""
    store = open_store(store_url)
    try:
        runs = RunStore(store)
        run = runs.get(run_id)
        if run is None:
            raise StorageError(f"no run {run_id} in the store")
        with tempfile.TemporaryDirectory(prefix="dualuse-replay-") as folder:
            rulebase = current or _restore(store, run.versions.rulebase_digest, Path(folder))
            report = ReplayReport(run_id, f"{run.versions.rulebase_version} {run.versions.rulebase_digest}",
                                  f"{rulebase.version} {rulebase.digest}", run.versions.engine_version, __version__)  # fmt: skip
            determiner = Determiner(rulebase)
            licences = tuple(LicenceRegister(store).list())
            for number, row_id, order, before in _issued(runs, run_id):
                report.rows += 1
                try:
                    after = determiner.determine(
                        transaction_from_dict({**order, "id": row_id}, default_as_of=run.as_of), licences
                    )
                except DualuseError as error:
                    report.differences.append(
                        RowDifference(number, row_id, before["outcome"], f"error: {error}", (), ())
                    )
                    continue
                old_rules = _rules(before.get("findings", []))
                new_rules = {f.rule for f in after.findings if f.outcome is not None}
                if after.outcome.value == before["outcome"] and old_rules == new_rules:
                    report.same += 1
                else:
                    report.differences.append(RowDifference(
                        number, row_id, before["outcome"], after.outcome.value,
                        tuple(sorted(new_rules - old_rules)), tuple(sorted(old_rules - new_rules)),
                    ))  # fmt: skip
        return report
    finally:
        store.close()


def _restore(store: Any, digest: str, folder: Path) -> RuleBase:
    root = RuleBaseSnapshots(store).restore(digest, folder / "cn")
    rulebase = load_rulebase(root)
    if rulebase.digest != digest:
        raise StorageError(f"the snapshot of {digest} restores to {rulebase.digest}; the store may be damaged")
    return rulebase


def _issued(runs: RunStore, run_id: str) -> Iterator[tuple[int, str | None, dict[str, Any], dict[str, Any]]]:
    for stored in runs.rows(run_id):
        if stored.output is None:
            continue
        order = dict(stored.input.get("order") or {})
        yield stored.row_number, stored.output.get("id"), order, dict(stored.output)


def _rules(findings: list[dict[str, Any]]) -> set[str]:
    return {f["rule"] for f in findings if f.get("outcome") not in (None, "information")}
