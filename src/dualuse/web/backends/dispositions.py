"""Decisions on screening hits — confirmed or false positive, with a note: the port the row page uses,
and its adapter to the dispositions service.

A disposition belongs to the counterparty (its name as screened and its country) and the listed
entity, not to one row: the same decision then applies wherever that counterparty appears again,
until the listed record changes (see ``dualuse.services.dispositions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from dualuse.services.dispositions import Decision
from dualuse.services.online import Engines, dispose_hit
from dualuse.store import Store
from dualuse.store.counterparties import Counterparty, CounterpartyStore
from dualuse.store.dispositions import DispositionStore, StoredDisposition

__all__ = ["Decision", "DispositionService", "HitRef", "ServiceDispositions"]


@dataclass(frozen=True, slots=True)
class HitRef:
    """A screening hit of a row: the party's role, its name and country as screened, the listed entity, the day."""

    party_role: str
    name: str
    country: str | None
    entity_id: str
    as_of: date

    @property
    def counterparty(self) -> Counterparty:
        """The counterparty the hit concerns."""
        return Counterparty(self.name, self.country)


class DispositionService(Protocol):
    """Records decisions on screening hits and tells the decision in force on each."""

    def record(self, hit: HitRef, *, decision: Decision, note: str, actor: str) -> StoredDisposition:
        """Record a decision on ``hit``; raises InputError naming the field when it cannot be recorded."""
        ...

    def in_force(self, hits: Sequence[HitRef]) -> dict[HitRef, StoredDisposition]:
        """The active decision on each hit that has one."""
        ...


class ServiceDispositions:
    """The dispositions service over the store, screening with the service's engines to confirm the hit."""

    def __init__(self, store: Store, engines: Engines) -> None:
        self.store = store
        self.engines = engines

    def record(self, hit: HitRef, *, decision: Decision, note: str, actor: str) -> StoredDisposition:
        """Record a decision on ``hit`` (the hit is screened again on its day to confirm it is one).

        Goes through the service's use case, which holds the engines' lock: request handlers run in threads.
        """
        return dispose_hit(self.engines, self.store, counterparty=hit.counterparty, entity_id=hit.entity_id,
                           decision=decision, note=note, as_of=hit.as_of, actor=actor, at=datetime.now(UTC))  # fmt: skip

    def in_force(self, hits: Sequence[HitRef]) -> dict[HitRef, StoredDisposition]:
        """The active decision on each hit that has one."""
        found: dict[HitRef, StoredDisposition] = {}
        counterparties = CounterpartyStore(self.store)
        decisions = DispositionStore(self.store)
        for hit in hits:
            number = counterparties.find(hit.counterparty)
            if number is None:
                continue
            for held in decisions.active_for(number):
                if held.entity_id == hit.entity_id:
                    found[hit] = held
        return found
