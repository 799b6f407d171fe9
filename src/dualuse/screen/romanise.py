"""Latin spellings derived from CJK names, and the folding that lets romaji spellings meet.

A Japanese name is read with pykakasi (Hepburn) and a Chinese one with pypinyin (no tones). These
readings are *derived*: they are computed for comparison, never stored as a listed party's name,
and an explanation always says when a hit rests on one. Machine readings of proper names are
imperfect (pykakasi reads 豊和 as "toyokazu", not "howa"); listed romaji names such as "Howa
Machinery" are compared as written, so a reading only ever adds a way to match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import opencc
import pykakasi
from pypinyin import lazy_pinyin

from dualuse.screen.normalise import HAN
from dualuse.screen.vocabulary import Vocabulary

ROMAJI = "read in Hepburn romaji (pykakasi)"
PINYIN = "read in pinyin (pypinyin)"
FOLDED = "romaji spellings folded (long vowels, Kunrei→Hepburn)"

_LATIN_WORD = re.compile(r"[a-z0-9]+")
# One or more Japanese syllables: vowels, consonant + vowel, palatal and sh/ch/ts/j sounds,
# doubled consonants (nitto), syllabic n (or m before b/p/m), passport "oh" and an apostrophe n'.
_ROMAJI_WORD = re.compile(
    r"(?:[aiueo]|(?:[kgsztdnhbpmrwfjv]|[kgsztdnhbpmrj]y|sh|ch|ts|dz)[aiueo]|y[auo]"
    r"|([kstpgdbzfjhc])(?=\1|ch)|n(?![aiueoy])|m(?=[bpm])|(?<=o)h(?![aiueoy])|n')+"
)
_HAN_RUN = re.compile(f"[{HAN}]+")
_PLURAL_MIN_LENGTH = 5
_FOLD_CACHE_LIMIT = 200_000


class Romaniser:
    """Reads CJK names in Latin letters and folds Latin words into comparison keys."""

    def __init__(self, vocabulary: Vocabulary, cjk_legal_forms: tuple[tuple[str, str], ...] = ()) -> None:
        self.vocabulary = vocabulary
        self._cjk_legal_forms = cjk_legal_forms
        make_reader: Callable[[], Any] = pykakasi.kakasi
        self._kakasi = make_reader()
        self._s2t = opencc.OpenCC("s2t")
        self._t2jp = opencc.OpenCC("t2jp")
        self._folded: dict[str, str] = {}

    def romaji(self, name: str) -> list[tuple[str, ...]]:
        """Hepburn readings of a name as written (kanji and kana); none where a character cannot be read.

        The reading starts from the name as written, not from its simplified form, because
        simplification merges characters Japanese reads differently (沖 and 衝 both become 冲).
        Legal forms written in CJK are dropped first; where one may only end a name (カンパニー),
        the name is read both without it and with it, since romaji often runs it into the word
        before ("shisutemukanpanii").
        """
        text = unicodedata.normalize("NFKC", name).strip()
        for variant, where in self._cjk_legal_forms:
            if where == "anywhere":
                text = text.replace(variant, " ").strip()
        texts = [text]
        for variant, where in self._cjk_legal_forms:
            if where == "end" and text.endswith(variant) and text[: -len(variant)].strip():
                texts.insert(0, text[: -len(variant)].strip())
        readings = []
        for candidate in texts:
            words = self._read(candidate)
            if words:
                readings.append(words)
        return readings

    def _read(self, text: str) -> tuple[str, ...] | None:
        if _HAN_RUN.search(text):
            text = self._t2jp.convert(self._s2t.convert(text))
        words: list[str] = []
        for part in self._kakasi.convert(text):
            original = str(part["orig"]).strip()
            if not original:
                continue
            reading = str(part["hepburn"]).strip().lower()
            if not reading.isascii():
                return None
            words.extend(_LATIN_WORD.findall(reading))
        return tuple(words) or None

    def pinyin(self, text: str) -> tuple[str, ...] | None:
        """Pinyin syllables (and the Latin words kept as written) for a normalised Chinese name."""
        words: list[str] = []
        for part in lazy_pinyin(text, errors=_kept):
            piece = part.strip().lower()
            if not piece:
                continue
            if not piece.isascii():
                return None
            words.extend(_LATIN_WORD.findall(piece))
        return tuple(words) or None

    def fold(self, word: str) -> str:
        """The comparison key of one Latin word.

        A word made only of Japanese syllables has its Kunrei spellings and long vowels folded
        (zyuukougyou → jukogyo); any other word of five letters or more loses a plural ending
        (industries → industry). English words are never folded as romaji.
        """
        known = self._folded.get(word)
        if known is not None:
            return known
        vocabulary = self.vocabulary
        key = word
        if is_romaji(word):
            for _ in range(4):
                before = key
                for pattern, replacement in vocabulary.kunrei_to_hepburn:
                    key = pattern.sub(replacement, key)
                for pattern, replacement in vocabulary.long_vowels:
                    key = pattern.sub(replacement, key)
                if key == before:
                    break
        elif len(key) >= _PLURAL_MIN_LENGTH:
            for pattern, replacement in vocabulary.plurals:
                key = pattern.sub(replacement, key)
        if len(self._folded) > _FOLD_CACHE_LIMIT:
            self._folded.clear()
        self._folded[word] = key
        return key

    def fold_all(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """Every word folded (see ``fold``)."""
        return tuple(self.fold(w) for w in words)


def _kept(chars: str) -> str:
    """Characters pypinyin cannot read (Latin letters, kana) are kept as written, apart."""
    return f" {chars} "


def is_romaji(word: str) -> bool:
    """True where a Latin word is made only of Japanese syllables (Hepburn, Kunrei or passport spelling)."""
    return _ROMAJI_WORD.fullmatch(word) is not None
