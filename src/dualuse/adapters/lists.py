"""Read the extra lists users screen against beside the Chinese lists.

Two formats:

* **FollowTheMoney JSON lines** (the OpenSanctions format): one entity per line with ``id``,
  ``schema`` and ``properties`` (``name``, ``alias``, ``previousName``, ``country``, ``topics`` …).
  Entities of party schemata (LegalEntity, Organization, Company, PublicBody, Person) are read;
  everything else (Sanction, Address, Ownership …) is skipped.
* **A simple table** (.csv, .tsv or .xlsx) with a ``name`` column and, optionally, ``aliases``
  (separated by ``;`` or ``|``), ``country``, ``list`` and ``id``.

Every party read is kept apart from the Chinese lists: its hits carry the list's label as their
source and no Chinese legal effect. A broken line stops the import with an error that names the
file and line: screening against half a list would report "no hit" for parties never loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from dualuse.adapters.rows import RowError, read_rows
from dualuse.errors import InputError
from dualuse.screen.query import check_name
from dualuse.screen.sources import ExtraList, ExtraParty

#: FollowTheMoney schemata that name a party (others, such as Sanction or Address, are skipped).
PARTY_SCHEMATA = frozenset({"LegalEntity", "Organization", "Company", "PublicBody", "Person"})
#: FollowTheMoney properties read as names of the party (weak aliases are left out, as OpenSanctions advises).
NAME_PROPERTIES = ("name", "alias", "previousName")
COUNTRY_PROPERTIES = ("country", "jurisdiction", "mainCountry")

_SEPARATORS = re.compile(r"\s*[;|]\s*")
_COUNTRY = re.compile("[A-Za-z]{2}")


def load_extra_list(path: Path, label: str | None = None) -> ExtraList:
    """Read one extra list (.jsonl/.ndjson FollowTheMoney, or .csv/.tsv/.xlsx table), labelled ``label`` or its file name."""
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    name = label or path.stem
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json", ".ftm"):
        return ExtraList(name, tuple(read_ftm(path)), str(path))
    if suffix in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        return ExtraList(name, tuple(read_table(path, name)), str(path))
    raise InputError(
        f"unsupported list format {suffix!r}; use FollowTheMoney .jsonl or a .csv/.xlsx table", file=str(path)
    )


def read_ftm(path: Path) -> list[ExtraParty]:
    """The parties in a FollowTheMoney JSON-lines file."""
    parties = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                entity = orjson.loads(raw)
            except orjson.JSONDecodeError as error:
                raise InputError(f"not valid JSON: {error}", file=str(path), row=number) from None
            if not isinstance(entity, dict):
                raise InputError("expected a FollowTheMoney entity (a JSON object)", file=str(path), row=number)
            party = _ftm_party(entity, str(path), number)
            if party is not None:
                parties.append(party)
    return parties


def read_table(path: Path, label: str) -> list[ExtraParty]:
    """The parties in a .csv, .tsv or .xlsx list with columns name, aliases, country, list and id."""
    parties = []
    for row in read_rows(path):
        if isinstance(row, RowError):
            raise row.error
        data = {str(k).strip().lower(): v for k, v in row.data.items()}
        if "name" not in data:
            raise InputError("the list has no 'name' column", file=str(path), row=row.number)
        names = [_text(data.get("name")), *_split(_text(data.get("aliases") or data.get("alias")))]
        names = [n for n in names if n]
        if not names:
            raise InputError("the name is empty", file=str(path), row=row.number, field="name")
        for name in names:
            _checked(name, str(path), row.number)
        countries = tuple(c.upper() for c in _split(_text(data.get("country"))) if _COUNTRY.fullmatch(c))
        entity_id = _text(data.get("id")) or f"{label}:{row.number}"
        parties.append(ExtraParty(entity_id, tuple(dict.fromkeys(names)), countries, _text(data.get("list"))))
    return parties


def _ftm_party(entity: dict[str, Any], file: str, number: int) -> ExtraParty | None:
    schema = entity.get("schema")
    if schema not in PARTY_SCHEMATA:
        return None
    entity_id = entity.get("id")
    properties = entity.get("properties")
    if not isinstance(entity_id, str) or not entity_id or not isinstance(properties, dict):
        raise InputError("a FollowTheMoney entity needs an 'id' and 'properties'", file=file, row=number)
    names = [n for prop in NAME_PROPERTIES for n in _values(properties.get(prop))]
    if not names:
        return None
    for name in names:
        _checked(name, file, number)
    countries = tuple(
        dict.fromkeys(
            c.upper() for prop in COUNTRY_PROPERTIES for c in _values(properties.get(prop)) if _COUNTRY.fullmatch(c)
        )
    )
    topics = _values(properties.get("topics"))
    datasets = [d for d in entity.get("datasets", []) if isinstance(d, str)]
    list_label = ",".join(topics) or (datasets[0] if datasets else "")
    return ExtraParty(entity_id, tuple(dict.fromkeys(names)), countries, list_label, str(schema))


def _checked(name: str, file: str, number: int) -> None:
    try:
        check_name(name)
    except InputError as error:
        raise InputError(error.problem, file=file, row=number, field="name") from None


def _values(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, Iterable):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _split(value: str) -> list[str]:
    return [part for part in _SEPARATORS.split(value) if part] if value else []
