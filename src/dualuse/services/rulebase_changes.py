"""What changed between two rule bases, in the terms re-screening needs: parties, entries, measures, vocabulary.

Pure: two loaded rule bases in, a list of changes out. A designated party has changed when anything
its dispositions are fingerprinted on changed (names, aliases, list, measures, listing date, status
windows); a control-list entry when any of its fields or its instrument's windows changed; measures
and the vocabulary are compared whole, because any change there can reach any order line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dualuse.rulebase import RuleBase
from dualuse.rulebase.model import ControlEntry, ListedParty
from dualuse.services.dispositions import changed_fields, party_record
from dualuse.store.audit_chain import canonical_json


@dataclass(frozen=True, slots=True)
class PartyChange:
    """A designated party added, removed or changed, with both versions of its record."""

    entity_id: str
    kind: str  # added | removed | changed
    fields: tuple[str, ...]
    before: ListedParty | None
    after: ListedParty | None

    @property
    def name(self) -> str:
        """The party's name as the newer record gives it."""
        party = self.after or self.before
        return party.display_name if party else self.entity_id

    def sentence(self, rulebase: RuleBase) -> str:
        """The change in words, citing the designating instrument."""
        party = self.after or self.before
        assert party is not None
        label = (
            rulebase.instrument(party.instrument).label()
            if rulebase.has_instrument(party.instrument)
            else party.instrument
        )
        where = f"{party.list.replace('_', ' ')}, {label}, listed {party.listed_on}"
        if self.kind == "added":
            return f"{self.name} ({self.entity_id}) was designated ({where})"
        if self.kind == "removed":
            return f"{self.name} ({self.entity_id}) is no longer in the rule base"
        return f"the listed record of {self.name} ({self.entity_id}; {where}) changed: {', '.join(self.fields)}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"entity_id": self.entity_id, "kind": self.kind, "name": self.name, "fields": list(self.fields)}


@dataclass(frozen=True, slots=True)
class EntryChange:
    """A control-list entry added, removed or changed, with the codes and families it concerns."""

    entry_id: str
    kind: str
    codes: tuple[str, ...]
    families: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "entry_id": self.entry_id,
            "kind": self.kind,
            "codes": list(self.codes),
            "families": list(self.families),
        }


@dataclass(frozen=True, slots=True)
class RuleBaseChanges:
    """Every change between two rule bases that can alter a screening or a determination."""

    parties: tuple[PartyChange, ...]
    entries: tuple[EntryChange, ...]
    measures: tuple[str, ...]
    vocabulary: tuple[str, ...]

    @property
    def reaches_every_line(self) -> bool:
        """True where a measure, measure set, military-user record or vocabulary file changed."""
        return bool(self.measures or self.vocabulary)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"parties": [p.to_dict() for p in self.parties], "entries": [e.to_dict() for e in self.entries],
                "measures": list(self.measures), "vocabulary": list(self.vocabulary)}  # fmt: skip


def compare_rulebases(before: RuleBase, after: RuleBase) -> RuleBaseChanges:
    """The changes from ``before`` to ``after``."""
    return RuleBaseChanges(
        parties=_party_changes(before, after),
        entries=_entry_changes(before, after),
        measures=_measure_changes(before, after),
        vocabulary=_vocabulary_changes(before.root, after.root),
    )


def _party_changes(before: RuleBase, after: RuleBase) -> tuple[PartyChange, ...]:
    old = {p.id: p for p in before.parties}
    new = {p.id: p for p in after.parties}
    changes = []
    for entity_id in sorted(old.keys() | new.keys()):
        was, now = old.get(entity_id), new.get(entity_id)
        if was is None:
            changes.append(PartyChange(entity_id, "added", (), None, now))
        elif now is None:
            changes.append(PartyChange(entity_id, "removed", (), was, None))
        else:
            old_record, new_record = party_record(was, before), party_record(now, after)
            if old_record != new_record:
                changes.append(PartyChange(entity_id, "changed", changed_fields(old_record, new_record), was, now))
    return tuple(changes)


def _entry_changes(before: RuleBase, after: RuleBase) -> tuple[EntryChange, ...]:
    old = {e.id: e for e in before.entries}
    new = {e.id: e for e in after.entries}
    changes = []
    for entry_id in sorted(old.keys() | new.keys()):
        was, now = old.get(entry_id), new.get(entry_id)
        if was is not None and now is not None and _entry_record(was, before) == _entry_record(now, after):
            continue
        kind = "added" if was is None else "removed" if now is None else "changed"
        versions = [e for e in (was, now) if e is not None]
        codes = tuple(sorted({code for e in versions for code in e.codes}))
        families = tuple(sorted({e.family for e in versions}))
        changes.append(EntryChange(entry_id, kind, codes, families))
    return tuple(changes)


def _measure_changes(before: RuleBase, after: RuleBase) -> tuple[str, ...]:
    changed: set[str] = set()
    for kind, old_items, new_items in (
        ("measure", before.measures, after.measures),
        ("measure set", before.measure_sets, after.measure_sets),
        ("military user", before.military_users, after.military_users),
    ):
        old = {item.id: _plain(item) for item in old_items}
        new = {item.id: _plain(item) for item in new_items}
        changed |= {f"{kind} {key}" for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    for measure in after.measures:  # a measure whose instrument's windows moved applies on other days
        if _windows(measure.instrument, before) != _windows(measure.instrument, after):
            changed.add(f"measure {measure.id}")
    return tuple(sorted(changed))


def _vocabulary_changes(before: Path, after: Path) -> tuple[str, ...]:
    def texts(root: Path) -> dict[str, str]:
        folder = root / "vocabulary"
        if not folder.is_dir():
            return {}
        return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.yaml"))}

    old, new = texts(before), texts(after)
    return tuple(sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name)))


def _entry_record(entry: ControlEntry, rulebase: RuleBase) -> str:
    return canonical_json({"entry": _plain(entry), "windows": _windows(entry.instrument, rulebase)})


def _windows(instrument_id: str, rulebase: RuleBase) -> str:
    if not rulebase.has_instrument(instrument_id):
        return ""
    inst = rulebase.instrument(instrument_id)
    return canonical_json({"effective": inst.effective, "by_clause": dict(inst.effective_by_clause),
                           "suspensions": [_plain(s) for s in inst.suspensions],
                           "stops": [_plain(s) for s in inst.stops], "superseded_by": inst.superseded_by,
                           "superseded_on": inst.superseded_on})  # fmt: skip


def _plain(record: Any) -> str:
    data = {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.name != "file"}
    return canonical_json(_jsonable(data))


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
