"""Customs codes are supporting evidence only: matched by prefix, never enough to make an item controlled."""

from __future__ import annotations

from datetime import date

import pytest

from dualuse.classify import Classifier
from dualuse.rulebase import RuleBase

RESEARCHED = date(2026, 11, 21)
ORDINARY = ["Goods as per proforma invoice", "Spare parts", "Carbon steel bolts", "Office chairs"]


def _reference_codes(rulebase: RuleBase) -> list[str]:
    return sorted({c.code for e in rulebase.entries for c in e.customs_codes})


def test_no_reference_code_alone_makes_an_item_controlled(classifier: Classifier, rulebase: RuleBase) -> None:
    """Every reference customs code of the rule base, beside a description naming no listed item, gives at most review."""
    for code in _reference_codes(rulebase):
        for description in ORDINARY:
            result = classifier.classify(description, hs_code=code, as_of=RESEARCHED)
            assert result.status != "controlled", (code, description)


@pytest.mark.parametrize(
    ("hs_code", "status", "top", "depth_words"),
    [
        ("2846901940", "review", "1C902.b", "all 10 digits"),
        ("2846.90.19.40", "review", "1C902.b", "all 10 digits"),
        ("28469019", "review", "1C902.b", "the first 8 digits"),
        ("284690", "not_controlled", "1C902.b", "the 6-digit HS subheading"),
        ("84798999", "not_controlled", "2B005.b", "a residual 'other' line"),
    ],
)
def test_prefix_depth(classifier: Classifier, hs_code: str, status: str, top: str, depth_words: str) -> None:
    """A specific reference code sends an undescribed item to review; a 6-digit or residual match only informs."""
    result = classifier.classify("Goods as per proforma invoice", hs_code=hs_code, as_of=RESEARCHED)
    assert result.status == status
    assert result.codes[0].label == top
    assert depth_words in result.codes[0].evidence[0] or depth_words in result.explanation


def test_customs_code_adds_evidence_to_a_described_item(classifier: Classifier) -> None:
    """A matching customs code is quoted as supporting evidence and raises the score of the entry the words name."""
    plain = classifier.classify("Samarium oxide", as_of=RESEARCHED).codes[0]
    coded = classifier.classify("Samarium oxide", hs_code="2846901940", as_of=RESEARCHED).codes[0]
    assert coded.label == plain.label == "1C902.b"
    assert coded.score > plain.score
    assert any("supporting evidence only" in e for e in coded.evidence)


def test_item_below_threshold_stays_not_controlled_under_its_reference_code(classifier: Classifier) -> None:
    """A listed customs code does not make every good under it controlled: a 250 Wh/kg pack under 85076000 is not."""
    result = classifier.classify("Li-ion battery pack 250 Wh/kg", hs_code="85076000", as_of=RESEARCHED)
    assert result.status == "not_controlled"
    assert result.reason == "below_thresholds"


def test_controlled_item_without_printed_customs_code(classifier: Classifier) -> None:
    """An item is controlled by its description even where its customs code is not among the reference codes."""
    result = classifier.classify("Terbium oxide Tb4O7 99.99%", hs_code="2846909999", as_of=RESEARCHED)
    assert result.status == "controlled"
    assert result.codes[0].label == "1C904.b"


@pytest.mark.parametrize(
    "description",
    ["Chemical product, HS code: 2846901940", "化工产品 海关编码2846901940", "化学品 HSコード 2846.90.1940"],
)
def test_customs_code_written_in_the_description(classifier: Classifier, description: str) -> None:
    """A customs code written in the description is read like the customs-code field: evidence for review only."""
    result = classifier.classify(description, as_of=RESEARCHED)
    assert result.status == "review"
    assert result.codes[0].label == "1C902.b"
    assert result.missing_parameters == ("technical_description",)
