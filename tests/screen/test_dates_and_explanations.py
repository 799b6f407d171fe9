"""A hit says what applies on the as-of date, why the names matched, and which instrument designated the party."""

from __future__ import annotations

from datetime import date

import pytest

from dualuse.rulebase import RuleBase
from dualuse.screen import Screener, screen
from tests.screen.conftest import AFTER_ALL_LISTINGS

# (query, as_of, party, status) — the bundled rule base's dates (Ann 11/2026 of 2026-02-24; Ann 21/2025
# suspended 2025-11-10 to 2026-11-10; Ann 22/2025 stopped 2025-08-12).
STATUSES = [
    ("三菱造船株式會社", date(2026, 3, 1), "MOFCOM-2026-11:01", "active"),
    ("Source Intelligence, Inc.", date(2025, 6, 1), "MOFCOM-2025-21:03", "active"),
    ("Source Intelligence, Inc.", date(2026, 3, 1), "MOFCOM-2025-21:03", "suspended"),
    ("Echodyne", date(2025, 6, 1), "MOFCOM-2025-22:03", "active"),
    ("Echodyne", date(2026, 3, 1), "MOFCOM-2025-22:03", "stopped"),
]


@pytest.mark.parametrize(("query", "as_of", "party", "status"), STATUSES)
def test_hit_carries_its_status_on_the_date(
    screener: Screener, query: str, as_of: date, party: str, status: str
) -> None:
    """A hit is reported with the designation's status on the as-of date, and only 'active' binds."""
    result = screener.screen(query, as_of=as_of)
    match = result.matches[0]
    assert (match.entity_id, match.status) == (party, status)
    assert (match in result.binding) is (status == "active")


@pytest.mark.parametrize(
    ("query", "as_of", "party"),
    [
        ("三菱造船株式會社", date(2026, 1, 15), "MOFCOM-2026-11:01"),
        ("Mitsui E&S Co., Ltd.", date(2026, 6, 28), "MOFCOM-2026-28:01"),
    ],
)
def test_party_designated_later_is_related_not_a_hit(screener: Screener, query: str, as_of: date, party: str) -> None:
    """A party designated after the as-of date is not a hit; it is reported as 'designated later'."""
    result = screener.screen(query, as_of=as_of)
    assert party not in {m.entity_id for m in result.matches}
    later = result.related[0]
    assert (later.entity_id, later.status) == (party, "designated_later")
    assert "after" in later.explanation


def test_suspended_hit_keeps_legal_effect_and_cites_the_designation(screener: Screener, rulebase: RuleBase) -> None:
    """A suspended designation is still reported with its legal effect and the designating instrument."""
    match = screener.screen("Cubic Corporation", as_of=date(2026, 3, 1)).matches[0]
    assert match.status == "suspended"
    assert match.status_until == date(2026, 11, 10)
    assert match.legal_effect == rulebase.measure_set("control_list_generic").measures
    assert match.citations[0] == rulebase.cite("MOFCOM-2025-21")
    assert "suspended" in match.explanation


def test_hit_explains_names_steps_and_citations(screener: Screener, rulebase: RuleBase) -> None:
    """A hit names the party, list, score, compared forms, normalisation steps, legal effect and citation."""
    match = screener.screen("三菱造船株式會社", as_of=date(2026, 3, 1)).matches[0]
    assert match.entity_id == "MOFCOM-2026-11:01"
    assert match.list == "control_list"
    assert match.source == "MOFCOM"
    assert match.score == 1.0
    assert match.matched_name == "三菱造船株式会社"
    assert match.query_form == "三菱造船"
    assert match.steps[:2] == ("traditional→simplified", "legal form 株式会社 removed")
    assert match.citations == (rulebase.cite("MOFCOM-2026-11"),)
    assert match.legal_effect == rulebase.measure_set("control_list_japan").measures
    assert match.names == {
        "en": "Mitsubishi Heavy Industries Shipbuilding Co.",
        "zh": "三菱造船株式会社",
        "ja": "三菱造船株式会社",
    }
    for part in ("MOFCOM-2026-11:01", "MOFCOM Ann 2026 No. 11", "1.00", "traditional→simplified", "in force"):
        assert part in match.explanation
    assert match.party is not None and match.party.id == match.entity_id


def test_to_dict_is_json_ready(screener: Screener) -> None:
    """The result serialises to plain data with the contract's fields."""
    data = screener.screen("JAXA", as_of=AFTER_ALL_LISTINGS).to_dict()
    match = data["matches"][0]
    for key in ("entity_id", "list", "score", "matched_name", "query_form", "names", "status", "explanation"):
        assert key in match
    assert match["citations"][0]["instrument"] == "MOFCOM-2026-11"
    assert data["as_of"] == "2026-11-21"


def test_convenience_function_gives_the_screener_result(screener: Screener, rulebase: RuleBase) -> None:
    """screen(...) returns what a Screener over the same rule base returns."""
    direct = screener.screen("TDK株式会社", as_of=AFTER_ALL_LISTINGS)
    assert screen("TDK株式会社", rulebase=rulebase, as_of=AFTER_ALL_LISTINGS) == direct


@pytest.mark.parametrize(
    ("query", "body"),
    [("JGSDF", "jp.gsdf"), ("防衛省", "jp.mod"), ("Acquisition Technology and Logistics Agency", "jp.atla")],
)
def test_military_user_reference_is_matched_apart(
    screener: Screener, rulebase: RuleBase, query: str, body: str
) -> None:
    """A military-user body is matched by military_user(), cites Ann 2026 No. 1 cl. 1, and is never a screening hit."""
    match = screener.military_user(query, country="JP")
    assert match is not None
    assert (match.entity_id, match.list, match.status) == (body, "military_user_reference", "active")
    assert match.citations == (rulebase.cite("MOFCOM-2026-1", "1"),)
    assert all(m.list != "military_user_reference" for m in screener.screen(query, as_of=AFTER_ALL_LISTINGS).matches)


@pytest.mark.parametrize(("query", "country"), [("Ministry of Defense", "US"), ("Toyota Motor Corporation", "JP")])
def test_no_military_user_for_other_bodies(screener: Screener, query: str, country: str) -> None:
    """Another country's ministry, or a company, is not on the military-user reference."""
    assert screener.military_user(query, country=country) is None
