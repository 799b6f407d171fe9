"""Item classification: which control-list entry an order line falls under, on a given day, and why.

    from dualuse.classify import classify, Classifier

    classifier = Classifier(rulebase)              # compiles the vocabulary once
    result = classifier.classify("Sm2O3 99.99% powder", hs_code="2846901940", as_of=date(2026, 5, 1))
    result.status        # 'controlled' | 'not_controlled' | 'review'
    result.codes[0]      # the best candidate: code, status on the day, score, evidence, citations

The words, formulas, units and matching rules live in ``rulebase/cn/vocabulary/classification_*.yaml``;
the control-list entries, thresholds, exclusions and dates come from the rule base itself.

Decisions a reader should know:

* **Pre-list items** (Ann 23/2023 gallium and germanium, 39/2023 graphite, 21/2024 aerospace and UHMWPE,
  33/2024 antimony and superhard items) were folded into the unified list on 2024-12-01 with codes the
  sources do not give. Their ``CandidateCode.code`` is None and ``entry_id`` names them
  ('MOFCOM-GACC-2023-23/Ga-5'); they are in force and make an item controlled like any listed code, and
  they cite both their announcement and Ann 51/2024. The same holds for the Ann 58/2025 graphite-anode
  records whose codes were not captured.
* **Customs codes** are supporting evidence only, as the announcements say: a match (by prefix at 10, 8
  or 6 digits, half weight on residual 'other' lines) raises the rank of an entry the words already name;
  on its own a specific match (8 digits or more, not a residual line) sends the item to review and never
  makes it controlled.
* **Single records for several sub-items** (1C905–1C908: a metal/alloys/targets, b oxide, c compounds)
  keep their rule-base code; the sub-item the words point to is reported as evidence, marked inferred.
* **Dates**: every candidate carries its instrument's status on ``as_of``; only codes in force whose
  parameters are met make the item controlled.
"""

from __future__ import annotations

from datetime import date

from dualuse.classify.engine import Classifier
from dualuse.classify.result import CandidateCode, Classification, ParameterCheck
from dualuse.rulebase import RuleBase

__all__ = ["CandidateCode", "Classification", "Classifier", "ParameterCheck", "classifier_for", "classify"]

_CLASSIFIERS: dict[str, Classifier] = {}


def classifier_for(rulebase: RuleBase) -> Classifier:
    """The Classifier for ``rulebase``, built once per rule-base digest (the vocabulary is part of the digest)."""
    classifier = _CLASSIFIERS.get(rulebase.digest)
    if classifier is None:
        if len(_CLASSIFIERS) >= 4:
            _CLASSIFIERS.pop(next(iter(_CLASSIFIERS)))
        classifier = Classifier(rulebase)
        _CLASSIFIERS[rulebase.digest] = classifier
    return classifier


def classify(
    description: str,
    rulebase: RuleBase,
    as_of: date,
    hs_code: str | None = None,
    declared_code: str | None = None,
) -> Classification:
    """Classify one order line against ``rulebase`` on ``as_of`` (a cached Classifier per rule-base digest)."""
    return classifier_for(rulebase).classify(description, hs_code=hs_code, as_of=as_of, declared_code=declared_code)
