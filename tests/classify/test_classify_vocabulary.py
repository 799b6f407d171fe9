"""The classification vocabulary covers the rule base, in every language, and a broken one fails loudly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from dualuse.classify import Classifier
from dualuse.classify.vocabulary import LANGUAGES, Vocabulary, load_vocabulary
from dualuse.errors import RuleBaseError
from dualuse.rulebase import RuleBase, load_rulebase


@pytest.fixture(scope="module")
def vocabulary(rulebase: RuleBase) -> Vocabulary:
    """The bundled classification vocabulary."""
    return load_vocabulary(rulebase)


def test_every_entry_has_a_rule_or_a_reason(vocabulary: Vocabulary, rulebase: RuleBase) -> None:
    """Every control-list entry can be reached by a rule, or the vocabulary says why no description can reach it."""
    ruled = {e for r in vocabulary.rules.rules for e in ([r.entry] if r.entry else []) + r.entries}
    unreached = [e.id for e in rulebase.entries if e.id not in ruled and e.id not in vocabulary.rules.not_classifiable]
    assert unreached == []


def test_every_listed_element_has_words_in_every_language(vocabulary: Vocabulary) -> None:
    """Each element and material family is named in English, simplified and traditional Chinese and Japanese."""
    kinds = ("element", "material")
    gaps = [
        (name, language)
        for name, concept in vocabulary.terms.concepts.items()
        if concept.kind in kinds
        for language in LANGUAGES
        if not getattr(concept, language)
    ]
    assert gaps == []


def test_every_family_can_be_named(vocabulary: Vocabulary, rulebase: RuleBase) -> None:
    """Every family of the rule base (but the annex that was never retrieved) is reached by some rule."""
    ruled = {e for r in vocabulary.rules.rules for e in ([r.entry] if r.entry else []) + r.entries}
    families = {e.family for e in rulebase.entries}
    reached = {e.family for e in rulebase.entries if e.id in ruled}
    assert families - reached == {"rare_earth_overseas"}


@pytest.mark.parametrize(
    ("file", "change", "words"),
    [
        ("classification_rules.yaml", lambda d: d["rules"][0].update(entry="9Z999.z"), "no control-list entry"),
        ("classification_rules.yaml", lambda d: d["rules"][0].update(all=["unobtainium"]), "unknown concept"),
        ("classification_terms.yaml", lambda d: d["concepts"]["yttria"].update(implies=["nothing"]), "unknown concept"),
        ("classification_parameters.yaml", lambda d: d["parameters"].pop("purity"), "does not define it"),
        ("classification_terms.yaml", lambda d: d["concepts"]["oxide"].update(colour="red"), "Extra inputs"),
    ],
)
def test_broken_vocabulary_names_the_file(
    tmp_path: Path, rulebase: RuleBase, file: str, change: object, words: str
) -> None:
    """A vocabulary that names something the rule base lacks raises RuleBaseError naming the file."""
    root = tmp_path / "cn"
    shutil.copytree(rulebase.root, root, ignore=shutil.ignore_patterns("cases"))
    path = root / "vocabulary" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleBaseError) as raised:
        Classifier(load_rulebase(root))
    assert f"vocabulary/{file}" in str(raised.value)
    assert words in str(raised.value)
