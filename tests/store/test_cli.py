"""The `dualuse licences` and `dualuse audit` commands, run as a user would run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dualuse.cli import audit_commands, licence_commands

app = typer.Typer()
app.add_typer(licence_commands.app, name="licences")
app.add_typer(audit_commands.app, name="audit")

ADD = [
    "licences", "add", "--number", "IND-1", "--type", "individual", "--holder", "Ganzhou Rare Metals",
    "--code", "1C902.a", "--end-user", "Magnetbau GmbH", "--destination", "DE",
    "--valid-from", "2026-01-01", "--valid-to", "2026-12-31", "--quantity", "100", "--unit", "kg",
]  # fmt: skip


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A fresh SQLite store for one test."""
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def run(database: str, *args: str) -> tuple[int, str, str]:
    """Run a command against ``database``; returns exit status, stdout and stderr with spacing collapsed."""
    result = CliRunner().invoke(app, [*args, "--database", database])
    return result.exit_code, " ".join(result.stdout.split()), " ".join(result.stderr.split())


def test_add_show_draw_and_list(database: str) -> None:
    """A licence added on the command line can be shown, drawn down and listed."""
    assert run(database, *ADD)[0] == 0
    code, out, _ = run(
        database, "licences", "draw", "IND-1", "--quantity", "40", "--shipment", "CUS-1", "--shipped-on", "2026-03-01"
    )
    assert (code, out) == (0, "shipment CUS-1 recorded against licence IND-1; remaining: 60 kg")
    code, out, _ = run(database, "licences", "show", "IND-1", "--json")
    shown = json.loads(out)
    assert (code, shown["quantity_remaining"], [d["shipment_ref"] for d in shown["draw_downs"]]) == (0, "60", ["CUS-1"])
    code, out, _ = run(database, "licences", "list", "--code", "1C902.a.1", "--active-on", "2026-03-01", "--json")
    assert [licence["licence_id"] for licence in json.loads(out)] == ["IND-1"]


def test_an_overdraw_is_refused_with_exit_status_1(database: str) -> None:
    """Drawing more than remains is refused, names the balance, and exits with status 1."""
    run(database, *ADD)
    code, _, err = run(
        database, "licences", "draw", "IND-1", "--quantity", "101", "--shipment", "CUS-1", "--shipped-on", "2026-03-01"
    )
    assert code == 1
    assert "exhausted: 100 kg remaining, 101 kg requested" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["licences", "show", "NOPE"], "no licence NOPE in the register"),
        (["licences", "draw", "NOPE", "--quantity", "1", "--shipment", "S"], "no licence NOPE in the register"),
        (["licences", "draw", "IND-1", "--quantity", "lots", "--shipment", "S"], "--quantity: 'lots' is not a number"),
        (["licences", "revoke", "IND-1", "--on", "soon", "--reason", "x"], "--on: 'soon' is not a date"),
        (["licences", "list", "--active-on", "2026-02-30"], "--active-on"),
        (
            [*ADD[:-2], "--unit", "kg", "--number", "IND-2", "--destination", "DEU"],
            "--destination: 'DEU' is not a two-letter",
        ),
        ([*ADD], "--number: licence IND-1 is already in the register"),
        (["licences", "import", "nothing.csv"], "no such file"),
    ],
)
def test_bad_input_exits_with_status_2_and_says_what_is_wrong(database: str, args: list[str], message: str) -> None:
    """Unknown licences, malformed options and missing files are errors with exit status 2 and a clear message."""
    run(database, *ADD)
    code, _, err = run(database, *args)
    assert code == 2
    assert message in err


def test_revoke_then_draw_is_refused(database: str) -> None:
    """After a revocation, a shipment on or after its date is refused as revoked."""
    run(database, *ADD)
    assert run(database, "licences", "revoke", "IND-1", "--on", "2026-03-01", "--reason", "MOFCOM notice 3")[0] == 0
    code, _, err = run(
        database, "licences", "draw", "IND-1", "--quantity", "1", "--shipment", "S", "--shipped-on", "2026-03-02"
    )
    assert code == 1
    assert "revoked on 2026-03-01: MOFCOM notice 3" in err
    assert run(database, "licences", "revoke", "IND-1", "--on", "2026-03-05", "--reason", "again")[0] == 1


def test_import_reports_every_problem_and_exits_2(database: str, tmp_path: Path) -> None:
    """A broken import file lists each problem with file, row and field, imports nothing, and exits 2."""
    path = tmp_path / "licences.csv"
    path.write_text(
        "number,type,holder,control_codes,valid_from,valid_to\n"
        "G-1,general,Acme,1C902,2026-01-01,2026-12-31\n"
        "G-2,general,Acme,,2026-01-01,2026-12-31\n",
        encoding="utf-8",
    )
    code, _, err = run(database, "licences", "import", str(path))
    assert code == 2
    assert f"{path}: row 2: field control_codes: missing" in err
    assert "nothing was imported" in err
    assert json.loads(run(database, "licences", "list", "--json")[1]) == []


def test_audit_verify_passes_then_catches_tampering(database: str) -> None:
    """`audit verify` exits 0 on an intact log and 1, naming the record, once a record is changed."""
    run(database, *ADD)
    run(database, "licences", "draw", "IND-1", "--quantity", "1", "--shipment", "S", "--shipped-on", "2026-03-01")
    code, out, _ = run(database, "audit", "verify")
    assert code == 0
    assert "audit log intact: 2 record(s)" in out
    from sqlalchemy import create_engine

    engine = create_engine(database)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1")
    engine.dispose()
    code, _, err = run(database, "audit", "verify")
    assert code == 1
    assert "audit log broken at record 1 (tampered)" in err
    code, out, _ = run(database, "audit", "verify", "--json")
    assert json.loads(out)["problem"]["seq"] == 1


def test_audit_show_lists_the_records_of_a_run(database: str) -> None:
    """`audit show RUN_ID` prints the run's records; an unknown run is an error with status 2."""
    from datetime import UTC, date, datetime

    from dualuse.store import RunStore, RunVersions, open_store

    with open_store(database) as store:
        runs = RunStore(store)
        at = datetime(2026, 3, 1, tzinfo=UTC)
        runs.start(
            "RUN-7",
            source="s.csv",
            actor="batch",
            at=at,
            as_of=date(2026, 3, 1),
            versions=RunVersions("0.1.0", "v", "sha256:d"),
        )
    code, out, _ = run(database, "audit", "show", "RUN-7", "--json")
    assert (code, [r["event"] for r in json.loads(out)]) == (0, ["run_started"])
    code, out, _ = run(database, "audit", "show", "RUN-7")
    assert code == 0
    assert "run RUN-7 (running) from s.csv" in out
    assert run(database, "audit", "show", "RUN-8")[0] == 2


@pytest.mark.parametrize("group", ["licences", "audit"])
def test_every_command_has_help(group: str) -> None:
    """Each sub-command answers --help."""
    commands = ["add", "list", "show", "revoke", "import", "draw"] if group == "licences" else ["verify", "show"]
    for command in commands:
        result = CliRunner().invoke(app, [group, command, "--help"])
        assert result.exit_code == 0, (command, result.output)
