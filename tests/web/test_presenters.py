"""What the pages show, computed from the services' answers: pure functions, no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from dualuse.licences import Licence, LicenceType
from dualuse.store.check_jobs import CheckJob
from dualuse.web.presenters.findings import order_summary, screening_hits
from dualuse.web.presenters.jobs import job_progress_of
from dualuse.web.presenters.licences import standing
from dualuse.web.presenters.outcomes import outcome_class, outcome_name
from dualuse.web.rendering import amount, when


@pytest.mark.parametrize(("outcome", "css", "label"), [
    ("prohibited", "o-prohibited", "Prohibited"),
    ("licence_required", "o-licence_required", "Licence required"),
    ("review", "o-review", "Review"),
    ("authorised", "o-authorised", "Authorised"),
    ("no_licence_required", "o-no_licence_required", "No licence required"),
    (None, "o-error", "Error"),
    ("something_new", "o-error", "Something new"),
])  # fmt: skip
def test_each_outcome_has_one_colour_and_label(outcome: str | None, css: str, label: str) -> None:
    """Every outcome maps to its own colour class and label; a row without one is an error."""
    assert outcome_class(outcome) == css
    assert outcome_name(outcome) == label


@pytest.mark.parametrize(("value", "unit", "text"), [
    (Decimal("1250.500000"), "kg", "1,250.5 kg"),
    (Decimal("500.000000"), "kg", "500 kg"),
    (Decimal(500), None, "500"),
    ("250.000000", "kg", "250 kg"),
    (Decimal(1000000), None, "1,000,000"),
    (None, "kg", "no limit"),
])  # fmt: skip
def test_amounts_read_as_written_on_a_licence(value: Decimal | None, unit: str | None, text: str) -> None:
    """Amounts lose their trailing zeros, gain thousands separators and keep their unit."""
    assert amount(value, unit) == text


@pytest.mark.parametrize(("value", "text"), [
    (datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=8))), "2026-03-02 01:30 UTC"),
    ("2026-03-02T01:30:00.000000+00:00", "2026-03-02 01:30 UTC"),
    (date(2026, 3, 2), "2026-03-02"),
    (None, "—"),
    ("not a time", "not a time"),
])  # fmt: skip
def test_times_are_shown_in_utc(value: object, text: str) -> None:
    """Times are shown to the minute in UTC, dates as dates, and anything else as it is."""
    assert when(value) == text  # type: ignore[arg-type]


def licence(**changes: object) -> Licence:
    """A general licence for 1C902 in 2026, with ``changes``."""
    values: dict[str, object] = {"licence_id": "L-1", "type": LicenceType.GENERAL, "holder": "Baotou", "control_codes": ("1C902",),
              "end_user": None, "destination": None, "valid_from": date(2026, 1, 1), "valid_to": date(2026, 12, 31),
              "quantity_granted": Decimal(100), "quantity_remaining": Decimal(100), "unit": "kg"}  # fmt: skip
    return Licence(**{**values, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "day", "key"), [
    ({}, date(2026, 6, 1), "valid"),
    ({}, date(2025, 12, 31), "pending"),
    ({}, date(2027, 1, 1), "expired"),
    ({"quantity_remaining": Decimal(0)}, date(2026, 6, 1), "used"),
    ({"revoked_on": date(2026, 5, 1), "revocation_reason": "MOFCOM"}, date(2026, 6, 1), "revoked"),
    ({"revoked_on": date(2026, 7, 1), "revocation_reason": "MOFCOM"}, date(2026, 6, 1), "valid"),
])  # fmt: skip
def test_a_licence_stands_by_its_own_dates(changes: dict[str, object], day: date, key: str) -> None:
    """A licence is pending, valid, expired, used up or revoked on a day according to its own record."""
    assert standing(licence(**changes), day).key == key


def test_an_order_line_is_summarised_from_the_stored_order() -> None:
    """The row table reads the item, end user, destination and ship date from the stored order line."""
    order = {"as_of": "2026-03-03", "item": {"description": "酸化ジスプロシウム 3N"}, "destination": "JP",
             "end_user": {"name": "株式会社SUBARU", "country": "JP"}}  # fmt: skip
    summary = order_summary(order)
    assert (summary.item, summary.end_user, summary.destination, summary.ship_date) == (
        "酸化ジスプロシウム 3N", "株式会社SUBARU", "JP", "2026-03-03")  # fmt: skip


def test_hits_leave_out_the_military_user_reference() -> None:
    """Screening hits are the parties' list matches; the military-user reference is shown by its findings only."""
    match = {"entity_id": "E-1", "list": "control_list", "score": 0.97, "matched_name": "三菱造船",
             "names": {"zh": "三菱造船", "ja": "三菱造船株式会社"}}  # fmt: skip
    output = {"screening": {"end_user": {"query": "Mitsubishi Shipbuilding", "country": "JP", "matches": [match]},
                            "end_user_military_user_reference": {"query": "x", "matches": [match]}}}  # fmt: skip
    hits = screening_hits(output)
    assert [(h.party_role, h.entity_id, h.country) for h in hits] == [("end_user", "E-1", "JP")]
    assert hits[0].other_names == (("三菱造船株式会社", "ja"),)


@pytest.mark.parametrize(("status", "done", "total", "percent", "ended"), [
    ("queued", 0, None, 0, False),
    ("running", 500, 2000, 25, False),
    ("finished", 36, 36, 100, True),
    ("failed", 10, 36, 27, True),
])  # fmt: skip
def test_a_jobs_progress_is_a_share_of_its_rows(
    status: str, done: int, total: int | None, percent: int, ended: bool
) -> None:
    """The progress bar shows rows done of rows, full once finished, and stops polling once the job ended."""
    job = CheckJob("check-1", status, "orders.csv", "Ana", datetime.now(UTC), None, done, total, None, None, None)
    progress = job_progress_of(job)
    assert (progress.percent, progress.ended) == (percent, ended)
