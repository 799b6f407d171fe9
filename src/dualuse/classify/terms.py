"""Find the vocabulary's words in a description: which concepts it names, in which language, and how.

Latin-script words match whole words only (with an optional plural 's'/'es'); Chinese and Japanese
words match anywhere, since those scripts do not separate words; formulas and acronyms match as
written, case and all ('GaP' is gallium phosphide, 'gap' is not). A word is *negated* when the text
says the goods are free of it ('Dy-free', 'without terbium', '无镝') and *in a purpose clause* when it
only says what the goods are for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dualuse.classify.text import Text
from dualuse.classify.trie import trie_pattern
from dualuse.classify.vocabulary import LANGUAGES, ConceptModel, Terms, Vocabulary

_HAS_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r" +")


@dataclass(frozen=True, slots=True)
class Hit:
    """One word of the description that names a concept."""

    concept: str
    term: str
    language: str
    start: int
    end: int
    negated: bool = False
    purpose: bool = False
    source: str = "term"

    def describe(self) -> str:
        """How the hit is quoted in evidence: "term 'サマリウム' (ja)" or "formula 'Sm2O3'"."""
        if self.source == "term":
            return f"term '{self.term}' ({self.language})"
        return f"{self.source} '{self.term}'"


def fold_term(term: str) -> str:
    """A vocabulary word in the same folded form as the text it is matched against."""
    import unicodedata

    folded = re.sub(r"[\W_]", " ", unicodedata.normalize("NFKC", term).lower())
    return _SPACES.sub(" ", folded).strip()


class TermIndex:
    """Every word of the vocabulary, compiled once into three trie-shaped patterns."""

    def __init__(self, vocabulary: Vocabulary, extra: dict[str, Terms], extra_formulas: dict[str, list[str]]) -> None:
        """Index the concepts' words plus ``extra`` words (rule-specific terms and exclusion terms)."""
        self._words: dict[str, list[tuple[str, str]]] = {}
        self._formulas: dict[str, list[str]] = {}
        self._blocked_after: dict[str, tuple[str, ...]] = {}
        for name, concept in vocabulary.terms.concepts.items():
            self._add(name, concept)
            for formula in concept.formulas:
                self._formulas.setdefault(formula, []).append(name)
            if concept.not_followed_by:
                self._blocked_after[name] = tuple(fold_term(w) for w in concept.not_followed_by)
        for name, terms in extra.items():
            self._add(name, terms)
        for name, formulas in extra_formulas.items():
            for formula in formulas:
                self._formulas.setdefault(formula, []).append(name)
        latin = [w for w in self._words if not _HAS_CJK.search(w)]
        cjk = [w for w in self._words if _HAS_CJK.search(w)]
        self._latin = re.compile(
            r"(?<![a-z0-9])(?P<t>" + (trie_pattern(latin, flexible_spaces=True) or "(?!)") + r")(?:e?s)?(?![a-z0-9])"
        )
        self._cjk = re.compile("(?P<t>" + (trie_pattern(cjk, flexible_spaces=True) or "(?!)") + ")")
        self._formula = re.compile(
            r"(?<![A-Za-z0-9])(?P<t>" + (trie_pattern(self._formulas) or "(?!)") + r")(?![A-Za-z0-9])"
        )
        negation = vocabulary.terms.negation
        before = "|".join(re.escape(w) for w in sorted(negation["before"], key=len, reverse=True))
        after = "|".join(re.escape(w) for w in sorted(negation["after"], key=len, reverse=True))
        self._negated_before = re.compile(rf"(?:^|[^a-z])(?:{before})[\s-]*$")
        self._negated_after = re.compile(rf"^(?:\s*(?:/|,|&|and|or|、)\s*[a-z\u3040-\u9fff]{{1,14}})*[\s-]*(?:{after})")

    def _add(self, name: str, terms: Terms | ConceptModel) -> None:
        for language in LANGUAGES:
            for word in getattr(terms, language):
                folded = fold_term(word)
                if folded:
                    entries = self._words.setdefault(folded, [])
                    if (name, language) not in entries:
                        entries.append((name, language))

    def find(self, text: Text) -> list[Hit]:
        """Every vocabulary word in ``text``, in order of position."""
        hits: list[Hit] = []
        for pattern in (self._latin, self._cjk):
            for match in pattern.finditer(text.folded):
                key = _SPACES.sub(" ", match.group("t"))
                start, end = match.span()
                for concept, language in self._words.get(key, ()):
                    if self._blocked(concept, text.folded, end):
                        continue
                    hits.append(
                        self._hit(
                            text, concept, text.raw[start:end], language=language, start=start, end=end, source="term"
                        )
                    )
        for match in self._formula.finditer(text.raw):
            start, end = match.span()
            for concept in self._formulas.get(match.group("t"), ()):
                hits.append(
                    self._hit(
                        text, concept, match.group("t"), language="formula", start=start, end=end, source="formula"
                    )
                )
        hits.sort(key=lambda h: (h.start, -h.end, h.concept))
        return hits

    def _blocked(self, concept: str, folded: str, end: int) -> bool:
        blocked = self._blocked_after.get(concept)
        if not blocked:
            return False
        following = folded[end : end + 24].lstrip()
        return any(following.startswith(word) for word in blocked)

    def _hit(self, text: Text, concept: str, term: str, *, language: str, start: int, end: int, source: str) -> Hit:
        return Hit(
            concept=concept,
            term=term,
            language=language,
            start=start,
            end=end,
            negated=self.negated(text, start, end),
            purpose=text.in_purpose(start),
            source=source,
        )

    def negated(self, text: Text, start: int, end: int) -> bool:
        """True where the text says the goods are free of the word at ``start:end``."""
        before = text.lower[max(0, start - 14) : start]
        after = text.lower[end : end + 28]
        return bool(self._negated_before.search(before) or self._negated_after.match(after))
