"""Read the dates that order-book exports actually contain.

Accepted, after NFKC (so full-width digits are read as ordinary ones), with any time of day
after the date ignored:

* year first: 2026-03-02, 2026/3/2, 2026.3.2, 20260302, 2026年3月2日 (or 号);
* Japanese era: 令和8年3月2日, 令和元年5月1日, R8.3.2, and likewise 平成 (H) and 昭和 (S);
* day first with dots, as written in Germany and much of Europe: 02.03.2026;
* month spelled out: 2 March 2026, 2-Mar-2026, March 2, 2026;
* day and month with slashes or hyphens and the year last (02/03/2026) only when it cannot be
  misread: one number is above 12, or both are the same. 02/03/2026 is 2 March in Europe and
  3 February in the United States, so it is refused rather than guessed.

Two-digit years are refused for the same reason: 26/03/02 has three readings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import lru_cache

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")  # fmt: skip
_MONTH = r"(?P<month_name>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"

#: Japanese eras: name, romanised initial, first day. Year 1 of an era is the year of its first day.
_ERAS = (("令和", "R", date(2019, 5, 1)), ("平成", "H", date(1989, 1, 8)), ("昭和", "S", date(1926, 12, 25)))

_TIME = re.compile(r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)$", re.IGNORECASE)
_YEAR_FIRST = (
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})",
    r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})",
    r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号號]?",
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})",  # day first with dots: 02.03.2026
)
_ERA = (
    r"(?P<era>令和|平成|昭和)\s*(?P<year>\d{1,2}|元)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日?",
    r"(?P<era>[RHS])\s*(?P<year>\d{1,2})(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})",
)
_NAMED = (
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s-]*{_MONTH}[\s,-]*(?P<year>\d{{4}})",
    rf"{_MONTH}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<year>\d{{4}})",
)
_SLASHED = (r"(?P<first>\d{1,2})(?P<sep>[/-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})",)


def parse_date(text: str) -> date:
    """The date written in ``text``; raises ValueError with a sentence saying what is wrong."""
    result = _parse(text)
    if isinstance(result, str):
        raise ValueError(result)
    return result


def describe(day: date) -> str:
    """A date written out so that it cannot be misread: '2 March 2026'."""
    return f"{day.day} {_MONTHS[day.month - 1].capitalize()} {day.year}"


@lru_cache(maxsize=4096)
def _parse(text: str) -> date | str:
    # Order books repeat the same few dates thousands of times, so the answers are cached.
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return "empty; give a date such as 2026-03-02"
    cleaned = _TIME.sub("", cleaned).strip() or cleaned
    for pattern, reader in _FORMS:
        if match := pattern.fullmatch(cleaned):
            return reader(text, match)
    return f"{text!r} is not a date we can read; write it as YYYY-MM-DD, for example 2026-03-02"


def _real(text: str, year: int, month: int, day: int) -> date | str:
    if year < 1:
        return f"{text!r} is not a real date: there is no year 0"
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            return f"{text!r} is not a real date: there is no month {month}"
        return f"{text!r} is not a real date: {_MONTHS[month - 1].capitalize()} {year} has no day {day}"


def _numbered(text: str, match: re.Match[str]) -> date | str:
    return _real(text, int(match["year"]), int(match["month"]), int(match["day"]))


def _named(text: str, match: re.Match[str]) -> date | str:
    month = next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(match["month_name"].lower()))
    return _real(text, int(match["year"]), month, int(match["day"]))


def _era_date(text: str, match: re.Match[str]) -> date | str:
    era = match["era"].upper()
    name, _initial, first_day = next(entry for entry in _ERAS if era in (entry[0], entry[1]))
    era_year = 1 if match["year"] == "元" else int(match["year"])
    if era_year < 1:
        return f"{text!r} is not a real date: {name} has no year 0"
    result = _real(text, first_day.year + era_year - 1, int(match["month"]), int(match["day"]))
    if isinstance(result, str):
        return result
    later = [start for _n, _i, start in _ERAS if start > first_day]
    if result < first_day or (later and result >= min(later)):
        return f"{text!r} is not a real date: the {name} era began on {describe(first_day)}" + (
            f" and ended before {describe(min(later))}" if later else ""
        )
    return result


def _day_month(text: str, match: re.Match[str]) -> date | str:
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    if first == second or first > 12 or second > 12:
        day, month = (second, first) if first <= 12 < second else (first, second)
        return _real(text, year, month, day)
    european = _real(text, year, second, first)
    if isinstance(european, str):
        return european
    american = date(year, first, second)  # both numbers are at most 12, so this day exists too
    return (
        f"{text!r} is ambiguous: it is {describe(european)} read day first and {describe(american)} read "
        "month first; write it as YYYY-MM-DD"
    )


#: The forms we read, in the order they are tried, each with how a match becomes a date.
_FORMS: tuple[tuple[re.Pattern[str], Callable[[str, re.Match[str]], date | str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reader)
    for patterns, reader in ((_YEAR_FIRST, _numbered), (_ERA, _era_date), (_NAMED, _named), (_SLASHED, _day_month))
    for pattern in patterns
)
