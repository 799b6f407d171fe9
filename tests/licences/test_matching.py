"""Whether a licence covers a line, and the exact reason when it does not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from dualuse.licences import FailureKind, LicenceType, best_licence, check_licence
from tests.licences.builders import BASE, a_licence

#: A line the base licence covers: 1C902.a.1 to Magnetbau GmbH in Germany on 1 March 2026, 40 kg.
LINE: dict[str, Any] = {
    "control_codes": ("1C902.a.1",),
    "end_user_name": "Magnetbau GmbH",
    "destination": "DE",
    "as_of": date(2026, 3, 1),
    "quantity": Decimal(40),
    "end_user_on_watch_list": False,
}


def test_a_licence_that_matches_every_term_covers_the_line() -> None:
    """Code, end user, destination, date and remaining quantity all match: the line is authorised."""
    check = check_licence(BASE, **LINE)
    assert check.covers
    assert check.reasons == ()


@pytest.mark.parametrize(
    ("licence_changes", "line_changes", "kind", "reason"),
    [
        ({}, {"as_of": date(2027, 1, 1)}, FailureKind.EXPIRED, "expired on 2026-12-31"),
        ({}, {"as_of": date(2025, 12, 31)}, FailureKind.NOT_YET_VALID, "not valid until 2026-01-01"),
        (
            {"revoked_on": date(2026, 2, 1), "revocation_reason": "MOFCOM notice"},
            {},
            FailureKind.REVOKED,
            "revoked on 2026-02-01",
        ),
        ({}, {"end_user_name": "Other Corp"}, FailureKind.OTHER_END_USER, "issued for another end user ("),
        ({}, {"end_user_name": None}, FailureKind.OTHER_END_USER, "issued for another end user ("),
        ({}, {"control_codes": ("1C902.b",)}, FailureKind.OTHER_CONTROL_CODE, "does not cover control code 1C902.b"),
        ({}, {"destination": "JP"}, FailureKind.OTHER_DESTINATION, "other destination"),
        ({}, {"quantity": Decimal(101)}, FailureKind.EXHAUSTED, "exhausted: 100 kg remaining, 101 kg requested"),
        ({"quantity_remaining": Decimal(0)}, {}, FailureKind.EXHAUSTED, "exhausted: 0 kg remaining, 40 kg requested"),
        ({}, {"quantity": None}, FailureKind.QUANTITY_UNKNOWN, "quantity unknown"),
        ({}, {"unit": "t"}, FailureKind.OTHER_UNIT, "other unit"),
        (
            {"type": LicenceType.GENERAL, "end_user": None},
            {"end_user_on_watch_list": True},
            FailureKind.WRONG_TYPE_FOR_WATCH_LIST,
            "wrong type for a Watch-List end user: only an individual licence can authorise it",
        ),
        (
            {"type": LicenceType.REGISTRATION_CERTIFICATE},
            {"end_user_on_watch_list": True},
            FailureKind.WRONG_TYPE_FOR_WATCH_LIST,
            "wrong type for a Watch-List end user: only an individual licence can authorise it",
        ),
        (
            {"value_granted": Decimal(5000), "value_remaining": Decimal(5000), "currency": "USD"},
            {"value": Decimal(6000)},
            FailureKind.EXHAUSTED,
            "exhausted: 5000 USD remaining, 6000 USD requested",
        ),
        (
            {"value_granted": Decimal(5000), "value_remaining": Decimal(5000), "currency": "USD"},
            {},
            FailureKind.VALUE_UNKNOWN,
            "value unknown",
        ),
    ],
)
def test_each_failure_is_named(
    licence_changes: dict[str, Any], line_changes: dict[str, Any], kind: FailureKind, reason: str
) -> None:
    """A licence that fails on one term does not cover the line and names that term, and only that one."""
    check = check_licence(a_licence(**licence_changes), **{**LINE, **line_changes})
    assert not check.covers
    assert [failure.kind for failure in check.failures] == [kind]
    assert check.reasons[0].startswith(reason)


def test_every_failure_is_listed_not_just_the_first() -> None:
    """A licence wrong on several terms names each of them, in a fixed order."""
    check = check_licence(BASE, **{**LINE, "as_of": date(2027, 2, 1), "destination": "JP", "control_codes": ("2A001",)})
    assert [f.kind for f in check.failures] == [
        FailureKind.EXPIRED,
        FailureKind.OTHER_DESTINATION,
        FailureKind.OTHER_CONTROL_CODE,
    ]


def test_validity_and_revocation_days_are_inclusive_as_the_law_counts_them() -> None:
    """The first and last day of validity are covered; the revocation date itself is not."""
    assert check_licence(BASE, **{**LINE, "as_of": date(2026, 1, 1)}).covers
    assert check_licence(BASE, **{**LINE, "as_of": date(2026, 12, 31)}).covers
    revoked = a_licence(revoked_on=date(2026, 3, 1))
    assert check_licence(revoked, **{**LINE, "as_of": date(2026, 2, 28)}).covers
    assert not check_licence(revoked, **{**LINE, "as_of": date(2026, 3, 1)}).covers


def test_the_whole_remaining_quantity_may_be_used() -> None:
    """Shipping exactly what remains is covered; the licence is then used up, not overdrawn."""
    assert check_licence(BASE, **{**LINE, "quantity": Decimal(100)}).covers


@pytest.mark.parametrize(
    ("line_name", "covered"),
    [("MAGNETBAU GMBH", True), ("Magnetbau  GmbH.", True), ("Ｍａｇｎｅｔｂａｕ GmbH", True), ("Magnetbau", False)],
)
def test_end_user_names_compare_without_case_width_or_punctuation(line_name: str, covered: bool) -> None:
    """The default name comparison sets aside case, full-width letters, punctuation and spacing only."""
    assert check_licence(BASE, **{**LINE, "end_user_name": line_name}).covers is covered


def test_a_supplied_party_matcher_decides_whether_the_end_user_is_the_same() -> None:
    """The screening matcher can be passed in, for aliases and transliterations."""
    aliases = {("Magnetbau GmbH", "磁体制造有限公司")}
    check = check_licence(
        BASE, **{**LINE, "end_user_name": "磁体制造有限公司"}, same_party=lambda a, b: (a, b) in aliases
    )
    assert check.covers


def test_a_licence_naming_no_end_user_or_destination_covers_any() -> None:
    """A general licence that names no end user and no destination does not restrict them."""
    general = a_licence(type=LicenceType.GENERAL, end_user=None, destination=None)
    assert check_licence(general, **{**LINE, "end_user_name": "Anyone", "destination": "FR"}).covers


def test_a_licence_without_quantity_limit_covers_any_quantity() -> None:
    """Where the licence sets no quantity, no quantity is too much and none needs to be stated."""
    unlimited = a_licence(quantity_granted=None, quantity_remaining=None, unit=None)
    assert check_licence(unlimited, **{**LINE, "quantity": Decimal(10**9)}).covers
    assert check_licence(unlimited, **{**LINE, "quantity": None}).covers


def test_every_code_on_the_line_must_be_covered() -> None:
    """A line classified under two codes needs a licence covering both."""
    check = check_licence(BASE, **{**LINE, "control_codes": ("1C902.a.1", "1C903")})
    assert check.reasons == ("does not cover control code 1C903 (the licence covers 1C902.a)",)


def test_best_licence_prefers_the_most_specific_covering_licence() -> None:
    """Of several covering licences the one naming the end user wins, then the one expiring first."""
    general = a_licence(licence_id="G-1", type=LicenceType.GENERAL, end_user=None, valid_to=date(2028, 12, 31))
    later = a_licence(licence_id="I-2", valid_to=date(2026, 12, 31))
    sooner = a_licence(licence_id="I-3", valid_to=date(2026, 6, 30))
    expired = a_licence(licence_id="I-0", valid_to=date(2026, 2, 1))
    best, checks = best_licence([general, later, sooner, expired], **LINE)
    assert best is sooner
    assert [c.licence.licence_id for c in checks] == ["G-1", "I-2", "I-3", "I-0"]
    assert [c.covers for c in checks] == [True, True, True, False]


def test_best_licence_is_none_when_nothing_covers_and_every_reason_is_kept() -> None:
    """With no covering licence the answer is None, with each licence's reasons for the explanation."""
    general = a_licence(licence_id="G-1", type=LicenceType.GENERAL, end_user=None)
    best, checks = best_licence([general], **{**LINE, "end_user_on_watch_list": True})
    assert best is None
    assert checks[0].to_dict()["reasons"][0]["kind"] == "wrong_type_for_watch_list"


def test_the_check_is_pure_and_repeatable() -> None:
    """The same licence and line give the same answer every time."""
    assert check_licence(BASE, **LINE) == check_licence(BASE, **LINE)


@pytest.mark.parametrize(
    ("exporter", "covered"), [(None, True), ("GANZHOU RARE METALS CO LTD", True), ("Baotou Steel Rare Earth", False)]
)
def test_a_licence_serves_only_the_exporter_it_was_issued_to(exporter: str | None, covered: bool) -> None:
    """Where the line names its exporter, a licence held by another exporter does not cover it."""
    check = check_licence(BASE, **LINE, exporter_name=exporter)
    assert check.covers is covered
    if not covered:
        assert check.reasons == (
            "held by another exporter ('Ganzhou Rare Metals Co., Ltd.'; the line's exporter is 'Baotou Steel Rare Earth')",
        )
