"""Invariants of classification, checked on generated inputs (hypothesis)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.classify import Classifier
from dualuse.rulebase import InstrumentState, RuleBase

ROOT = Path(__file__).resolve().parents[2]
CASES = [orjson.loads(line) for line in (ROOT / "bench/classification/cases.jsonl").read_bytes().splitlines()]
#: Descriptions whose expected top code is found by a term, formula or trade name.
FOUND = [c for c in CASES if c.get("expected_code") and not c.get("hs_code") and not c.get("declared_code")]
NEUTRAL = [
    "delivery",
    "sample",
    "urgent",
    "pallet",
    "blue",
    "lot",
    "new",
    "stock",
    "batch",
    "CIF",
    "2 drums",
    "样品",
    "至急",
]
FIRST_DAY = date(2020, 12, 1)
days = st.integers(min_value=0, max_value=(date(2028, 12, 31) - FIRST_DAY).days).map(lambda n: FIRST_DAY + timedelta(n))


def _unrelated(classifier: Classifier, word: str) -> bool:
    """True when the word names nothing the vocabulary knows (so adding it cannot change what the goods are)."""
    grammar = {"no", "non", "free", "for", "with", "without", "used", "and", "or"}
    return not classifier.concepts(word) and not classifier.purpose_clauses(word) and word.lower() not in grammar


@pytest.fixture(scope="module")
def fresh(rulebase: RuleBase) -> Classifier:
    """A second classifier, built independently of the session one."""
    return Classifier(rulebase)


@settings(max_examples=120, deadline=None)
@given(
    case=st.sampled_from(FOUND),
    word=st.one_of(st.sampled_from(NEUTRAL), st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)),
    where=st.sampled_from(["before", "after"]),
)
def test_an_unrelated_word_never_removes_a_code(
    classifier: Classifier, case: dict[str, str], word: str, where: str
) -> None:
    """Adding an unrelated word before or after a description keeps every code its terms or formulas found."""
    if not _unrelated(classifier, word):
        return
    day = date.fromisoformat(case["as_of"])
    before = classifier.classify(case["description"], as_of=day)
    changed = f"{word} {case['description']}" if where == "before" else f"{case['description']} {word}"
    after = classifier.classify(changed, as_of=day)
    found = {c.entry_id for c in before.codes if any("matched" in e for e in c.evidence)}
    assert found <= {c.entry_id for c in after.codes}


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(CASES), day=days)
def test_results_are_deterministic(classifier: Classifier, fresh: Classifier, case: dict[str, str], day: date) -> None:
    """The same input gives byte-identical output, from the same classifier and from one built separately."""

    def run(engine: Classifier) -> bytes:
        result = engine.classify(case["description"], hs_code=case.get("hs_code"), as_of=day)
        return orjson.dumps(result.to_dict())

    first = run(classifier)
    assert run(classifier) == first
    assert run(fresh) == first


@settings(max_examples=100, deadline=None)
@given(case=st.sampled_from(CASES), day=days)
def test_a_code_outside_its_window_is_never_in_force(
    classifier: Classifier, rulebase: RuleBase, case: dict[str, str], day: date
) -> None:
    """A candidate is in force exactly when the rule base says its instrument is, and only such codes make an item controlled."""
    result = classifier.classify(case["description"], hs_code=case.get("hs_code"), as_of=day)
    entries = {e.id: e for e in rulebase.entries}
    for code in result.codes:
        state = rulebase.entry_status(entries[code.entry_id], day).state
        assert (code.status == "in_force") == (state == InstrumentState.IN_FORCE)
        if code.instrument in ("MOFCOM-GACC-2025-55", "MOFCOM-GACC-2025-58") and date(2025, 11, 7) <= day <= date(
            2026, 11, 10
        ):
            assert code.status == "suspended"
    if result.status == "controlled":
        assert any(c.status == "in_force" and c.verdict == "meets" for c in result.codes)


def test_output_does_not_depend_on_hash_seeds() -> None:
    """Two interpreters with different hash seeds classify the benchmark to the same bytes."""
    script = (
        "import sys, orjson; from datetime import date; from dualuse.rulebase import load_rulebase;"
        "from dualuse.classify import Classifier; c = Classifier(load_rulebase());"
        f"cases = [orjson.loads(l) for l in open({str(ROOT / 'bench/classification/cases.jsonl')!r}, 'rb')][::3];"
        "out = [c.classify(x['description'], hs_code=x.get('hs_code'), as_of=date.fromisoformat(x['as_of']),"
        " declared_code=x.get('declared_code')).to_dict() for x in cases];"
        "sys.stdout.buffer.write(orjson.dumps(out))"
    )
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, check=True, timeout=120)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


@settings(max_examples=120, deadline=None)
@given(text=st.text(min_size=1, max_size=300).filter(lambda t: t.strip()), day=days)
def test_any_text_gets_an_answer(classifier: Classifier, text: str, day: date) -> None:
    """Any non-empty text up to the limit is classified without error into one of the three outcomes."""
    result = classifier.classify(text, as_of=day)
    assert result.status in ("controlled", "not_controlled", "review")
    assert result.explanation
    assert (result.reason is None) == (result.status != "not_controlled")
