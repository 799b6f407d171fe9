"""Which column of an order-book export holds which field of an order line.

Exports name their columns in English, Chinese or Japanese, each company its own way
("Consignee", "收货人", "荷受人"). The names we recognise are data, in
``data/column_synonyms.yaml``; an explicit mapping (the ``--map`` option) wins over them.
Problems with the columns are found before any row is checked, and name the column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from dualuse.errors import InputError, RuleBaseError

#: Every field an order line can have; a column maps to at most one of them.
CANONICAL_FIELDS: tuple[str, ...] = (
    "id", "as_of", "exporter.name", "exporter.country",
    "item.description", "item.hs_code", "item.control_code", "item.origin",
    "quantity", "unit", "destination",
    "end_user.name", "end_user.country", "consignee.name", "consignee.country",
    "importer.name", "importer.country",
    "end_use", "military_end_use", "catch_all_risks",
    "licence.number", "licence.type", "licence.control_codes", "licence.end_user",
    "licence.valid_from", "licence.valid_to", "licence.quantity_remaining",
)  # fmt: skip

#: Fields without which no order line can be determined.
REQUIRED_FIELDS: tuple[str, ...] = ("item.description", "end_user.name")

#: Map a column to this in ``--map`` to leave it out on purpose ("Notes=-").
IGNORE = "-"

_SYNONYMS_FILE = "column_synonyms.yaml"
_DROPPED = re.compile(r"[\s_\-.·・‐−–—:：/／\\]+")
_BRACKETED = re.compile(r"[(（\[［【].*?[)）\]］】]")
_HALVES = re.compile(r"[/／|｜\r\n]")


@dataclass(frozen=True, slots=True)
class Synonyms:
    """The recognised column names, normalised: definite ones, fallbacks, and yes/no answers."""

    definite: Mapping[str, str]
    fallback: Mapping[str, str]
    yes: frozenset[str]
    no: frozenset[str]
    unknown: frozenset[str]


def normalise_header(text: str) -> str:
    """The form in which headers are compared: NFKC, case-folded, without spaces and punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("license", "licence")
    return _DROPPED.sub("", folded)


def normalise_answer(text: str) -> str:
    """The form in which yes/no answers are compared: NFKC, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


@cache
def load_synonyms() -> Synonyms:
    """The column names shipped in ``column_synonyms.yaml``, checked so that no name means two fields."""
    text = resources.files("dualuse.batch").joinpath("data", _SYNONYMS_FILE).read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    definite = _table(raw["fields"], section="fields", own_names=True)
    fallback = _table(raw.get("fallbacks", {}), section="fallbacks", own_names=False)
    for key, field in fallback.items():
        if key in definite:
            raise RuleBaseError(_SYNONYMS_FILE, field, "fallbacks", f"{key!r} is already a definite name")
    answers = raw["yes_no"]

    def words(key: str) -> frozenset[str]:
        return frozenset(normalise_answer(str(word)) for word in answers[key])

    return Synonyms(definite, fallback, words("true"), words("false"), words("unknown"))


def _table(entries: Mapping[str, list[str]], *, section: str, own_names: bool) -> dict[str, str]:
    table: dict[str, str] = {}
    for field, names in entries.items():
        if field not in CANONICAL_FIELDS:
            raise RuleBaseError(_SYNONYMS_FILE, field, section, "not a field of an order line")
        for name in [field] * own_names + list(names):
            key = normalise_header(str(name))
            if table.setdefault(key, field) != field:
                raise RuleBaseError(_SYNONYMS_FILE, field, section, f"{name!r} also names {table[key]}")
    return table


def field_for_header(header: str, table: Mapping[str, str]) -> str | None:
    """The field a header names in ``table``, trying the whole header, then without a bracketed unit, then each half."""
    found = table.get(normalise_header(header))
    if found:
        return found
    unbracketed = _BRACKETED.sub("", header)
    found = table.get(normalise_header(unbracketed))
    if found:
        return found
    halves = {table.get(normalise_header(part)) for part in _HALVES.split(unbracketed) if normalise_header(part)}
    halves.discard(None)
    return halves.pop() if len(halves) == 1 else None


def recognised(headers: Sequence[str], mapping: Mapping[str, str] | None = None) -> int:
    """How many of ``headers`` name a field, by a recognised name or by the explicit mapping."""
    synonyms = load_synonyms()
    wanted = {normalise_header(header) for header in mapping or {}}
    return sum(
        1
        for header in headers
        if normalise_header(header) in wanted
        or field_for_header(header, synonyms.definite)
        or field_for_header(header, synonyms.fallback)
    )


def parse_mapping(text: str) -> dict[str, str]:
    """Read the ``--map`` option: "品名=item.description,Kunde=end_user.name" → {header: field}.

    A field of ``-`` leaves that column out. Raises InputError for anything that is not a field.
    """
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        header, equals, field = part.rpartition("=")
        header, field = header.strip(), field.strip().replace("license", "licence")
        if not equals or not header:
            raise InputError(f"--map expects COLUMN=FIELD pairs separated by commas, got {part.strip()!r}")
        if field not in CANONICAL_FIELDS and field != IGNORE:
            raise InputError(
                f"--map {part.strip()!r}: {field!r} is not a field of an order line; use one of "
                f"{', '.join(CANONICAL_FIELDS)}, or - to leave the column out"
            )
        if header in mapping:
            raise InputError(f"--map names the column {header!r} twice")
        mapping[header] = field
    return mapping


def check_headers(headers: Sequence[str], *, file: str) -> None:
    """Raise InputError naming any header that appears more than once."""
    seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        if header in seen:
            raise InputError(
                f"the header row has the column {header!r} twice (columns {seen[header]} and {position}); "
                "rename one so every column has its own name",
                file=file,
                field=header,
            )
        seen[header] = position


def map_columns(
    headers: Sequence[str],
    *,
    mapping: Mapping[str, str] | None,
    as_of_given: bool,
    file: str,
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Decide which column holds which field: returns (column_map, unmapped) or raises InputError.

    An explicit mapping wins; then definite names; then fallbacks for fields still without a
    column. Two columns claiming one field, a mapping naming a missing column, and a missing
    required field are errors that name the column or field.
    """
    synonyms = load_synonyms()
    column_map: dict[str, str] = {}
    ignored: set[str] = set()
    for wanted, field in (mapping or {}).items():
        header = _find_header(wanted, headers, file=file)
        if field == IGNORE:
            ignored.add(header)
        else:
            column_map[header] = field
    _refuse_doubles(column_map.items(), file=file, how="--map")
    for table in (synonyms.definite, synonyms.fallback):
        claimed = set(column_map.values())
        found = [
            (header, field)
            for header in headers
            if header not in column_map and header not in ignored
            for field in [field_for_header(header, table)]
            if field is not None and field not in claimed
        ]
        _refuse_doubles(found, file=file, how="their names")
        column_map.update(found)
    ordered = {header: column_map[header] for header in headers if header in column_map}
    _require(ordered.values(), headers, as_of_given=as_of_given, file=file)
    return ordered, tuple(header for header in headers if header not in ordered)


def _find_header(wanted: str, headers: Sequence[str], *, file: str) -> str:
    if wanted in headers:
        return wanted
    matches = [header for header in headers if normalise_header(header) == normalise_header(wanted)]
    if len(matches) == 1:
        return matches[0]
    raise InputError(
        f"--map names the column {wanted!r}, which this file does not have; its columns are {_listing(headers)}",
        file=file,
        field=wanted,
    )


def _refuse_doubles(pairs: Iterable[tuple[str, str]], *, file: str, how: str) -> None:
    by_field: dict[str, list[str]] = {}
    for header, field in pairs:
        by_field.setdefault(field, []).append(header)
    for field, columns in by_field.items():
        if len(columns) > 1:
            raise InputError(
                f"the columns {_listing(columns)} all mean {field} by {how}; say which one to use with "
                f"--map '{columns[0]}={field}' (the others are then left out)",
                file=file,
                field=columns[1],
            )


def _require(found: Iterable[str], headers: Sequence[str], *, as_of_given: bool, file: str) -> None:
    present = set(found)
    needed = [*REQUIRED_FIELDS, *(() if as_of_given else ("as_of",))]
    missing = [field for field in needed if field not in present]
    if not missing:
        return
    hint = " (or give one shipment date for the whole file)" if "as_of" in missing else ""
    raise InputError(
        f"no column for {', '.join(missing)}{hint}; the file's columns are {_listing(headers)}; "
        f"name the right column with --map 'COLUMN={missing[0]}'",
        file=file,
        field=missing[0],
    )


def _listing(headers: Iterable[str]) -> str:
    return ", ".join(repr(header) for header in headers) or "(none)"
