"""The screening vocabulary: legal forms, joining words, abbreviations and romaji folding, read from YAML.

The words live in ``rulebase/cn/vocabulary/`` beside the law they help apply, so they are reviewed
like the rest of the rule base and covered by its digest. They name no listed party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dualuse.errors import RuleBaseError

LEGAL_FORMS_FILE = "legal_forms.yaml"
WORDS_FILE = "screening_words.yaml"
ROMAJI_FILE = "screening_romaji.yaml"
KANJI_FILE = "screening_kanji_variants.yaml"

_Model = TypeVar("_Model", bound=BaseModel)


class _LegalFormFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    form: str
    language: str
    variants: list[str] = Field(min_length=1)
    where: Literal["anywhere", "end", "start"] = "anywhere"


class _LegalFormsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    forms: list[_LegalFormFile]


class _AcronymFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    acronym: str
    stands_for: list[str] = Field(min_length=1)
    note: str


class _WordsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stopwords: list[str]
    place_words: list[str]
    word_variants: dict[str, list[str]]
    group_acronyms: list[_AcronymFile]
    countries: dict[str, list[str]]


class _KanjiFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    variants: dict[str, str]


class _RomajiFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kunrei_to_hepburn: list[tuple[str, str]]
    long_vowels: list[tuple[str, str]]
    plurals: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class LegalForm:
    """One spelling of a legal form, as the comparison sees it."""

    label: str
    variant: str
    where: str


@dataclass(frozen=True, slots=True)
class GroupAcronym:
    """A group's short name and the full names it stands for."""

    acronym: str
    stands_for: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything screening reads from the vocabulary files, ready to use."""

    legal_forms: tuple[LegalForm, ...]
    stopwords: frozenset[str]
    place_words: frozenset[str]
    word_variants: dict[str, str]
    group_acronyms: tuple[GroupAcronym, ...]
    countries: dict[str, tuple[str, ...]]
    kunrei_to_hepburn: tuple[tuple[re.Pattern[str], str], ...]
    long_vowels: tuple[tuple[re.Pattern[str], str], ...]
    plurals: tuple[tuple[re.Pattern[str], str], ...]
    kanji_variants: dict[str, str]
    source: str = ""


def load_vocabulary(folder: Path) -> Vocabulary:
    """Read the screening vocabulary from a rule base's ``vocabulary`` folder (cached per folder and contents)."""
    files = (LEGAL_FORMS_FILE, WORDS_FILE, ROMAJI_FILE, KANJI_FILE)
    texts = tuple((folder / name).read_text(encoding="utf-8") for name in files)
    return _parse(str(folder), texts)


@lru_cache(maxsize=4)
def _parse(folder: str, texts: tuple[str, ...]) -> Vocabulary:
    forms = _validated(_LegalFormsFile, texts[0], f"{folder}/{LEGAL_FORMS_FILE}")
    words = _validated(_WordsFile, texts[1], f"{folder}/{WORDS_FILE}")
    romaji = _validated(_RomajiFile, texts[2], f"{folder}/{ROMAJI_FILE}")
    kanji = _validated(_KanjiFile, texts[3], f"{folder}/{KANJI_FILE}")
    variants: dict[str, str] = {}
    for full, spellings in words.word_variants.items():
        for spelling in spellings:
            variants[spelling.lower()] = full.lower()
    return Vocabulary(
        legal_forms=tuple(LegalForm(f.form, v, f.where) for f in forms.forms for v in f.variants),
        stopwords=frozenset(w.lower() for w in words.stopwords),
        place_words=frozenset(w.lower() for w in words.place_words),
        word_variants=variants,
        group_acronyms=tuple(GroupAcronym(a.acronym, tuple(a.stands_for), a.note) for a in words.group_acronyms),
        countries={code.upper(): tuple(names) for code, names in words.countries.items()},
        kunrei_to_hepburn=_rules(romaji.kunrei_to_hepburn, f"{folder}/{ROMAJI_FILE}"),
        long_vowels=_rules(romaji.long_vowels, f"{folder}/{ROMAJI_FILE}"),
        plurals=_rules(romaji.plurals, f"{folder}/{ROMAJI_FILE}"),
        kanji_variants=dict(kanji.variants),
        source=folder,
    )


def _validated(model: type[_Model], text: str, file: str) -> _Model:
    try:
        return model.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as error:
        raise RuleBaseError(file, None, None, f"not valid YAML: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise RuleBaseError(file, None, field, first["msg"]) from None


def _rules(pairs: list[tuple[str, str]], file: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for pattern, replacement in pairs:
        try:
            compiled.append((re.compile(pattern), replacement))
        except re.error as error:
            raise RuleBaseError(file, pattern, None, f"not a valid regular expression: {error}") from None
    return tuple(compiled)
