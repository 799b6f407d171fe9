"""Order-line text as the classifier reads it: checked, NFKC-normalised, folded, with its purpose clauses.

Three aligned views of one description are kept, so that a position found in one is valid in the others:

* ``raw`` is the NFKC form with its case kept (full-width letters, half-width katakana, ``µ``, ``㎛``
  and subscript digits become their ordinary forms); chemical formulas and units are read here.
* ``lower`` is ``raw`` in lower case; parameter keywords are read here.
* ``folded`` is ``lower`` with every punctuation mark replaced by a space; terms are matched here.

A *purpose clause* ("… for NdFeB magnets", "钕铁硼磁材用…", "…用于…的", "磁石向け…") says what the goods
are for, not what they are: words inside it can give context (a jet mill *for rare-earth magnets*) but
never make the goods themselves a magnet.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from dualuse.errors import InputError

#: The longest description accepted; an order line is a sentence or two, not a document.
MAX_DESCRIPTION = 10_000

_PUNCTUATION = re.compile(r"[\W_]", re.UNICODE)
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}A-Za-z0-9]")
#: A purpose written before '用' is a short phrase; never look further back than this.
_LONGEST_PURPOSE = 40
_CLAUSE_END = re.compile(r"[,;:()\[\]{}|\n，；：（）【】、。]")


@dataclass(frozen=True, slots=True)
class Text:
    """One description in its three aligned views, with the spans of its purpose clauses."""

    raw: str
    lower: str
    folded: str
    purpose: tuple[tuple[int, int], ...]
    _starts: tuple[int, ...] = ()

    def in_purpose(self, position: int) -> bool:
        """True where ``position`` falls inside a purpose clause (the spans are sorted and do not overlap)."""
        index = bisect_right(self._starts, position) - 1
        return index >= 0 and position < self.purpose[index][1]


@dataclass(frozen=True, slots=True)
class PurposeMarkers:
    """The words that open a purpose clause, read from the vocabulary."""

    english: re.Pattern[str]
    cjk_opening: re.Pattern[str]
    cjk_suffix: re.Pattern[str]


def purpose_markers(markers: dict[str, list[str]]) -> PurposeMarkers:
    """Compile the purpose-clause markers of the vocabulary (``purpose`` in classification_terms.yaml)."""
    english = "|".join(re.escape(w) for w in sorted(markers["en_openers"], key=len, reverse=True))
    opening = "|".join(re.escape(w) for w in markers["cjk_openers"])
    suffix = "|".join(re.escape(w) for w in sorted(markers["cjk_suffixes"], key=len, reverse=True))
    not_after = "".join(re.escape(c) for c in markers["cjk_suffix_not_after"])
    not_before = "".join(re.escape(c) for c in markers["cjk_suffix_not_before"])
    return PurposeMarkers(
        english=re.compile(rf"(?<![a-z])(?:{english})(?![a-z])"),
        cjk_opening=re.compile(rf"(?:{opening})([^,;:()，；：（）、。\s]*?)(?:的|の|$|(?=[,;:()，；：（）、。\s]))"),
        cjk_suffix=re.compile(rf"(?<=[{_CJK}A-Za-z0-9])(?<![{not_after}])(?:{suffix})(?=[{_CJK}])(?![{not_before}])"),
    )


def prepare(description: str, markers: PurposeMarkers) -> Text:
    """The three views of a checked description and its purpose clauses."""
    raw = unicodedata.normalize("NFKC", description)
    lower = raw.lower()
    if len(lower) != len(raw):  # a few letters (such as 'İ') grow when lowered; keep the views aligned
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in raw)
    folded = _PUNCTUATION.sub(" ", lower)
    spans = _purpose_spans(lower, markers)
    return Text(raw, lower, folded, spans, tuple(start for start, _ in spans))


def _purpose_spans(lower: str, markers: PurposeMarkers) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for match in markers.english.finditer(lower):
        stop = _CLAUSE_END.search(lower, match.end())
        spans.append((match.end(), stop.start() if stop else len(lower)))
    for match in markers.cjk_opening.finditer(lower):
        spans.append(match.span(1))
    for match in markers.cjk_suffix.finditer(lower):
        # '钕铁硼磁材用气流磨': the purpose is the run of characters just before '用', back to a break.
        start = match.start()
        while start > 0 and match.start() - start < _LONGEST_PURPOSE and _RUN.match(lower[start - 1]):
            start -= 1
        spans.append((start, match.start()))
    merged: list[tuple[int, int]] = []
    for first, last in sorted(s for s in spans if s[1] > s[0]):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return tuple(merged)


def check_description(value: Any) -> str:
    """The description as text, or InputError naming the field: empty, too long or not text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(
            f"the description must be text, got {type(value).__name__ if value is not None else 'nothing'}",
            field="description",
        )
    if not value.strip():
        raise InputError("the description is empty; give the goods as written on the order line", field="description")
    if len(value) > MAX_DESCRIPTION:
        raise InputError(
            f"the description is {len(value):,} characters long; the limit is {MAX_DESCRIPTION:,} "
            "(describe one order line, not a document)",
            field="description",
        )
    return value


def normalise_customs_code(value: Any) -> str | None:
    """A customs code as 4 to 10 digits (dots, spaces and dashes dropped; a 13-digit CIQ code is cut to 10)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError("the customs code must be digits, got true/false", field="hs_code")
    if isinstance(value, float):
        if not value.is_integer():
            raise InputError(f"{value!r} is not a customs code: it must be 4 to 10 digits", field="hs_code")
        value = int(value)
    text = re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", str(value)))
    if not text.isascii() or not text.isdigit():
        raise InputError(
            f"{str(value)!r} is not a customs code: it must be 4 to 10 digits (dots and spaces are allowed)",
            field="hs_code",
        )
    if not 4 <= len(text) <= 13:
        raise InputError(
            f"{str(value)!r} is not a customs code: it has {len(text)} digits, expected 4 to 10", field="hs_code"
        )
    return text[:10]


_CONTROL_CODE = re.compile(r"([0-9])([A-Ea-e])([0-9]{3})((?:\.[A-Za-z0-9]+)*)")


def normalise_declared_code(value: Any, entry_ids: frozenset[str]) -> str | None:
    """A declared control code in its printed form ('1c902.A' → '1C902.a'), or a rule-base entry id."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InputError("the declared control code must be text such as '1C902.a'", field="declared_code")
    text = unicodedata.normalize("NFKC", value).strip()
    if text in entry_ids:
        return text
    match = _CONTROL_CODE.fullmatch(text)
    if not match:
        raise InputError(
            f"{value!r} is not a control code: expected five characters such as '1C902' with optional "
            "sub-items ('1C902.a.1'), or a rule-base entry id",
            field="declared_code",
        )
    digit, letter, number, rest = match.groups()
    return f"{digit}{letter.upper()}{number}{rest.lower()}"
