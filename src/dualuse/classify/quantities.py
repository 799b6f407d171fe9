"""Pull technical quantities out of an order line, with their units: '99.99%', '5N', '40/50 mesh', '≤5 µm',
'300 Wh/kg', '2.45 GHz', 'Φ2.5×40 m' …

Each quantity is kept as a closed range in the base unit of its dimension: '99.99%' is [99.99, 99.99],
'≥99.99%' is [99.99, 100], '0-2 µm' is [0, 2] and '40/50 mesh' is [300, 425] µm (the openings of the
two sieves, from the standard sieve table kept as data). A range that straddles a threshold decides
nothing, and the answer asks for the value instead of guessing. Units, their spellings, the sieve table,
the 'N' purity grades and the words that mean 'at least' or 'at most' are all read from
classification_parameters.yaml.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from dualuse.classify.terms import fold_term
from dualuse.classify.text import Text
from dualuse.classify.trie import trie_pattern
from dualuse.classify.vocabulary import LANGUAGES, Vocabulary

_NUMBER = r"\d+(?:[.,]\d+)?"
_BARE_PURITY = re.compile(r"(?<![A-Za-z0-9.,/:-])(9\d\.\d{1,6})(?![\d.,]|\s*[A-Za-z%µμ/°-])")
_RATE = re.compile(r"\s*(?:/|per\b|each\b|net\b|gross\b|carton|bag|drum|box|pallet|/箱|每)")
_IDEOGRAPH = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_RANGE = r"\s*(?:-|~|–|—|to|至|〜|～)\s*"


@dataclass(frozen=True, slots=True)
class Measurement:
    """A quantity the description states: a range in the dimension's base unit, and where it was said."""

    dimension: str
    low: float
    high: float
    text: str
    start: int
    end: int
    keyword: str | None = None
    role: str | None = None

    def shown(self) -> str:
        """The quantity as quoted in evidence ('40/50 mesh (300–425 µm)' for sieve sizes)."""
        if self.role == "mesh":
            if self.low == 0:
                return f"{self.text.strip()} (≤ {self.high:g} µm)"
            if math.isinf(self.high):
                return f"{self.text.strip()} (≥ {self.low:g} µm)"
            return f"{self.text.strip()} ({self.low:g}–{self.high:g} µm)"
        return self.text.strip()


def _number(text: str) -> float:
    if "," in text and "." not in text:
        head, tail = text.split(",", 1)
        text = head + tail if len(tail) == 3 else f"{head}.{tail}"
    return float(text.replace(",", ""))


class QuantityReader:
    """The unit table, sieve table and keyword index, compiled once."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        """Compile the quantity, mesh, purity-grade and keyword patterns of the vocabulary."""
        table = vocabulary.parameters
        self.units = table.units
        self._alias: dict[str, str] = {}
        folded_aliases: list[str] = []
        exact_aliases: list[str] = []
        for name, unit in table.units.items():
            for alias in unit.aliases:
                self._alias[alias.lower()] = name
                folded_aliases.append(alias.lower())
            for alias in unit.case_sensitive:
                self._alias[alias] = name
                exact_aliases.append(alias)
        units = trie_pattern(folded_aliases, flexible_spaces=True)
        exact = trie_pattern(exact_aliases)
        unit_alternatives = units + (f"|(?-i:{exact})" if exact else "")
        self._quantity = re.compile(
            rf"(?P<cmp>≥|>=|≧|>|≤|<=|≦|<|±|\+/-)?\s*(?<![A-Za-z0-9.])(?P<a>{_NUMBER})"
            rf"(?:{_RANGE}(?P<b>{_NUMBER}))?\s*(?P<u>{unit_alternatives})(?![A-Za-z])",
            re.IGNORECASE,
        )
        self._grade = re.compile(r"(?<![A-Za-z0-9.])(?P<n>[2-9])N(?P<d>[1-9])?(?![A-Za-z0-9])", re.IGNORECASE)
        self._mesh = re.compile(
            r"(?P<sign>[+-])?(?<![0-9.])(?P<a>\d+)(?:\s*(?:/|-|~|x|×)\s*(?P<b>\d+))?\s*(?:mesh|目|メッシュ)"
            r"|(?:mesh|目数)\s*(?P<a2>\d+)(?:\s*(?:/|-|~)\s*(?P<b2>\d+))?",
            re.IGNORECASE,
        )
        self._dimensions = re.compile(
            r"[φΦøØ]\s*(?P<d>\d+(?:\.\d+)?)\s*(?P<du>mm|m)?\s*[x×*]\s*(?P<l>\d+(?:\.\d+)?)\s*(?P<lu>mm|m)(?![a-z])",
            re.IGNORECASE,
        )
        self._parameter_units = {name: table.units[p.unit] for name, p in table.parameters.items()}
        letters = "".join(re.escape(k) for k in table.micron_grades)
        self._micron_grade = re.compile(
            rf"(?<![A-Za-z0-9])(?P<g>[{letters or 'Z'}])\s?(?P<a>\d+(?:\.\d+)?)(?:\s*/\s*(?P<b>\d+(?:\.\d+)?))?(?![A-Za-z0-9.%])"
        )
        self._micron_grades = dict(table.micron_grades)
        self._bare_number = re.compile(
            r"\s*[:：=]?\s*(?P<cmp>≥|>=|≧|>|≤|<=|≦|<)?\s*(?P<a>\d+(?:[.,]\d+)?)(?![\d.,])(?!\s*[A-Za-z%µμ/°])"
        )
        self._sieve = dict(table.sieve_openings_um)
        self._grades = dict(table.purity_grades)
        comparators = table.comparators
        self._at_least_before = _words_at_end(comparators["at_least_before"])
        self._at_most_before = _words_at_end(comparators["at_most_before"])
        self._at_least_after = _words_at_start(comparators["at_least_after"])
        self._at_most_after = _words_at_start(comparators["at_most_after"])
        self._keyword_of: dict[str, list[str]] = {}
        self._dimension_of = {name: table.units[p.unit].dimension for name, p in table.parameters.items()}
        for name, parameter in table.parameters.items():
            for language in LANGUAGES:
                for word in getattr(parameter, language):
                    names = self._keyword_of.setdefault(fold_term(word), [])
                    if name not in names:
                        names.append(name)
        self._keywords = re.compile(
            r"(?<![a-z0-9])(?P<t>"
            + (trie_pattern([w for w in self._keyword_of if w.isascii()], flexible_spaces=True) or "(?!)")
            + r")(?![a-z0-9])"
            r"|(?P<c>" + (trie_pattern([w for w in self._keyword_of if not w.isascii()]) or "(?!)") + ")"
        )

    def read(self, text: Text) -> list[Measurement]:
        """Every quantity in ``text`` with its nearest parameter keyword, in order of position."""
        found: list[Measurement] = []
        taken: list[tuple[int, int]] = []
        for match in self._dimensions.finditer(text.raw):
            found += self._diameter_by_length(match)
            taken.append(match.span())
        for match in self._mesh.finditer(text.raw):
            measurement = self._mesh_range(match)
            if measurement:
                found.append(measurement)
                taken.append(match.span())
        for match in self._grade.finditer(text.raw):
            digit = int(match.group("n"))
            if digit not in self._grades:
                continue
            value = self._grades[digit] + (int(match.group("d")) * 10 ** -(digit - 1) if match.group("d") else 0)
            value = round(value, digit + 2)
            found.append(Measurement("fraction", value, value, match.group(), match.start(), match.end()))
            taken.append(match.span())
        for match in self._micron_grade.finditer(text.raw):
            if any(s <= match.start() < e for s, e in taken):
                continue
            low, high = float(match.group("a")), float(match.group("b") or match.group("a"))
            if self._micron_grades[match.group("g")] == "at_most" and not match.group("b"):
                low = 0.0
            found.append(
                Measurement(
                    "length", min(low, high), max(low, high), match.group(), match.start(), match.end(), role="mesh"
                )
            )
            taken.append(match.span())
        for match in self._quantity.finditer(text.raw):
            if any(s <= match.start("a") < e for s, e in taken):
                continue
            measurement = self._quantity_range(text, match)
            if measurement:
                found.append(measurement)
                taken.append(match.span())
        found += self._unitless(text, taken)
        if not any(m.dimension == "fraction" for m in found):
            found += self._bare_purity(text, taken)
        found.sort(key=lambda m: m.start)
        found = self._with_keywords(text, found)
        derived = _energy_per_mass(text, found)
        return [*found, derived] if derived else found

    def _unitless(self, text: Text, taken: list[tuple[int, int]]) -> list[Measurement]:
        """'纯度 99.99', '压实密度2.55', '克容量158': a number right after a parameter word, in that parameter's unit."""
        found = []
        for keyword in self._keywords.finditer(text.folded):
            match = self._bare_number.match(text.raw, keyword.end())
            if not match or any(s <= match.start("a") < e for s, e in taken):
                continue
            name = self._keyword_of[re.sub(r" +", " ", keyword.group("t") or keyword.group("c"))][0]
            unit = self._parameter_units[name]
            value = _number(match.group("a")) * unit.factor
            low, high = value, value
            comparator = match.group("cmp") or ""
            if comparator in ("≥", ">=", "≧", ">"):
                high = 100.0 if unit.dimension == "fraction" else math.inf
            elif comparator in ("≤", "<=", "≦", "<"):
                low = 0.0
            shown = f"{match.group('a')} (no unit given; read as {unit.display or ''})".replace(" )", ")")
            found.append(Measurement(unit.dimension, low, high, shown, match.start("a"), match.end(), name))
            taken.append((match.start("a"), match.end()))
        return found

    def _bare_purity(self, text: Text, taken: list[tuple[int, int]]) -> list[Measurement]:
        """'Sb2O3 99.5', 'WO3 99.95': a lone decimal from 90 to 100 with no unit, as trade lines write a purity."""
        for match in _BARE_PURITY.finditer(text.raw):
            value = float(match.group(1))
            if 90 <= value < 100 and not any(s <= match.start(1) < e for s, e in taken):
                shown = f"{match.group(1)} (no unit given; read as a purity in %)"
                return [Measurement("fraction", value, value, shown, match.start(1), match.end(1))]
        return []

    def _quantity_range(self, text: Text, match: re.Match[str]) -> Measurement | None:
        unit_name = self._alias.get(match.group("u")) or self._alias.get(re.sub(r" +", " ", match.group("u").lower()))
        if unit_name is None:
            return None
        unit = self.units[unit_name]
        written = match.group("u")
        following = text.raw[match.end() : match.end() + 1]
        if len(written) == 1 and _IDEOGRAPH.match(written) and following and _IDEOGRAPH.match(following):
            return None  # '2.55 克容量' is 2.55 and then the word 克容量, not 2.55 grams
        low = _number(match.group("a")) * unit.factor
        high = _number(match.group("b")) * unit.factor if match.group("b") else low
        low, high = min(low, high), max(low, high)
        comparator = match.group("cmp") or ""
        before = text.lower[max(0, match.start() - 16) : match.start()]
        after = text.lower[match.end() : match.end() + 12]
        top = 100.0 if unit.dimension == "fraction" else math.inf
        if (
            comparator in ("≥", ">=", "≧", ">")
            or self._at_least_before.search(before)
            or self._at_least_after.match(after)
        ):
            high = top
            if comparator == ">":  # strictly above: the stated value itself is not included
                low += max(abs(low) * 1e-6, 1e-9)
        elif (
            comparator in ("≤", "<=", "≦", "<")
            or self._at_most_before.search(before)
            or self._at_most_after.match(after)
        ):
            low = 0.0
            if comparator == "<":
                high -= max(abs(high) * 1e-6, 1e-9)
        role = "uniformity" if comparator in ("±", "+/-") else None
        if re.search(r"[φΦøØ]\s*$", text.raw[max(0, match.start() - 2) : match.start("a")]):
            role = "diameter"
        return Measurement(unit.dimension, low, high, match.group().strip(), match.start(), match.end(), role=role)

    def _mesh_range(self, match: re.Match[str]) -> Measurement | None:
        first = match.group("a") or match.group("a2")
        second = match.group("b") or match.group("b2")
        openings = [self._sieve.get(int(n)) for n in (first, second) if n]
        if not openings or any(o is None for o in openings):
            return None
        sizes = [o for o in openings if o is not None]
        if len(sizes) == 2:  # '40/50 mesh': passes the coarser sieve, stays on the finer one (so strictly between)
            low, high = min(sizes) * (1 + 1e-6), max(sizes) * (1 - 1e-6)
        elif match.group("sign") == "+":  # '+100 mesh': stays on the sieve
            low, high = sizes[0], math.inf
        else:  # '325 mesh' or '-325 mesh': passes the sieve
            low, high = 0.0, sizes[0]
        return Measurement("length", low, high, match.group().strip(), match.start(), match.end(), role="mesh")

    def _diameter_by_length(self, match: re.Match[str]) -> list[Measurement]:
        length_unit = match.group("lu").lower()
        diameter_unit = (match.group("du") or length_unit).lower()
        d = float(match.group("d")) * self.units[diameter_unit].factor
        length = float(match.group("l")) * self.units[length_unit].factor
        text = match.group()
        return [
            Measurement("length", d, d, text, match.start(), match.end(), role="diameter"),
            Measurement("length", length, length, text, match.start(), match.end(), role="length"),
        ]

    def _with_keywords(self, text: Text, found: list[Measurement]) -> list[Measurement]:
        if not found:
            return found
        keywords = [
            (m.start(), m.end(), self._keyword_of[re.sub(r" +", " ", m.group("t") or m.group("c"))])
            for m in self._keywords.finditer(text.folded)
        ]
        out = []
        for index, measurement in enumerate(found):
            if measurement.keyword is not None:
                out.append(measurement)
                continue
            previous_end = found[index - 1].end if index else 0
            before = [
                k for k in keywords if previous_end <= k[1] <= measurement.start and measurement.start - k[1] <= 32
            ]
            after = [
                k
                for k in keywords
                if measurement.end <= k[0] <= measurement.end + 4 and not text.lower[measurement.end : k[0]].strip()
            ]
            near = before[-1] if before else (after[0] if after else None)
            keyword = None
            if near is not None:
                keyword = next((n for n in near[2] if self._dimension_of[n] == measurement.dimension), None)
            out.append(
                Measurement(
                    measurement.dimension,
                    measurement.low,
                    measurement.high,
                    measurement.text,
                    measurement.start,
                    measurement.end,
                    keyword,
                    measurement.role,
                )
            )
        return out


def _words_at_end(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:^|[^a-z])(?:{alternatives})[\s.:]*$")


def _words_at_start(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{alternatives})(?![a-z])")


def _energy_per_mass(text: Text, found: list[Measurement]) -> Measurement | None:
    """Gravimetric energy density worked out from a stated energy (or charge × voltage) and a stated weight.

    Only when the text states no energy density itself, exactly one energy (or one charge and one
    voltage) and exactly one mass introduced by a word such as 'weight': '3.6 V 3000 mAh, weight 46 g'.
    """
    if any(m.dimension == "specific_energy" for m in found):
        return None
    masses = [m for m in found if m.dimension == "mass" and m.keyword == "mass" and m.low == m.high]
    if not masses:  # '21700 cell 5000 mAh, 3.6 V, 70 g': one plain weight, not a rate such as '25 kg/carton'
        plain = [m for m in found if m.dimension == "mass" and m.low == m.high]
        rate = bool(plain) and _RATE.match(text.lower, plain[0].end) is not None
        masses = plain if len(plain) == 1 and not rate else []
    energies = [m for m in found if m.dimension == "energy" and m.low == m.high]
    charges = [m for m in found if m.dimension == "charge" and m.low == m.high]
    voltages = [m for m in found if m.dimension == "voltage" and m.low == m.high]
    if len(masses) != 1 or masses[0].low <= 0:
        return None
    if len(energies) == 1:
        energy, source = energies[0].low, energies[0].shown()
    elif len(charges) == 1 and len(voltages) == 1:
        energy, source = charges[0].low * voltages[0].low, f"{charges[0].shown()} × {voltages[0].shown()}"
    else:
        return None
    value = round(energy / masses[0].low, 1)
    shown = f"{value:g} Wh/kg (worked out from {source} and {masses[0].shown()})"
    return Measurement(
        "specific_energy", value, value, shown, masses[0].start, masses[0].end, "gravimetric_energy_density"
    )
