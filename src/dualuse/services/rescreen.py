"""Re-screening: after a rule-base update, find what it changes among the counterparties and open orders.

Nothing is re-run wholesale. The previous rule base is restored from the store's snapshots and
compared with the current one; each changed designation is turned into name tokens, which the
reverse index maps to the counterparties that could match it; each changed control-list entry into
codes and families, which the determination index maps to past determinations. Only those are
screened or determined again, and only real differences are reported, each with its reason. A
measure or vocabulary change can reach any order line, so then every open determination is looked at.

An *open* determination is one for a shipment dated on or after ``open_on``. Counterparties are
screened as they stand on ``screen_on``. Dispositions whose listed record changed are re-opened.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dualuse.determine import transaction_from_dict
from dualuse.errors import DualuseError, StorageError
from dualuse.rulebase import RuleBase, load_rulebase
from dualuse.screen import Match, Screener, ScreeningResult
from dualuse.services.dispositions import listed_tokens, party_record
from dualuse.services.online import Engines, backfill_index, keep_rulebase, licences_for
from dualuse.services.rulebase_changes import PartyChange, RuleBaseChanges, compare_rulebases
from dualuse.store.counterparties import CounterpartyStore, StoredCounterparty
from dualuse.store.database import Store
from dualuse.store.determination_index import DeterminationIndex, IssuedDetermination
from dualuse.store.dispositions import DispositionStore
from dualuse.store.licence_register import LicenceRegister
from dualuse.store.rescreens import KeptRuleBase, RescreenStore, StoredRescreen, kept_rulebases
from dualuse.store.snapshots import RuleBaseSnapshots


@dataclass(slots=True)
class RescreenReport:
    """What a re-screening compared, how much it looked at, and every change with its reasons."""

    rescreen_id: str
    previous: RuleBase
    current: RuleBase
    screen_on: date
    open_on: date
    changes: RuleBaseChanges
    counterparties_checked: int = 0
    determinations_checked: int = 0
    counterparties: list[dict[str, Any]] = field(default_factory=list)
    determinations: list[dict[str, Any]] = field(default_factory=list)
    dispositions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, Any]:
        """The counts, and the rule-base changes they came from."""
        return {
            "rulebase_changes": self.changes.to_dict(),
            "counterparties_checked": self.counterparties_checked,
            "counterparties_changed": len(self.counterparties),
            "determinations_checked": self.determinations_checked,
            "determinations_changed": len(self.determinations),
            "dispositions_reopened": len(self.dispositions),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rescreen_id": self.rescreen_id,
            "from": {"version": self.previous.version, "digest": self.previous.digest},
            "to": {"version": self.current.version, "digest": self.current.digest},
            "screen_on": self.screen_on.isoformat(),
            "open_on": self.open_on.isoformat(),
            "summary": self.summary,
            "changes": [*self.counterparties, *self.determinations, *self.dispositions],
        }


def rescreen(store: Store, engines: Engines, *, since: str | None, screen_on: date, open_on: date, actor: str,
             at: datetime) -> RescreenReport:  # fmt: skip
    """Compare the rule base ``since`` (a version or digest kept in the store; default: the latest
    other one) with ``engines.rulebase``, and report and keep every counterparty and open
    determination whose outcome changes. Raises StorageError when no earlier rule base is kept.
    """
    current = engines.rulebase
    with tempfile.TemporaryDirectory(prefix="dualuse-rescreen-") as folder:
        previous = previous_rulebase(store, current, since, Path(folder))
        report = RescreenReport(f"rescreen-{at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}", previous, current,
                                screen_on, open_on, compare_rulebases(previous, current))  # fmt: skip
        backfill_index(store, engines.screener, at=at)
        old_screener = Screener(previous)
        candidates = _candidate_counterparties(store, report.changes, old_screener, engines.screener)
        _rescreen_counterparties(report, candidates, old_screener, engines.screener)
        _reopen_dispositions(store, report, actor=actor, at=at)
        _redetermine(store, engines, report, {c.id for c in candidates})
    keep_rulebase(store, current, at=at)
    RescreenStore(store).keep(StoredRescreen(
        report.rescreen_id, at, actor, previous.version, previous.digest, current.version, current.digest,
        screen_on, open_on, report.summary, report.to_dict()["changes"],
    ))  # fmt: skip
    return report


def previous_rulebase(store: Store, current: RuleBase, since: str | None, folder: Path) -> RuleBase:
    """The rule base to compare with, restored from the store into ``folder``."""
    chosen = earlier_rulebase(store, current, since)
    root = RuleBaseSnapshots(store).restore(chosen.digest, folder / "cn")
    rulebase = load_rulebase(root)
    if rulebase.digest != chosen.digest:
        raise StorageError(f"the snapshot of {chosen.digest} restores to {rulebase.digest}; the store may be damaged")
    return rulebase


def earlier_rulebase(store: Store, current: RuleBase, since: str | None) -> KeptRuleBase:
    """The kept rule base ``since`` names (a version or digest; default: the latest other than ``current``).

    Raises StorageError, saying so, when the store keeps no such rule base.
    """
    kept = [k for k in kept_rulebases(store) if k.digest != current.digest]
    if since:
        wanted = since.strip()
        kept = [k for k in kept if wanted in (k.version, k.digest) or k.digest.removeprefix("sha256:").startswith(
            wanted.removeprefix("sha256:"))]  # fmt: skip
    if not kept:
        what = f"rule base {since}" if since else "earlier rule base"
        raise StorageError(f"no {what} other than the current one ({current.version}) is kept in the store; "
                           "a rule base is kept when a check runs or the service starts with it")  # fmt: skip
    return kept[0]


def _candidate_counterparties(store: Store, changes: RuleBaseChanges, old: Screener,
                              new: Screener) -> list[StoredCounterparty]:  # fmt: skip
    register = CounterpartyStore(store)
    if changes.vocabulary:
        return register.get(register.all_numbers())
    tokens: set[str] = set()
    for change in changes.parties:
        if change.before is not None:
            tokens |= listed_tokens(old, change.before)
        if change.after is not None:
            tokens |= listed_tokens(new, change.after)
    return register.get(register.with_tokens(tokens)) if tokens else []


def _rescreen_counterparties(report: RescreenReport, candidates: Iterable[StoredCounterparty], old: Screener,
                             new: Screener) -> None:  # fmt: skip
    by_entity = {c.entity_id: c for c in report.changes.parties}
    for counterparty in candidates:
        report.counterparties_checked += 1
        try:
            before = old.screen(counterparty.name, country=counterparty.country, as_of=report.screen_on)
            after = new.screen(counterparty.name, country=counterparty.country, as_of=report.screen_on)
        except DualuseError:
            continue  # a name that cannot be screened was never kept as a counterparty by screening
        reasons = _hit_reasons(before, after, by_entity, report.current)
        if reasons:
            report.counterparties.append({
                "kind": "counterparty", "counterparty_id": counterparty.id, "name": counterparty.name,
                "country": counterparty.country, "before": _hits(before), "after": _hits(after), "reasons": reasons,
            })  # fmt: skip


def _hit_reasons(before: ScreeningResult, after: ScreeningResult, changes: Mapping[str, PartyChange],
                 rulebase: RuleBase) -> list[str]:  # fmt: skip
    old = {m.entity_id: m for m in before.matches}
    new = {m.entity_id: m for m in after.matches}
    reasons = []
    for entity_id in sorted(old.keys() | new.keys()):
        was, now = old.get(entity_id), new.get(entity_id)
        why = changes[entity_id].sentence(rulebase) if entity_id in changes else "the matching changed"
        if was is None and now is not None:
            reasons.append(f"now a hit on {now.matched_name} ({entity_id}, {now.status}): {why}")
        elif now is None and was is not None:
            reasons.append(f"no longer a hit on {was.matched_name} ({entity_id}): {why}")
        elif was is not None and now is not None and was.status != now.status:
            reasons.append(f"hit on {now.matched_name} ({entity_id}) is now {now.status}, was {was.status}: {why}")
    return reasons


def _hits(result: ScreeningResult) -> list[dict[str, Any]]:
    return [_hit(m) for m in result.matches]


def _hit(match: Match) -> dict[str, Any]:
    return {"entity_id": match.entity_id, "list": match.list, "status": match.status, "score": round(match.score, 4),
            "matched_name": match.matched_name}  # fmt: skip


def _reopen_dispositions(store: Store, report: RescreenReport, *, actor: str, at: datetime) -> None:
    changes = {c.entity_id: c for c in report.changes.parties}
    register = DispositionStore(store)
    for held in register.all_active():
        change = changes.get(held.entity_id)
        if change is None:
            continue
        record = party_record(change.after, report.current) if change.after is not None else {}
        if change.after is not None and record == dict(held.listed_record):
            continue  # made against the new record already
        reason = f"re-screening {report.rescreen_id}: {change.sentence(report.current)}"
        if register.reopen(held.id, reason=reason, changes={"before": held.listed_record, "after": record},
                           actor=actor, at=at, rulebase_version=report.current.version,
                           rulebase_digest=report.current.digest):  # fmt: skip
            report.dispositions.append({"kind": "disposition", "disposition_id": held.id,
                                        "counterparty_id": held.counterparty_id, "entity_id": held.entity_id,
                                        "decision": held.decision, "reasons": [reason]})  # fmt: skip


def _redetermine(store: Store, engines: Engines, report: RescreenReport, candidates: set[int]) -> None:
    index = DeterminationIndex(store)
    if report.changes.reaches_every_line:
        numbers = index.open_from(report.open_on)
    else:
        keys = {f"counterparty:{n}" for n in candidates}
        for entry in report.changes.entries:
            keys |= {f"code:{code}" for code in entry.codes} | {f"family:{f}" for f in entry.families}
            keys.add(f"entry:{entry.entry_id}")
        numbers = index.with_keys(keys, open_on=report.open_on) if keys else set()
    licences = LicenceRegister(store).list()
    reasons_of = _reasons_by_counterparty(report)
    for issued in index.get(numbers):
        report.determinations_checked += 1
        change = _determination_change(engines, issued, licences, reasons_of)
        if change is not None:
            report.determinations.append(change)


def _determination_change(engines: Engines, issued: IssuedDetermination, licences: Any,
                          reasons_of: Mapping[tuple[str, str | None], list[str]]) -> dict[str, Any] | None:  # fmt: skip
    order = dict(issued.order_line or {})
    before = dict(issued.output)
    base = {"kind": "determination", "determination_id": issued.id, "run_id": issued.run_id, "id": before.get("id"),
            "as_of": issued.as_of.isoformat(), "before": issued.outcome}  # fmt: skip
    if not order:
        return {**base, "after": None, "reasons": ["the order line was not kept, so it cannot be determined again"]}
    try:
        # A batch row may take its date from the run (--as-of): the date it was determined for is kept.
        transaction = transaction_from_dict({**order, "id": before.get("id") or order.get("id") or str(issued.id)},
                                            default_as_of=issued.as_of)  # fmt: skip
        with engines.lock:
            after = engines.determiner.determine(transaction, licences_for(order, licences))
    except DualuseError as error:
        return {**base, "after": "error", "reasons": [str(error)]}
    old_rules = _rules(before.get("findings") or [])
    new_rules = {f.rule for f in after.findings if f.outcome is not None}
    if after.outcome.value == issued.outcome and old_rules == new_rules:
        return None
    reasons = [f"rule {rule} now applies" for rule in sorted(new_rules - old_rules)]
    reasons += [f"rule {rule} no longer applies" for rule in sorted(old_rules - new_rules)]
    for role, result in after.screening.items():
        if isinstance(result, Mapping) and result.get("query"):
            reasons += [
                f"{role.replace('_', ' ')}: {r}" for r in reasons_of.get((result["query"], result.get("country")), [])
            ]
    return {**base, "after": after.outcome.value, "rules_added": sorted(new_rules - old_rules),
            "rules_removed": sorted(old_rules - new_rules), "reasons": reasons}  # fmt: skip


def _reasons_by_counterparty(report: RescreenReport) -> dict[tuple[str, str | None], list[str]]:
    return {(c["name"], c["country"]): list(c["reasons"]) for c in report.counterparties}


def _rules(findings: list[dict[str, Any]]) -> set[str]:
    return {f["rule"] for f in findings if f.get("outcome") not in (None, "information")}
