"""Re-screening after a rule-base update flags exactly the counterparties and open orders it affects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from dualuse.errors import StorageError
from dualuse.rulebase import load_rulebase
from dualuse.services.online import Engines, determine_lines, keep_rulebase, screen_party
from dualuse.services.rescreen import rescreen
from dualuse.store import AuditLog, Store
from dualuse.store.rescreens import RescreenStore
from tests.services.conftest import AT, designate

KESTREL = {
    "id": "MOFCOM-2026-11:90",
    "names": {"en": "Kestrel Photonics Corporation", "zh": None, "ja": None},
    "aliases": [],
    "country": "JP",
    "type": "organisation",
    "annex_order": 90,
    "name_sources": {},
    "sources": ["https://example.org/test-designation"],
    "confidence": "high",
    "notes": ["A designation added by the test suite"],
}


def _line(name: str, country: str, as_of: str) -> dict[str, object]:
    return {"as_of": as_of, "item": {"description": "samarium oxide 99.9%", "hs_code": "2846901940"}, "end_user": {"name": name, "country": country},
            "destination": country}  # fmt: skip


def test_a_new_designation_flags_exactly_the_counterparties_and_open_orders_it_affects(
    store: Store, rulebase_copy: Callable[[], Path]
) -> None:
    """Adding one designation flags its look-alike counterparty and its open order, and nothing else."""
    before = load_rulebase(rulebase_copy())
    engines = Engines(before, store)
    keep_rulebase(store, before, at=AT)
    for name, country in [("Kestrel Photonics Corporation", "JP"), ("Kestrel Foods Ltd", "NZ"),
                          ("Acme Trading GmbH", "DE"), ("Lockheed Martin Corporation", "US")]:  # fmt: skip
        screen_party(
            engines, store, name=name, country=country, as_of=date(2026, 7, 1), threshold=None, actor="t", at=AT
        )
    lines = {
        "open-kestrel": _line("Kestrel Photonics Corporation", "JP", "2026-07-01"),
        "shipped-kestrel": _line("Kestrel Photonics Corporation", "JP", "2026-01-15"),
        "open-look-alike": _line("Kestrel Foods Ltd", "NZ", "2026-07-01"),
        "open-other": _line("Acme Trading GmbH", "DE", "2026-07-01"),
    }
    answers, errors = determine_lines(engines, store, lines, actor="t", at=AT)
    assert not errors
    assert answers["open-kestrel"].output["outcome"] != "prohibited"

    after = designate(rulebase_copy(), file="MOFCOM-2026-11.yaml", party=KESTREL, version="2026.12.01")
    report = rescreen(store, Engines(after, store), since="2026.11.21", screen_on=date(2026, 7, 1),
                      open_on=date(2026, 6, 1), actor="reviewer", at=AT)  # fmt: skip

    assert [(c["name"], c["country"]) for c in report.counterparties] == [("Kestrel Photonics Corporation", "JP")]
    assert report.counterparties[0]["after"][0]["entity_id"] == "MOFCOM-2026-11:90"
    assert "was designated" in report.counterparties[0]["reasons"][0]
    assert [d["id"] for d in report.determinations] == ["open-kestrel"]
    assert report.determinations[0]["after"] == "prohibited"
    assert any("Kestrel Photonics Corporation" in reason for reason in report.determinations[0]["reasons"])
    assert report.counterparties_checked == 2  # the look-alike shares a word; Acme and Lockheed are never looked at
    assert report.determinations_checked == 2  # the two open orders of those counterparties; the shipped one is past
    kept = RescreenStore(store).get(report.rescreen_id)
    assert kept is not None and kept.summary["determinations_changed"] == 1
    assert AuditLog(store).records(subject=report.rescreen_id)[0].event == "rescreen"
    assert AuditLog(store).verify().ok


def test_an_unchanged_rule_base_flags_nothing(store: Store, rulebase_copy: Callable[[], Path]) -> None:
    """Re-screening against a rule base whose only change is its version reports no change."""
    before = load_rulebase(rulebase_copy())
    engines = Engines(before, store)
    keep_rulebase(store, before, at=AT)
    screen_party(engines, store, name="Kestrel Photonics Corporation", country="JP", as_of=None, threshold=None,
                 actor="t", at=AT)  # fmt: skip
    root = rulebase_copy()
    manifest = root / "rulebase.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('version: "2026.11.21"', 'version: "2026.12.02"'),
                        encoding="utf-8")  # fmt: skip
    report = rescreen(store, Engines(load_rulebase(root), store), since=None, screen_on=date(2026, 7, 1),
                      open_on=date(2026, 6, 1), actor="reviewer", at=AT)  # fmt: skip
    assert (report.counterparties, report.determinations, report.counterparties_checked) == ([], [], 0)


def test_without_an_earlier_rule_base_rescreening_says_so(store: Store, rulebase_copy: Callable[[], Path]) -> None:
    """With no other rule base kept in the store there is nothing to compare with: a StorageError says why."""
    engines = Engines(load_rulebase(rulebase_copy()), store)
    with pytest.raises(StorageError, match="no earlier rule base"):
        rescreen(store, engines, since=None, screen_on=date(2026, 7, 1), open_on=date(2026, 6, 1), actor="t", at=AT)
