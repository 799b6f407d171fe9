"""The licences a determination draws on: the register in the store, read once per date."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from dualuse.licences import Licence
from dualuse.store.database import DATABASE_URL_VARIABLE, DEFAULT_SQLITE_PATH


def register_licences(url: str | None = None) -> Callable[[date], list[Licence]]:
    """A function giving the register's licences for a shipment date.

    Every licence is returned, valid or not, so that a determination can say why an expired,
    revoked or exhausted licence does not cover the line.

    With no URL and no DUALUSE_DATABASE_URL, the default SQLite register is used only if it exists,
    so determining a file never creates a store as a side effect.
    """
    chosen = url or os.environ.get(DATABASE_URL_VARIABLE)
    if chosen is None and not (Path.cwd() / DEFAULT_SQLITE_PATH).is_file():
        return lambda day: []
    from dualuse.store import open_store
    from dualuse.store.licence_register import LicenceRegister

    store = open_store(chosen)
    try:
        held = list(LicenceRegister(store).list())
    finally:
        store.close()
    return lambda day: held
