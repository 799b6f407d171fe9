"""Broken input gives a clear error naming the field; legal uncertainty never does."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dualuse.classify import Classifier, classify
from dualuse.errors import InputError
from dualuse.rulebase import RuleBase

DAY = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("description", "hs_code", "declared", "as_of", "field", "words"),
    [
        ("", None, None, DAY, "description", "empty"),
        ("   \t ", None, None, DAY, "description", "empty"),
        (None, None, None, DAY, "description", "must be text"),
        (["Sm2O3"], None, None, DAY, "description", "must be text"),
        ("x" * 100_000, None, None, DAY, "description", "100,000 characters"),
        ("Sm2O3", "28A6901940", None, DAY, "hs_code", "not a customs code"),
        ("Sm2O3", "284", None, DAY, "hs_code", "3 digits"),
        ("Sm2O3", 2846.5, None, DAY, "hs_code", "not a customs code"),
        ("Sm2O3", None, "samarium", DAY, "declared_code", "not a control code"),
        ("Sm2O3", None, None, None, "as_of", "required"),
        ("Sm2O3", None, None, date(2019, 12, 31), "as_of", "2020-12-01"),
    ],
)
def test_bad_input_names_the_field(
    classifier: Classifier, description: Any, hs_code: Any, declared: Any, as_of: Any, field: str, words: str
) -> None:
    """Each unusable input raises InputError naming the field and saying what is wrong."""
    with pytest.raises(InputError) as raised:
        classifier.classify(description, hs_code=hs_code, as_of=as_of, declared_code=declared)
    assert raised.value.field == field
    assert words in str(raised.value)


@pytest.mark.parametrize(
    ("hs_code", "expected"),
    [(2846901940, "1C902.b"), ("2846 9019 40", "1C902.b"), ("２８４６９０１９４０", "1C902.b"), ("", "1C902.b")],
)
def test_customs_code_forms_accepted(classifier: Classifier, hs_code: Any, expected: str) -> None:
    """Customs codes given as numbers, with spaces or in full-width digits are read; an empty one is ignored."""
    result = classifier.classify("Samarium oxide", hs_code=hs_code, as_of=DAY)
    assert result.codes[0].label == expected


def test_convenience_function_matches_the_classifier(classifier: Classifier, rulebase: RuleBase) -> None:
    """classify() gives the same answer as Classifier.classify for the same rule base."""
    direct = classifier.classify("Dy2O3 99.9%", hs_code="2846901993", as_of=DAY)
    cached = classify("Dy2O3 99.9%", rulebase=rulebase, as_of=DAY, hs_code="2846901993")
    assert cached.to_dict() == direct.to_dict()


@pytest.mark.parametrize("text", ["a" * 9_999, "钐用" * 4_999, "Sm2O3 99.9% " * 800, "9" * 9_999, "(" * 9_999])
def test_descriptions_at_the_length_limit_are_classified_quickly(classifier: Classifier, text: str) -> None:
    """A description at the length limit is classified well within a second on one core (no quadratic scans)."""
    import time

    started = time.process_time()
    result = classifier.classify(text, as_of=DAY)
    assert result.status in ("controlled", "not_controlled", "review")
    assert time.process_time() - started < 1.5
