"""Integrity checks over a loaded rule base: unique ids, resolvable references, ordered windows,
sources on every record; low-confidence and conflicting records are reported, not rejected."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from dualuse.rulebase.base import RuleBase

LISTED_CODE = re.compile(r"^[0-9][A-E][0-9]{3}")


@dataclass(frozen=True, slots=True)
class Finding:
    """One integrity problem (error) or one record a reviewer should look at (attention)."""

    file: str
    record: str
    field: str
    message: str


@dataclass(slots=True)
class IntegrityReport:
    """The result of the integrity checks, with the counts printed by ``dualuse rulebase check``."""

    errors: list[Finding] = field(default_factory=list)
    attention: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True where no integrity error was found."""
        return not self.errors


def check(rulebase: RuleBase) -> IntegrityReport:
    """Run every integrity check and count the records of each kind."""
    report = IntegrityReport()
    _unique_ids(rulebase, report)
    _references(rulebase, report)
    _windows(rulebase, report)
    _sources(rulebase, report)
    _attention(rulebase, report)
    report.counts = counts(rulebase)
    return report


def counts(rulebase: RuleBase) -> dict[str, int]:
    """How many records of each kind the rule base holds."""
    codes = {c for e in rulebase.entries for c in e.codes}
    japanese = [p for p in rulebase.parties if p.country == "JP"]
    per_instrument = Counter(p.instrument for p in japanese)
    result = {
        "statutes": sum(1 for i in rulebase.instruments if i.kind == "statute"),
        "announcements": sum(1 for i in rulebase.instruments if i.kind == "announcement"),
        "other_notices": sum(1 for i in rulebase.instruments if i.kind == "notice"),
        "item_records": len(rulebase.entries),
        "distinct_control_codes": len(codes),
        "designated_parties": len(rulebase.parties),
        "japanese_parties": len(japanese),
        "measure_sets": len(rulebase.measure_sets),
        "measures": len(rulebase.measures),
        "military_users": len(rulebase.military_users),
    }
    result.update({f"japanese_parties:{k}": v for k, v in sorted(per_instrument.items())})
    return result


def _unique_ids(rb: RuleBase, report: IntegrityReport) -> None:
    groups = {
        "instrument": [(i.file, i.id) for i in rb.instruments],
        "entry": [(e.file, e.id) for e in rb.entries],
        "party": [(p.file, p.id) for p in rb.parties],
        "measure": [(m.file, m.id) for m in rb.measures],
        "measure set": [("measures/measure_sets.yaml", s.id) for s in rb.measure_sets],
        "military user": [("military_users", u.id) for u in rb.military_users],
    }
    for kind, records in groups.items():
        seen: dict[str, str] = {}
        for file, record_id in records:
            if record_id in seen:
                report.errors.append(Finding(file, record_id, "id", f"duplicate {kind} id (also in {seen[record_id]})"))
            seen.setdefault(record_id, file)


def _references(rb: RuleBase, report: IntegrityReport) -> None:
    _instrument_references(rb, report)
    _record_references(rb, report)


def _instrument_references(rb: RuleBase, report: IntegrityReport) -> None:
    for inst in rb.instruments:
        for s in (*inst.suspensions, *inst.stops):
            if s.by and not rb.has_instrument(s.by):
                report.errors.append(Finding(inst.file, inst.id, "suspensions.by", f"unknown instrument {s.by!r}"))
            if s.by and rb.has_instrument(s.by):
                target = rb.instrument(s.by)
                if not any(t.by == inst.id for t in target.suspends):
                    report.errors.append(
                        Finding(
                            target.file,
                            target.id,
                            "suspends",
                            f"does not list {inst.id}, which names it as suspending it",
                        )
                    )
        for s in inst.suspends:
            if not s.by or not rb.has_instrument(s.by):
                report.errors.append(Finding(inst.file, inst.id, "suspends.instrument", f"unknown instrument {s.by!r}"))
        if inst.superseded_by and not rb.has_instrument(inst.superseded_by):
            report.errors.append(
                Finding(inst.file, inst.id, "superseded.by", f"unknown instrument {inst.superseded_by!r}")
            )


def _record_references(rb: RuleBase, report: IntegrityReport) -> None:
    for entry in rb.entries:
        if not rb.has_instrument(entry.instrument):
            report.errors.append(
                Finding(entry.file, entry.id, "instrument", f"unknown instrument {entry.instrument!r}")
            )
        if entry.kind == "listed" and not entry.codes:
            report.errors.append(Finding(entry.file, entry.id, "codes", "a listed entry needs a control code"))
    for party in rb.parties:
        if not rb.has_instrument(party.instrument):
            report.errors.append(
                Finding(party.file, party.id, "instrument", f"unknown instrument {party.instrument!r}")
            )
        if not rb.has_measure_set(party.measure_set):
            report.errors.append(
                Finding(party.file, party.id, "measure_set", f"unknown measure set {party.measure_set!r}")
            )
        elif rb.measure_set(party.measure_set).list != party.list:
            report.errors.append(Finding(party.file, party.id, "measure_set", "measure set belongs to another list"))
    for measure in rb.measures:
        refs = [(measure.instrument, measure.clause), *measure.also_cites]
        for instrument_id, _clause in refs:
            if not rb.has_instrument(instrument_id):
                report.errors.append(
                    Finding(measure.file, measure.id, "instrument", f"unknown instrument {instrument_id!r}")
                )
    for user in rb.military_users:
        if not rb.has_instrument(user.interprets[0]):
            report.errors.append(
                Finding("military_users", user.id, "interprets", f"unknown instrument {user.interprets[0]!r}")
            )


def _windows(rb: RuleBase, report: IntegrityReport) -> None:
    for inst in rb.instruments:
        if inst.issued and inst.effective < inst.issued:
            report.errors.append(Finding(inst.file, inst.id, "effective", "takes effect before it was issued"))
        for s in (*inst.suspensions, *inst.reported_extensions, *inst.suspends):
            if s.end and s.end < s.start:
                report.errors.append(
                    Finding(inst.file, inst.id, "suspensions", f"window ends {s.end} before it starts {s.start}")
                )
        if inst.superseded_on and inst.superseded_on < inst.effective:
            report.errors.append(Finding(inst.file, inst.id, "superseded.on", "superseded before it took effect"))
    for party in rb.parties:
        if not rb.has_instrument(party.instrument):
            continue  # reported by the reference checks
        listing = rb.instrument(party.instrument)
        first_day = listing.issued or listing.effective
        if party.listed_on < first_day:
            report.errors.append(
                Finding(party.file, party.id, "listed_on", f"listed before its instrument was issued ({first_day})")
            )


def _sources(rb: RuleBase, report: IntegrityReport) -> None:
    records = [(i.file, i.id, i.sources) for i in rb.instruments] + [(e.file, e.id, e.sources) for e in rb.entries]
    records += [(p.file, p.id, p.sources) for p in rb.parties] + [(m.file, m.id, m.sources) for m in rb.measures]
    records += [("military_users", u.id, u.sources) for u in rb.military_users]
    for file, record_id, sources in records:
        if not sources:
            report.errors.append(Finding(file, record_id, "sources", "at least one source is required"))


def _attention(rb: RuleBase, report: IntegrityReport) -> None:
    for inst in rb.instruments:
        if inst.confidence.needs_attention:
            report.attention.append(
                Finding(inst.file, inst.id, "confidence", f"{inst.confidence.value}: {'; '.join(inst.notes)}")
            )
    for entry in rb.entries:
        if entry.confidence.needs_attention:
            report.attention.append(
                Finding(entry.file, entry.id, "confidence", f"{entry.confidence.value}: {'; '.join(entry.notes)}")
            )
    for party in rb.parties:
        if party.confidence.needs_attention:
            report.attention.append(
                Finding(party.file, party.id, "confidence", f"{party.confidence.value}: {party.display_name}")
            )
    for user in rb.military_users:
        if user.confidence.needs_attention:
            report.attention.append(
                Finding("military_users/japan.yaml", user.id, "confidence", f"{user.confidence.value}: {user.basis}")
            )
