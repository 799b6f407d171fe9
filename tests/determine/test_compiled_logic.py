"""The compiled condition trees and the facts derived once per line mean exactly what they did before."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.determine import Determiner, Transaction, transaction_from_dict
from dualuse.determine.facts import Facts, binding_code
from dualuse.determine.logic import Leaf, compile_condition
from dualuse.determine.predicates import PREDICATES
from dualuse.rulebase import RuleBase, load_rulebase
from dualuse.rulebase.conditions import Condition

NAMES = ["Toyota Motor Corporation", "防衛省", "SUBARU Corporation", "IHI Aerospace Co., Ltd.", "JAXA",
         "Lockheed Martin Corporation", "Arizona Wafer Inc.", "Seoul Laser Co., Ltd.", "中山科学研究院"]  # fmt: skip
ITEMS = ["Samarium oxide", "Gallium metal 6N", "Antimony trioxide powder", "A4 copy paper", "Quadcopter drone",
         "Natural flake graphite", "Terbium metal", "Holmium oxide 99.9%"]  # fmt: skip
COUNTRIES = ["JP", "US", "CN", "SG", "KR"]

lines = st.fixed_dictionaries(
    {
        "id": st.just("c"),
        "as_of": st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 6, 30)).map(date.isoformat),
        "exporter": st.fixed_dictionaries({"name": st.just("E"), "country": st.sampled_from(["CN", "SG", ""])}),
        "item": st.fixed_dictionaries(
            {"description": st.sampled_from(ITEMS), "origin": st.sampled_from(["CN", "AU", ""])}
        ),
        "destination": st.sampled_from([*COUNTRIES, ""]),
        "end_user": st.fixed_dictionaries(
            {"name": st.sampled_from(NAMES), "country": st.sampled_from([*COUNTRIES, ""])}
        ),
        "end_use": st.sampled_from(["", "EV motors", "missile guidance", "civilian use only"]),
        "military_end_use": st.sampled_from([None, True, False]),
        "catch_all_risks": st.sampled_from([[], ["wmd"], ["military"]]),
    }
)


def _leaves(condition: Condition) -> list[Condition]:
    if condition.is_predicate:
        return [condition]
    return [leaf for child in condition.children for leaf in _leaves(child)]


LEAVES = [leaf for measure in load_rulebase().measures for leaf in _leaves(measure.conditions)]
trees = st.recursive(
    st.sampled_from(LEAVES),
    lambda children: st.one_of(
        st.builds(lambda c: Condition("not", None, (c,)), children),
        st.builds(lambda op, cs: Condition(op, None, tuple(cs)), st.sampled_from(["all", "any"]),
                  st.lists(children, min_size=1, max_size=4)),
    ),
    max_leaves=8,
)  # fmt: skip


def reference(condition: Condition, facts: Facts, trace: list[Leaf]) -> tuple[bool | None, list[Leaf]]:
    """Three-valued evaluation as the engine first wrote it: the specification the compiled form must meet."""
    if condition.is_predicate:
        truth = PREDICATES[condition.operator](facts, condition.argument)
        trace.append((condition, truth))
        return truth.value, ([(condition, truth)] if truth.value is None else [])
    if condition.operator == "not":
        value, inner = reference(condition.children[0], facts, trace)
        return (None if value is None else not value), inner
    decisive = condition.operator != "all"
    open_leaves: list[Leaf] = []
    undecided = False
    for child in condition.children:
        value, leaves = reference(child, facts, trace)
        if value is decisive:
            return decisive, []
        if value is None:
            undecided = True
            open_leaves += leaves
    return (None, open_leaves) if undecided else (not decisive, [])


@pytest.fixture(scope="module")
def determiner(rulebase: RuleBase) -> Determiner:
    """One Determiner for the module."""
    return Determiner(rulebase)


def facts_of(determiner: Determiner, tx: Transaction) -> Facts:
    """The facts of a line, gathered straight from the screener and classifier (no engine memo)."""
    screening = {
        p.role: determiner.screener.screen(p.name, country=p.country, as_of=tx.as_of) for p in tx.counterparties
    }
    military = {p.role: m for p in tx.counterparties
                if (m := determiner.screener.military_user(p.name, country=p.country or "JP")) is not None}  # fmt: skip
    classification = determiner.classifier.classify(tx.item.description, hs_code=tx.item.hs_code, as_of=tx.as_of,
                                                    declared_code=tx.item.control_code)  # fmt: skip
    return Facts(tx, determiner.rulebase, screening, military, classification, determiner.end_use.read(tx.end_use))


def _plain(leaves: Any) -> list[tuple[str, Any, Any]]:
    return [(condition.operator, condition.argument, truth) for condition, truth in leaves]


@settings(max_examples=300, deadline=None)
@given(line=lines, tree=trees)
def test_compiled_tree_matches_the_reference(determiner: Determiner, line: dict[str, Any], tree: Condition) -> None:
    """Same value, same open leaves, and the same leaves evaluated in the same order (short-circuit included)."""
    facts = facts_of(determiner, transaction_from_dict(line))
    expected_trace: list[Leaf] = []
    compiled_trace: list[Leaf] = []

    expected_value, expected_open = reference(tree, facts, expected_trace)
    value, open_leaves = compile_condition(tree)(facts, compiled_trace)

    assert value is expected_value
    assert _plain(open_leaves) == _plain(expected_open)
    assert _plain(compiled_trace) == _plain(expected_trace)


@settings(max_examples=100, deadline=None)
@given(line=lines)
def test_derived_facts_match_their_definitions(determiner: Determiner, line: dict[str, Any]) -> None:
    """Hits and binding codes computed once equal what reading the screening and classification gives."""
    tx = transaction_from_dict(line)
    facts = facts_of(determiner, tx)
    hits = [(role, m) for role, result in facts.screening.items() for m in result.matches]

    assert facts.counterparties == tx.counterparties
    assert list(facts.active_hits()) == [(r, m) for r, m in hits if m.status == "active"]
    assert list(facts.inactive_hits()) == [(r, m) for r, m in hits if m.status in ("suspended", "stopped")]
    assert list(facts.binding_codes) == [c for c in facts.classification.codes if binding_code(c)]
    assert facts.party("end_user") == tx.end_user


@settings(max_examples=60, deadline=None)
@given(line=lines)
def test_shared_json_forms_equal_fresh_ones(determiner: Determiner, line: dict[str, Any]) -> None:
    """The screening and classification the engine shares between lines serialise as freshly built ones do."""
    tx = transaction_from_dict(line)
    facts = facts_of(determiner, tx)

    first = determiner.determine(tx)
    second = determiner.determine(tx)

    fresh = {role: result.to_dict() for role, result in facts.screening.items()} | {
        f"{role}_military_user_reference": m.to_dict() for role, m in facts.military_users.items()
    }
    assert orjson.dumps(first.screening) == orjson.dumps(fresh)
    assert orjson.dumps(first.classification) == orjson.dumps(facts.classification.to_dict())
    assert orjson.dumps(first.to_dict()) == orjson.dumps(second.to_dict())


def test_the_engine_memo_of_statuses_and_citations_agrees_with_the_rule_base(determiner: Determiner,
                                                                            rulebase: RuleBase) -> None:  # fmt: skip
    """Every measure's status on a spread of days, and its citations, equal what the rule base says directly."""
    days = [date(2020, 12, 1), date(2024, 12, 1), date(2025, 11, 9), date(2025, 11, 10), date(2026, 6, 1)]
    for measure in rulebase.measures:
        for day in days:
            assert determiner._measure_status(measure, day) == rulebase.measure_status(measure, day)
        expected = [rulebase.cite(measure.instrument, measure.clause)]
        expected += [rulebase.cite(i, c) for i, c in measure.also_cites]
        assert determiner._own_citations(measure) == tuple(dict.fromkeys(expected))
