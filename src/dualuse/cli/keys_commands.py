"""`dualuse keys …`: the API keys that open the service — create, list, revoke.

A key's secret is printed once, when it is created; only its SHA-256 is kept. Roles nest: viewer
(read), analyst (also screen, determine, check, dispositions), admin (also licences, keys, rule base).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from dualuse.cli.context import console, fail
from dualuse.cli.licence_commands import ActorOption, DatabaseOption, JsonOption, actor_name, opened_store
from dualuse.errors import InputError, StorageError
from dualuse.services.keys import create_key, list_keys, revoke_key

app = typer.Typer(help="API keys for `dualuse serve`: create, list and revoke them.", no_args_is_help=True)


@app.command("create")
def create_command(
    holder: Annotated[
        str, typer.Option("--holder", help="The person or system that will hold the key (the actor in the audit log).")
    ],
    role: Annotated[str, typer.Option("--role", help="viewer, analyst or admin.")] = "viewer",
    actor: ActorOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create a key and print it once: store it safely, it cannot be shown again."""
    with opened_store(database) as store:
        try:
            new = create_key(store, holder=holder, role=role, actor=actor_name(actor), at=datetime.now(UTC))
        except InputError as error:
            fail(f"--{error.field}: {error.problem}")
            return
    if as_json:
        console.print_json(json.dumps({"key": new.key, "key_id": new.stored.key_id, "holder": new.stored.holder,
                                       "role": new.stored.role}))  # fmt: skip
        return
    console.print(f"created key [bold]{new.stored.key_id}[/] for {new.stored.holder} ({new.stored.role}):")
    console.print(new.key, soft_wrap=True)
    console.print("[dim]This is the only time the key is shown; only its SHA-256 is kept.[/]")


@app.command("list")
def list_command(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """List every key (id, holder, role, when created and revoked); secrets are never kept, so never shown."""
    with opened_store(database) as store:
        keys = list_keys(store)
    if as_json:
        console.print_json(json.dumps([{"key_id": k.key_id, "holder": k.holder, "role": k.role,
                                        "created_at": k.created_at.isoformat(), "created_by": k.created_by,
                                        "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None}
                                       for k in keys]))  # fmt: skip
        return
    table = Table(title=f"{len(keys)} API key(s)")
    for column in ("key id", "holder", "role", "created", "by", "revoked"):
        table.add_column(column)
    for key in keys:
        table.add_row(key.key_id, key.holder, key.role, f"{key.created_at:%Y-%m-%d %H:%M}", key.created_by,
                      f"{key.revoked_at:%Y-%m-%d %H:%M} by {key.revoked_by}" if key.revoked_at else "")  # fmt: skip
    console.print(table)


@app.command("revoke")
def revoke_command(
    key_id: Annotated[str, typer.Argument(help="The key's id (the part after dukey_, as `dualuse keys list` shows).")],
    actor: ActorOption = None,
    database: DatabaseOption = None,
) -> None:
    """Revoke a key for good. Running servers refuse it within their key cache time (2 seconds by default)."""
    with opened_store(database) as store:
        try:
            revoked = revoke_key(store, key_id, actor=actor_name(actor), at=datetime.now(UTC))
        except StorageError:
            fail(f"no API key {key_id}")
            return
        except InputError as error:
            fail(error.problem, code=1)
            return
    console.print(f"revoked key {revoked.key_id} of {revoked.holder} ({revoked.role})")
