"""The rule base as frozen domain values: instruments, control-list entries, designations, measures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from dualuse.domain import Confidence
from dualuse.rulebase.conditions import Condition


class InstrumentState(StrEnum):
    """Where an instrument (or one of its clauses) stands on a given day."""

    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    STOPPED = "stopped"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Provision:
    """A clause or article of an instrument, with its wording and sources."""

    clause: str
    text_en: str
    text_zh: str | None = None
    effective: date | None = None
    confidence: Confidence | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Suspension:
    """A window in which a clause (or 'all') of an instrument does not apply."""

    clause: str
    start: date
    end: date | None
    by: str | None
    by_statement: str | None
    confidence: Confidence | None = None
    note: str | None = None

    def covers(self, clause: str) -> bool:
        """True where this suspension reaches ``clause``."""
        return self.clause in ("all", clause)


@dataclass(frozen=True, slots=True)
class Instrument:
    """A statute, regulation, announcement or notice, with its dates and what it does to others."""

    id: str
    kind: str
    measure_kind: str
    issuers: tuple[str, ...]
    year: int | None
    number: int | None
    title_zh: str | None
    title_en: str
    issued: date | None
    effective: date
    effective_by_clause: dict[str, date]
    status_reported: str
    scope: str | None
    destination: str | None
    suspensions: tuple[Suspension, ...]
    stops: tuple[Suspension, ...]
    reported_extensions: tuple[Suspension, ...]
    suspends: tuple[Suspension, ...]
    superseded_by: str | None
    superseded_on: date | None
    provisions: tuple[Provision, ...]
    sources: tuple[str, ...]
    mofcom_urls_quoted: tuple[str, ...]
    confidence: Confidence
    notes: tuple[str, ...]
    extra: dict[str, object] = field(default_factory=dict)
    file: str = ""

    @property
    def issuer(self) -> str:
        """The issuers joined as they are cited ('MOFCOM+GACC')."""
        return "+".join(self.issuers)

    def provision(self, clause: str | None) -> Provision | None:
        """The provision with this clause label, if the rule base has its wording."""
        return next((p for p in self.provisions if p.clause == clause), None)

    def effective_for(self, clause: str) -> date:
        """The day the clause takes effect (clause-level dates win over the instrument's date)."""
        return self.effective_by_clause.get(clause, self.effective)

    def label(self) -> str:
        """A short label: 'MOFCOM Ann 2026 No. 1' or the statute's English title."""
        if self.kind == "announcement" and self.number is not None:
            return f"{self.issuer} Ann {self.year} No. {self.number}"
        return self.title_en


@dataclass(frozen=True, slots=True)
class Parameter:
    """A machine-readable technical threshold of a control-list entry."""

    name: str
    comparison: str
    value: float | tuple[float, ...]
    unit: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Goods the text expressly leaves outside an entry (for example decorative lab-grown diamonds)."""

    description: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CustomsCode:
    """A reference customs code printed beside an entry: for reference only, never decisive."""

    code: str
    type: str


@dataclass(frozen=True, slots=True)
class ControlEntry:
    """One item record of the Control List (or a pre-list item folded into it)."""

    id: str
    kind: str
    codes: tuple[str, ...]
    sub_items: tuple[str, ...]
    family: str
    description_en: str
    description_zh: str | None
    customs_codes: tuple[CustomsCode, ...]
    parameter_logic: str
    parameters: tuple[Parameter, ...]
    exclusions: tuple[Exclusion, ...]
    instrument: str
    sources: tuple[str, ...]
    confidence: Confidence
    notes: tuple[str, ...]
    file: str = ""

    @property
    def code(self) -> str | None:
        """The primary control code, or None for records whose code the facts do not give."""
        return self.codes[0] if self.codes else None


@dataclass(frozen=True, slots=True)
class PartyName:
    """One name of a listed party in one script."""

    name: str
    script: str
    kind: str  # primary | alias
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ListedParty:
    """A party designated on a Chinese list, with every name the sources give."""

    id: str
    names: dict[str, str | None]
    aliases: tuple[PartyName, ...]
    country: str
    country_note: str | None
    type: str
    list: str
    instrument: str
    listed_on: date
    measure_set: str
    annex_order: int | None
    sources: tuple[str, ...]
    confidence: Confidence
    notes: tuple[str, ...]
    file: str = ""

    @property
    def display_name(self) -> str:
        """The name shown first: English, else Chinese, else Japanese."""
        return self.names.get("en") or self.names.get("zh") or self.names.get("ja") or self.id

    def all_names(self) -> tuple[PartyName, ...]:
        """Primary names in every script, then aliases."""
        script = {"en": "latin", "zh": "zh-Hans", "ja": "ja"}
        primary = tuple(PartyName(n, script[k], "primary") for k, n in self.names.items() if n)
        return primary + self.aliases


@dataclass(frozen=True, slots=True)
class Requirement:
    """A document or commitment a measure asks of the exporter."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class MeasureSet:
    """What a listing does to a listed party, as effects the engine reads."""

    id: str
    list: str
    applies_to: str
    effects: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    measures: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: Confidence
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Measure:
    """A legal effect: when it applies, what outcome it contributes and what it cites."""

    id: str
    title: str
    instrument: str
    clause: str | None
    outcome: str
    licensable: bool
    individual_licence_only: bool
    conditions: Condition
    statement: str
    question: str | None
    requirements: tuple[Requirement, ...]
    also_cites: tuple[tuple[str, str | None], ...]
    cites_designation: bool
    cites_classification: bool
    sources: tuple[str, ...]
    confidence: Confidence
    interpretation: str | None
    file: str = ""


@dataclass(frozen=True, slots=True)
class MilitaryUser:
    """A Japanese (or other) body that is a military user by nature: an interpretation, not a listing."""

    id: str
    country: str
    names: dict[str, str | None]
    aliases: tuple[str, ...]
    basis: str
    interprets: tuple[str, str]
    sources: tuple[str, ...]
    confidence: Confidence


@dataclass(frozen=True, slots=True)
class Manifest:
    """The rule base's own description: jurisdiction, version, date rules and open questions."""

    jurisdiction: str
    name: str
    version: str
    researched_as_of: date
    confidence_scale: dict[str, str]
    date_rules: tuple[str, ...]
    open_questions: tuple[str, ...]
