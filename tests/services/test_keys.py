"""API keys: random secrets, kept only as a hash, checked in constant time, revoked for good."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dualuse.errors import InputError
from dualuse.services.keys import Role, authenticate, create_key, list_keys, parse_role, revoke_key, secret_hash
from dualuse.store import AuditLog, Store
from dualuse.store.schema import api_keys
from tests.services.conftest import AT


def test_a_new_key_opens_the_service_and_only_its_hash_is_kept(store: Store) -> None:
    """The key authenticates its holder with its role; the store holds the SHA-256 of the secret, never the secret."""
    new = create_key(store, holder="  ERP   integration ", role="analyst", actor="admin", at=AT)
    holder = authenticate(store, new.key)
    assert holder is not None and (holder.holder, holder.role, holder.key_id) == ("ERP integration", Role.ANALYST,
                                                                                    new.stored.key_id)  # fmt: skip
    secret = new.key[len("dukey_") + 13 :]  # after the 12-character id and its underscore
    assert len(secret) == 43  # 32 random bytes, base64url
    with store.read() as connection:
        row = connection.execute(select(api_keys)).one()
    assert secret not in str(tuple(row)) and row.secret_sha256 == secret_hash(secret)
    assert AuditLog(store).records(subject=f"api-key:{new.stored.key_id}")[0].event == "api_key_created"


def test_a_wrong_or_revoked_key_authenticates_nobody(store: Store) -> None:
    """A changed secret, an unknown id or a revoked key gives no holder; revoking twice is refused."""
    new = create_key(store, holder="Leaver", role="viewer", actor="admin", at=AT)
    assert authenticate(store, new.key[:-1] + ("A" if new.key[-1] != "A" else "B")) is None
    assert authenticate(store, "dukey_ffffffffffff_" + new.key[len("dukey_") + 13 :]) is None
    revoke_key(store, new.stored.key_id, actor="admin", at=AT)
    assert authenticate(store, new.key) is None
    assert list_keys(store)[0].revoked
    with pytest.raises(InputError):
        revoke_key(store, new.stored.key_id, actor="admin", at=AT)


@pytest.mark.parametrize(("role", "needed", "allowed"), [("viewer", "analyst", False), ("analyst", "viewer", True),
                                                         ("admin", "analyst", True), ("analyst", "admin", False)])  # fmt: skip
def test_roles_nest(role: str, needed: str, allowed: bool) -> None:
    """Admin may do what an analyst may, an analyst what a viewer may; never the other way round."""
    assert parse_role(role).allows(parse_role(needed)) is allowed


def test_an_unknown_role_or_an_empty_holder_is_refused(store: Store) -> None:
    """A key needs a holder and one of the three roles; InputError names the field otherwise."""
    with pytest.raises(InputError) as raised:
        create_key(store, holder="x", role="superuser", actor="admin", at=AT)
    assert raised.value.field == "role"
    with pytest.raises(InputError) as raised:
        create_key(store, holder="   ", role="viewer", actor="admin", at=AT)
    assert raised.value.field == "holder"
