"""Invariants of the determination engine, checked on generated order lines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.determine import Determiner, Outcome, most_restrictive, transaction_from_dict
from dualuse.rulebase import InstrumentState, RuleBase

NAMES = ["Toyota Motor Corporation", "防衛省", "SUBARU Corporation", "Mitsubishi Heavy Industries Shipbuilding Co.",
         "IHI Corporation", "Lockheed Martin Corporation", "Cubic Corporation", "JAXA", "Arizona Wafer Inc.",
         "株式会社SUBARU", "Seoul Laser Co., Ltd.", "TechInsights Inc.", "中山科学研究院"]  # fmt: skip
ITEMS = ["Samarium oxide", "Gallium metal 6N", "Holmium oxide 99.9%", "Antimony trioxide powder", "A4 copy paper",
         "Lithium-ion cell 320 Wh/kg", "Natural flake graphite", "Tungsten carbide powder", "Quadcopter drone",
         "Terbium metal", "Synthetic diamond micropowder 10 µm"]  # fmt: skip
COUNTRIES = ["JP", "US", "CN", "SG", "KR", "TW", "DE", "CA"]

lines = st.fixed_dictionaries(
    {
        "id": st.just("p"),
        "as_of": st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 6, 30)).map(date.isoformat),
        "exporter": st.fixed_dictionaries({"name": st.just("Exporter Co."), "country": st.sampled_from(["CN", "SG", "DE"])}),
        "item": st.fixed_dictionaries({"description": st.sampled_from(ITEMS), "origin": st.sampled_from(["CN", "AU"])}),
        "destination": st.sampled_from(COUNTRIES),
        "end_user": st.fixed_dictionaries({"name": st.sampled_from(NAMES), "country": st.sampled_from(COUNTRIES)}),
        "end_use": st.sampled_from(["", "EV motors", "missile guidance", "防衛装備品", "civilian use only"]),
        "military_end_use": st.sampled_from([None, True, False]),
        "catch_all_risks": st.sampled_from([[], ["wmd"], ["military"]]),
    }
)


@pytest.fixture(scope="module")
def determiner(rulebase: RuleBase) -> Determiner:
    """One Determiner for the module."""
    return Determiner(rulebase)


@settings(max_examples=120, deadline=None)
@given(line=lines)
def test_same_input_same_bytes(determiner: Determiner, rulebase: RuleBase, line: dict[str, Any]) -> None:
    """Determining the same order line twice, even with a fresh engine, gives byte-identical output."""
    import orjson

    first = orjson.dumps(determiner.determine(transaction_from_dict(line)).to_dict())
    second = orjson.dumps(Determiner(rulebase, screener=determiner.screener, classifier=determiner.classifier)
                          .determine(transaction_from_dict(line)).to_dict())  # fmt: skip

    assert first == second


@settings(max_examples=150, deadline=None)
@given(line=lines)
def test_no_rule_outside_its_window_contributes(determiner: Determiner, rulebase: RuleBase, line: dict[str, Any]) -> None:
    """Every finding that contributes an outcome comes from a measure in force on the date."""
    transaction = transaction_from_dict(line)

    result = determiner.determine(transaction)

    measures = {m.id: m for m in rulebase.measures}
    for finding in result.findings:
        if finding.outcome is not None and finding.rule in measures:
            assert rulebase.measure_status(measures[finding.rule], transaction.as_of).state == InstrumentState.IN_FORCE


@settings(max_examples=150, deadline=None)
@given(line=lines)
def test_every_finding_cites_an_existing_instrument(determiner: Determiner, rulebase: RuleBase, line: dict[str, Any]) -> None:
    """Every finding carries at least one citation, and every cited instrument is in the rule base."""
    result = determiner.determine(transaction_from_dict(line))

    assert result.citations
    for finding in result.findings:
        assert finding.citations, finding.rule
        assert all(rulebase.has_instrument(c.instrument) for c in finding.citations)


@settings(max_examples=150, deadline=None)
@given(line=lines)
def test_outcome_is_the_most_restrictive_finding(determiner: Determiner, line: dict[str, Any]) -> None:
    """The outcome equals the most restrictive outcome among the findings."""
    result = determiner.determine(transaction_from_dict(line))

    assert result.outcome == most_restrictive(f.outcome for f in result.findings if f.outcome)


@given(outcomes=st.lists(st.sampled_from(list(Outcome)), min_size=0, max_size=6), extra=st.sampled_from(list(Outcome)))
def test_adding_a_finding_never_makes_the_outcome_less_restrictive(outcomes: list[Outcome], extra: Outcome) -> None:
    """Combining is a maximum over the fixed order: one more finding can only keep or raise the outcome."""
    before = most_restrictive(outcomes)
    after = most_restrictive([*outcomes, extra])

    assert after.rank >= before.rank


def test_precedence_is_the_documented_order() -> None:
    """prohibited > licence_required > review > authorised > no_licence_required."""
    assert sorted(Outcome, key=lambda o: o.rank, reverse=True) == [
        Outcome.PROHIBITED, Outcome.LICENCE_REQUIRED, Outcome.REVIEW, Outcome.AUTHORISED, Outcome.NO_LICENCE_REQUIRED,
    ]  # fmt: skip


@pytest.mark.parametrize("days_before", [1, 30])
def test_a_designation_not_yet_in_force_never_prohibits(determiner: Determiner, days_before: int) -> None:
    """An entity listed on 2026-02-24 cannot make a line prohibited before that date."""
    line = {"id": "w", "as_of": (date(2026, 2, 24) - timedelta(days=days_before)).isoformat(),
            "exporter": {"name": "E", "country": "CN"}, "item": {"description": "Samarium oxide"},
            "destination": "JP", "end_user": {"name": "IHI Aerospace Co., Ltd.", "country": "JP"},
            "end_use": "Satellite parts", "military_end_use": False}  # fmt: skip

    result = determiner.determine(transaction_from_dict(line))

    assert result.outcome == Outcome.LICENCE_REQUIRED
    assert "cn.control_list.export_prohibited" not in {f.rule for f in result.findings if f.outcome}
