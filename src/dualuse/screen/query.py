"""Checks on what a user asks to screen: a name that can be compared, a country code, a date.

A broken query is an ``InputError`` naming the field, never a silent non-match: screening an empty
or garbled name would report "no hit" for a party nobody actually looked at.
"""

from __future__ import annotations

import re
from datetime import date

from dualuse.errors import InputError
from dualuse.screen.normalise import control_characters

#: The longest name screened. Listed names are under 100 characters; a longer "name" is a whole
#: address, a note or a broken cell, and is refused rather than compared.
MAX_NAME_LENGTH = 400

_COUNTRY = re.compile("[A-Z]{2}")
_WORD = re.compile(r"[^\W_]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_name(name: object, field: str = "name") -> str:
    """The name, or an InputError saying plainly why it cannot be screened."""
    if name is None:
        raise InputError("no name given", field=field)
    if not isinstance(name, str):
        raise InputError(f"expected the name as text, got {type(name).__name__}", field=field)
    if not name.strip():
        raise InputError("the name is empty", field=field)
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(
            f"the name is {len(name):,} characters long; names longer than {MAX_NAME_LENGTH} characters are not screened",
            field=field,
        )
    if _SURROGATE.search(name):
        raise InputError("the name is not valid Unicode text (it holds surrogate code points)", field=field)
    if "\ufffd" in name:
        raise InputError(
            "the name holds U+FFFD '\ufffd', the mark of text read with the wrong encoding; save the file as UTF-8",
            field=field,
        )
    controls = control_characters(name)
    if controls:
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in controls}))
        raise InputError(f"the name holds control characters ({shown}); remove them", field=field)
    if not _WORD.search(name):
        raise InputError("the name has no letters or digits to compare", field=field)
    return name


#: The longest address read.
MAX_ADDRESS_LENGTH = 1000


def check_address(address: object, field: str = "address") -> str | None:
    """The address, None where none is given, or an InputError for one that cannot be read."""
    if address is None or (isinstance(address, str) and not address.strip()):
        return None
    if not isinstance(address, str):
        raise InputError(f"expected the address as text, got {type(address).__name__}", field=field)
    if len(address) > MAX_ADDRESS_LENGTH:
        raise InputError(
            f"the address is {len(address):,} characters long; the limit is {MAX_ADDRESS_LENGTH}", field=field
        )
    if "\ufffd" in address or control_characters(address):
        raise InputError("the address holds control characters or text read with the wrong encoding", field=field)
    return address


def check_country(country: object, field: str = "country") -> str | None:
    """A two-letter ISO country code in capitals, None where none is given, or an InputError."""
    if country is None or (isinstance(country, str) and not country.strip()):
        return None
    if not isinstance(country, str):
        raise InputError(f"expected a two-letter country code, got {type(country).__name__}", field=field)
    code = country.strip().upper()
    if not _COUNTRY.fullmatch(code):
        raise InputError(f"{country!r} is not a two-letter ISO country code such as JP or US", field=field)
    return code


def check_as_of(as_of: object, field: str = "as_of") -> date:
    """The as-of date; screening never assumes today, so a missing date is an error."""
    if isinstance(as_of, date):
        return as_of
    if as_of is None:
        raise InputError("no as-of date given: screening needs the date the lists are read on", field=field)
    if isinstance(as_of, str):
        try:
            return date.fromisoformat(as_of.strip())
        except ValueError:
            pass
    raise InputError(f"{as_of!r} is not a date in the form YYYY-MM-DD", field=field)
