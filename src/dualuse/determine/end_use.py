"""Read a free-text end use in English, Chinese or Japanese: military, capability-enhancing, civil, or silent.

The terms are data (rulebase/cn/vocabulary/end_use_terms.yaml), marked as an interpretation; every
reading quotes the term it relied on.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict


class _Terms(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    status: str
    interprets: dict[str, str]
    negations: list[str]
    military: list[str]
    capability: list[str]
    civil: list[str]


@dataclass(frozen=True, slots=True)
class EndUseReading:
    """What the declared end use says, with the terms found."""

    military: tuple[str, ...]
    capability: tuple[str, ...]
    civil: tuple[str, ...]
    negated: tuple[str, ...]

    @property
    def says_military(self) -> bool:
        """True where a military term was found (and not denied)."""
        return bool(self.military)

    @property
    def says_capability(self) -> bool:
        """True where a term of military capability was found."""
        return bool(self.capability) or bool(self.military)

    @property
    def says_civil(self) -> bool:
        """True where the end use is declared civil (or a military use is expressly denied)."""
        return bool(self.civil) or bool(self.negated)


class EndUseReader:
    """Reads end-use text with the vocabulary of one rule base."""

    def __init__(self, vocabulary_folder: Path) -> None:
        raw = yaml.safe_load((vocabulary_folder / "end_use_terms.yaml").read_text(encoding="utf-8"))
        terms = _Terms.model_validate(raw)
        self._negations = tuple(_fold(t) for t in terms.negations)
        self._military = tuple(_fold(t) for t in terms.military)
        self._capability = tuple(_fold(t) for t in terms.capability)
        self._civil = tuple(_fold(t) for t in terms.civil)

    def read(self, text: str | None) -> EndUseReading:
        """The reading of ``text``; an empty text says nothing."""
        if not text:
            return EndUseReading((), (), (), ())
        folded = _fold(text)
        negated = tuple(n for n in self._negations if n in folded)
        for phrase in negated:
            folded = folded.replace(phrase, " ")
        return EndUseReading(
            military=tuple(t for t in self._military if _has(folded, t)),
            capability=tuple(t for t in self._capability if _has(folded, t)),
            civil=tuple(t for t in self._civil if _has(folded, t)),
            negated=negated,
        )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _has(text: str, term: str) -> bool:
    if not term.isascii():
        return term in text
    start = text.find(term)
    while start != -1:
        before = text[start - 1] if start else " "
        after_index = start + len(term)
        after = text[after_index] if after_index < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(term, start + 1)
    return False
