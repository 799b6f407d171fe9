"""The `dualuse keys`, `dualuse rescreen` and `dualuse serve` commands, run as a user would run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dualuse.cli import keys_commands, rescreen_command, serve_command
from dualuse.services.keys import authenticate
from dualuse.store import open_store

app = typer.Typer()
app.add_typer(keys_commands.app, name="keys")
app.command("rescreen")(rescreen_command.rescreen)
app.command("serve")(serve_command.serve)


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A fresh SQLite store for one test."""
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def run(*args: str) -> tuple[int, str, str]:
    """Run a command; returns exit status, stdout and stderr with spacing collapsed."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, " ".join(result.stdout.split()), " ".join(result.stderr.split())


def test_a_key_is_created_listed_and_revoked_on_the_command_line(database: str) -> None:
    """`keys create` prints the key once, `keys list` shows its holder and role, `keys revoke` ends it."""
    code, out, _ = run("keys", "create", "--holder", "Compliance Office", "--role", "admin", "--json",
                       "--database", database)  # fmt: skip
    assert code == 0
    created = json.loads(out)
    store = open_store(database)
    try:
        assert authenticate(store, created["key"]) is not None
        code, out, _ = run("keys", "list", "--json", "--database", database)
        assert code == 0 and json.loads(out)[0]["holder"] == "Compliance Office" and created["key"] not in out
        assert run("keys", "revoke", created["key_id"], "--database", database)[0] == 0
        assert authenticate(store, created["key"]) is None
        code, _, err = run("keys", "revoke", created["key_id"], "--database", database)
        assert code == 1 and "already revoked" in err
    finally:
        store.close()


def test_a_bad_role_or_unknown_key_is_a_clear_error(database: str) -> None:
    """An unknown role names --role; revoking an unknown key says so; both exit with status 2."""
    code, _, err = run("keys", "create", "--holder", "X", "--role", "root", "--database", database)
    assert code == 2 and "--role" in err
    code, _, err = run("keys", "revoke", "abcdefabcdef", "--database", database)
    assert code == 2 and "no API key" in err


def test_rescreening_without_an_earlier_rule_base_says_what_is_missing(database: str) -> None:
    """With nothing kept to compare with, `rescreen` explains that a rule base is kept by a check or the service."""
    code, _, err = run("rescreen", "--since", "2026.01.01", "--database", database)
    assert code == 2 and "is kept in the store" in err


def test_serve_refuses_a_store_it_cannot_open(tmp_path: Path) -> None:
    """`serve` opens (and upgrades) the store before starting any worker, and stops with status 2 if it cannot."""
    code, _, err = run(
        "serve", "--database", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--data-dir", str(tmp_path)
    )
    assert code == 2 and "cannot open the store" in err
