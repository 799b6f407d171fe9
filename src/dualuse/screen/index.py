"""Find the few listed names worth comparing with a query, without comparing it with all of them.

Three inverted indexes, built once per Screener:

* **words** – every Latin word of every listed form, as written and folded, every two or three
  neighbouring words written together, and the whole name without spaces, mapped to the forms
  that contain it;
* **near words** – every word of four letters or more under each one-letter deletion of it, so a
  query word with one typing error still finds its listed word (the symmetric-deletion method);
* **character pairs** – every two neighbouring characters of every CJK form.

A query collects the forms that share a word, a near word or a character pair with it, counts how
many of its parts each form shares, and hands the best-placed few to the comparison in ``score``.
Parts found in a very large share of the names ("technology", "工业") are used only to narrow the
others down, so the cost of a query does not grow with the size of the list.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from dualuse.screen.forms import NameForm

#: How many forms the index puts forward per query, at most.
CANDIDATES = 64
#: A part shared by more forms than this is too common to gather candidates by itself.
COMMON_PART = 2_000
#: How many candidates the common parts are checked against.
CONFIRMED = 512

Postings = Sequence[int] | AbstractSet[int]


class CandidateIndex:
    """Inverted indexes over listed name forms (see the module docstring)."""

    def __init__(self, forms: Sequence[NameForm]) -> None:
        words: dict[str, list[int]] = {}
        pairs: dict[str, list[int]] = {}
        self._near: dict[str, list[str]] = {}
        self._size: list[int] = []
        vocabulary: set[str] = set()
        for number, form in enumerate(forms):
            if form.kind == "cjk":
                keys = character_pairs(form.compact)
                for key in keys:
                    pairs.setdefault(key, []).append(number)
                self._size.append(len(keys))
            else:
                vocabulary.update(form.tokens)
                vocabulary.update(form.plain)
                for key in form_keys(form):
                    words.setdefault(key, []).append(number)
                self._size.append(len(form.tokens))
        for word in vocabulary:
            if len(word) >= 4:
                for key in deletions(word):
                    self._near.setdefault(key, []).append(word)
        # Long posting lists are kept as sets: they only confirm candidates found through rarer parts.
        self._words: dict[str, Postings] = {k: _stored(v) for k, v in words.items()}
        self._pairs: dict[str, Postings] = {k: _stored(v) for k, v in pairs.items()}

    def candidates(self, forms: Iterable[NameForm]) -> list[int]:
        """The numbers of the listed forms most worth comparing with these query forms, best placed first.

        Each query form (as written, and its reading) puts forward its own candidates, so that a
        katakana query's romaji reading is not crowded out by the characters it shares as written.
        """
        lists = [self._candidates(form) for form in forms]
        if len(lists) <= 1:
            return lists[0] if lists else []
        merged: dict[int, None] = {}
        for rank in range(max(len(found) for found in lists)):
            for found in lists:
                if rank < len(found):
                    merged.setdefault(found[rank], None)
        return list(merged)

    def _candidates(self, form: NameForm) -> list[int]:
        if form.kind == "cjk":
            units = [self._pairs.get(key, ()) for key in character_pairs(form.compact)]
        else:
            units = [self._word_postings(spellings) for spellings in _spellings(form)]
            units += [self._words.get(key, ()) for key in {*joined(form.tokens), *joined(form.words), form.compact}]
        units = sorted((u for u in units if u), key=len)
        counts = _count(units)
        if not counts:
            return []
        keep = max(1, (2 * max(counts.values())) // 3)
        sizes, parts = self._size, len(units)
        ranked = heapq.nlargest(CANDIDATES, [(c / (sizes[n] + parts), -n) for n, c in counts.items() if c >= keep])
        return [-negative for _, negative in ranked]

    def _word_postings(self, spellings: set[str]) -> Postings:
        """The forms holding one query word in any of its spellings, or within one typing error of it."""
        words = {w for w in spellings if w in self._words}
        for spelling in spellings:
            if len(spelling) < 4 or spelling in words:  # a listed word: typing errors are not looked for
                continue
            for key in (spelling, *deletions(spelling)):
                words.update(self._near.get(key, ()))
                if key in self._words:
                    words.add(key)
        if len(words) == 1:
            return self._words[next(iter(words))]
        postings: set[int] = set()
        for word in words:
            postings.update(self._words[word])
        return postings


def _count(units: list[Postings]) -> Counter[int]:
    """How many query parts each form shares; common parts only confirm forms found through rarer ones."""
    counts: Counter[int] = Counter()
    common: list[AbstractSet[int]] = []
    for postings in units:
        if len(postings) <= COMMON_PART:
            counts.update(postings)
        else:
            common.append(postings if isinstance(postings, AbstractSet) else set(postings))
    if not counts and common:  # every part is common: start from the forms holding the two rarest
        seed = common[0] & common[1] if len(common) > 1 else frozenset()
        if seed:
            counts.update(dict.fromkeys(seed, 2))
            common = common[2:]
        else:
            counts.update(common[0])
            common = common[1:]
    if counts and common:
        confirmed = [n for n, _ in counts.most_common(CONFIRMED)] if len(counts) > CONFIRMED else list(counts)
        for postings in common:
            for number in confirmed:
                if number in postings:
                    counts[number] += 1
    return counts


def _stored(postings: list[int]) -> Postings:
    return frozenset(postings) if len(postings) > COMMON_PART else postings


def form_keys(form: NameForm) -> set[str]:
    """The index keys of a Latin form: its words in every spelling, neighbours written together, all of it at once."""
    keys = {*form.tokens, *form.plain, *form.words, form.compact}
    keys.update(joined(form.tokens))
    keys.update(joined(form.words))
    return keys


def _spellings(form: NameForm) -> list[set[str]]:
    return [{form.tokens[i], form.plain[i], form.words[i]} for i in range(len(form.tokens))]


def joined(tokens: tuple[str, ...]) -> list[str]:
    """Every two and three neighbouring words written together ("aero engine" → "aeroengine")."""
    return ["".join(tokens[i : i + size]) for size in (2, 3) for i in range(len(tokens) - size + 1)]


def character_pairs(text: str) -> list[str]:
    """Every two neighbouring characters (the whole text where it is one character long)."""
    if len(text) < 2:
        return [text] if text else []
    return list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))


def deletions(word: str) -> list[str]:
    """The word with each one of its letters left out."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))]
