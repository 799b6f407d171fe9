"""The as-of view: everything in the rule base sorted by where it stands on one day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from dualuse.rulebase.base import RuleBase, Status
from dualuse.rulebase.model import ControlEntry, Instrument, InstrumentState, ListedParty, Measure

Record = TypeVar("Record", Instrument, ControlEntry, ListedParty, Measure)


@dataclass(frozen=True, slots=True)
class Placed(Generic[Record]):
    """A record with its status on the view's day."""

    record: Record
    status: Status


@dataclass(frozen=True, slots=True)
class AsOfView:
    """What is in force, suspended, stopped or not yet in force on ``day``."""

    day: date
    instruments: tuple[Placed[Instrument], ...]
    entries: tuple[Placed[ControlEntry], ...]
    parties: tuple[Placed[ListedParty], ...]
    measures: tuple[Placed[Measure], ...]

    def where(
        self, kind: str, state: InstrumentState
    ) -> Sequence[Placed[Instrument] | Placed[ControlEntry] | Placed[ListedParty] | Placed[Measure]]:
        """The records of one kind ('instruments', 'entries', 'parties', 'measures') in one state."""
        records: tuple[Placed[Instrument] | Placed[ControlEntry] | Placed[ListedParty] | Placed[Measure], ...]
        records = getattr(self, kind)
        return [p for p in records if p.status.state == state]

    def ids(self, kind: str, state: InstrumentState) -> set[str]:
        """The ids of the records of one kind in one state."""
        return {p.record.id for p in self.where(kind, state)}


def as_of(rulebase: RuleBase, day: date) -> AsOfView:
    """Place every instrument, entry, designation and measure on ``day``."""
    rulebase.check_covered(day)
    return AsOfView(
        day=day,
        instruments=tuple(Placed(i, rulebase.instrument_status(i, day)) for i in rulebase.instruments),
        entries=tuple(Placed(e, rulebase.entry_status(e, day)) for e in rulebase.entries),
        parties=tuple(Placed(p, rulebase.party_status(p, day)) for p in rulebase.parties),
        measures=tuple(Placed(m, rulebase.measure_status(m, day)) for m in rulebase.measures),
    )
