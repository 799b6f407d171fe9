"""Dates are read in the forms order books use, and a date that could be read two ways is refused."""

from __future__ import annotations

from datetime import date

import pytest

from dualuse.batch.dates import parse_date

ACCEPTED = [
    ("2026-03-02", date(2026, 3, 2)),
    ("2026-3-2", date(2026, 3, 2)),
    ("2026/03/02", date(2026, 3, 2)),
    ("2026.3.2", date(2026, 3, 2)),
    ("20260302", date(2026, 3, 2)),
    ("2026年3月2日", date(2026, 3, 2)),
    ("2026 年 03 月 02 日", date(2026, 3, 2)),
    ("2026年3月2号", date(2026, 3, 2)),
    ("２０２６／０３／０２", date(2026, 3, 2)),
    ("令和8年3月2日", date(2026, 3, 2)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("㋿8年3月2日", date(2026, 3, 2)),
    ("R8.3.2", date(2026, 3, 2)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("H30/12/25", date(2018, 12, 25)),
    ("昭和64年1月7日", date(1989, 1, 7)),
    ("02.03.2026", date(2026, 3, 2)),
    ("2 March 2026", date(2026, 3, 2)),
    ("2-Mar-2026", date(2026, 3, 2)),
    ("March 2, 2026", date(2026, 3, 2)),
    ("Sept 30 2026", date(2026, 9, 30)),
    ("25/03/2026", date(2026, 3, 25)),
    ("03/25/2026", date(2026, 3, 25)),
    ("03/03/2026", date(2026, 3, 3)),
    ("2026-03-02 14:30:00", date(2026, 3, 2)),
    ("2026-03-02T14:30:00+09:00", date(2026, 3, 2)),
    (" 2026/3/2 ", date(2026, 3, 2)),
]

REFUSED = [
    ("02/03/2026", "ambiguous: it is 2 March 2026 read day first and 3 February 2026 read month first"),
    ("12-11-2026", "ambiguous"),
    ("2026-02-30", "February 2026 has no day 30"),
    ("2026-13-01", "no month 13"),
    ("令和1年4月30日", "era began on 1 May 2019"),
    ("平成32年1月1日", "ended before 1 May 2019"),
    ("26/03/02", "not a date we can read"),
    ("2026-W10-1", "not a date we can read"),
    ("next Tuesday", "not a date we can read"),
    ("0000-01-01", "no year 0"),
    ("", "empty"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_date_forms_are_read(text: str, expected: date) -> None:
    """Each usual way of writing a shipment date gives the same calendar day."""
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "says"), REFUSED)
def test_ambiguous_or_impossible_dates_are_refused(text: str, says: str) -> None:
    """A date that could be two days, or is no day at all, is refused with a sentence saying why."""
    with pytest.raises(ValueError, match=says):
        parse_date(text)
