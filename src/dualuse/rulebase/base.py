"""The immutable RuleBase and its date logic: what stands where on a given day, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dualuse.domain import Citation
from dualuse.errors import CoverageError
from dualuse.rulebase.model import (
    ControlEntry,
    Instrument,
    InstrumentState,
    ListedParty,
    Manifest,
    Measure,
    MeasureSet,
    MilitaryUser,
    Suspension,
)

#: The Export Control Law entered into force on this day; nothing before it is covered.
FIRST_DAY_COVERED = date(2020, 12, 1)


@dataclass(frozen=True, slots=True)
class Status:
    """Where a record stands on a day: the state, since when, until when (if known), by what, with caveats."""

    state: InstrumentState
    since: date | None = None
    until: date | None = None
    by: str | None = None
    caveats: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The status as JSON-ready data."""
        return {
            "state": self.state.value,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "by": self.by,
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True, slots=True)
class RuleBase:
    """China's dual-use regime as dated, cited data. Build it with ``load_rulebase``."""

    manifest: Manifest
    instruments: tuple[Instrument, ...]
    entries: tuple[ControlEntry, ...]
    parties: tuple[ListedParty, ...]
    measure_sets: tuple[MeasureSet, ...]
    measures: tuple[Measure, ...]
    military_users: tuple[MilitaryUser, ...]
    annex_completeness: dict[str, tuple[int, int, str]]
    digest: str
    root: Path
    _instrument_index: dict[str, Instrument] = field(init=False, repr=False, compare=False)
    _measure_set_index: dict[str, MeasureSet] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_instrument_index", {i.id: i for i in self.instruments})
        object.__setattr__(self, "_measure_set_index", {s.id: s for s in self.measure_sets})

    # ------------------------------------------------------------------ look-ups
    @property
    def version(self) -> str:
        """The rule-base version (CalVer: the date of the research it encodes)."""
        return self.manifest.version

    def instrument(self, instrument_id: str) -> Instrument:
        """The instrument with this id; KeyError if the rule base has none."""
        return self._instrument_index[instrument_id]

    def has_instrument(self, instrument_id: str) -> bool:
        """True where the rule base holds this instrument."""
        return instrument_id in self._instrument_index

    def measure_set(self, measure_set_id: str) -> MeasureSet:
        """The measure set with this id; KeyError if the rule base has none."""
        return self._measure_set_index[measure_set_id]

    def has_measure_set(self, measure_set_id: str) -> bool:
        """True where the rule base holds this measure set."""
        return measure_set_id in self._measure_set_index

    # ------------------------------------------------------------------ dates
    def check_covered(self, day: date) -> None:
        """Raise CoverageError for a day before the Export Control Law existed."""
        if day < FIRST_DAY_COVERED:
            raise CoverageError(
                f"{day.isoformat()} is before 2020-12-01, when the Export Control Law entered into force; "
                "the rule base does not cover it"
            )

    def instrument_status(self, instrument: Instrument | str, day: date, clause: str = "all") -> Status:
        """Where an instrument (or one clause of it) stands on ``day``."""
        inst = self.instrument(instrument) if isinstance(instrument, str) else instrument
        caveats = list(self._confidence_caveats(inst))
        if inst.superseded_on and day >= inst.superseded_on:
            return Status(InstrumentState.SUPERSEDED, inst.superseded_on, None, inst.superseded_by, tuple(caveats))
        for stop in inst.stops:
            if _reaches(stop, clause) and day >= stop.start:
                caveats += _suspension_caveat(stop)
                return Status(InstrumentState.STOPPED, stop.start, None, _by(stop), tuple(caveats))
        for suspension in inst.suspensions:
            if (
                _reaches(suspension, clause)
                and suspension.start <= day
                and (suspension.end is None or day <= suspension.end)
            ):
                caveats += _suspension_caveat(suspension)
                return Status(
                    InstrumentState.SUSPENDED, suspension.start, suspension.end, _by(suspension), tuple(caveats)
                )
        effective = inst.effective_for(clause)
        if day < effective:
            return Status(InstrumentState.NOT_YET_IN_FORCE, None, effective - timedelta(days=1), None, tuple(caveats))
        if inst.suspends and all(s.end and s.end < day for s in inst.suspends):
            last = max(s.end for s in inst.suspends if s.end)
            return Status(
                InstrumentState.EXPIRED,
                last + timedelta(days=1),
                None,
                None,
                (*caveats, f"Every suspension it ordered ended by {last}."),
            )
        since = effective
        for suspension in inst.suspensions:
            if _reaches(suspension, clause) and suspension.end and suspension.end < day:
                since = max(since, suspension.end + timedelta(days=1))
                caveats += self._after_suspension_caveats(inst, suspension, day)
        for suspension in inst.suspensions:
            if (
                clause == "all"
                and suspension.clause != "all"
                and suspension.start <= day
                and (suspension.end is None or day <= suspension.end)
            ):
                caveats.append(
                    f"Clause {suspension.clause} is suspended from {suspension.start} until "
                    f"{suspension.end or 'further notice'} ({_by(suspension)})."
                )
        return Status(InstrumentState.IN_FORCE, since, None, None, tuple(caveats))

    def entry_status(self, entry: ControlEntry, day: date) -> Status:
        """Where a control-list entry stands on ``day`` (its introducing instrument decides)."""
        status = self.instrument_status(entry.instrument, day)
        if entry.confidence.needs_attention:
            note = f"Entry {entry.id} is encoded with {entry.confidence.value} confidence; see its notes."
            status = Status(status.state, status.since, status.until, status.by, (*status.caveats, note))
        return status

    def party_status(self, party: ListedParty, day: date) -> Status:
        """Where a designation stands on ``day``: not yet listed, active, suspended or stopped."""
        if day < party.listed_on:
            return Status(InstrumentState.NOT_YET_IN_FORCE, None, party.listed_on - timedelta(days=1))
        status = self.instrument_status(party.instrument, day)
        since = max(status.since, party.listed_on) if status.since else party.listed_on
        return Status(status.state, since, status.until, status.by, status.caveats)

    def measure_status(self, measure: Measure, day: date) -> Status:
        """Where a measure stands on ``day`` (its instrument and clause decide)."""
        return self.instrument_status(measure.instrument, day, measure.clause or "all")

    # ------------------------------------------------------------------ citations
    def cite(self, instrument_id: str, clause: str | None = None) -> Citation:
        """A citation of an instrument (and clause), with the best source URL and its confidence."""
        inst = self.instrument(instrument_id)
        provision = inst.provision(clause)
        url = None
        confidence = inst.confidence.value
        if provision and provision.sources:
            url = provision.sources[0]
        if provision and provision.confidence:
            confidence = provision.confidence.value
        if url is None:
            url = next((s for s in inst.sources if s.startswith("http")), inst.sources[0] if inst.sources else None)
        return Citation(
            instrument=inst.id,
            issuer=inst.issuer,
            year=inst.year,
            number=inst.number,
            clause=clause,
            title=inst.title_en,
            url=url,
            confidence=confidence,
        )

    # ------------------------------------------------------------------ helpers
    def _confidence_caveats(self, inst: Instrument) -> tuple[str, ...]:
        if inst.confidence.needs_attention:
            return (f"{inst.label()} is encoded with {inst.confidence.value} confidence; see its notes.",)
        return ()

    def _after_suspension_caveats(self, inst: Instrument, suspension: Suspension, day: date) -> list[str]:
        caveats = [
            f"The suspension by {_by(suspension)} ended on {suspension.end}; no source found confirms "
            "what happened next, so the text applies again from the following day."
        ]
        for extension in inst.reported_extensions:
            if extension.end and day <= extension.end:
                confidence = extension.confidence.value if extension.confidence else "unrated"
                caveats.append(
                    f"Reported but unconfirmed ({confidence}): suspension extended to {extension.end}. "
                    f"{extension.note or ''}".strip()
                )
        return caveats


def _reaches(suspension: Suspension, clause: str) -> bool:
    return suspension.covers(clause) if clause != "all" else suspension.clause == "all"


def _by(suspension: Suspension) -> str:
    return suspension.by or suspension.by_statement or "unknown"


def _suspension_caveat(suspension: Suspension) -> list[str]:
    notes = []
    if suspension.by is None and suspension.by_statement:
        notes.append(f"Rests on a statement, not an instrument: {suspension.by_statement}.")
    if suspension.note:
        notes.append(suspension.note)
    if suspension.confidence and suspension.confidence.needs_attention:
        notes.append(f"Encoded with {suspension.confidence.value} confidence.")
    return notes
