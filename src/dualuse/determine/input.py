"""Validate a raw order line (JSON object) and turn it into a Transaction.

Bad input raises InputError naming the field; nothing here decides anything legal.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from dualuse.determine.countries import normalise_country
from dualuse.determine.transaction import InlineLicence, Item, Party, Transaction
from dualuse.errors import InputError

RISKS = ("wmd", "terrorism", "national_security", "military")
#: Each risk with the two boolean columns that can flag it ("wmd_risk", "knows_wmd_risk").
_RISK_COLUMNS = tuple((risk, f"{risk}_risk", f"knows_{risk}_risk") for risk in RISKS)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HS_SEPARATORS = re.compile(r"[\s.]")
MAX_TEXT = 20_000
#: with_row_own without a default date: keep the template's date.
_KEEP: Any = object()


def transaction_from_dict(raw: dict[str, Any], *, default_as_of: date | None = None) -> Transaction:
    """Build a Transaction from one JSON order line; InputError names the first bad field."""
    row_id = raw.get("id")
    if row_id in (None, ""):
        raise InputError("missing; every order line needs an id", field="id")
    as_of = _as_of(raw, default_as_of)
    item_raw = _mapping(raw.get("item"), "item", required=True)
    end_user_raw = _mapping(raw.get("end_user"), "end_user", required=True)
    item = Item(
        description=_text(item_raw.get("description"), "item.description", required=True),
        hs_code=_hs_code(item_raw.get("hs_code")),
        control_code=_optional_text(item_raw.get("control_code"), "item.control_code"),
        origin=_country(item_raw.get("origin"), "item.origin"),
    )
    return Transaction(
        id=str(row_id),
        as_of=as_of,
        item=item,
        end_user=_required_party(end_user_raw, "end_user"),
        exporter=_party(_mapping(raw.get("exporter"), "exporter"), "exporter"),
        consignee=_party(_mapping(raw.get("consignee"), "consignee"), "consignee"),
        importer=_party(_mapping(raw.get("importer"), "importer"), "importer"),
        destination=_country(raw.get("destination"), "destination"),
        end_use=_optional_text(raw.get("end_use"), "end_use"),
        military_end_use=_tristate(raw.get("military_end_use"), "military_end_use"),
        catch_all_risks=_risks(raw),
        licence=_licence(raw.get("licence")),
        quantity=_quantity(raw.get("quantity"), "quantity"),
        unit=_optional_text(raw.get("unit"), "unit"),
    )


def with_row_own(template: Transaction, raw: dict[str, Any], *, default_as_of: date | None = _KEEP) -> Transaction:
    """The transaction of an order line that differs from ``template``'s only in its id, quantity and unit.

    Those are what a batch row has of its own; everything else was validated into ``template`` from
    an equal line, so only they are read here, with the checks and messages of ``transaction_from_dict``.
    Given ``default_as_of``, the line may be on another day than the template's: its date is read too.
    """
    row_id = raw.get("id")
    if row_id in (None, ""):
        raise InputError("missing; every order line needs an id", field="id")
    t = template  # every field but the row's own, as validated (positional: replace() costs more than the rest)
    as_of = t.as_of if default_as_of is _KEEP else _as_of(raw, default_as_of)
    quantity, unit = _quantity(raw.get("quantity"), "quantity"), _optional_text(raw.get("unit"), "unit")
    return Transaction(str(row_id), as_of, t.item, t.end_user, t.exporter, t.consignee, t.importer, t.destination,
                       t.end_use, t.military_end_use, t.catch_all_risks, t.licence, quantity, unit)  # fmt: skip


def _as_of(raw: dict[str, Any], default_as_of: date | None) -> date:
    as_of = _date(raw.get("as_of"), "as_of") or default_as_of
    if as_of is None:
        raise InputError("missing; give the date of the shipment as YYYY-MM-DD", field="as_of")
    return as_of


def _mapping(value: Any, field: str, *, required: bool = False) -> dict[str, Any]:
    if value in (None, ""):
        if required:
            raise InputError("missing; expected an object", field=field)
        return {}
    if isinstance(value, str) and field in ("end_user", "exporter", "consignee", "importer"):
        return {"name": value}
    if not isinstance(value, dict):
        raise InputError(f"expected an object, got {type(value).__name__}", field=field)
    return value


def _party(raw: dict[str, Any], role: str, *, required: bool = False) -> Party | None:
    if not raw:
        return None
    name = _text(raw.get("name"), f"{role}.name", required=required)
    if not name:
        return None
    military = _tristate(raw.get("military"), f"{role}.military")
    return Party(role=role, name=name, country=_country(raw.get("country"), f"{role}.country"), military=military)


def _required_party(raw: dict[str, Any], role: str) -> Party:
    party = _party(raw, role, required=True)
    assert party is not None  # _party raises InputError for a missing required name
    return party


def _text(value: Any, field: str, *, required: bool = False) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError("missing or empty", field=field)
        return ""
    if not isinstance(value, str):
        raise InputError(f"expected text, got {type(value).__name__}", field=field)
    if len(value) > MAX_TEXT:
        raise InputError(f"{len(value):,} characters is too long (at most {MAX_TEXT:,})", field=field)
    if _CONTROL.search(value):
        raise InputError("contains control characters", field=field)
    return value.strip()


def _optional_text(value: Any, field: str) -> str | None:
    return _text(value, field) or None


def _date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{value!r} is not a real date in the form YYYY-MM-DD", field=field) from None


def _country(value: Any, field: str) -> str | None:
    if value in (None, ""):
        return None
    code = normalise_country(str(value))
    if code is None:
        raise InputError(
            f"{value!r} is not a known country code (use ISO 3166 alpha-2 such as JP, CN, US)", field=field
        )
    return code


def _hs_code(value: Any) -> str | None:
    if value in (None, ""):
        return None
    text = _HS_SEPARATORS.sub("", str(value))
    if not text.isdigit() or not 4 <= len(text) <= 10:
        raise InputError(f"{value!r} is not a customs code (4 to 10 digits)", field="item.hs_code")
    return text


def _tristate(value: Any, field: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "yes", "y", "1", "是", "はい"):
        return True
    if lowered in ("false", "no", "n", "0", "否", "いいえ"):
        return False
    if lowered in ("unknown", "null", "none", "?"):
        return None
    raise InputError(f"{value!r} is not true, false or null", field=field)


def _risks(raw: dict[str, Any]) -> tuple[str, ...]:
    found: set[str] = set()
    for key in ("catch_all_risks", "risk_flags", "catch_all"):
        value = raw.get(key)
        if not value:
            continue  # an empty list, map or text flags nothing
        if isinstance(value, dict):
            found |= {k for k, v in value.items() if v is True}
        elif isinstance(value, list | tuple):
            found |= {str(v) for v in value}
        elif isinstance(value, str) and value:
            found |= {v.strip() for v in value.split(",") if v.strip()}
    for risk, column, knows_column in _RISK_COLUMNS:
        if raw.get(column) is True or raw.get(knows_column) is True:
            found.add(risk)
    unknown = found.difference(RISKS)
    if unknown:
        raise InputError(f"unknown risk(s) {sorted(unknown)}; expected any of {list(RISKS)}", field="catch_all_risks")
    return tuple(sorted(found))


def _quantity(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InputError(f"{value!r} is not a number", field=field) from None
    if number < 0 or not number.is_finite():
        raise InputError(f"{value!r} must be a finite number of zero or more", field=field)
    return number


def _licence(value: Any) -> InlineLicence | None:
    if value in (None, "", {}):
        return None
    raw = _mapping(value, "licence")
    kind = _text(raw.get("type"), "licence.type") or "individual"
    if kind not in ("individual", "general", "registration_certificate"):
        raise InputError(
            f"{kind!r} is not a licence type (individual, general, registration_certificate)", field="licence.type"
        )
    codes = raw.get("control_codes") or []
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.split(",") if c.strip()]
    valid_from, valid_to = (
        _date(raw.get("valid_from"), "licence.valid_from"),
        _date(raw.get("valid_to"), "licence.valid_to"),
    )
    if valid_from and valid_to and valid_to < valid_from:
        raise InputError("valid_to is before valid_from", field="licence.valid_to")
    return InlineLicence(
        type=kind,
        number=_text(raw.get("number"), "licence.number") or "(inline)",
        control_codes=tuple(str(c) for c in codes),
        end_user=_optional_text(raw.get("end_user"), "licence.end_user"),
        valid_from=valid_from,
        valid_to=valid_to,
        quantity_remaining=_quantity(raw.get("quantity_remaining"), "licence.quantity_remaining"),
        destination=_country(raw.get("destination"), "licence.destination"),
    )
