"""The classifier: from an order line to ranked control-list candidates with evidence, dates and citations.

``Classifier(rulebase)`` compiles the vocabulary once (term tries, formula and unit patterns, customs
index, citations); ``classify`` is then a pure function of (description, customs code, declared code,
as_of): no I/O, no clock, no environment, the same answer every time.
"""

from __future__ import annotations

import re
from datetime import date

from dualuse.classify import outcome
from dualuse.classify.assess import Assessor, Candidate
from dualuse.classify.customs import CustomsIndex
from dualuse.classify.formulas import FormulaReader
from dualuse.classify.quantities import QuantityReader
from dualuse.classify.result import Classification
from dualuse.classify.rules import RuleSet
from dualuse.classify.terms import Hit, TermIndex
from dualuse.classify.text import (
    Text,
    check_description,
    normalise_customs_code,
    normalise_declared_code,
    prepare,
    purpose_markers,
)
from dualuse.classify.thresholds import ThresholdChecker
from dualuse.classify.vocabulary import Terms, Vocabulary, load_vocabulary
from dualuse.errors import CoverageError, InputError
from dualuse.rulebase import RuleBase
from dualuse.rulebase.model import ControlEntry

#: A control code written in the description itself ('… (1C902.b)').
_CODE_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])[0-9][A-E][0-9]{3}(?:\.[a-z](?:\.[0-9]+)?)?(?![A-Za-z0-9])")
_WORD_AFTER = re.compile(r"\s+([a-z]+)")


class Classifier:
    """Classifies order lines against one rule base; build once, call ``classify`` many times."""

    def __init__(self, rulebase: RuleBase) -> None:
        """Load the vocabulary beside ``rulebase`` and compile every index the classifier needs."""
        self.rulebase = rulebase
        vocabulary = load_vocabulary(rulebase)
        self._entries = {e.id: e for e in rulebase.entries}
        self._order = {e.id: i for i, e in enumerate(rulebase.entries)}
        self._entry_ids = frozenset(self._entries)
        self._markers = purpose_markers(vocabulary.terms.purpose)
        words = "|".join(re.escape(w) for w in sorted(vocabulary.terms.customs_code_words, key=len, reverse=True))
        self._code_in_words = (
            re.compile(rf"(?<![a-z])(?:{words})\s*[:：#=]?\s*(\d[\d. \-]{{4,14}}\d)(?!\d)") if words else None
        )
        self._rules = RuleSet(vocabulary)
        extra: dict[str, Terms] = dict(self._rules.own_terms)
        self._exclusions = self._exclusion_concepts(vocabulary, extra)
        self._terms = TermIndex(vocabulary, extra, self._rules.own_formulas)
        self._formulas = FormulaReader.from_vocabulary(vocabulary)
        self._quantities = QuantityReader(vocabulary)
        self._thresholds = ThresholdChecker(vocabulary.parameters)
        self._customs = CustomsIndex(rulebase.entries, vocabulary.rules.customs.residual_lines)
        suffixes = vocabulary.terms.compound_suffixes
        self._suffixes = tuple(suffixes["en_suffixes"])
        self._suffix_exceptions = frozenset(suffixes["en_exceptions"])
        self._cjk_before = frozenset(suffixes["cjk_before"])
        self._cjk_after = frozenset(suffixes["cjk_after"])
        self._assessor = Assessor(rulebase, self._rules, self._thresholds, self._exclusions)
        self._outcome = outcome.OutcomeWriter(rulebase, self._rules, self._family_subjects(vocabulary))

    # ------------------------------------------------------------------ the public call
    def classify(
        self,
        description: str,
        hs_code: str | None = None,
        as_of: date | None = None,
        declared_code: str | None = None,
    ) -> Classification:
        """Classify one order line on ``as_of``; InputError names the field when the input is unusable."""
        text_value = check_description(description)
        customs_code = normalise_customs_code(hs_code)
        declared = normalise_declared_code(declared_code, self._entry_ids)
        day = self._day(as_of)
        text = prepare(text_value, self._markers)
        if customs_code is None and self._code_in_words is not None:
            written = self._code_in_words.search(text.lower)
            if written:
                try:
                    customs_code = normalise_customs_code(written.group(1))
                except InputError:  # digits in the text that are no customs code: not the user's input error
                    customs_code = None
        presence = self._rules.presence(self._hits(text))
        candidates: dict[str, Candidate] = {}
        for match in self._rules.match(presence):
            candidate = candidates.setdefault(match.entry_id, Candidate(self._entries[match.entry_id]))
            if candidate.match is None or match.strength > candidate.match.strength:
                candidate.match = match
        for code in dict.fromkeys(_CODE_IN_TEXT.findall(text.raw)):
            for entry in self._by_code(code):
                candidates.setdefault(entry.id, Candidate(entry)).stated = code
        if declared:
            for entry in self._by_code(declared):
                candidates.setdefault(entry.id, Candidate(entry)).declared = declared
        customs = self._customs.match(customs_code)
        alone = not candidates
        for customs_match in customs:
            if customs_match.entry_id in candidates or alone:
                entry = self._entries[customs_match.entry_id]
                candidates.setdefault(entry.id, Candidate(entry)).customs = customs_match
        measurements = self._quantities.read(text) if any(c.entry.parameters for c in candidates.values()) else []
        assessed = [
            self._assessor.assess(c, self._evidence(c, customs_code), presence, measurements, day)
            for c in candidates.values()
        ]
        assessed.sort(key=lambda a: (-a.code.score, self._order[a.entry.id]))
        return self._outcome.decide(
            assessed, presence=presence, day=day, customs_code=customs_code, customs=customs, declared=declared
        )

    def concepts(self, description: str) -> tuple[str, ...]:
        """The vocabulary concepts a description names (not denied), in order: what the classifier reads in it."""
        text = prepare(check_description(description), self._markers)
        hits = self._hits(text)
        return tuple(dict.fromkeys(h.concept for h in hits if not h.negated and not h.concept.startswith(("@", "!"))))

    def purpose_clauses(self, description: str) -> tuple[str, ...]:
        """The purpose clauses of a description ('… for NdFeB magnets'): context, never the goods."""
        text = prepare(check_description(description), self._markers)
        return tuple(text.raw[start:end] for start, end in text.purpose)

    def _hits(self, text: Text) -> list[Hit]:
        hits = self._terms.find(text)
        hits += self._formulas.find(text, self._terms, hits, self._rules.kinds)
        hits += self._inferred_compounds(text, hits)
        return hits

    # ------------------------------------------------------------------ steps
    def _day(self, as_of: date | None) -> date:
        if not isinstance(as_of, date):
            raise InputError("as_of is required: the day the classification applies (YYYY-MM-DD)", field="as_of")
        try:
            self.rulebase.check_covered(as_of)
        except CoverageError as error:
            raise InputError(str(error), field="as_of") from None
        return as_of

    def _inferred_compounds(self, text: Text, hits: list[Hit]) -> list[Hit]:
        """'bismuth subsalicylate', '碱式水杨酸铋', 'X酸ビスマス': a salt of the element, though not listed by name."""
        kinds = self._rules.kinds
        if any(kinds.get(h.concept) == "chemical_form" for h in hits if not h.negated):
            return []
        found = []
        for hit in hits:
            if kinds.get(hit.concept) != "element" or hit.negated:
                continue
            if hit.language in ("en", "formula"):
                word = _WORD_AFTER.match(text.folded, hit.end)
                if word and word.group(1).endswith(self._suffixes) and word.group(1) not in self._suffix_exceptions:
                    start, end = word.span(1)
                    found.append(Hit("compound", text.raw[start:end], "en", start, end, False, hit.purpose, "inferred"))
            else:
                before = text.folded[hit.start - 1] if hit.start else ""
                after = text.folded[hit.end] if hit.end < len(text.folded) else ""
                if before in self._cjk_before or after in self._cjk_after:
                    span = (hit.start - 1, hit.end) if before in self._cjk_before else (hit.start, hit.end + 1)
                    term = text.raw[span[0] : span[1]]
                    found.append(Hit("compound", term, hit.language, span[0], span[1], False, hit.purpose, "inferred"))
        return found

    def _by_code(self, code: str) -> list[ControlEntry]:
        if code in self._entries:
            return [self._entries[code]]
        return [
            e
            for e in self.rulebase.entries
            if any(c == code or c.startswith(code + ".") or code.startswith(c + ".") for c in e.codes)
        ]

    def _evidence(self, candidate: Candidate, customs_code: str | None) -> list[str]:
        """How the candidate was found: the rule and words that matched, codes written or declared, customs."""
        evidence = []
        if candidate.match:
            evidence.append(self._outcome.match_evidence(candidate.match))
        if candidate.stated:
            evidence.append(f"control code {candidate.stated} is written in the description")
        if candidate.declared:
            evidence.append(f"declared control code {candidate.declared} (accepted as evidence)")
        if candidate.customs and customs_code:
            evidence.append(candidate.customs.evidence(customs_code))
        return evidence

    def _exclusion_concepts(self, vocabulary: Vocabulary, extra: dict[str, Terms]) -> dict[str, list[tuple[str, str]]]:
        """One concept per exclusion an entry states, with its English terms and the vocabulary's other languages."""
        exclusions: dict[str, list[tuple[str, str]]] = {}
        for entry in self.rulebase.entries:
            more = vocabulary.rules.exclusion_terms.get(entry.id, [])
            for number, exclusion in enumerate(entry.exclusions):
                concept = f"!{entry.id}#{number}"
                words = more[number] if number < len(more) else Terms()
                extra[concept] = Terms(
                    en=[*exclusion.terms, *words.en], zh=words.zh, zh_hant=words.zh_hant, ja=words.ja
                )
                self._rules.add_concept(concept, "exclusion", exclusion.description)
                exclusions.setdefault(entry.id, []).append((concept, exclusion.description))
        return exclusions

    def _family_subjects(self, vocabulary: Vocabulary) -> dict[str, list[ControlEntry]]:
        """The words that name a controlled family (listed elements, and the vocabulary's 'subjects'), with its entries.

        They let a not-controlled answer say 'the description names bismuth, but none of its listed items fits'.
        """
        concepts = vocabulary.terms.concepts
        subjects: dict[str, list[ControlEntry]] = {}
        for rule in self._rules.rules:
            concept = concepts.get(rule.subject or "")
            if concept is not None and concept.kind == "element" and concept.listed and rule.subject:
                bucket = subjects.setdefault(rule.subject, [])
                bucket += [self._entries[e] for e in rule.entries if self._entries[e] not in bucket]
        for subject, families in vocabulary.rules.subjects.items():
            bucket = subjects.setdefault(subject, [])
            bucket += [e for e in self.rulebase.entries if e.family in families and e not in bucket]
        return subjects
