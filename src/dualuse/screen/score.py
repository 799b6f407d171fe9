"""How similar a query is to one listed name, as a score between 0 and 1 with its reasons.

Two comparisons, one for words and one for characters:

* **Words** (Latin names): each word of the listed name is looked for in the query, in any order,
  allowing a few typing errors in longer words and words written together or apart
  ("Aero Engines" / "AeroEngines"). The score is the share of the listed name's words found,
  less 0.6 of a word for every query word the listed name does not have. Country words ("Japan")
  count half. A name that lacks a
  listed party's distinguishing words ("Mitsubishi Heavy Industries" against "Mitsubishi Heavy
  Industries Aero Engines") is therefore far from a hit: a listed subsidiary is not its parent.
* **Characters** (CJK names and romanised readings, which have no reliable word breaks): the
  characters of the two names are aligned; the score is the share of aligned characters, a
  wrong, missing or extra character counting one each (one CJK character is often a whole word).

Both are symmetric in width, case and script by construction: they only ever see normalised forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from dualuse.screen.forms import NameForm

#: An extra query word (or character) weighs this much against the listed name.
EXTRA_WEIGHT = 0.6
#: A country or nationality word ("Japan", "Taiwan") weighs this much against other words.
PLACE_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Comparison:
    """The score of one query form against one listed form, and what made it less than 1."""

    score: float
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


NO_MATCH = Comparison(0.0)
IDENTICAL = Comparison(1.0)


def typo_budget(length: int) -> int:
    """Typing errors tolerated in one word of this many letters: none up to 3, then one per four letters."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 11:
        return 2
    return 3


def compare_words(
    query: NameForm,
    listed: NameForm,
    place_words: frozenset[str] = frozenset(),
    stopwords: frozenset[str] = frozenset(),
) -> Comparison:
    """Word comparison of a query with a listed name; ``place_words`` (folded) weigh half.

    Two words are the same where they agree as written, with abbreviations read out, or folded
    (romaji spellings and plural endings); a typing error is judged on the better of the last two.
    """
    if not query.tokens or not listed.tokens:
        return NO_MATCH
    if query.tokens == listed.tokens:
        return IDENTICAL
    pairing = _Pairing(query, listed, stopwords)
    pairing.exact()
    if pairing.open():
        pairing.joined()
    if pairing.open() and stopwords:
        pairing.affixed()
    if pairing.open():
        pairing.typos()
    n, m = len(query.tokens), len(listed.tokens)
    extra = tuple(query.plain[i] for i in range(n) if pairing.query_free[i])
    missing = tuple(listed.plain[j] for j in range(m) if not pairing.found[j])
    order = [pairing.paired[j] for j in range(m) if pairing.paired[j] >= 0]
    notes = pairing.notes
    if order != sorted(order):
        notes.append("word order differs")
    weights = [PLACE_WEIGHT if w in place_words else 1.0 for w in listed.tokens]
    extra_weight = sum(
        PLACE_WEIGHT if query.tokens[i] in place_words else 1.0 for i in range(n) if pairing.query_free[i]
    )
    found = sum(f * w for f, w in zip(pairing.found, weights, strict=True))
    score = found / (sum(weights) + EXTRA_WEIGHT * extra_weight)
    return Comparison(min(1.0, score), missing, extra, tuple(notes))


class _Pairing:
    """Which query word stands for which listed word, found in passes from surest to loosest."""

    def __init__(self, query: NameForm, listed: NameForm, stopwords: frozenset[str]) -> None:
        self.query = query
        self.listed = listed
        self.stopwords = stopwords
        self.query_free = [True] * len(query.tokens)
        self.found = [0.0] * len(listed.tokens)
        self.paired = [-1] * len(listed.tokens)
        self.notes: list[str] = []

    def open(self) -> bool:
        """True while a listed word and a query word are both still unpaired."""
        return 0.0 in self.found and True in self.query_free

    def pair(self, j: int, i: int, similarity: float) -> None:
        """Pair listed word ``j`` with query word ``i``."""
        self.found[j] = similarity
        self.paired[j] = i
        self.query_free[i] = False

    def exact(self) -> None:
        """Words equal as written, with abbreviations read out, or folded."""
        for q_words, l_words in _levels(self.query, self.listed, ("tokens", "plain", "words")):
            positions: dict[str, list[int]] = {}
            for i, word in enumerate(q_words):
                if self.query_free[i]:
                    positions.setdefault(word, []).append(i)
            if not positions:
                return
            for j, word in enumerate(l_words):
                if self.found[j]:
                    continue
                slots = positions.get(word)
                while slots and not self.query_free[slots[0]]:
                    slots.pop(0)
                if slots:
                    self.pair(j, slots.pop(0), 1.0)

    def joined(self) -> None:
        """Words written together on one side and apart on the other ('aeroengines' / 'aero engines')."""
        for q_words, l_words in _levels(self.query, self.listed, ("words", "tokens")):
            if len(l_words) > 1:
                self._join(q_words, l_words, listed_side=True)
            if len(q_words) > 1 and self.open():
                self._join(q_words, l_words, listed_side=False)
            if not self.open():
                return

    def _join(self, q_words: tuple[str, ...], l_words: tuple[str, ...], *, listed_side: bool) -> None:
        """Join runs of two or three free words on one side and look for them among the other side's free words."""
        runs, singles = (l_words, q_words) if listed_side else (q_words, l_words)
        run_free = [not f for f in self.found] if listed_side else list(self.query_free)
        single_free = list(self.query_free) if listed_side else [not f for f in self.found]
        open_singles = [(k, w) for k, w in enumerate(singles) if single_free[k] and len(w) >= 4]
        if not open_singles:
            return
        for size in (3, 2):
            for start in range(len(runs) - size + 1):
                if not all(run_free[start : start + size]):
                    continue
                similarity, at = _closest("".join(runs[start : start + size]), open_singles, single_free)
                if at < 0:
                    continue
                single_free[at] = False
                span = range(start, start + size)
                for k in span:
                    run_free[k] = False
                spread = " ".join(runs[start : start + size])
                if listed_side:
                    for k in span:
                        self.pair(k, at, similarity)
                    self.notes.append(f"'{singles[at]}' read as '{spread}'")
                else:
                    self.found[at], self.paired[at] = similarity, start
                    for k in span:
                        self.query_free[k] = False
                    self.notes.append(f"'{spread}' read as '{singles[at]}'")

    def affixed(self) -> None:
        """A joining word run into the next word by a missing space ('ofJapan', 'Institutefor')."""
        stopwords = self.stopwords
        for i, word in enumerate(self.query.words):
            if not self.query_free[i]:
                continue
            for cut in (2, 3):
                for head, tail in ((word[:cut], word[cut:]), (word[-cut:], word[:-cut])):
                    if head not in stopwords or len(tail) < 2:
                        continue
                    for j, target in enumerate(self.listed.words):
                        if not self.found[j] and target == tail:
                            self.pair(j, i, 1.0)
                            self.notes.append(f"'{word}' read as '{head} {tail}'")
                            break
                    if not self.query_free[i]:
                        break
                if not self.query_free[i]:
                    break

    def typos(self) -> None:
        """Pair the remaining words a few typing errors apart, closest pairs first."""
        query, listed = self.query, self.listed
        pairs: list[tuple[float, int, int]] = []
        for j in range(len(listed.tokens)):
            if self.found[j]:
                continue
            for i in range(len(query.tokens)):
                if not self.query_free[i]:
                    continue
                similarity = max(_similar(query.tokens[i], listed.tokens[j]), _similar(query.plain[i], listed.plain[j]))
                if similarity:
                    pairs.append((similarity, j, i))
        for similarity, j, i in sorted(pairs, reverse=True):
            if self.found[j] or not self.query_free[i]:
                continue
            self.pair(j, i, similarity)
            self.notes.append(f"typing error tolerated: '{query.plain[i]}'≈'{listed.plain[j]}'")


def _closest(joined: str, singles: list[tuple[int, str]], free: list[bool]) -> tuple[float, int]:
    """The free single word closest to ``joined`` within its typing-error budget: (similarity, position) or (0, -1)."""
    budget = typo_budget(len(joined))
    best, at = 0.0, -1
    for k, word in singles:
        if not free[k] or abs(len(word) - len(joined)) > budget:
            continue
        distance = 0 if word == joined else OSA.distance(word, joined, score_cutoff=budget)
        if distance <= budget:
            similarity = 1.0 - distance / max(len(word), len(joined))
            if similarity > best:
                best, at = similarity, k
    return best, at


def _levels(query: NameForm, listed: NameForm, names: tuple[str, ...]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The (query, listed) word lists at each spelling level, each distinct pair once."""
    result: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for name in names:
        pair = (getattr(query, name), getattr(listed, name))
        if pair not in result:
            result.append(pair)
    return result


def _similar(word: str, target: str) -> float:
    """1 − errors/length where the words are within the typing-error budget of the listed word, else 0."""
    budget = typo_budget(len(target))
    if not budget or abs(len(word) - len(target)) > budget:
        return 0.0
    distance = OSA.distance(word, target, score_cutoff=budget)
    return 1.0 - distance / max(len(word), len(target)) if distance <= budget else 0.0


def compare_characters(query: str, listed: str, *, spans: bool = True) -> Comparison:
    """Character comparison of a query with a listed name (CJK text or a romanised reading).

    With ``spans`` the comparison also says which stretches of each name the other lacks (useful for
    CJK names; for romanised readings the stretches are syllable fragments and are left out).
    """
    if not query or not listed:
        return NO_MATCH
    if query == listed:
        return IDENTICAL
    wrong = missing = extra = 0
    query_off: set[int] = set()
    listed_off: set[int] = set()
    for operation in Levenshtein.editops(query, listed):
        tag, at_query, at_listed = operation.tag, int(operation.src_pos), int(operation.dest_pos)
        if tag == "replace":
            wrong += 1
            query_off.add(at_query)
            listed_off.add(at_listed)
        elif tag == "insert":
            missing += 1
            listed_off.add(at_listed)
        else:
            extra += 1
            query_off.add(at_query)
    aligned = len(query) - wrong - extra
    total = aligned + wrong + missing + extra
    score = aligned / total if total else 0.0
    differ = wrong + missing + extra
    notes = (f"{differ} character{'s' if differ != 1 else ''} differ",) if differ else ()
    if not spans:
        return Comparison(score, notes=notes)
    return Comparison(score, _runs(listed, listed_off), _runs(query, query_off), notes)


def _runs(text: str, positions: set[int]) -> tuple[str, ...]:
    """The stretches of ``text`` at these positions, in order ('造船', 'システム')."""
    runs: list[str] = []
    previous = -2
    for position in sorted(positions):
        if position == previous + 1:
            runs[-1] += text[position]
        else:
            runs.append(text[position])
        previous = position
    return tuple(runs)
