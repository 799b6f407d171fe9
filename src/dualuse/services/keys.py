"""API keys: create, check, list and revoke the keys that open the service, each with a role.

A key reads ``dukey_<id>_<secret>``. The id is public (it is shown in lists and the audit log); the
secret is 32 random bytes, shown once when the key is created and kept only as its SHA-256. Roles
nest: a viewer reads; an analyst also checks, screens, determines and records dispositions; an admin
also manages licences, keys and the rule base in service.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dualuse.errors import InputError
from dualuse.store.api_keys import ApiKeyStore, StoredKey
from dualuse.store.database import Store

#: What every key starts with, so a leaked key is recognisable in logs and secret scanners.
KEY_PREFIX = "dukey_"
_KEY = re.compile(r"^dukey_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


class Role(StrEnum):
    """What a key may do. Each role may do everything the roles before it may."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """0 for viewer, 1 for analyst, 2 for admin."""
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """True where this role may do what ``needed`` may."""
        return self.rank >= needed.rank


@dataclass(frozen=True, slots=True)
class NewKey:
    """A key just created: the full key (shown once, never stored) and what is kept of it."""

    key: str
    stored: StoredKey


@dataclass(frozen=True, slots=True)
class KeyHolder:
    """Who presented a valid key: the key's id, its holder (the actor in the audit log) and role."""

    key_id: str
    holder: str
    role: Role


def secret_hash(secret: str) -> str:
    """The SHA-256 (hex) of a key's secret: all the store keeps of it."""
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_role(text: str) -> Role:
    """The role named by ``text``; InputError naming the roles otherwise."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InputError(f"{text!r} is not a role; use one of {', '.join(Role)}", field="role") from None


def create_key(store: Store, *, holder: str, role: Role | str, actor: str, at: datetime) -> NewKey:
    """Create a key for ``holder`` with ``role``; the returned ``key`` is the only copy of the secret."""
    holder = " ".join(holder.split())
    if not holder:
        raise InputError("give the person or system that will hold the key", field="holder")
    if len(holder) > 200:
        raise InputError("at most 200 characters", field="holder")
    chosen = role if isinstance(role, Role) else parse_role(role)
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    stored = StoredKey(key_id, holder, chosen.value, secret_hash(secret), at, actor)
    ApiKeyStore(store).add(stored)
    return NewKey(f"{KEY_PREFIX}{key_id}_{secret}", stored)


def authenticate(store: Store, key: str) -> KeyHolder | None:
    """The holder of ``key`` where it is well formed, known, not revoked and its secret matches; else None."""
    match = _KEY.match(key.strip())
    if match is None:
        return None
    key_id, secret = match.groups()
    stored = ApiKeyStore(store).find(key_id)
    if stored is None or stored.revoked:
        return None
    if not hmac.compare_digest(stored.secret_sha256, secret_hash(secret)):
        return None
    return KeyHolder(stored.key_id, stored.holder, Role(stored.role))


def list_keys(store: Store) -> tuple[StoredKey, ...]:
    """Every key, revoked ones included (secrets are never listed: they are not kept)."""
    return ApiKeyStore(store).list()


def revoke_key(store: Store, key_id: str, *, actor: str, at: datetime) -> StoredKey:
    """Revoke a key; from then on it opens nothing."""
    return ApiKeyStore(store).revoke(key_id.strip(), actor=actor, at=at)
