"""What is in force, suspended or not yet in force on a date, exactly as the facts say."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.errors import CoverageError
from dualuse.rulebase import InstrumentState, RuleBase, as_of

IN_FORCE, SUSPENDED, STOPPED = InstrumentState.IN_FORCE, InstrumentState.SUSPENDED, InstrumentState.STOPPED
NOT_YET, SUPERSEDED, EXPIRED = InstrumentState.NOT_YET_IN_FORCE, InstrumentState.SUPERSEDED, InstrumentState.EXPIRED

BEFORE_OCTOBER_2025 = {
    "ECL-2020", "REGS-792-2024", "MOFCOM-GACC-2023-23", "MOFCOM-GACC-2023-39", "MOFCOM-GACC-CMCEDD-2024-21",
    "MOFCOM-GACC-CMCEDD-2024-31", "MOFCOM-GACC-2024-33", "MOFCOM-MIIT-GACC-SCA-2024-51", "MOFCOM-2024-46",
    "MOFCOM-GACC-2024-67", "MOFCOM-2025-1", "MOFCOM-GACC-2025-10", "MOFCOM-2025-13", "MOFCOM-GACC-2025-18",
    "MOFCOM-2025-21", "MOFCOM-2025-35", "MOFCOM-2025-51",
}  # fmt: skip
SUSPENDED_BY_ANN_70 = {
    "MOFCOM-GACC-2025-55", "MOFCOM-GACC-2025-56", "MOFCOM-GACC-2025-57", "MOFCOM-GACC-2025-58",
    "MOFCOM-2025-61", "MOFCOM-2025-62",
}  # fmt: skip


def test_view_of_2025_10_01(rulebase: RuleBase) -> None:
    """On 2025-10-01 the October 2025 measures and all 2026 measures are not yet in force; Ann 22/2025 is stopped."""
    view = as_of(rulebase, date(2025, 10, 1))

    assert view.ids("instruments", IN_FORCE) == BEFORE_OCTOBER_2025
    assert view.ids("instruments", STOPPED) == {"MOFCOM-2025-22"}
    assert view.ids("instruments", SUSPENDED) == set()
    assert SUSPENDED_BY_ANN_70 | {"MOFCOM-2026-1", "MOFCOM-2026-11", "MOFCOM-2026-12"} <= view.ids(
        "instruments", NOT_YET
    )


def test_view_of_2026_05_01(rulebase: RuleBase) -> None:
    """On 2026-05-01 Ann 55–58/61/62 and the Ann 21/2025 listings are suspended; Ann 13 and 22 of 2025 stopped."""
    view = as_of(rulebase, date(2026, 5, 1))

    assert view.ids("instruments", SUSPENDED) == SUSPENDED_BY_ANN_70 | {"MOFCOM-2025-21"}
    assert view.ids("instruments", STOPPED) == {"MOFCOM-2025-13", "MOFCOM-2025-22"}
    assert view.ids("instruments", SUPERSEDED) == {"MOFCOM-GACC-2024-67"}
    assert view.ids("instruments", NOT_YET) == {"MOFCOM-2026-23", "MOFCOM-2026-27", "MOFCOM-2026-28", "MOFCOM-2026-30"}
    assert {"MOFCOM-2026-1", "MOFCOM-2026-11", "MOFCOM-2026-12", "MOFCOM-GACC-2025-CAT2026"} <= view.ids(
        "instruments", IN_FORCE
    )


def test_the_two_views_differ_exactly_as_the_facts_say(rulebase: RuleBase) -> None:
    """Between 2025-10-01 and 2026-05-01 exactly these instruments change state."""
    before = {p.record.id: p.status.state for p in as_of(rulebase, date(2025, 10, 1)).instruments}
    after = {p.record.id: p.status.state for p in as_of(rulebase, date(2026, 5, 1)).instruments}

    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}

    assert changed == {
        **dict.fromkeys(SUSPENDED_BY_ANN_70, (NOT_YET, SUSPENDED)),
        "MOFCOM-2025-21": (IN_FORCE, SUSPENDED),
        "MOFCOM-2025-13": (IN_FORCE, STOPPED),
        "MOFCOM-GACC-2024-67": (IN_FORCE, SUPERSEDED),
        **dict.fromkeys(("MOFCOM-GACC-2025-70", "MOFCOM-2025-72", "MOFCOM-GACC-2025-CAT2026", "MOFCOM-2026-1", "MOFCOM-2026-11", "MOFCOM-2026-12", "MOFCOM-2026-20", "UEL-WM-2025-10-09"), (NOT_YET, IN_FORCE)),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("code", "day", "state"),
    [
        ("1C902.b", date(2026, 5, 1), IN_FORCE),  # Ann 18/2025 samarium oxide: in force
        ("1C905", date(2026, 5, 1), IN_FORCE),  # dysprosium
        ("1C909.a", date(2026, 5, 1), SUSPENDED),  # Ann 57/2025 holmium: suspended by Ann 70/2025
        ("1C909.a", date(2025, 10, 1), NOT_YET),
        ("1C909.a", date(2026, 11, 10), SUSPENDED),  # the suspension's last day is included
        ("1C909.a", date(2026, 11, 11), IN_FORCE),  # the text applies again, with caveats
        ("1C902.b", date(2025, 4, 3), NOT_YET),
        ("1E902.a", date(2025, 10, 20), IN_FORCE),  # Ann 62/2025 took effect on publication
        ("1E902.a", date(2025, 11, 7), SUSPENDED),
    ],
)
def test_entry_status_on_a_date(rulebase: RuleBase, code: str, day: date, state: InstrumentState) -> None:
    """Control codes follow their introducing instrument's effective date and suspensions."""
    entry = next(e for e in rulebase.entries if code in e.codes)

    assert rulebase.entry_status(entry, day).state == state


def test_after_the_suspension_the_uncertainty_is_shown(rulebase: RuleBase) -> None:
    """After 2026-11-10 a holmium code is in force, with the unconfirmed extension shown as a caveat."""
    entry = next(e for e in rulebase.entries if "1C909.a" in e.codes)

    status = rulebase.entry_status(entry, date(2026, 11, 21))

    assert status.state == IN_FORCE
    assert status.since == date(2026, 11, 11)
    assert any("2027-01-10" in c and "unconfirmed" in c for c in status.caveats)


@pytest.mark.parametrize(
    ("day", "state"), [(date(2026, 2, 23), NOT_YET), (date(2026, 2, 24), IN_FORCE), (date(2026, 11, 21), IN_FORCE)]
)
def test_february_2026_parties_are_designated_from_2026_02_24(
    rulebase: RuleBase, day: date, state: InstrumentState
) -> None:
    """The Ann 2026 No. 11 parties are designated from 2026-02-24 and not before."""
    parties = [p for p in rulebase.parties if p.instrument == "MOFCOM-2026-11"]

    assert len(parties) == 20
    assert {rulebase.party_status(p, day).state for p in parties} == {state}


@pytest.mark.parametrize(
    ("clause", "day", "state"),
    [
        ("2", date(2025, 11, 8), IN_FORCE),
        ("2", date(2025, 11, 9), SUSPENDED),
        ("2", date(2026, 11, 27), SUSPENDED),
        ("2", date(2026, 11, 28), IN_FORCE),
        ("1", date(2026, 5, 1), IN_FORCE),
    ],
)
def test_us_announcement_clause_2_suspension(
    rulebase: RuleBase, clause: str, day: date, state: InstrumentState
) -> None:
    """Ann 2024 No. 46 clause 2 is suspended from 2025-11-09 to 2026-11-27; clause 1 is not."""
    assert rulebase.instrument_status("MOFCOM-2024-46", day, clause).state == state


def test_clause_level_effective_dates(rulebase: RuleBase) -> None:
    """Ann 2025 No. 61 clause 1(3) applied on publication while 1(1) waited for 2025-12-01."""
    day = date(2025, 10, 20)

    assert rulebase.instrument_status("MOFCOM-2025-61", day, "1(3)").state == IN_FORCE
    assert rulebase.instrument_status("MOFCOM-2025-61", day, "1(1)").state == NOT_YET


def test_spent_suspension_is_expired(rulebase: RuleBase) -> None:
    """Ann 70/2025 reads as expired once every suspension it ordered has ended."""
    assert rulebase.instrument_status("MOFCOM-GACC-2025-70", date(2026, 11, 11)).state == EXPIRED
    assert rulebase.instrument_status("MOFCOM-GACC-2025-70", date(2026, 11, 10)).state == IN_FORCE


def test_dates_before_the_law_are_not_covered(rulebase: RuleBase) -> None:
    """Asking about a day before 2020-12-01 is a coverage error, not an answer."""
    with pytest.raises(CoverageError, match="2020-12-01"):
        as_of(rulebase, date(2020, 11, 30))


def test_citation_carries_source_and_confidence(rulebase: RuleBase) -> None:
    """A citation names issuer, year, number, clause, a URL and the source's confidence."""
    citation = rulebase.cite("MOFCOM-2026-1", "1").to_dict()

    assert citation["issuer"] == "MOFCOM"
    assert (citation["year"], citation["number"], citation["clause"]) == (2026, 1, "1")
    assert citation["url"].startswith("http")
    assert citation["confidence"] == "high"


days = st.dates(min_value=date(2020, 12, 1), max_value=date(2027, 12, 31))


@settings(max_examples=150, deadline=None)
@given(day=days)
def test_view_never_holds_a_record_outside_its_window(rulebase: RuleBase, day: date) -> None:
    """Every entry or party placed in force is inside its raw window: effective, not suspended, not stopped."""
    view = as_of(rulebase, day)

    for placed in view.where("entries", IN_FORCE):
        instrument = rulebase.instrument(placed.record.instrument)
        assert instrument.effective <= day
        assert not any(
            s.clause == "all" and s.start <= day and (s.end is None or day <= s.end) for s in instrument.suspensions
        )
        assert not any(s.start <= day for s in instrument.stops)
    for placed in view.where("parties", IN_FORCE):
        assert placed.record.listed_on <= day
        assert rulebase.instrument(placed.record.instrument).effective <= day


@settings(max_examples=150, deadline=None)
@given(day=days)
def test_status_is_consistent_with_its_own_window(rulebase: RuleBase, day: date) -> None:
    """A status's since/until bounds always contain the day it was asked about."""
    for instrument in rulebase.instruments:
        status = rulebase.instrument_status(instrument, day)
        assert status.since is None or status.since <= day
        assert status.until is None or day <= status.until
        if status.until is not None and status.state == NOT_YET:
            assert rulebase.instrument_status(instrument, status.until + timedelta(days=1)).state != NOT_YET
