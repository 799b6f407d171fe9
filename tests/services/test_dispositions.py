"""Dispositions are remembered for the same counterparty and re-open when the listed record changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from dualuse.errors import InputError
from dualuse.rulebase import load_rulebase
from dualuse.services.dispositions import apply_dispositions, record_disposition
from dualuse.services.online import Engines, keep_rulebase
from dualuse.services.rescreen import rescreen
from dualuse.store import AuditLog, Store
from dualuse.store.counterparties import Counterparty
from dualuse.store.dispositions import DispositionStore
from tests.services.conftest import AT, change_party

LOCKHEED = "MOFCOM-2025-1:03"
DAY = date(2026, 3, 1)
NAMESAKE = Counterparty("Lockheed Martin Corp.", "US")


def _dispose(store: Store, engines: Engines, decision: str = "false_positive") -> int:
    kept = record_disposition(store, engines.screener, counterparty=NAMESAKE, entity_id=LOCKHEED, decision=decision,
                              note="A namesake with another registry number", as_of=DAY, actor="reviewer", at=AT)  # fmt: skip
    return kept.id


def test_a_false_positive_is_reused_and_no_longer_binds(store: Store, rulebase_copy: Callable[[], Path]) -> None:
    """Screening the same counterparty again moves the disposed hit to related and says the disposition was reused."""
    engines = Engines(load_rulebase(rulebase_copy()), store)
    number = _dispose(store, engines)
    screened = engines.screener.screen(NAMESAKE.name, country="US", as_of=DAY)
    assert screened.binding[0].entity_id == LOCKHEED
    result, notes = apply_dispositions(screened, NAMESAKE, store, rulebase=engines.rulebase, at=AT)
    assert result.binding == () and result.related[0].entity_id == LOCKHEED
    assert [(n.disposition_id, n.action) for n in notes] == [(number, "reused")]
    assert "does not bind" in result.related[0].caveats[-1]
    same_party_other_spelling = Counterparty("LOCKHEED  MARTIN corp.", "US")
    assert apply_dispositions(screened, same_party_other_spelling, store, rulebase=engines.rulebase, at=AT)[1]
    other_country = Counterparty(NAMESAKE.name, "CA")
    assert apply_dispositions(screened, other_country, store, rulebase=engines.rulebase, at=AT)[1] == []


def test_a_confirmed_hit_stays_a_hit_and_says_so(store: Store, rulebase_copy: Callable[[], Path]) -> None:
    """A confirmation is reused too, but the hit keeps binding."""
    engines = Engines(load_rulebase(rulebase_copy()), store)
    _dispose(store, engines, decision="confirmed")
    screened = engines.screener.screen(NAMESAKE.name, country="US", as_of=DAY)
    result, notes = apply_dispositions(screened, NAMESAKE, store, rulebase=engines.rulebase, at=AT)
    assert result.binding[0].entity_id == LOCKHEED and notes[0].decision == "confirmed"
    assert "the hit stands" in result.binding[0].caveats[-1]


def test_a_new_alias_on_the_listed_record_reopens_the_disposition(
    store: Store, rulebase_copy: Callable[[], Path]
) -> None:
    """When the listed record gains an alias, the next screening re-opens the disposition (audited) and the hit binds again."""
    engines = Engines(load_rulebase(rulebase_copy()), store)
    number = _dispose(store, engines)
    changed = change_party(rulebase_copy(), file="MOFCOM-2025-1.yaml", entity_id=LOCKHEED, version="2026.12.03",
                           aliases=[{"name": "Lockheed Martin Aeronautics", "script": "latin"}])  # fmt: skip
    newer = Engines(changed, store)
    screened = newer.screener.screen(NAMESAKE.name, country="US", as_of=DAY)
    result, notes = apply_dispositions(screened, NAMESAKE, store, rulebase=changed, actor="screening", at=AT)
    assert result.binding[0].entity_id == LOCKHEED
    assert notes[0].action == "reopened" and notes[0].changed == ("aliases",)
    kept = DispositionStore(store).get(number)
    assert kept is not None and kept.status == "reopened" and "aliases" in (kept.closed_reason or "")
    assert AuditLog(store).records(subject=f"disposition:{number}")[-1].event == "disposition_reopened"
    again, notes_again = apply_dispositions(screened, NAMESAKE, store, rulebase=changed, at=AT)
    assert again.binding[0].entity_id == LOCKHEED and notes_again == []


def test_rescreening_reopens_dispositions_whose_listed_record_changed(
    store: Store, rulebase_copy: Callable[[], Path]
) -> None:
    """A re-screening after a rule-base update re-opens the dispositions made against a changed record, and only those."""
    before = load_rulebase(rulebase_copy())
    engines = Engines(before, store)
    keep_rulebase(store, before, at=AT)
    number = _dispose(store, engines)
    changed = change_party(rulebase_copy(), file="MOFCOM-2025-1.yaml", entity_id=LOCKHEED, version="2026.12.04",
                           aliases=[{"name": "LM Aero", "script": "latin"}])  # fmt: skip
    report = rescreen(store, Engines(changed, store), since=before.digest, screen_on=DAY, open_on=DAY, actor="reviewer",
                      at=AT)  # fmt: skip
    assert [d["disposition_id"] for d in report.dispositions] == [number]
    assert "aliases" in report.dispositions[0]["reasons"][0]
    assert DispositionStore(store).get(number).status == "reopened"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("entity_id", "decision", "note", "field"),
    [("MOFCOM-2026-11:01", "false_positive", "not them", "entity_id"), (LOCKHEED, "maybe", "not them", "decision"),
     (LOCKHEED, "false_positive", "   ", "note")],
)  # fmt: skip
def test_a_disposition_must_name_a_hit_a_decision_and_a_reason(
    store: Store, rulebase_copy: Callable[[], Path], entity_id: str, decision: str, note: str, field: str
) -> None:
    """Only a real hit can be disposed, as confirmed or false positive, and only with a note: else InputError names the field."""
    engines = Engines(load_rulebase(rulebase_copy()), store)
    with pytest.raises(InputError) as raised:
        record_disposition(store, engines.screener, counterparty=NAMESAKE, entity_id=entity_id, decision=decision,
                           note=note, as_of=DAY, actor="reviewer", at=AT)  # fmt: skip
    assert raised.value.field == field
