"""The licence register: add, look up, list, revoke and import licences, and draw them down.

Every change is written to the audit log in the same transaction, so the register and its audit
trail never disagree. Times (``at``) are passed in by the caller; nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, or_, select, update
from sqlalchemy.exc import IntegrityError

from dualuse.errors import InputError, LicenceError
from dualuse.licences import Licence, LicenceSource, check_licence, code_covers
from dualuse.store.audit_chain import AuditEntry, AuditEvent
from dualuse.store.audit_log import AuditLog
from dualuse.store.database import Store
from dualuse.store.licence_import import MAXIMUM_AMOUNT, ParsedFile, read_licence_file
from dualuse.store.licence_records import DrawDown, draw_down_from_row, licence_from_row, licence_values
from dualuse.store.schema import licence_draw_downs, licences


class LicenceRegister:
    """The exporter's register of MOFCOM licences, held in the store."""

    def __init__(self, store: Store, audit: AuditLog | None = None) -> None:
        self.store = store
        self.audit = audit or AuditLog(store)

    def add(self, licence: Licence, *, actor: str, at: datetime) -> Licence:
        """Enter a licence in the register; raises InputError if its number is already there."""
        licence = replace(licence, source=LicenceSource.REGISTER)
        try:
            with self.store.write() as connection:
                self._insert(connection, licence, actor=actor, at=at)
        except IntegrityError:
            raise InputError(f"licence {licence.licence_id} is already in the register", field="licence_id") from None
        return licence

    def import_file(self, path: str | Path, *, actor: str, at: datetime) -> ParsedFile:
        """Import every licence in a .csv or .jsonl file, all or none.

        Returns what was read; if ``errors`` is not empty nothing was imported, so the file can be
        corrected and imported again. A licence number already in the register, or twice in the
        file, is an error on its row.
        """
        parsed = read_licence_file(path)
        errors = list(parsed.errors)
        seen: dict[str, int] = {}
        with self.store.read() as connection:
            existing = set(connection.execute(select(licences.c.licence_id)).scalars())
        for row, licence in parsed.licences:
            if licence.licence_id in existing:
                errors.append(_duplicate(path, row, f"licence {licence.licence_id} is already in the register"))
            elif licence.licence_id in seen:
                errors.append(
                    _duplicate(path, row, f"licence {licence.licence_id} is also on row {seen[licence.licence_id]}")
                )
            seen.setdefault(licence.licence_id, row)
        if errors:
            return ParsedFile(parsed.licences, tuple(sorted(errors, key=lambda error: error.row or 0)))
        try:
            with self.store.write() as connection:
                for _row, licence in parsed.licences:
                    self._insert(connection, licence, actor=actor, at=at, source_file=str(path))
        except IntegrityError:  # another writer added one of these numbers meanwhile
            return ParsedFile(
                parsed.licences,
                (InputError("a licence number in this file was added to the register meanwhile", file=str(path)),),
            )
        return parsed

    def find(self, licence_id: str) -> Licence | None:
        """The licence with this number, or None."""
        with self.store.read() as connection:
            row = connection.execute(select(licences).where(licences.c.licence_id == licence_id)).first()
        return licence_from_row(row) if row is not None else None

    def get(self, licence_id: str) -> Licence:
        """The licence with this number; raises LicenceError if the register has none."""
        licence = self.find(licence_id)
        if licence is None:
            raise LicenceError(f"no licence {licence_id} in the register")
        return licence

    def list(
        self, *, holder: str | None = None, control_code: str | None = None, active_on: date | None = None
    ) -> tuple[Licence, ...]:
        """The licences in number order, optionally only those whose holder's name contains
        ``holder``, that cover ``control_code``, or that are valid and not revoked on ``active_on``.
        """
        query = select(licences).order_by(licences.c.licence_id)
        if active_on is not None:
            query = query.where(
                licences.c.valid_from <= active_on,
                licences.c.valid_to >= active_on,
                or_(licences.c.revoked_on.is_(None), licences.c.revoked_on > active_on),
            )
        with self.store.read() as connection:
            found = [licence_from_row(row) for row in connection.execute(query)]
        if holder:
            wanted = " ".join(holder.split()).casefold()
            found = [lic for lic in found if wanted in " ".join(lic.holder.split()).casefold()]
        if control_code:
            found = [lic for lic in found if any(code_covers(held, control_code) for held in lic.control_codes)]
        return tuple(found)

    def revoke(self, licence_id: str, *, on: date, reason: str, actor: str, at: datetime) -> Licence:
        """Record that MOFCOM revoked the licence with effect from ``on``; raises LicenceError if unknown
        or already revoked. Shipments before ``on`` stay covered; from ``on`` none is.
        """
        if not reason.strip():
            raise InputError("give the reason for the revocation", field="reason")
        with self.store.write() as connection:
            changed = connection.execute(
                update(licences)
                .where(licences.c.licence_id == licence_id, licences.c.revoked_on.is_(None))
                .values(revoked_on=on, revocation_reason=reason.strip())
            )
            if changed.rowcount != 1:
                current = self._load(connection, licence_id)
                raise LicenceError(f"licence {licence_id} was already revoked on {current.revoked_on}")
            licence = self._load(connection, licence_id)
            self.audit.append_within(
                connection,
                AuditEntry(
                    AuditEvent.LICENCE_REVOKED,
                    at,
                    actor,
                    subject=licence_id,
                    payload={"revoked_on": on, "reason": licence.revocation_reason},
                ),
            )
        return licence

    def draw_down(
        self,
        licence_id: str,
        quantity: Decimal,
        shipment_ref: str,
        actor: str,
        at: datetime,
        *,
        value: Decimal | None = None,
        shipped_on: date | None = None,
    ) -> DrawDown:
        """Record a shipment against a licence, using up ``quantity`` (and ``value``) atomically.

        One conditional UPDATE subtracts the amount only where enough remains and the licence is
        valid and not revoked on ``shipped_on`` (default: the date of ``at``); the draw-down row and
        its audit record are written in the same transaction. Two concurrent draw-downs can never
        overdraw: the second sees the first's balance. Raises LicenceError, naming the reason,
        when the licence is unknown, expired, revoked or would be overdrawn, or when the shipment
        is already recorded against it.
        """
        shipment_ref = shipment_ref.strip()
        day = shipped_on or at.date()
        _check_amount("quantity", quantity, positive=True)
        if value is not None:
            _check_amount("value", value, positive=False)
        if not shipment_ref:
            raise InputError("give the shipment reference", field="shipment_ref")
        try:
            with self.store.write() as connection:
                self._refuse_duplicate(connection, licence_id, shipment_ref)
                if self._subtract(connection, licence_id, quantity, value, day) != 1:
                    raise self._refusal(connection, licence_id, quantity, value, day)
                inserted = connection.execute(
                    licence_draw_downs.insert().values(
                        licence_id=licence_id,
                        shipment_ref=shipment_ref,
                        quantity_micro=quantity,
                        value_micro=value,
                        drawn_at=at,
                        actor=actor,
                    )
                )
                after = self._load(connection, licence_id)
                self.audit.append_within(
                    connection,
                    AuditEntry(
                        AuditEvent.DRAW_DOWN,
                        at,
                        actor,
                        subject=licence_id,
                        payload={
                            "shipment_ref": shipment_ref,
                            "shipped_on": day,
                            "quantity": quantity,
                            "unit": after.unit,
                            "value": value,
                            "currency": after.currency,
                            "quantity_remaining": after.quantity_remaining,
                            "value_remaining": after.value_remaining,
                        },
                    ),
                )
                key = inserted.inserted_primary_key
                draw_down_id = int(key[0]) if key else 0
        except IntegrityError:  # the same shipment recorded by a concurrent writer
            raise LicenceError(f"shipment {shipment_ref} is already recorded against licence {licence_id}") from None
        return DrawDown(draw_down_id, licence_id, shipment_ref, quantity, value, at, actor)

    def draw_downs(self, licence_id: str) -> tuple[DrawDown, ...]:
        """The shipments recorded against a licence, oldest first."""
        query = (
            select(licence_draw_downs)
            .where(licence_draw_downs.c.licence_id == licence_id)
            .order_by(licence_draw_downs.c.id)
        )
        with self.store.read() as connection:
            return tuple(draw_down_from_row(row) for row in connection.execute(query))

    def _insert(
        self, connection: Connection, licence: Licence, *, actor: str, at: datetime, source_file: str | None = None
    ) -> None:
        connection.execute(licences.insert().values(**licence_values(licence), added_at=at, added_by=actor))
        payload = {**licence.to_dict(), **({"imported_from": source_file} if source_file else {})}
        self.audit.append_within(
            connection, AuditEntry(AuditEvent.LICENCE_ADDED, at, actor, subject=licence.licence_id, payload=payload)
        )

    @staticmethod
    def _load(connection: Connection, licence_id: str) -> Licence:
        row = connection.execute(select(licences).where(licences.c.licence_id == licence_id)).first()
        if row is None:
            raise LicenceError(f"no licence {licence_id} in the register")
        return licence_from_row(row)

    @staticmethod
    def _refuse_duplicate(connection: Connection, licence_id: str, shipment_ref: str) -> None:
        earlier = connection.execute(
            select(licence_draw_downs.c.drawn_at).where(
                licence_draw_downs.c.licence_id == licence_id, licence_draw_downs.c.shipment_ref == shipment_ref
            )
        ).scalar()
        if earlier is not None:
            raise LicenceError(
                f"shipment {shipment_ref} is already recorded against licence {licence_id} (at {earlier.isoformat()})"
            )

    @staticmethod
    def _subtract(connection: Connection, licence_id: str, quantity: Decimal, value: Decimal | None, day: date) -> int:
        # The whole check is in the WHERE clause of one UPDATE: the database evaluates it under the
        # row's write lock, so no other transaction can slip in between the check and the subtraction.
        remaining_quantity = licences.c.quantity_remaining_micro
        remaining_value = licences.c.value_remaining_micro
        conditions = [
            licences.c.licence_id == licence_id,
            licences.c.valid_from <= day,
            licences.c.valid_to >= day,
            or_(licences.c.revoked_on.is_(None), licences.c.revoked_on > day),
            or_(remaining_quantity.is_(None), remaining_quantity >= quantity),
        ]
        changes = {"quantity_remaining_micro": remaining_quantity - quantity}
        if value is None:
            conditions.append(remaining_value.is_(None))  # a value-limited licence needs the shipment's value
        else:
            conditions.append(or_(remaining_value.is_(None), remaining_value >= value))
            changes["value_remaining_micro"] = remaining_value - value
        return connection.execute(update(licences).where(*conditions).values(**changes)).rowcount

    def _refusal(
        self, connection: Connection, licence_id: str, quantity: Decimal, value: Decimal | None, day: date
    ) -> LicenceError:
        licence = self._load(connection, licence_id)
        check = check_licence(
            licence,
            control_codes=(),
            end_user_name=licence.end_user,
            destination=licence.destination,
            as_of=day,
            quantity=quantity,
            end_user_on_watch_list=False,
            value=value,
        )
        why = "; ".join(check.reasons) or "the register changed meanwhile; try again"
        return LicenceError(f"licence {licence_id} cannot be drawn down for shipment on {day}: {why}")


def _check_amount(field: str, amount: Decimal, *, positive: bool) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0 or (positive and amount == 0):
        raise InputError(f"{amount} is not a {'positive ' if positive else ''}amount", field=field)
    if amount > MAXIMUM_AMOUNT or amount != amount.quantize(Decimal("0.000001")):
        raise InputError(f"{amount} is too large or has more than six decimal places", field=field)


def _duplicate(path: str | Path, row: int, text: str) -> InputError:
    return InputError(text, file=str(path), row=row, field="licence_id")
