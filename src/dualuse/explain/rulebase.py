"""Rule-base records and as-of views as plain data: what `rulebase show` and `rulebase at` print."""

from __future__ import annotations

from datetime import date
from typing import Any

from dualuse.rulebase import AsOfView, InstrumentState, RuleBase
from dualuse.rulebase.model import ControlEntry, Instrument, ListedParty


def record_details(rb: RuleBase, record_id: str, day: date) -> dict[str, Any] | None:
    """One instrument, entry (by id or control code) or party with its status on ``day`` and its history."""
    if rb.has_instrument(record_id):
        return instrument_details(rb, rb.instrument(record_id), day)
    entries = [e for e in rb.entries if e.id == record_id] or [e for e in rb.entries if record_id in e.codes]
    if entries:
        details = [entry_details(rb, e, day) for e in entries]
        return details[0] if len(details) == 1 else {"control_code": record_id, "entries": details}
    party = next((p for p in rb.parties if p.id == record_id), None)
    if party:
        return party_details(rb, party, day)
    return None


def instrument_details(rb: RuleBase, inst: Instrument, day: date) -> dict[str, Any]:
    """An instrument with its status on ``day``, its windows, what it does to others and who it touches."""
    status = rb.instrument_status(inst, day)
    history = [f"issued {inst.issued}" if inst.issued else "issue date not confirmed", f"effective {inst.effective}"]
    history += [f"clause {c} effective {d}" for c, d in inst.effective_by_clause.items()]
    history += [
        f"clause {s.clause} suspended {s.start} → {s.end or 'open'} by {s.by or s.by_statement}"
        for s in inst.suspensions
    ]
    history += [f"clause {s.clause} stopped from {s.start} by {s.by or s.by_statement}" for s in inst.stops]
    history += [f"reported, not applied ({s.confidence}): suspension to {s.end}" for s in inst.reported_extensions]
    history += [f"suspends {s.by} clause {s.clause} {s.start} → {s.end}" for s in inst.suspends]
    if inst.superseded_by:
        history.append(f"superseded by {inst.superseded_by} on {inst.superseded_on}")
    entries = [e.id for e in rb.entries if e.instrument == inst.id]
    parties = [p.id for p in rb.parties if p.instrument == inst.id]
    return {
        "id": inst.id,
        "kind": inst.kind,
        "label": inst.label(),
        "issuers": list(inst.issuers),
        "title_en": inst.title_en,
        "title_zh": inst.title_zh,
        "status": status.to_dict(),
        "status_reported_by_sources": inst.status_reported,
        "scope": inst.scope,
        "destination": inst.destination,
        "history": history,
        "provisions": [f"{p.clause}: {p.text_en}" for p in inst.provisions],
        "control_list_entries": entries,
        "designated_parties": parties,
        "sources": list(inst.sources),
        "mofcom_urls_quoted": list(inst.mofcom_urls_quoted),
        "confidence": inst.confidence.value,
        "notes": list(inst.notes),
    }


def entry_details(rb: RuleBase, entry: ControlEntry, day: date) -> dict[str, Any]:
    """A control-list entry with its status on ``day``, customs codes, parameters and sources."""
    inst = rb.instrument(entry.instrument)
    return {
        "id": entry.id,
        "codes": list(entry.codes),
        "kind": entry.kind,
        "family": entry.family,
        "description_en": entry.description_en,
        "description_zh": entry.description_zh,
        "instrument": f"{inst.id} ({inst.label()})",
        "status": rb.entry_status(entry, day).to_dict(),
        "reference_customs_codes": [f"{c.code} ({c.type})" for c in entry.customs_codes],
        "parameters": [
            f"{p.name} {p.comparison} {p.value} {p.unit}" + (f" ({p.note})" if p.note else "") for p in entry.parameters
        ],
        "parameter_logic": entry.parameter_logic if entry.parameters else None,
        "exclusions": [x.description for x in entry.exclusions],
        "sources": list(entry.sources),
        "confidence": entry.confidence.value,
        "notes": list(entry.notes),
    }


def party_details(rb: RuleBase, party: ListedParty, day: date) -> dict[str, Any]:
    """A designated party with every name, its list, measure set, status on ``day`` and sources."""
    measure_set = rb.measure_set(party.measure_set)
    inst = rb.instrument(party.instrument)
    return {
        "id": party.id,
        "names": party.names,
        "aliases": [f"{a.name} [{a.script}]" + (f" — {a.note}" if a.note else "") for a in party.aliases],
        "country": party.country,
        "type": party.type,
        "list": party.list,
        "listed_on": party.listed_on.isoformat(),
        "instrument": f"{inst.id} ({inst.label()})",
        "status": rb.party_status(party, day).to_dict(),
        "measure_set": party.measure_set,
        "legal_effect": list(measure_set.measures),
        "sources": list(party.sources),
        "confidence": party.confidence.value,
        "notes": list(party.notes),
    }


def view_as_dict(rb: RuleBase, view: AsOfView) -> dict[str, Any]:
    """An as-of view as plain data: instruments with statuses; entries, parties and measures by state."""
    instruments: dict[str, list[dict[str, Any]]] = {}
    for placed in view.instruments:
        inst, status = placed.record, placed.status
        instruments.setdefault(status.state.value, []).append(
            {
                "id": inst.id,
                "title": f"{inst.label()} — {inst.title_en}" if inst.kind == "announcement" else inst.title_en,
                "since": status.since.isoformat() if status.since else None,
                "until": status.until.isoformat() if status.until else None,
                "by": status.by,
                "caveats": list(status.caveats),
            }
        )

    def by_state(kind: str) -> dict[str, list[str]]:
        return {s.value: sorted(view.ids(kind, s)) for s in InstrumentState if view.ids(kind, s)}

    return {
        "as_of": view.day.isoformat(),
        "instruments": instruments,
        "entries": by_state("entries"),
        "parties": by_state("parties"),
        "measures": by_state("measures"),
    }
