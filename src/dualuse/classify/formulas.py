"""Read chemical formulas, alloy notation and element symbols that the vocabulary does not list one by one.

'Sm2O3', 'Tb4O7', 'Dy(NO3)3·6H2O', 'GeCl4', 'SbH3', 'Sm-Co', 'Al-Sc' and 'NdFeB (Dy)' are understood
from the periodic table and a small table of anions kept as data (O → oxide, N → nitride, Cl → chloride,
C + O → carbonate …). Only formulas that contain an element the vocabulary knows are read, only tokens
with two or more different elements count (so 'W5', a diamond grit grade, is not tungsten), and a token
written in capitals only ('CNC', 'SUS', 'USB') is an acronym, not a formula.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dualuse.classify.terms import Hit, TermIndex
from dualuse.classify.text import Text
from dualuse.classify.vocabulary import Vocabulary

_TOKEN = re.compile(r"(?<![A-Za-z0-9])[\[(]?[A-Z][A-Za-z0-9()\[\].·•*]*")
_SYMBOL = re.compile(r"[A-Z][a-z]?")
_ALLOY = re.compile(r"(?<![A-Za-z0-9])[A-Z][a-z]?(?:\s?-\s?[A-Z][a-z]?)+(?![a-z])")
#: Where a lone symbol reads as an element: beside punctuation, a number or a word such as 'free'.
_SYMBOL_CONTEXT = r"(?=\s*(?:[-/,;)&:+%]|\d|$)|\s+(?:or|and|free|doped|content|added|diffused|grain)\b)"
_COUNTER_IONS = frozenset({"Li", "Na", "K", "Cs", "Rb"})
#: Words before a lone symbol that make it an element: 'NdFeB containing Dy', 'magnets with Tb'.
_SYMBOL_AFTER_WORD = re.compile(r"(?:^|[^a-z])(?:with|containing|contains|including|incl\.?|plus|doped|added|含)\s*$")


@dataclass(frozen=True, slots=True)
class FormulaReader:
    """The periodic table, the vocabulary's element symbols and its anion table."""

    elements: frozenset[str]
    symbol_concepts: dict[str, str]
    anions: dict[str, str]
    nonmetals: frozenset[str]
    standalone: re.Pattern[str] | None
    bare_symbols: re.Pattern[str] | None

    @classmethod
    def from_vocabulary(cls, vocabulary: Vocabulary) -> FormulaReader:
        """Build the reader from classification_terms.yaml."""
        concepts = vocabulary.terms.concepts
        symbols = {c.symbol: name for name, c in concepts.items() if c.kind == "element" and c.symbol}
        standalone = sorted(c.symbol for c in concepts.values() if c.symbol and c.standalone_symbol)
        pattern = bare = None
        if standalone:
            pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(standalone) + r")(?![a-z])" + _SYMBOL_CONTEXT)
            bare = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(standalone) + r")(?![A-Za-z0-9])")
        anions = dict(vocabulary.terms.anions)
        nonmetals = frozenset(s for key in anions for s in key.split("+"))
        return cls(frozenset(vocabulary.terms.elements), symbols, anions, nonmetals, pattern, bare)

    def find(self, text: Text, index: TermIndex, words: list[Hit], form_kinds: dict[str, str]) -> list[Hit]:
        """Hits for formulas, alloy notation and lone symbols not already covered by a vocabulary word.

        A lone symbol ('Dy', 'Sm') counts where punctuation, a number or a word such as 'free' follows it,
        or where the next word names a form ('Sm target', 'Dy metal'); elsewhere it may be a name.
        """
        hits: list[Hit] = []
        covered = [(h.start, h.end) for h in words]
        taken = list(covered)
        form_starts = {h.start for h in words if form_kinds.get(h.concept) in ("chemical_form", "article", "shape")}
        for match in _ALLOY.finditer(text.raw):
            found = self._alloy(text, index, match)
            if found:
                hits += found
                taken.append(match.span())
        for match in _TOKEN.finditer(text.raw):
            token = match.group().rstrip(".")
            start = match.start()
            if _inside(start, taken):
                continue
            found = self._formula(text, index, token, start)
            if found:
                hits += found
                taken.append((start, start + len(token)))
        if self.standalone is not None and self.bare_symbols is not None:
            starts = {m.start() for m in self.standalone.finditer(text.raw)}
            for match in self.bare_symbols.finditer(text.raw):
                if _inside(match.start(), taken):
                    continue
                following = len(text.raw) - len(text.raw[match.end() :].lstrip())
                introduced = _SYMBOL_AFTER_WORD.search(text.lower[max(0, match.start() - 14) : match.start()])
                if match.start() not in starts and following not in form_starts and not introduced:
                    continue
                concept = self.symbol_concepts[match.group(1)]
                hits.append(
                    _hit(
                        text,
                        index,
                        concept,
                        match.group(1),
                        start=match.start(),
                        end=match.end(1),
                        source="element symbol",
                    )
                )
        return hits

    def _alloy(self, text: Text, index: TermIndex, match: re.Match[str]) -> list[Hit]:
        symbols = [s.strip() for s in re.split(r"\s?-\s?", match.group())]
        if len(set(symbols)) < 2 or not all(s in self.elements for s in symbols):
            return []
        known = [s for s in dict.fromkeys(symbols) if s in self.symbol_concepts]
        if not known or any(s in self.nonmetals and s not in self.symbol_concepts for s in symbols):
            return []
        start, end = match.span()
        hits = [
            _hit(text, index, self.symbol_concepts[s], match.group(), start=start, end=end, source="alloy notation")
            for s in known
        ]
        return [*hits, _hit(text, index, "alloy", match.group(), start=start, end=end, source="alloy notation")]

    def _formula(self, text: Text, index: TermIndex, token: str, start: int) -> list[Hit]:
        main = re.split(r"[·•*]", token)[0]
        bare = re.sub(r"[0-9().\[\]]", "", main)
        symbols = _SYMBOL.findall(bare)
        if not symbols or "".join(symbols) != bare or not all(s in self.elements for s in symbols):
            return []
        distinct = list(dict.fromkeys(symbols))
        if len(distinct) < 2 or (main.isupper() and not any(c.isdigit() for c in main)):
            return []
        known = [s for s in distinct if s in self.symbol_concepts]
        if not known:
            return []
        form = self._form(distinct, known)
        if form is None:
            return []
        end = start + len(token)
        subjects = [s for s in known if not (form != "alloy" and s in self.nonmetals and len(known) > 1)]
        hits = [
            _hit(text, index, self.symbol_concepts[s], token, start=start, end=end, source="formula") for s in subjects
        ]
        return [*hits, _hit(text, index, form, token, start=start, end=end, source="formula")]

    def _form(self, distinct: list[str], known: list[str]) -> str | None:
        """The chemical form a formula names: an anion's form, 'compound' for salts, 'alloy' for metals only."""
        metals = [s for s in distinct if s not in self.nonmetals]
        anion_symbols = [s for s in distinct if s in self.nonmetals]
        if not anion_symbols:
            return "alloy" if len(metals) >= 2 else None
        if len(metals) == 0:  # every element can be an anion (SbH3, TeCl4): the known one is the cation
            anion_symbols = [s for s in anion_symbols if s != known[0]]
        key = "+".join(sorted(anion_symbols))
        other_metals = [s for s in metals if s not in self.symbol_concepts and s not in _COUNTER_IONS]
        if any(s in _COUNTER_IONS for s in metals) or other_metals:
            return "compound" if key not in ("Sb", "Te", "As", "P", "Se", "N") else self.anions.get(key, "compound")
        return self.anions.get(key, "compound")


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _hit(text: Text, index: TermIndex, concept: str, term: str, *, start: int, end: int, source: str) -> Hit:
    return Hit(
        concept=concept,
        term=term,
        language="formula",
        start=start,
        end=end,
        negated=index.negated(text, start, end),
        purpose=text.in_purpose(start),
        source=source,
    )
