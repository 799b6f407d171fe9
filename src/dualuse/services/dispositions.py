"""Dispositions: a reviewer's decision on a screening hit, remembered until the listed record changes.

A reviewer marks a hit on a counterparty as ``confirmed`` or ``false_positive`` with a note. Later
screenings of the same counterparty (same name after folding, same country) against the same listed
entity reuse the decision and say so; a false positive is then no longer a binding hit. The decision
is tied to a fingerprint of the listed record as it stood (names, aliases, list, measure set,
listing date, country and the status windows of the designating instrument). When that record
changes — a new alias, a new listing, a suspension or stop — the disposition re-opens by itself, is
audited as re-opened, and the hit stands until someone decides again (the "Good Guy alarm" of
commercial screening systems).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from dualuse.errors import InputError
from dualuse.rulebase import RuleBase
from dualuse.rulebase.model import ListedParty
from dualuse.screen import Match, Screener, ScreeningResult
from dualuse.store.audit_chain import canonical_json
from dualuse.store.counterparties import Counterparty, CounterpartyStore
from dualuse.store.database import Store
from dualuse.store.dispositions import DispositionStore, NewDisposition, StoredDisposition

#: The longest note kept with a disposition.
MAX_NOTE = 2000


class Decision(StrEnum):
    """What a reviewer decided about a hit."""

    #: The counterparty is the listed entity: the hit stands.
    CONFIRMED = "confirmed"
    #: The counterparty is not the listed entity: the hit does not bind while the listed record is unchanged.
    FALSE_POSITIVE = "false_positive"


@dataclass(frozen=True, slots=True)
class DispositionNote:
    """What screening did with a disposition: reused it, or re-opened it because the listed record changed."""

    entity_id: str
    disposition_id: int
    decision: str
    action: str  # "reused" | "reopened"
    decided_by: str
    decided_at: str
    note: str
    changed: tuple[str, ...] = ()

    @property
    def sentence(self) -> str:
        """The note for a reader."""
        who = f"{self.decision.replace('_', ' ')} by {self.decided_by} on {self.decided_at[:10]}"
        if self.action == "reused":
            effect = "the hit does not bind" if self.decision == Decision.FALSE_POSITIVE else "the hit stands"
            return f"Disposition {self.disposition_id} reused ({who}: {self.note}); {effect}."
        return (f"Disposition {self.disposition_id} ({who}) re-opened: the listed record changed since "
                f"({', '.join(self.changed)}); the hit stands until a reviewer decides again.")  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"entity_id": self.entity_id, "disposition_id": self.disposition_id, "decision": self.decision,
                "action": self.action, "decided_by": self.decided_by, "decided_at": self.decided_at,
                "note": self.note, "changed": list(self.changed), "sentence": self.sentence}  # fmt: skip


def listed_record(match: Match, rulebase: RuleBase) -> dict[str, Any]:
    """The parts of the listed record a disposition depends on, as JSON-ready data."""
    party = match.party
    if party is None:  # an extra list or the military-user reference: the match itself is the record
        return {"entity_id": match.entity_id, "list": match.list, "names": dict(sorted(match.names.items())),
                "status": match.status}  # fmt: skip
    return party_record(party, rulebase)


def party_record(party: ListedParty, rulebase: RuleBase) -> dict[str, Any]:
    """A designated party's record as fingerprinted: names, aliases, list, measures, dates, status windows."""
    record: dict[str, Any] = {
        "entity_id": party.id,
        "names": {script: name for script, name in sorted(party.names.items()) if name},
        "aliases": sorted([alias.name, alias.script] for alias in party.aliases),
        "country": party.country,
        "list": party.list,
        "measure_set": party.measure_set,
        "measures": list(rulebase.measure_set(party.measure_set).measures)
        if rulebase.has_measure_set(party.measure_set) else [],
        "listed_on": party.listed_on.isoformat(),
        "instrument": party.instrument,
        "status_windows": _windows(party.instrument, rulebase),
    }  # fmt: skip
    return record


def fingerprint(record: Mapping[str, Any]) -> str:
    """SHA-256 of the record's canonical JSON: equal exactly when the record is unchanged."""
    return "sha256:" + hashlib.sha256(canonical_json(dict(record)).encode()).hexdigest()


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields of a listed record that differ, in a reader's words."""
    words = {"names": "names", "aliases": "aliases", "list": "list", "measure_set": "measure set",
             "measures": "measures", "listed_on": "listing date", "instrument": "designating instrument",
             "status_windows": "status windows", "country": "country", "status": "status"}  # fmt: skip
    keys = sorted(set(before) | set(after))
    return tuple(words.get(key, key) for key in keys if before.get(key) != after.get(key)) or ("record",)


def record_disposition(
    store: Store,
    screener: Screener,
    *,
    counterparty: Counterparty,
    entity_id: str,
    decision: Decision | str,
    note: str,
    as_of: date,
    actor: str,
    at: datetime,
) -> StoredDisposition:
    """Record a reviewer's decision on the hit of ``counterparty`` against ``entity_id`` on ``as_of``.

    The entity must be a hit when the counterparty is screened on ``as_of``: only hits are disposed.
    Raises InputError naming the field otherwise.
    """
    try:
        chosen = Decision(decision)
    except ValueError:
        raise InputError(f"{decision!r} is not a decision; use confirmed or false_positive", field="decision") from None
    note = note.strip()
    if not note:
        raise InputError("say why: a disposition needs a note", field="note")
    if len(note) > MAX_NOTE:
        raise InputError(f"at most {MAX_NOTE} characters", field="note")
    result = screener.screen(counterparty.name, country=counterparty.country, as_of=as_of)
    match = next((m for m in result.matches if m.entity_id == entity_id), None)
    if match is None:
        hits = ", ".join(m.entity_id for m in result.matches) or "none"
        raise InputError(f"{entity_id!r} is not a hit for this counterparty on {as_of} (hits: {hits})",
                         field="entity_id")  # fmt: skip
    record = listed_record(match, screener.rulebase)
    number = CounterpartyStore(store).ensure(counterparty, name_tokens(screener, counterparty.name), at=at)
    return DispositionStore(store).add(
        NewDisposition(
            counterparty_id=number, entity_id=entity_id, list=match.list, decision=chosen.value, note=note,
            fingerprint=fingerprint(record), listed_record=record, rulebase_version=screener.rulebase.version,
            rulebase_digest=screener.rulebase.digest, decided_by=actor, decided_at=at,
        )
    )  # fmt: skip


def apply_dispositions(
    screening_result: ScreeningResult,
    counterparty: Counterparty,
    store: Store,
    *,
    rulebase: RuleBase,
    actor: str = "dualuse",
    at: datetime,
) -> tuple[ScreeningResult, list[DispositionNote]]:
    """Apply the active dispositions of ``counterparty`` to a screening result.

    A hit whose listed record is unchanged since the disposition reuses it: a false positive moves to
    ``related`` (it no longer binds), a confirmation stays a hit; both carry a caveat saying so. A hit
    whose listed record changed re-opens its disposition (recorded and audited) and stays a hit.
    Returns the result and one note per disposition used.
    """
    if not screening_result.matches:
        return screening_result, []
    number = CounterpartyStore(store).find(counterparty)
    if number is None:
        return screening_result, []
    disposed = {d.entity_id: d for d in DispositionStore(store).active_for(number)}
    if not disposed:
        return screening_result, []
    matches: list[Match] = []
    moved: list[Match] = []
    notes: list[DispositionNote] = []
    for match in screening_result.matches:
        held = disposed.get(match.entity_id)
        if held is None:
            matches.append(match)
            continue
        record = listed_record(match, rulebase)
        if fingerprint(record) == held.fingerprint:
            note = _note(held, "reused")
            kept = replace(match, caveats=(*match.caveats, note.sentence))
            (moved if held.decision == Decision.FALSE_POSITIVE else matches).append(kept)
        else:
            note = _note(held, "reopened", changed_fields(held.listed_record, record))
            DispositionStore(store).reopen(
                held.id, reason=note.sentence, changes={"before": held.listed_record, "after": record},
                actor=actor, at=at, rulebase_version=rulebase.version, rulebase_digest=rulebase.digest,
            )  # fmt: skip
            matches.append(replace(match, caveats=(*match.caveats, note.sentence)))
        notes.append(note)
    result = replace(screening_result, matches=tuple(matches), related=(*moved, *screening_result.related))
    return result, notes


def name_tokens(screener: Screener, name: str) -> set[str]:
    """The index tokens of a screened name: its words, its character pairs (CJK) and word prefixes.

    Built from the same comparable forms screening uses (normalised, romanised), so a listed name
    that could match the counterparty shares at least one token with it.
    """
    tokens: set[str] = set()
    for form in screener.forms.query(name):
        tokens.update(_form_tokens(form.kind, form.tokens, form.compact))
    return tokens


def listed_tokens(screener: Screener, party: ListedParty) -> set[str]:
    """The index tokens of every name and alias of a listed party, in every reading screening derives."""
    tokens: set[str] = set()
    japanese = any(n.script == "ja" for n in party.all_names())
    for name in party.all_names():
        readings = screener.forms.readings_for(name.name, name.script, party.country, japanese_name_given=japanese)
        for form in (*screener.forms.listed(name.name, readings), *screener.forms.query(name.name)):
            tokens.update(_form_tokens(form.kind, form.tokens, form.compact))
    return tokens


class DispositionScreener:
    """A screener that applies dispositions to every result, for the determination engine.

    It answers ``screen`` and ``military_user`` like a ``Screener``. The notes of the dispositions
    used are collected per request (``collect_notes``), so concurrent requests never mix them.
    """

    def __init__(self, screener: Screener, store: Store, *, actor: str = "dualuse") -> None:
        self.inner = screener
        self.rulebase = screener.rulebase
        self.store = store
        self.actor = actor

    def screen(self, name: str, country: str | None = None, as_of: date | None = None,
               threshold: float | None = None) -> ScreeningResult:  # fmt: skip
        """Screen as ``Screener.screen`` does, then apply the counterparty's dispositions."""
        result = self.inner.screen(name, country=country, as_of=as_of, threshold=threshold)
        if not result.matches:
            return result
        result, notes = apply_dispositions(result, Counterparty(name, result.country), self.store,
                                           rulebase=self.rulebase, actor=self.actor, at=datetime.now(UTC))  # fmt: skip
        collected = _NOTES.get()
        if collected is not None:
            collected.extend(notes)
        return result

    def military_user(self, name: str, country: str | None = "JP", threshold: float | None = None) -> Match | None:
        """As ``Screener.military_user`` (no disposition applies to the reference)."""
        return self.inner.military_user(name, country=country, threshold=threshold)


_NOTES: ContextVar[list[DispositionNote] | None] = ContextVar("dualuse_disposition_notes", default=None)


def collect_notes() -> list[DispositionNote]:
    """Start collecting, for the current request, the notes of dispositions the screener applies."""
    collected: list[DispositionNote] = []
    _NOTES.set(collected)
    return collected


def _note(held: StoredDisposition, action: str, changed: tuple[str, ...] = ()) -> DispositionNote:
    return DispositionNote(held.entity_id, held.id, held.decision, action, held.decided_by,
                           held.decided_at.isoformat(), held.note, changed)  # fmt: skip


def _form_tokens(kind: str, words: tuple[str, ...], compact: str) -> set[str]:
    tokens = {f"w:{word}" for word in words if len(word) >= 2}
    if kind == "cjk":
        tokens |= {f"b:{compact[i : i + 2]}" for i in range(max(1, len(compact) - 1))}
    elif compact:
        tokens.add(f"p:{compact[:6]}")
    return tokens


def _windows(instrument_id: str, rulebase: RuleBase) -> dict[str, Any]:
    if not rulebase.has_instrument(instrument_id):
        return {}
    inst = rulebase.instrument(instrument_id)

    def spans(items: Any) -> list[list[str | None]]:
        return [[s.clause, s.start.isoformat(), s.end.isoformat() if s.end else None, s.by] for s in items]

    return {
        "effective": inst.effective.isoformat(),
        "effective_by_clause": {k: v.isoformat() for k, v in sorted(inst.effective_by_clause.items())},
        "suspensions": spans(inst.suspensions),
        "stops": spans(inst.stops),
        "superseded_by": inst.superseded_by,
        "superseded_on": inst.superseded_on.isoformat() if inst.superseded_on else None,
    }
