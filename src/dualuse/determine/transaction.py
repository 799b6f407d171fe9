"""An order line as the engine sees it: frozen values built from validated input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Party:
    """A counterparty named on the order line (exporter, end user, consignee or importer)."""

    role: str
    name: str
    country: str | None = None
    military: bool | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """The goods: a description, and optionally a customs code, a declared control code and the origin."""

    description: str
    hs_code: str | None = None
    control_code: str | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class InlineLicence:
    """A licence stated on the order line itself, checked in addition to the register."""

    type: str
    number: str
    control_codes: tuple[str, ...]
    end_user: str | None
    valid_from: date | None
    valid_to: date | None
    quantity_remaining: Decimal | None
    destination: str | None = None


@dataclass(frozen=True, slots=True)
class Transaction:
    """One order line: item, parties, destination, end use, date and the licences it brings."""

    id: str
    as_of: date
    item: Item
    end_user: Party
    exporter: Party | None = None
    consignee: Party | None = None
    importer: Party | None = None
    destination: str | None = None
    end_use: str | None = None
    military_end_use: bool | None = None
    catch_all_risks: tuple[str, ...] = ()
    licence: InlineLicence | None = None
    quantity: Decimal | None = None
    unit: str | None = None

    @property
    def counterparties(self) -> tuple[Party, ...]:
        """The receiving parties that screening checks: end user, consignee, importer."""
        return tuple(p for p in (self.end_user, self.consignee, self.importer) if p is not None)

    @property
    def destination_country(self) -> str | None:
        """The destination, or the end user's country where no destination is given."""
        return self.destination or self.end_user.country
