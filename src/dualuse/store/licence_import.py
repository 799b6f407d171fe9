"""Read licences from a CSV or JSON-lines file, naming the file, row and field of every problem.

Columns (CSV header or JSON keys): licence_id (or number), type, holder, control_codes, end_user,
destination, valid_from, valid_to, quantity, quantity_remaining, unit, value, value_remaining,
currency. Control codes in a CSV cell are separated by ``;``, ``,``, ``|`` or spaces; in JSON they
may be a list. Dates are YYYY-MM-DD. The same parser serves ``dualuse licences add``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from dualuse.adapters.rows import RowError, read_rows
from dualuse.errors import InputError
from dualuse.licences import Licence, LicenceProblem, LicenceSource, LicenceType

#: The largest quantity or value the store holds (millionths in a 64-bit integer, with room to spare).
MAXIMUM_AMOUNT = Decimal(9_000_000_000_000)

#: Column names accepted besides the field names themselves.
ALIASES = {
    "number": "licence_id",
    "licence_number": "licence_id",
    "license_id": "licence_id",
    "quantity_granted": "quantity",
    "value_granted": "value",
    "codes": "control_codes",
    "control_code": "control_codes",
}
COLUMNS = (
    "licence_id",
    "type",
    "holder",
    "control_codes",
    "end_user",
    "destination",
    "valid_from",
    "valid_to",
    "quantity",
    "quantity_remaining",
    "unit",
    "value",
    "value_remaining",
    "currency",
)
#: How the licence types may be written, including the Chinese names on the licence itself.
TYPE_NAMES = {
    "individual": LicenceType.INDIVIDUAL,
    "单项许可": LicenceType.INDIVIDUAL,
    "单项": LicenceType.INDIVIDUAL,
    "general": LicenceType.GENERAL,
    "通用许可": LicenceType.GENERAL,
    "通用": LicenceType.GENERAL,
    "registration_certificate": LicenceType.REGISTRATION_CERTIFICATE,
    "registration": LicenceType.REGISTRATION_CERTIFICATE,
    "登记填报信息": LicenceType.REGISTRATION_CERTIFICATE,
    "登记填报": LicenceType.REGISTRATION_CERTIFICATE,
}


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """The licences read from a file (with their row numbers) and every problem found."""

    licences: tuple[tuple[int, Licence], ...]
    errors: tuple[InputError, ...]


def read_licence_file(path: str | Path) -> ParsedFile:
    """Every licence in a .csv, .jsonl or .xlsx file; a broken row is reported and the others still read."""
    name = str(path)
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".xlsx"):
        raise InputError(f"unsupported file type {suffix!r}; use .csv, .jsonl or .xlsx", file=name)
    licences: list[tuple[int, Licence]] = []
    errors: list[InputError] = []
    unknown_seen: set[str] = set()
    for row in read_rows(path):
        if isinstance(row, RowError):
            errors.append(row.error)
            continue
        unknown = [key for key in row.data if _column(key) not in COLUMNS and key not in unknown_seen]
        for key in unknown:
            unknown_seen.add(key)
            errors.append(
                InputError(
                    f"unknown column; the columns are {', '.join(COLUMNS)}", file=name, row=row.number, field=key
                )
            )
        try:
            licences.append((row.number, licence_from_fields(row.data, file=name, row=row.number)))
        except LicenceRowError as error:
            errors.extend(error.problems)
    return ParsedFile(tuple(licences), tuple(errors))


class LicenceRowError(InputError):
    """A licence row with one or more broken fields; ``problems`` holds one InputError per field."""

    def __init__(self, problems: list[InputError]) -> None:
        first = problems[0]
        super().__init__(first.problem, file=first.file, row=first.row, field=first.field)
        self.problems = tuple(problems)
        if len(problems) > 1:
            self.args = ("; ".join(str(problem) for problem in problems),)


def licence_from_fields(data: Mapping[str, Any], *, file: str | None = None, row: int | None = None) -> Licence:
    """A register licence from named fields (strings, numbers or lists); raises LicenceRowError."""
    fields = {_column(key): value for key, value in data.items()}
    problems: list[InputError] = []

    def problem(field: str, text: str) -> None:
        problems.append(InputError(text, file=file, row=row, field=field))

    reader = _FieldReader(fields, problem)
    licence_id = reader.text("licence_id", required=True)
    licence_type = reader.licence_type()
    holder = reader.text("holder", required=True)
    codes = reader.codes()
    end_user = reader.text("end_user")
    destination = reader.destination()
    valid_from = reader.day("valid_from")
    valid_to = reader.day("valid_to")
    quantity = reader.amount("quantity")
    quantity_remaining = reader.amount("quantity_remaining")
    value = reader.amount("value")
    value_remaining = reader.amount("value_remaining")
    unit = reader.text("unit")
    currency = reader.currency()
    if licence_type is LicenceType.INDIVIDUAL and end_user is None and "end_user" not in reader.broken:
        problem("end_user", "an individual licence is issued for one named end user; give end_user")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        problem("valid_to", f"the licence ends ({valid_to}) before it starts ({valid_from})")
    if quantity is not None and not unit:
        problem("unit", "a quantity needs its unit (as written on the licence, e.g. kg)")
    if problems or licence_type is None or valid_from is None or valid_to is None:
        raise LicenceRowError(problems)
    values: dict[str, Any] = {
        "licence_id": licence_id or "",
        "type": licence_type,
        "holder": holder or "",
        "control_codes": codes,
        "end_user": end_user,
        "destination": destination,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "quantity_granted": quantity,
        "quantity_remaining": quantity if quantity_remaining is None else quantity_remaining,
        "unit": unit,
        "value_granted": value,
        "value_remaining": value if value_remaining is None else value_remaining,
        "currency": currency,
        "source": LicenceSource.REGISTER,
    }
    try:
        return Licence(**values)
    except LicenceProblem as error:  # dates in the wrong order, more remaining than granted, …
        for field, text in error.problems:
            problem(field.replace("_granted", ""), text)
        raise LicenceRowError(problems) from None


def _column(key: str) -> str:
    name = str(key).strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


class _FieldReader:
    """Reads one field at a time, recording a problem (and the field as broken) instead of raising."""

    def __init__(self, fields: Mapping[str, Any], problem: Any) -> None:
        self.fields = fields
        self.problem = problem
        self.broken: set[str] = set()

    def _fail(self, field: str, text: str) -> None:
        self.broken.add(field)
        self.problem(field, text)

    def raw(self, field: str) -> Any:
        value = self.fields.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return value

    def text(self, field: str, *, required: bool = False) -> str | None:
        value = self.raw(field)
        if value is None:
            if required:
                self._fail(field, "missing: this field is required")
            return None
        if not isinstance(value, str | int):
            self._fail(field, f"expected text, got {type(value).__name__}")
            return None
        return " ".join(str(value).split())

    def licence_type(self) -> LicenceType | None:
        value = self.text("type", required=True)
        if value is None:
            return None
        found = TYPE_NAMES.get(value.lower().replace(" ", "_").replace("-", "_"))
        if found is None:
            self._fail("type", f"{value!r} is not a licence type; use individual, general or registration_certificate")
        return found

    def codes(self) -> tuple[str, ...]:
        value = self.raw("control_codes")
        items: list[Any] = value if isinstance(value, list) else re.split(r"[;,|\s]+", str(value or ""))
        codes = tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))
        if not codes:
            self._fail("control_codes", "missing: list the control codes the licence covers, e.g. 1C902.a")
        return codes

    def destination(self) -> str | None:
        value = self.text("destination")
        if value is None:
            return None
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            self._fail("destination", f"{value!r} is not a two-letter ISO country code")
            return None
        return value.upper()

    def currency(self) -> str | None:
        value = self.text("currency")
        if value is None:
            return None
        if not re.fullmatch(r"[A-Za-z]{3}", value):
            self._fail("currency", f"{value!r} is not a three-letter ISO currency code")
            return None
        return value.upper()

    def day(self, field: str) -> date | None:
        value = self.text(field, required=True)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self._fail(field, f"{value!r} is not a date in the form YYYY-MM-DD")
            return None

    def amount(self, field: str) -> Decimal | None:
        value = self.raw(field)
        if value is None:
            return None
        amount, wrong = _parse_amount(value)
        if wrong:
            self._fail(field, wrong)
        return amount


def _parse_amount(value: Any) -> tuple[Decimal | None, str | None]:
    """The amount in ``value``, or None and what is wrong with it."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None, f"expected a number, got {type(value).__name__}"
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None, f"{value!r} is not a number"
    if not amount.is_finite() or amount < 0:
        wrong = f"{value!r} must be a number of zero or more"
    elif amount > MAXIMUM_AMOUNT:
        wrong = f"{value!r} is larger than the store can hold ({MAXIMUM_AMOUNT})"
    elif amount != amount.quantize(Decimal("0.000001"), rounding=ROUND_DOWN):
        wrong = f"{value!r} has more than six decimal places"
    else:
        return amount, None
    return None, wrong
