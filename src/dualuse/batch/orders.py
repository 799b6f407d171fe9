"""Turn the cells of one row into the canonical order line that the determination reads.

Cells are read by what their column means: dates in the forms of ``dates.py``, quantities
with or without thousands separators, yes/no answers in three languages, country names or
codes. A cell that cannot be read makes the whole row an error that names the column as it
is headed in the file, so the person who keeps the order book can find and fix it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dualuse.batch.columns import load_synonyms, normalise_answer
from dualuse.batch.dates import parse_date
from dualuse.determine.countries import normalise_country
from dualuse.determine.input import RISKS
from dualuse.errors import InputError

_NUMBER = re.compile(r"\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_LIST_SEPARATORS = re.compile(r"[,;、，；\n]")


class _Problem(str):
    """What is wrong with a cell's text, kept in place of its value until the row is assembled."""

    __slots__ = ()


#: Cells a file repeats on every row (countries, dates, units) are read once per file and remembered,
#: up to this many different texts per column.
_REMEMBERED = 20_000


@dataclass(frozen=True, slots=True)
class Target:
    """One mapped column: its position, its header in the file, where its value goes, and how it is read.

    ``group`` and ``key`` place the value ("end_user", "name"); ``key`` is None for a
    top-level field. ``read`` turns the cell's trimmed text into the value (None: text as is).
    ``required`` names what the column holds when every order line needs it.
    """

    index: int
    header: str
    group: str
    key: str | None
    read: Callable[[str], Any] | None
    remembered: dict[str, Any]
    required: str | None


@dataclass(frozen=True, slots=True)
class OrderPlan:
    """How to build order lines from rows of cells, worked out once per file."""

    file: str
    targets: tuple[Target, ...]
    licence_inline: bool

    @classmethod
    def for_columns(
        cls, headers: Sequence[str], column_map: Mapping[str, str], *, file: str, as_of_given: bool
    ) -> OrderPlan:
        """The plan for a file whose ``headers`` are mapped to fields by ``column_map``."""
        fields = set(column_map.values())
        # A bare licence number refers to a licence in the register, not one described in the file.
        licence_inline = any(field.startswith("licence.") and field != "licence.number" for field in fields)
        says = {"item.description": "item description", "end_user.name": "end user"}
        if not as_of_given:
            says["as_of"] = "shipment date"
        targets = []
        for index, header in enumerate(headers):
            field = column_map.get(header)
            if field is None:
                continue
            if field == "licence.number" and not licence_inline:
                field = "licence_number"
            group, _dot, key = field.partition(".")
            targets.append(Target(index, header, group, key or None, _READERS.get(field), {}, says.get(field)))
        return cls(file, tuple(targets), licence_inline)

    def build(self, columns: Sequence[Sequence[str]], numbers: Sequence[int]) -> list[dict[str, Any] | InputError]:
        """The order lines for rows given column by column (``columns[i]`` holds header i's cells).

        Each row gives its canonical order line, or an InputError naming the column of its
        first unreadable cell or of an empty required cell.
        """
        problems: dict[int, InputError] = {}
        orders: list[dict[str, Any]] = [{} for _number in numbers]
        # Column by column rather than row by row: each column's reader is looked up once per chunk.
        for target in self.targets:
            values = self._values(target, columns[target.index], numbers, problems)
            _place(orders, target.group, target.key, values)
        for order, number in zip(orders, numbers, strict=True):
            if "id" not in order:
                order["id"] = str(number)
            if self.licence_inline:
                licence = order.get("licence")
                if licence is not None and len(licence) == 1 and "number" in licence:
                    order["licence_number"] = order.pop("licence")["number"]
        if not problems:
            return list(orders)
        return [problems.get(row, order) for row, order in enumerate(orders)]

    def _values(
        self, target: Target, cells: Sequence[str], numbers: Sequence[int], problems: dict[int, InputError]
    ) -> list[Any]:
        """A column's values (None where blank), noting in ``problems`` the first problem of each row."""
        values: list[Any] = [text.strip() or None for text in cells]
        if target.read is not None:
            values, troubled = _read(target.read, target.remembered, values)
            if troubled:
                for row, value in enumerate(values):
                    if type(value) is _Problem:
                        problems.setdefault(row, self._error(str(value), numbers[row], target.header))
                        values[row] = None
        if target.required is not None:
            problem = f"empty; every order line needs its {target.required}"
            for row in [row for row, value in enumerate(values) if value is None]:
                problems.setdefault(row, self._error(problem, numbers[row], target.header))
        return values

    def _error(self, problem: str, number: int, header: str) -> InputError:
        return InputError(problem, file=self.file, row=number, field=header)


def _place(orders: list[dict[str, Any]], group: str, key: str | None, values: list[Any]) -> None:
    """Put a column's values into the order lines: at the top level, or inside the group's object."""
    if key is None:
        for order, value in zip(orders, values, strict=True):
            if value is not None:
                order[group] = value
        return
    for order, value in zip(orders, values, strict=True):
        if value is not None:
            if group in order:
                order[group][key] = value
            else:
                order[group] = {key: value}


def _read(read: Callable[[str], Any], remembered: dict[str, Any], cells: list[str | None]) -> tuple[list[Any], bool]:
    """The values of a column's cells, each text read once and remembered, and whether any could not be read.

    A cell that cannot be read has a _Problem in place of its value.
    """
    troubled = False

    def value(text: str) -> Any:
        nonlocal troubled
        try:
            result = read(text)
        except ValueError as problem:
            troubled = True
            return _Problem(str(problem))
        if len(remembered) >= _REMEMBERED:
            remembered.clear()
        if not isinstance(result, list):  # a list would be shared between rows
            remembered[text] = result
        return result

    values = [None if text is None else remembered[text] if text in remembered else value(text) for text in cells]
    return values, troubled


def _code(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _date(text: str) -> str:
    return parse_date(text).isoformat()


def _country(text: str) -> str:
    code = normalise_country(text)
    if code is None:
        raise ValueError(f"{text!r} is not a country we know; use an ISO code such as JP, CN, US")
    return code


def _quantity(text: str) -> str:
    number = unicodedata.normalize("NFKC", text).replace(" ", "")
    if not _NUMBER.fullmatch(number):
        raise ValueError(f"{text!r} is not a quantity: write a number of zero or more such as 1500 or 1,500.5")
    return number.replace(",", "")


def _yes_no(text: str) -> bool | None:
    answer = normalise_answer(text)
    synonyms = load_synonyms()
    if answer in synonyms.yes:
        return True
    if answer in synonyms.no:
        return False
    if answer in synonyms.unknown:
        return None
    raise ValueError(f"{text!r} is not yes or no (true/false, 1/0, 是/否, はい/いいえ); leave it blank when not known")


def _list(text: str) -> list[str]:
    parts = [unicodedata.normalize("NFKC", part).strip() for part in _LIST_SEPARATORS.split(text)]
    return [part for part in parts if part]


def _risks(text: str) -> list[str]:
    risks = [re.sub(r"[\s-]+", "_", part.casefold()) for part in _list(text)]
    unknown = [risk for risk in risks if risk not in RISKS]
    if unknown:
        raise ValueError(f"unknown risk {unknown[0]!r}; the risks are {', '.join(RISKS)}")
    return risks


def _hs_code(text: str) -> str:
    digits = re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", text))
    if not digits.isascii() or not digits.isdigit() or not 4 <= len(digits) <= 10:
        raise ValueError(f"{text!r} is not a customs (HS) code: 4 to 10 digits")
    return digits


_READERS: dict[str, Callable[[str], Any]] = {
    "as_of": _date,
    "licence.valid_from": _date,
    "licence.valid_to": _date,
    "quantity": _quantity,
    "licence.quantity_remaining": _quantity,
    "military_end_use": _yes_no,
    "catch_all_risks": _risks,
    "licence.control_codes": _list,
    "item.hs_code": _hs_code,
    **dict.fromkeys(
        ("exporter.country", "item.origin", "destination", "end_user.country", "consignee.country", "importer.country"),
        _country,
    ),
    **dict.fromkeys(("item.control_code", "unit", "licence.number", "licence.type"), _code),
}
