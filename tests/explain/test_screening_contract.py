"""The report reads the parties hit from real screening results, not only from hand-written fixtures."""

from __future__ import annotations

from datetime import date

from dualuse.explain.report.reading import party_hits
from dualuse.rulebase import RuleBase


def test_party_hits_from_real_screening_results(rulebase: RuleBase) -> None:
    """A Control-List match, a Watch-List match and a military-user reference are read with their own names."""
    from dualuse.screen import Screener

    screener = Screener(rulebase)
    day = date(2026, 3, 2)
    screening = {
        "end_user": screener.screen("三菱造船株式会社", country="JP", as_of=day).to_dict(),
        "consignee": screener.screen("株式会社SUBARU", country="JP", as_of=day).to_dict(),
        "importer": screener.screen("Toyota Motor Corporation", country="JP", as_of=day).to_dict(),
    }
    reference = screener.military_user("防衛省", country="JP")
    assert reference is not None
    screening["end_user_military_user_reference"] = reference.to_dict()
    labels = [hit.label() for hit in party_hits({"screening": screening})]
    assert labels == [
        "MOFCOM-2026-11:01 三菱造船株式会社 / Mitsubishi Heavy Industries Shipbuilding Co. (Control List)",
        "MOFCOM-2026-12:01 株式会社SUBARU / SUBARU Corporation (Watch List)",
        "jp.mod 防衛省 / Ministry of Defense (military user (dualuse reference))",
    ]


def test_a_match_whose_listing_does_not_apply_says_so() -> None:
    """A party matched on a suspended listing is labelled with that status, so no one mistakes it for a live hit."""
    match = {"entity_id": "MOFCOM-2025-22:03", "list": "unreliable_entity_list", "matched_name": "Skydio",
             "names": {"en": "Skydio Inc."}, "status": "suspended"}  # fmt: skip
    (hit,) = party_hits({"screening": {"end_user": {"matches": [match]}}})
    assert hit.label() == "MOFCOM-2025-22:03 Skydio Inc. (Unreliable Entity List, suspended)"
