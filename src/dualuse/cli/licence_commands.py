"""`dualuse licences …`: the licence register — add, list, show, revoke, import, and draw down.

Exit status: 0 done; 1 the register refused the operation (already revoked, expired, would
overdraw, shipment already recorded); 2 bad input (unknown licence, malformed option or file).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from dualuse.cli.context import console, errors, fail, parse_day
from dualuse.errors import InputError, LicenceError, StorageError
from dualuse.licences import Licence, validity_warnings
from dualuse.store import LicenceRegister, Store, licence_from_fields, open_store

#: Exit status when the register refuses an operation on a licence that exists.
EXIT_REFUSED = 1

app = typer.Typer(
    help="The licence register: add, list, show, revoke and import licences, and record shipments against them.",
    no_args_is_help=True,
)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Database URL (default: DUALUSE_DATABASE_URL, else the SQLite file var/dualuse.sqlite3 here).",
    ),
]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Who records this, for the audit log (default: your login name).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
LicenceArgument = Annotated[str, typer.Argument(help="The licence number, as printed on the licence.")]

#: The command-line option for each licence field, so errors name what the user typed.
_OPTION_OF = {"licence_id": "--number", "control_codes": "--code", "type": "--type"}


@contextmanager
def opened_store(database: str | None) -> Iterator[Store]:
    """The store for a command; a store that cannot be opened is a clear error with exit status 2."""
    try:
        store = open_store(database)
    except StorageError as error:
        fail(f"cannot open the store: {error}")
        raise  # pragma: no cover - fail() exits
    try:
        yield store
    except StorageError as error:
        fail(str(error))
    finally:
        store.close()


def actor_name(actor: str | None) -> str:
    """The actor recorded in the audit log: ``--actor``, else the login name."""
    if actor and actor.strip():
        return actor.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"


@app.command("add")
def add_command(
    *,
    number: Annotated[str, typer.Option("--number", help="The licence number, as printed on the licence.")],
    licence_type: Annotated[
        str, typer.Option("--type", help="individual (单项许可), general (通用许可) or registration_certificate.")
    ],
    holder: Annotated[str, typer.Option("--holder", help="The exporter the licence was issued to.")],
    valid_from: Annotated[str, typer.Option("--valid-from", help="First day of validity, YYYY-MM-DD.")],
    valid_to: Annotated[str, typer.Option("--valid-to", help="Last day of validity, YYYY-MM-DD.")],
    code: Annotated[
        list[str], typer.Option("--code", help="A control code the licence covers (repeat for several), e.g. 1C902.a.")
    ],
    end_user: Annotated[
        str | None, typer.Option("--end-user", help="The end user named on the licence (required for individual).")
    ] = None,
    destination: Annotated[
        str | None, typer.Option("--destination", help="Destination country, two-letter ISO code.")
    ] = None,
    quantity: Annotated[str | None, typer.Option("--quantity", help="Quantity granted, in --unit.")] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Unit of the quantity, as on the licence (e.g. kg).")
    ] = None,
    value: Annotated[str | None, typer.Option("--value", help="Value granted, in --currency.")] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="Three-letter currency of --value.")] = None,
    actor: ActorOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Enter a licence in the register."""
    fields: dict[str, Any] = {
        "licence_id": number,
        "type": licence_type,
        "holder": holder,
        "control_codes": [part for item in code for part in item.replace(",", ";").split(";")],
        "end_user": end_user,
        "destination": destination,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "quantity": quantity,
        "unit": unit,
        "value": value,
        "currency": currency,
    }
    try:
        licence = licence_from_fields(fields)
    except InputError as error:
        problems = getattr(error, "problems", (error,))
        fail("; ".join(f"{_option(problem.field)}: {problem.problem}" for problem in problems))
        return
    with opened_store(database) as store:
        try:
            LicenceRegister(store).add(licence, actor=actor_name(actor), at=datetime.now(UTC))
        except InputError as error:
            fail(f"{_option(error.field)}: {error.problem}")
    _print_licence(licence, as_json=as_json, heading="added")


@app.command("list")
def list_command(
    holder: Annotated[
        str | None, typer.Option("--holder", help="Only licences whose holder's name contains this.")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="Only licences that cover this control code.")] = None,
    active_on: Annotated[
        str | None, typer.Option("--active-on", help="Only licences valid and not revoked on this date, YYYY-MM-DD.")
    ] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the licences in the register."""
    day = parse_day(active_on, "--active-on") if active_on else None
    with opened_store(database) as store:
        found = LicenceRegister(store).list(holder=holder, control_code=code, active_on=day)
    if as_json:
        console.print_json(json.dumps([licence.to_dict() for licence in found], ensure_ascii=False))
        return
    table = Table(title=f"{len(found)} licence(s)")
    for column in ("number", "type", "holder", "control codes", "end user", "dest.", "valid", "remaining", "revoked"):
        table.add_column(column)
    for licence in found:
        table.add_row(
            licence.licence_id,
            licence.type.value.replace("_", " "),
            licence.holder,
            ", ".join(licence.control_codes),
            licence.end_user or "any",
            licence.destination or "any",
            f"{licence.valid_from} → {licence.valid_to}",
            _remaining(licence),
            licence.revoked_on.isoformat() if licence.revoked_on else "",
        )
    console.print(table)


@app.command("show")
def show_command(licence_id: LicenceArgument, database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Show one licence with every shipment recorded against it."""
    with opened_store(database) as store:
        register = LicenceRegister(store)
        licence = register.find(licence_id)
        if licence is None:
            fail(f"no licence {licence_id} in the register")
            return
        draw_downs = register.draw_downs(licence_id)
    if as_json:
        data = {
            **licence.to_dict(),
            "warnings": list(validity_warnings(licence)),
            "draw_downs": [d.to_dict() for d in draw_downs],
        }
        console.print_json(json.dumps(data, ensure_ascii=False))
        return
    _print_licence(licence, as_json=False, heading="licence")
    if draw_downs:
        table = Table(title="shipments recorded against it")
        for column in ("shipment", "quantity", "value", "recorded at", "by"):
            table.add_column(column)
        for draw in draw_downs:
            table.add_row(
                draw.shipment_ref,
                _amount(draw.quantity, licence.unit),
                _amount(draw.value, licence.currency),
                draw.drawn_at.isoformat(timespec="seconds"),
                draw.actor,
            )
        console.print(table)
    else:
        console.print("no shipments recorded against it")


@app.command("revoke")
def revoke_command(
    licence_id: LicenceArgument,
    on: Annotated[str, typer.Option("--on", help="The date the revocation takes effect, YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option("--reason", help="Why MOFCOM revoked it (e.g. the notice number).")],
    actor: ActorOption = None,
    database: DatabaseOption = None,
) -> None:
    """Record that a licence was revoked; shipments from that date on are no longer covered."""
    day = parse_day(on, "--on")
    with opened_store(database) as store:
        register = LicenceRegister(store)
        if register.find(licence_id) is None:
            fail(f"no licence {licence_id} in the register")
        try:
            register.revoke(licence_id, on=day, reason=reason, actor=actor_name(actor), at=datetime.now(UTC))
        except InputError as error:
            fail(f"--{error.field}: {error.problem}")
        except LicenceError as error:
            fail(str(error), EXIT_REFUSED)
    console.print(f"licence {licence_id} revoked with effect from {day}")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A .csv or .jsonl file of licences, one per row.")],
    actor: ActorOption = None,
    database: DatabaseOption = None,
) -> None:
    """Import licences from a CSV or JSON-lines file: all of them, or none if any row is broken.

    Columns: licence_id (or number), type, holder, control_codes (separated by ;), end_user,
    destination, valid_from, valid_to, quantity, unit, value, currency.
    """
    with opened_store(database) as store:
        try:
            parsed = LicenceRegister(store).import_file(file, actor=actor_name(actor), at=datetime.now(UTC))
        except InputError as error:
            fail(str(error))
            return
    if parsed.errors:
        for problem in parsed.errors:
            errors.print(f"[red]error:[/] {problem}")
        fail(f"{len(parsed.errors)} problem(s) in {file}; nothing was imported")
    for _row, licence in parsed.licences:
        for warning in validity_warnings(licence):
            errors.print(f"[yellow]warning:[/] licence {licence.licence_id}: {warning}")
    console.print(f"imported {len(parsed.licences)} licence(s) from {file}")


@app.command("draw")
def draw_command(
    licence_id: LicenceArgument,
    *,
    quantity: Annotated[str, typer.Option("--quantity", help="The quantity shipped, in the licence's unit.")],
    shipment: Annotated[str, typer.Option("--shipment", help="The shipment reference (e.g. the customs declaration).")],
    value: Annotated[str | None, typer.Option("--value", help="The value shipped, in the licence's currency.")] = None,
    shipped_on: Annotated[
        str | None, typer.Option("--shipped-on", help="The shipping date, YYYY-MM-DD (default: today).")
    ] = None,
    actor: ActorOption = None,
    database: DatabaseOption = None,
) -> None:
    """Record a shipment against a licence, drawing it down; refused if it would overdraw."""
    amount = _decimal(quantity, "--quantity")
    worth = _decimal(value, "--value") if value is not None else None
    day = parse_day(shipped_on, "--shipped-on") if shipped_on else date.today()
    with opened_store(database) as store:
        register = LicenceRegister(store)
        if register.find(licence_id) is None:
            fail(f"no licence {licence_id} in the register")
        try:
            register.draw_down(
                licence_id, amount, shipment, actor_name(actor), datetime.now(UTC), value=worth, shipped_on=day
            )
        except InputError as error:
            fail(f"{_option(error.field)}: {error.problem}")
        except LicenceError as error:
            fail(str(error), EXIT_REFUSED)
        licence = register.get(licence_id)
    console.print(
        f"shipment {shipment.strip()} recorded against licence {licence_id}; remaining: {_remaining(licence)}"
    )


def _print_licence(licence: Licence, *, as_json: bool, heading: str) -> None:
    if as_json:
        data = {**licence.to_dict(), "warnings": list(validity_warnings(licence))}
        console.print_json(json.dumps(data, ensure_ascii=False))
        return
    console.print(f"[bold]{heading} {licence.licence_id}[/] ({licence.type.value.replace('_', ' ')})")
    for label, shown in (
        ("holder", licence.holder),
        ("control codes", ", ".join(licence.control_codes)),
        ("end user", licence.end_user or "any (not named on the licence)"),
        ("destination", licence.destination or "any (not named on the licence)"),
        ("valid", f"{licence.valid_from} → {licence.valid_to}"),
        ("granted", _granted(licence)),
        ("remaining", _remaining(licence)),
    ):
        console.print(f"  {label}: {shown}")
    if licence.revoked_on:
        console.print(f"  [red]revoked on {licence.revoked_on}[/]: {licence.revocation_reason or ''}")
    for warning in validity_warnings(licence):
        errors.print(f"[yellow]warning:[/] {warning}")


def _granted(licence: Licence) -> str:
    parts = [_amount(licence.quantity_granted, licence.unit), _amount(licence.value_granted, licence.currency)]
    return ", ".join(part for part in parts if part) or "no quantity or value limit"


def _remaining(licence: Licence) -> str:
    parts = [_amount(licence.quantity_remaining, licence.unit), _amount(licence.value_remaining, licence.currency)]
    return ", ".join(part for part in parts if part) or "no limit"


def _amount(amount: Decimal | None, unit: str | None) -> str:
    if amount is None:
        return ""
    return f"{amount:f} {unit}" if unit else f"{amount:f}"


def _decimal(text: str, option: str) -> Decimal:
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        fail(f"{option}: {text!r} is not a number")
        raise  # pragma: no cover - fail() exits
    if not amount.is_finite():
        fail(f"{option}: {text!r} is not a number")
    return amount


def _option(field: str | None) -> str:
    if not field:
        return "input"
    return _OPTION_OF.get(field, "--" + field.replace("_", "-"))
