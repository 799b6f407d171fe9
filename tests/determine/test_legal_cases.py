"""The legal cases beside the rules: each asserts the outcome and the instruments cited."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
import yaml

from dualuse.determine import Determiner, transaction_from_dict
from dualuse.rulebase import RuleBase, default_path

CASE_FILES = sorted((default_path() / "cases").glob("*.yaml"))
CASES: list[dict[str, Any]] = [
    {**case, "file": path.name}
    for path in CASE_FILES
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
]
EXPECT_KEYS = {"outcome", "cites", "rules", "not_rules", "individual_licence_only", "requirements",
               "question_mentions", "licence_reason_mentions"}  # fmt: skip


@pytest.fixture(scope="module")
def determiner(rulebase: RuleBase) -> Determiner:
    """One Determiner for every case."""
    return Determiner(rulebase)


def test_there_are_at_least_80_cases_each_with_a_source() -> None:
    """The case book holds at least 80 cases, each named as a sentence and citing its source."""
    names = [c["name"] for c in CASES]

    assert len(CASES) >= 80
    assert len(set(names)) == len(names)
    for case in CASES:
        assert case["name"][0].isupper() and not case["name"].endswith(".")
        assert case["source"].strip()
        assert set(case["expect"]) <= EXPECT_KEYS
        assert "outcome" in case["expect"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_legal_case(determiner: Determiner, rulebase: RuleBase, case: dict[str, Any]) -> None:
    """The determination has the expected outcome and cites the expected instruments."""
    expect = case["expect"]
    transaction = transaction_from_dict({"id": case["name"], **case["input"]})

    result = determiner.determine(transaction)

    rules = {f.rule for f in result.findings if f.outcome is not None}
    cited = {c.instrument for c in result.citations}
    explanation = f"\n{orjson.dumps(result.to_dict()['findings'], option=orjson.OPT_INDENT_2).decode()}"
    assert result.outcome.value == expect["outcome"], explanation
    assert set(expect.get("cites", [])) <= cited, explanation
    assert set(expect.get("rules", [])) <= rules, explanation
    assert not set(expect.get("not_rules", [])) & rules, explanation
    assert all(rulebase.has_instrument(i) for i in cited)
    if "individual_licence_only" in expect:
        assert result.individual_licence_only is expect["individual_licence_only"]
    if "requirements" in expect:
        assert set(expect["requirements"]) <= {r.id for r in result.requirements}
    if "question_mentions" in expect:
        assert expect["question_mentions"] in " ".join(result.questions).casefold(), explanation
    if "licence_reason_mentions" in expect:
        reasons = orjson.dumps([f.licence for f in result.findings if f.licence]).decode()
        assert expect["licence_reason_mentions"] in reasons, explanation
