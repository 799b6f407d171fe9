"""The comparable forms of a name: as written (normalised), and the Latin readings derived from it.

A listed name gives one form in its own script and, for CJK names, derived readings: Hepburn
romaji for Japanese parties, pinyin for Chinese ones. A group acronym in the vocabulary gives one
more form with the acronym written out (or the other way round). The query gets the same
treatment, so the comparison always meets like with like.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from dualuse.screen.normalise import Normalised, Normaliser
from dualuse.screen.romanise import FOLDED, PINYIN, ROMAJI, Romaniser, is_romaji
from dualuse.screen.vocabulary import Vocabulary

FormKind = Literal["latin", "cjk", "romaji", "pinyin"]
Reading = Literal["romaji", "pinyin"]

#: Countries whose parties' Chinese-character names are read in pinyin (others in Japanese).
PINYIN_COUNTRIES = frozenset({"CN", "TW", "HK", "MO", "SG"})

_LATIN_RUN = re.compile(r"[a-z0-9]+")
_BRACKETS = re.compile(r"[(（]([^()（）]*)[)）]")
_LETTER = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class NameForm:
    """One comparable form of a name.

    ``text`` is what is shown as the compared form; ``tokens`` are the folded Latin words the word
    comparison uses (empty for CJK forms), ``plain`` the same words unfolded and ``words`` the words
    as written before abbreviations were read out ("tech" rather than "technology"); ``compact`` is
    the string the character comparison uses.
    """

    kind: FormKind
    text: str
    tokens: tuple[str, ...]
    compact: str
    steps: tuple[str, ...]
    plain: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


class FormBuilder:
    """Turns names into comparable forms with one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.normaliser = Normaliser(vocabulary)
        self.romaniser = Romaniser(vocabulary, self.normaliser.cjk_legal_form_spellings())
        self._acronyms = self._acronym_table()
        self._bracketed_legal_forms = frozenset(
            unicodedata.normalize("NFKC", form.variant).casefold()
            for form in vocabulary.legal_forms
            if unicodedata.normalize("NFKC", form.variant).startswith("(")
        )

    # ------------------------------------------------------------------ listed names
    def listed(self, name: str, readings: frozenset[Reading]) -> tuple[NameForm, ...]:
        """Every form of one listed name: as written, its derived readings and acronym variants."""
        forms: list[NameForm] = []
        for part, step in self.parts(name):
            normalised = self.normaliser.normalise(part)
            prefix = (step, *normalised.steps) if step else ()
            forms.extend(self._forms(part, normalised, readings, prefix))
            for text, variant_step in self._acronym_variants(normalised):
                variant = self.normaliser.normalise(text)
                steps = (*prefix, *normalised.steps, variant_step)
                forms.extend(self._forms(text, variant, readings - {"romaji"}, steps))
        return _unique(forms)

    def parts(self, name: str) -> list[tuple[str, str | None]]:
        """The name, and where it holds a part in brackets, the name without it and that part alone.

        "宇宙航空研究開発機構（JAXA）" is also compared as "宇宙航空研究開発機構" and as "JAXA". A legal
        form in brackets, such as (株), is not a part: normalisation removes it anyway.
        """
        found = _BRACKETS.search(name)
        if found is None:
            return [(name, None)]
        inside = found.group(1).strip()
        if f"({inside})".casefold() in self._bracketed_legal_forms:
            return [(name, None)]
        outside = f"{name[: found.start()]} {name[found.end() :]}".strip()
        result: list[tuple[str, str | None]] = [(name, None)]
        if _LETTER.search(outside):
            result.append((outside, f"'({inside})' set aside"))
        if _LETTER.search(inside):
            result.append((inside, f"'{inside}' in brackets compared on its own"))
        return result

    def readings_for(
        self, name: str, script: str, country: str | None, *, japanese_name_given: bool
    ) -> frozenset[Reading]:
        """Which readings to derive for a listed name.

        Japanese names (and any name with kana) are read in Hepburn romaji; Chinese names of
        parties in Chinese-speaking countries in pinyin. The Chinese name of a Japanese party is
        read in Japanese only where the party has no Japanese name of its own: it is usually a
        translation (网络 for ネットワーク), and reading a translation invents a name nobody uses.
        """
        normalised = self.normaliser.normalise(name)
        if not normalised.has_cjk:
            return frozenset()
        if normalised.has_kana or script == "ja":
            return frozenset({"romaji"})
        if country in PINYIN_COUNTRIES:
            return frozenset({"pinyin"})
        if country == "JP":
            return frozenset() if japanese_name_given else frozenset({"romaji"})
        return frozenset({"pinyin"}) if country is not None else frozenset({"romaji", "pinyin"})

    # ------------------------------------------------------------------ queries
    def query(self, name: str) -> tuple[NameForm, ...]:
        """The forms of a query: as written and, where it has kana, its Hepburn reading.

        A query in kanji alone is compared as written: reading it would let different characters
        with the same sound meet, and kanji already meet kanji through the simplified forms.
        """
        forms: list[NameForm] = []
        for part, step in self.parts(name):
            normalised = self.normaliser.normalise(part)
            readings: frozenset[Reading] = frozenset({"romaji"}) if normalised.has_kana else frozenset()
            forms.extend(self._forms(part, normalised, readings, (step, *normalised.steps) if step else ()))
        return _unique(forms)

    # ------------------------------------------------------------------ helpers
    def _forms(
        self, name: str, normalised: Normalised, readings: frozenset[Reading], prefix: tuple[str, ...]
    ) -> list[NameForm]:
        if not normalised.text:
            return []
        if not normalised.has_cjk:
            return [self._latin(normalised, prefix)]
        steps = prefix or normalised.steps
        forms = [NameForm("cjk", normalised.text, (), normalised.compact, steps)]
        if "romaji" in readings:
            for words in self.romaniser.romaji(name):
                reading = self.normaliser.normalise(" ".join(words))
                if reading.text:
                    forms.append(self._latin(reading, (*steps, ROMAJI), kind="romaji"))
        if "pinyin" in readings:
            syllables = self.romaniser.pinyin(normalised.text)
            if syllables:
                tokens = self.romaniser.fold_all(syllables)
                forms.append(
                    NameForm(
                        "pinyin", " ".join(syllables), tokens, "".join(tokens), (*steps, PINYIN), syllables, syllables
                    )
                )
        return forms

    def _latin(self, normalised: Normalised, steps: tuple[str, ...], kind: FormKind = "latin") -> NameForm:
        tokens = self.romaniser.fold_all(normalised.tokens)
        folded = any(t != f and is_romaji(t) for t, f in zip(normalised.tokens, tokens, strict=True))
        extra = (FOLDED,) if folded else ()
        all_steps = tuple(dict.fromkeys((*steps, *normalised.steps, *extra)))
        words = normalised.words or normalised.tokens
        return NameForm(kind, normalised.text, tokens, "".join(tokens), all_steps, normalised.tokens, words)

    def _acronym_table(self) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
        """(acronym, full name as normalised, full name is CJK) for every pair in the vocabulary."""
        table = []
        for entry in self.vocabulary.group_acronyms:
            acronym = self.normaliser.normalise(entry.acronym).text
            for full in entry.stands_for:
                normalised = self.normaliser.normalise(full)
                table.append((acronym, normalised.tokens, normalised.has_cjk))
        return tuple(table)

    def _acronym_variants(self, normalised: Normalised) -> list[tuple[str, str]]:
        """Texts with a group acronym written out, or a full group name written as its acronym (same script)."""
        variants = []
        tokens, text = normalised.tokens, normalised.text
        for acronym, full, full_is_cjk in self._acronyms:
            full_text = " ".join(full)
            if full_is_cjk != normalised.has_cjk:
                continue
            if full_is_cjk:
                if full_text in text:
                    variants.append((text.replace(full_text, f" {acronym} "), f"'{full_text}' written as '{acronym}'"))
                if acronym in _LATIN_RUN.findall(text):
                    written_out = _write_out(text, acronym, full_text)
                    variants.append((written_out, f"'{acronym}' written out as '{full_text}'"))
                continue
            at = _find(tokens, full)
            if at >= 0:
                replaced = (*tokens[:at], acronym, *tokens[at + len(full) :])
                variants.append((" ".join(replaced), f"'{full_text}' written as '{acronym}'"))
            if acronym in tokens:
                at = tokens.index(acronym)
                replaced = (*tokens[:at], *full, *tokens[at + 1 :])
                variants.append((" ".join(replaced), f"'{acronym}' written out as '{full_text}'"))
        return variants


def _write_out(text: str, acronym: str, full: str) -> str:
    """``text`` with every Latin run equal to ``acronym`` replaced by ``full``."""
    return _LATIN_RUN.sub(lambda run: full if run.group() == acronym else run.group(), text)


def _unique(forms: list[NameForm]) -> tuple[NameForm, ...]:
    """The forms, each (kind, compared text) once, the first kept."""
    unique: dict[tuple[str, str], NameForm] = {}
    for form in forms:
        unique.setdefault((form.kind, form.compact), form)
    return tuple(unique.values())


def _find(tokens: tuple[str, ...], part: tuple[str, ...]) -> int:
    """Where ``part`` starts inside ``tokens`` as consecutive words, or -1."""
    if not part:
        return -1
    for start in range(len(tokens) - len(part) + 1):
        if tokens[start : start + len(part)] == part:
            return start
    return -1
