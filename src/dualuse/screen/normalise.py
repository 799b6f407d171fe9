"""Bring a party name into one comparable form, and record each step that changed it.

The same steps apply to the name a user screens and to every listed name, in this order:

1. width and compatibility forms (NFKC): ＩＨＩ → IHI, ｶﾀｶﾅ → カタカナ, ㈱ → (株); case is folded;
2. Chinese characters in one form: traditional and Japanese kanji → simplified (OpenCC);
3. hiragana → katakana, so a name written in either kana compares equal;
4. legal forms written in CJK scripts removed (株式会社, (株), 有限公司, 주식회사 …);
5. accents removed from Latin letters; other alphabets (Hangul, Cyrillic …) spelled in Latin letters;
6. punctuation: initials joined (I.H.I. → ihi, E&S → es), '&' read as 'and', the rest a space;
7. joining words (and, of, the) set aside; Latin legal forms removed (Co., Ltd., Corporation, K.K. …);
8. abbreviations read as the full word (Ind. → industries, Defence → defense).

Nothing here reads a file or the clock; the vocabulary comes in as an argument.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import jaconv
import opencc
from unidecode import unidecode

from dualuse.screen.vocabulary import LegalForm, Vocabulary

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff"
_HAN = re.compile(f"[{HAN}]")
_HIRAGANA = re.compile("[\u3041-\u3096\u309d\u309e]")
_CJK = re.compile(f"[{HAN}{KANA}]")
_KANA = re.compile(f"[{KANA}]")
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000\uffe0-\uffe6]")
_HALF_KANA = re.compile("[\uff61-\uff9f]")
_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
# Letters outside Latin, CJK and kana: spelled in Latin letters by unidecode.
_OTHER_ALPHABET = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u06ff\u0e00-\u0e7f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+"
)
_INITIALS = re.compile(r"(?<![^\W_])((?:[^\W\d_]\.){2,}(?:[^\W\d_](?![^\W_]))?)")
_AMPERSAND_INITIALS = re.compile(r"(?<![^\W_])([^\W\d_])\s*&\s*([^\W\d_])(?![^\W_])")
_APOSTROPHE = re.compile("['’`´]")
_PUNCTUATION = re.compile(r"[\W_]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

FULL_WIDTH = "full-width→half-width"
HALF_WIDTH_KANA = "half-width katakana→full-width"
TRADITIONAL = "traditional→simplified"
JAPANESE_KANJI = "Japanese kanji→simplified"
VARIANT_KANJI = "variant kanji→standard form"
HIRAGANA = "hiragana→katakana"
ACCENTS = "accents removed"
TRANSLITERATED = "spelled in Latin letters (unidecode)"
INITIALS = "initials joined"
AMPERSAND = "'&' read as 'and'"
JOINING_WORDS = "joining words set aside"


@dataclass(frozen=True, slots=True)
class Normalised:
    """A name in comparable form: the text, its words, which scripts remain, and the steps taken."""

    text: str
    tokens: tuple[str, ...]
    has_cjk: bool
    has_kana: bool
    steps: tuple[str, ...]
    words: tuple[str, ...] = ()

    @property
    def compact(self) -> str:
        """The text with its spaces removed, as CJK names are written."""
        return self.text.replace(" ", "")


def has_cjk(text: str) -> bool:
    """True where the text holds Chinese characters or kana."""
    return _CJK.search(text) is not None


def control_characters(text: str) -> list[str]:
    """The control characters in ``text`` (tab, line feed and carriage return are allowed)."""
    return _CONTROL.findall(text)


class Normaliser:
    """Normalises names with one vocabulary; build one per Screener and reuse it."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._t2s = opencc.OpenCC("t2s")
        self._jp2t = opencc.OpenCC("jp2t")
        self._t2jp = opencc.OpenCC("t2jp")
        self._han_cache: dict[str, tuple[str, str | None]] = {}
        self._cjk_forms: list[tuple[str, str, str]] = []  # (variant as normalised, label, where)
        self._latin_forms: dict[tuple[str, ...], tuple[str, str]] = {}
        self._longest_form = 1
        for form in vocabulary.legal_forms:
            self._add_legal_form(form)
        self._cjk_forms.sort(key=lambda f: -len(f[0]))

    # ------------------------------------------------------------------ public
    def normalise(self, name: str) -> Normalised:
        """The comparable form of ``name`` and the steps that produced it."""
        steps: list[str] = []
        text = self._characters(name, steps)
        if has_cjk(text) or "(" in text or _OTHER_ALPHABET.search(text):
            text = self._cjk_legal_forms(text, steps)
        text = self._letters(text, steps)
        words = self._words(self._punctuation(text, steps).split(), steps)
        tokens = self._variants(words, steps)
        text = " ".join(tokens)
        return Normalised(
            text, tuple(tokens), has_cjk(text), _KANA.search(text) is not None, tuple(steps), tuple(words)
        )

    def cjk_legal_form_spellings(self) -> tuple[tuple[str, str], ...]:
        """Legal forms written in CJK scripts as spelled in the vocabulary (width folded), with where they go."""
        spellings = []
        for form in self.vocabulary.legal_forms:
            text = unicodedata.normalize("NFKC", form.variant).casefold()
            if has_cjk(text):
                spellings.append((text, form.where))
        return tuple(sorted(set(spellings), key=lambda s: -len(s[0])))

    def fold_han(self, text: str) -> str:
        """Traditional and Japanese kanji written as simplified Chinese, one character at a time."""
        return "".join([self._han_char(ch)[0] if ch >= "\u3400" else ch for ch in text])

    def _han_char(self, ch: str) -> tuple[str, str | None]:
        """One character's simplified form and the step that produced it (cached)."""
        known = self._han_cache.get(ch)
        if known is not None:
            return known
        result: tuple[str, str | None] = (ch, None)
        if _HAN.match(ch):
            folded, step = ch, None
            for _ in range(6):  # until a whole pass changes nothing, so that folding twice changes nothing
                before = folded
                variant = self.vocabulary.kanji_variants.get(folded)
                if variant:
                    folded, step = variant, step or VARIANT_KANJI
                simplified = self._t2s.convert(folded)
                if simplified == folded:  # a variant OpenCC's Chinese tables miss (衞), by its Japanese form (衛)
                    simplified = self._t2s.convert(self._t2jp.convert(folded))
                if simplified != folded:
                    folded, step = simplified, step or TRADITIONAL
                # A Japanese form (発, 気, 豊) whose traditional form has a simplified one (發→发).
                # Characters OpenCC merely swaps for a rarer variant (研→硏) are left alone.
                traditional = self._jp2t.convert(folded)
                again = self._t2s.convert(traditional)
                if traditional != folded and again not in (traditional, folded):
                    folded, step = again, step or JAPANESE_KANJI
                if folded == before:
                    break
            result = (folded, step)
        self._han_cache[ch] = result
        return result

    # ------------------------------------------------------------------ steps
    def _characters(self, name: str, steps: list[str]) -> str:
        text = unicodedata.normalize("NFKC", name)
        if text != name:
            if _FULL_WIDTH.search(name):
                steps.append(FULL_WIDTH)
            if _HALF_KANA.search(name):
                steps.append(HALF_WIDTH_KANA)
        text = text.casefold()
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        if _HAN.search(text):
            folded = []
            for ch in text:
                if ch < "\u3400":
                    folded.append(ch)
                    continue
                simple, step = self._han_char(ch)
                if step and step not in steps:
                    steps.append(step)
                folded.append(simple)
            text = "".join(folded)
        if _HIRAGANA.search(text):
            text = jaconv.hira2kata(text)
            steps.append(HIRAGANA)
        return text

    def _cjk_legal_forms(self, text: str, steps: list[str]) -> str:
        changed = True
        while changed:  # removing one form can bring another to the end (…カンパニー株式会社)
            changed = False
            for variant, label, where in self._cjk_forms:
                if variant not in text:
                    continue
                stripped = text.strip()
                if where == "end" and not stripped.endswith(variant):
                    continue
                if where == "start" and not stripped.startswith(variant):
                    continue
                if where == "anywhere":
                    remainder = text.replace(variant, " ")
                elif where == "end":
                    remainder = stripped[: -len(variant)]
                else:
                    remainder = stripped[len(variant) :]
                if _PUNCTUATION.sub("", remainder):
                    text = remainder
                    steps.append(f"legal form {label} removed")
                    changed = True
        return text

    def _letters(self, text: str, steps: list[str]) -> str:
        if _ACCENTED.search(text):
            text = _ACCENTED.sub(_strip_accent, text)
            steps.append(ACCENTS)
        if _OTHER_ALPHABET.search(text):
            text = _OTHER_ALPHABET.sub(lambda m: " " + unidecode(m.group()).lower() + " ", text)
            steps.append(TRANSLITERATED)
        return text

    def _punctuation(self, text: str, steps: list[str]) -> str:
        if "." in text and _INITIALS.search(text):
            text = _INITIALS.sub(lambda m: m.group().replace(".", "") + " ", text)
            steps.append(INITIALS)
        if "&" in text:
            if _AMPERSAND_INITIALS.search(text):
                text = _AMPERSAND_INITIALS.sub(r"\1\2", text)
                steps.append(INITIALS)
            if "&" in text:
                text = text.replace("&", " and ")
                steps.append(AMPERSAND)
        text = _APOSTROPHE.sub("", text)
        return _PUNCTUATION.sub(" ", text)

    def _words(self, tokens: list[str], steps: list[str]) -> list[str]:
        kept = [t for t in tokens if t not in self.vocabulary.stopwords]
        if kept and len(kept) < len(tokens):
            tokens = kept
            steps.append(JOINING_WORDS)
        return self._latin_legal_forms(tokens, steps)

    def _variants(self, tokens: list[str], steps: list[str]) -> list[str]:
        variants = self.vocabulary.word_variants
        if any(t in variants for t in tokens):
            expanded = []
            for token in tokens:
                full = variants.get(token)
                if full is not None:
                    steps.append(f"'{token}' read as '{full}'")
                expanded.append(full or token)
            tokens = expanded
        return tokens

    def _latin_legal_forms(self, tokens: list[str], steps: list[str]) -> list[str]:
        removed: list[str] = []
        current = tokens
        while True:
            result: list[str] = []
            position = 0
            changed = False
            while position < len(current):
                hit = self._legal_form_at(current, position)
                if hit is None:
                    result.append(current[position])
                    position += 1
                    continue
                length, label = hit
                removed.append(label)
                position += length
                changed = True
            if not changed:
                break
            current = result
        if not current or not removed:
            return tokens
        steps.extend(f"legal form {label} removed" for label in dict.fromkeys(removed))
        return current

    def _legal_form_at(self, tokens: list[str], position: int) -> tuple[int, str] | None:
        for length in range(min(self._longest_form, len(tokens) - position), 0, -1):
            key = tuple(tokens[position : position + length])
            found = self._latin_forms.get(key)
            if found is None:
                continue
            label, where = found
            if where == "end" and position + length != len(tokens):
                continue
            if where == "start" and position != 0:
                continue
            return length, label
        return None

    # ------------------------------------------------------------------ vocabulary
    def _add_legal_form(self, form: LegalForm) -> None:
        steps: list[str] = []
        text = self._characters(form.variant, steps)
        if has_cjk(text) or "(" in text or _OTHER_ALPHABET.search(text):
            self._cjk_forms.append((text, form.label, form.where))
            return
        text = self._letters(text, steps)
        tokens = tuple(t for t in self._punctuation(text, steps).split() if t not in self.vocabulary.stopwords)
        if tokens and tokens not in self._latin_forms:
            self._latin_forms[tokens] = (form.label, form.where)
            self._longest_form = max(self._longest_form, len(tokens))


def _strip_accent(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFD", match.group())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
