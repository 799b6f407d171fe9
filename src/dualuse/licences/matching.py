"""Does a licence authorise this line? Every reason it does not, named in words a reviewer uses.

Pure: the date (``as_of``), the quantity and whether the end user is on the Watch List are all
arguments; nothing here reads the clock, the register or the screening lists.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from dualuse.licences.codes import code_covers
from dualuse.licences.licence import Licence, LicenceType

#: Decides whether two party names denote the same party (the screening matcher can be passed in).
SameParty = Callable[[str, str], bool]


class FailureKind(StrEnum):
    """Why a licence does not cover a line, one value per reason."""

    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    OTHER_HOLDER = "other_holder"
    OTHER_END_USER = "other_end_user"
    OTHER_CONTROL_CODE = "other_control_code"
    OTHER_DESTINATION = "other_destination"
    OTHER_UNIT = "other_unit"
    QUANTITY_UNKNOWN = "quantity_unknown"
    VALUE_UNKNOWN = "value_unknown"
    EXHAUSTED = "exhausted"
    WRONG_TYPE_FOR_WATCH_LIST = "wrong_type_for_watch_list"


@dataclass(frozen=True, slots=True)
class LicenceFailure:
    """One reason a licence does not cover a line: its kind and the sentence shown to a reviewer."""

    kind: FailureKind
    message: str


@dataclass(frozen=True, slots=True)
class LicenceCheck:
    """The answer for one licence and one line: whether it covers the line, and if not, why."""

    licence: Licence
    failures: tuple[LicenceFailure, ...]

    @property
    def covers(self) -> bool:
        """True where the licence authorises the line: nothing stands in the way."""
        return not self.failures

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons the licence does not cover the line, as sentences, in a fixed order."""
        return tuple(failure.message for failure in self.failures)

    def to_dict(self) -> dict[str, Any]:
        """The check as plain JSON-ready data."""
        return {
            "licence_id": self.licence.licence_id,
            "licence_type": self.licence.type.value,
            "covers": self.covers,
            "reasons": [{"kind": f.kind.value, "message": f.message} for f in self.failures],
        }


def same_name(first: str, second: str) -> bool:
    """True where two names are equal once width, case, punctuation and spacing are set aside.

    ``"ACME Co., Ltd."`` and ``"Acme Co Ltd"`` are the same name; ``"Acme"`` and ``"Acme Trading"``
    are not. Pass the screening matcher as ``same_party`` for transliterations and aliases.
    """
    return _name_key(first) == _name_key(second)


def check_licence(
    licence: Licence,
    *,
    control_codes: Sequence[str],
    end_user_name: str | None,
    destination: str | None,
    as_of: date,
    quantity: Decimal | None,
    end_user_on_watch_list: bool,
    same_party: SameParty | None = None,
    unit: str | None = None,
    value: Decimal | None = None,
    exporter_name: str | None = None,
) -> LicenceCheck:
    """Check one licence against one line and name every reason it does not cover it.

    The line is the control codes it is classified under (each must be covered), its end user
    and destination, the shipping date ``as_of``, and the quantity (in ``unit``) and value (in
    the licence's currency) it would use up. A Watch-List end user may only be served under an
    individual licence (regime §e.4: no general licence, no registration certificate). Where
    ``exporter_name`` is given, the licence must be held by that exporter: a licence is issued to
    the Chinese exporter that applied for it (regime §e.1) and does not serve another.
    """
    matcher = same_party or same_name
    holder_failures = (
        [
            LicenceFailure(
                FailureKind.OTHER_HOLDER,
                f"held by another exporter ({licence.holder!r}; the line's exporter is {exporter_name!r})",
            )
        ]
        if exporter_name is not None and not matcher(licence.holder, exporter_name)
        else []
    )
    failures = [
        *_date_failures(licence, as_of),
        *holder_failures,
        *_party_failures(licence, end_user_name, destination, matcher),
        *_code_failures(licence, control_codes),
        *_amount_failures(licence, quantity, unit, value),
    ]
    if end_user_on_watch_list and licence.type is not LicenceType.INDIVIDUAL:
        failures.append(
            LicenceFailure(
                FailureKind.WRONG_TYPE_FOR_WATCH_LIST,
                "wrong type for a Watch-List end user: only an individual licence can authorise it "
                f"(this is a {licence.type.value.replace('_', ' ')} licence)",
            )
        )
    return LicenceCheck(licence, tuple(failures))


def best_licence(
    licences: Iterable[Licence],
    *,
    control_codes: Sequence[str],
    end_user_name: str | None,
    destination: str | None,
    as_of: date,
    quantity: Decimal | None,
    end_user_on_watch_list: bool,
    same_party: SameParty | None = None,
    unit: str | None = None,
    value: Decimal | None = None,
    exporter_name: str | None = None,
) -> tuple[Licence | None, list[LicenceCheck]]:
    """The licence to ship under, or None, with the check of every licence in the order given.

    Among the licences that cover the line, the most specific wins: one naming the end user
    before one that does not, one naming the destination before one that does not, then the one
    that expires first (so longer licences are kept for later), then the lowest licence number.
    """
    checks = [
        check_licence(
            licence,
            control_codes=control_codes,
            end_user_name=end_user_name,
            destination=destination,
            as_of=as_of,
            quantity=quantity,
            end_user_on_watch_list=end_user_on_watch_list,
            same_party=same_party,
            unit=unit,
            value=value,
            exporter_name=exporter_name,
        )
        for licence in licences
    ]
    covering = [check.licence for check in checks if check.covers]
    if not covering:
        return None, checks
    best = min(
        covering,
        key=lambda lic: (lic.end_user is None, lic.destination is None, lic.valid_to, lic.licence_id),
    )
    return best, checks


def _date_failures(licence: Licence, as_of: date) -> list[LicenceFailure]:
    failures = []
    if as_of < licence.valid_from:
        failures.append(LicenceFailure(FailureKind.NOT_YET_VALID, f"not valid until {licence.valid_from.isoformat()}"))
    if as_of > licence.valid_to:
        failures.append(
            LicenceFailure(FailureKind.EXPIRED, f"expired on {licence.valid_to.isoformat()} (its last day of validity)")
        )
    if licence.revoked_on is not None and licence.is_revoked_on(as_of):
        reason = f": {licence.revocation_reason}" if licence.revocation_reason else ""
        failures.append(LicenceFailure(FailureKind.REVOKED, f"revoked on {licence.revoked_on.isoformat()}{reason}"))
    return failures


def _party_failures(
    licence: Licence, end_user_name: str | None, destination: str | None, same_party: SameParty
) -> list[LicenceFailure]:
    failures = []
    if licence.end_user is not None and (end_user_name is None or not same_party(licence.end_user, end_user_name)):
        named = f"the line names {end_user_name!r}" if end_user_name else "the line names no end user"
        failures.append(
            LicenceFailure(
                FailureKind.OTHER_END_USER,
                f"issued for another end user ({licence.end_user!r}; {named})",
            )
        )
    if licence.destination is not None and (
        destination is None or destination.strip().upper() != licence.destination.strip().upper()
    ):
        going = f"the line goes to {destination}" if destination else "the line names no destination"
        failures.append(
            LicenceFailure(
                FailureKind.OTHER_DESTINATION,
                f"other destination (the licence is for {licence.destination}; {going})",
            )
        )
    return failures


def _code_failures(licence: Licence, control_codes: Sequence[str]) -> list[LicenceFailure]:
    return [
        LicenceFailure(
            FailureKind.OTHER_CONTROL_CODE,
            f"does not cover control code {code} (the licence covers {', '.join(licence.control_codes) or 'no code'})",
        )
        for code in control_codes
        if not any(code_covers(held, code) for held in licence.control_codes)
    ]


def _amount_failures(
    licence: Licence, quantity: Decimal | None, unit: str | None, value: Decimal | None
) -> list[LicenceFailure]:
    failures = []
    remaining = licence.quantity_remaining
    if remaining is not None:
        if quantity is None:
            failures.append(
                LicenceFailure(
                    FailureKind.QUANTITY_UNKNOWN,
                    f"quantity unknown: the licence has {_amount(remaining, licence.unit)} remaining "
                    "and the line states no quantity",
                )
            )
        elif unit and licence.unit and unit.strip().casefold() != licence.unit.strip().casefold():
            # No conversion: a licence counts in the unit MOFCOM wrote on it.
            failures.append(
                LicenceFailure(
                    FailureKind.OTHER_UNIT,
                    f"other unit: the licence counts in {licence.unit}, the line in {unit}",
                )
            )
        elif quantity > remaining:
            failures.append(
                LicenceFailure(
                    FailureKind.EXHAUSTED,
                    f"exhausted: {_amount(remaining, licence.unit)} remaining, "
                    f"{_amount(quantity, licence.unit)} requested",
                )
            )
    value_remaining = licence.value_remaining
    if value_remaining is not None and value is None:
        failures.append(
            LicenceFailure(
                FailureKind.VALUE_UNKNOWN,
                f"value unknown: the licence has {_amount(value_remaining, licence.currency)} remaining "
                "and the line states no value",
            )
        )
    elif value_remaining is not None and value is not None and value > value_remaining:
        failures.append(
            LicenceFailure(
                FailureKind.EXHAUSTED,
                f"exhausted: {_amount(value_remaining, licence.currency)} remaining, "
                f"{_amount(value, licence.currency)} requested",
            )
        )
    return failures


def _amount(amount: Decimal, unit: str | None) -> str:
    return f"{amount:f} {unit}" if unit else f"{amount:f}"


def _name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(" " if unicodedata.category(ch).startswith(("P", "Z")) else ch for ch in folded)
    return " ".join(kept.split())
