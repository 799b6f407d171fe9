"""The lists a Screener compares against, with every listed name's forms and the index over them.

For each query the catalogue asks the index for candidate forms and compares like with like:
words for Latin names, characters for CJK names and for romanised readings. The best comparison
per listed party is kept, preferring, at equal scores, names compared as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dualuse.screen.forms import FormBuilder, NameForm
from dualuse.screen.index import CandidateIndex
from dualuse.screen.score import Comparison, compare_characters, compare_words
from dualuse.screen.sources import Entry, EntryName

#: Taken off the score where the query's country differs from the listed party's.
COUNTRY_MISMATCH = 0.1


@dataclass(frozen=True, slots=True)
class Owner:
    """Which entry, and which of its names, a listed form comes from."""

    entry: int
    name: EntryName


@dataclass(frozen=True, slots=True)
class Best:
    """The best comparison of the query with one entry."""

    score: float
    form: NameForm
    name: EntryName
    query: NameForm
    comparison: Comparison


class Catalogue:
    """The entries of some lists, their forms and the index over them."""

    def __init__(self, entries: Sequence[Entry], forms: FormBuilder) -> None:
        self.entries = tuple(entries)
        self.forms: list[NameForm] = []
        self.owners: list[Owner] = []
        for number, entry in enumerate(self.entries):
            seen: set[tuple[str, str]] = set()
            for name in entry.all_names:
                readings = forms.readings_for(
                    name.name, name.script, entry.country, japanese_name_given=entry.has_japanese_name
                )
                for form in forms.listed(name.name, readings):
                    if (form.kind, form.compact) in seen:
                        continue
                    seen.add((form.kind, form.compact))
                    self.forms.append(form)
                    self.owners.append(Owner(number, name))
        self.index = CandidateIndex(self.forms)
        self.place_words = frozenset(forms.romaniser.fold(w) for w in forms.vocabulary.place_words)
        self.stopwords = forms.vocabulary.stopwords

    def best(self, query_forms: tuple[NameForm, ...], country: str | None) -> dict[int, Best]:
        """The best comparison per entry, over the listed forms the index puts forward."""
        best: dict[int, Best] = {}
        place_words, stopwords = self.place_words, self.stopwords
        for number in self.index.candidates(query_forms):
            form = self.forms[number]
            owner = self.owners[number]
            for query in query_forms:
                comparison = _compare(query, form, place_words, stopwords)
                if comparison is None or comparison.score <= 0.0:
                    continue
                score = comparison.score
                countries = self.entries[owner.entry].countries
                if country and countries and country not in countries:
                    score -= COUNTRY_MISMATCH
                    note = f"country {country} differs from the listed {'/'.join(countries)}"
                    comparison = Comparison(score, comparison.missing, comparison.extra, (*comparison.notes, note))
                known = best.get(owner.entry)
                if known is None or (score, _directness(query, form)) > (
                    known.score,
                    _directness(known.query, known.form),
                ):
                    best[owner.entry] = Best(score, form, owner.name, query, comparison)
        return best


def _directness(query: NameForm, listed: NameForm) -> int:
    """Prefer, at equal scores, names compared as written over names compared through a reading."""
    return int(query.kind == listed.kind) + int(query.kind != "romaji") + int(listed.kind not in ("romaji", "pinyin"))


def _compare(
    query: NameForm, listed: NameForm, place_words: frozenset[str], stopwords: frozenset[str]
) -> Comparison | None:
    """Compare like with like: words for Latin names, characters for CJK names and readings."""
    if query.kind == "latin":
        if listed.kind == "latin":
            return compare_words(query, listed, place_words, stopwords)
        if listed.kind in ("romaji", "pinyin"):
            return compare_characters(query.compact, listed.compact, spans=False)
        return None
    if query.kind == "cjk":
        return compare_characters(query.compact, listed.compact) if listed.kind == "cjk" else None
    if listed.kind != "cjk":  # a reading of a CJK query against any Latin form
        return compare_characters(query.compact, listed.compact, spans=False)
    return None
