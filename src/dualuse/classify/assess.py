"""Weigh one candidate entry against the description and the day: exclusions, thresholds, dates, score.

The verdict comes before the date: an exclusion the text states wins ('excluded'); then a threshold the
stated values miss or a fact the text denies ('does_not_meet'); then a deciding fact the text does not
give ('needs_information'); otherwise the candidate 'meets' the entry. Whether that makes the item
controlled depends on the day, which the outcome writer decides from these facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dualuse.classify.customs import CustomsMatch
from dualuse.classify.explain import date_sentence
from dualuse.classify.quantities import Measurement
from dualuse.classify.result import CandidateCode, CodeStatus, Verdict
from dualuse.classify.rules import Presence, Rule, RuleMatch, RuleSet
from dualuse.classify.thresholds import ParameterOutcome, ThresholdChecker
from dualuse.domain import Citation
from dualuse.rulebase import RuleBase, Status
from dualuse.rulebase.model import ControlEntry, InstrumentState

#: The unified list that absorbed the pre-list announcements on 2024-12-01 (cited beside them).
UNIFIED_LIST = "MOFCOM-MIIT-GACC-SCA-2024-51"
_STATES: dict[InstrumentState, CodeStatus] = {
    InstrumentState.IN_FORCE: "in_force",
    InstrumentState.SUSPENDED: "suspended",
    InstrumentState.NOT_YET_IN_FORCE: "not_yet_in_force",
    InstrumentState.STOPPED: "repealed",
    InstrumentState.SUPERSEDED: "repealed",
    InstrumentState.EXPIRED: "repealed",
}
#: How the verdict scales the evidence score, so that fitting candidates rank above the others.
_FACTOR: dict[Verdict, float] = {"meets": 1.0, "needs_information": 0.9, "does_not_meet": 0.6, "excluded": 0.5}
#: Evidence weights of codes: written in the description, declared exactly, declared as a prefix.
STATED, DECLARED_EXACT, DECLARED_PREFIX = 0.75, 0.7, 0.6


@dataclass(slots=True)
class Candidate:
    """An entry found for a description, with every way it was found."""

    entry: ControlEntry
    match: RuleMatch | None = None
    stated: str | None = None
    declared: str | None = None
    customs: CustomsMatch | None = None


@dataclass(frozen=True, slots=True)
class Assessed:
    """A candidate weighed against the description and the day: the facts the outcome is decided from."""

    code: CandidateCode
    entry: ControlEntry
    described: bool
    declared: bool
    customs: CustomsMatch | None
    generic: bool = False
    missing: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    exclusion: str | None = None
    denied: str | None = None
    date: str = ""
    thresholds: tuple[str, ...] = ()

    @property
    def in_force(self) -> bool:
        """True where the entry's instrument is in force on the day."""
        return self.code.status == "in_force"


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the description settles about one candidate before dates."""

    checks: ParameterOutcome
    missing: tuple[str, ...]
    asked: bool
    exclusion: str | None
    denied: str | None
    evidence: tuple[str, ...]


class Assessor:
    """Weighs candidates; keeps the rule base, the rules, the threshold checker and per-entry citations."""

    def __init__(
        self,
        rulebase: RuleBase,
        rules: RuleSet,
        thresholds: ThresholdChecker,
        exclusions: dict[str, list[tuple[str, str]]],
    ) -> None:
        """Precompute each entry's citations; statuses are cached per (entry, day) as they are asked for."""
        self.rulebase = rulebase
        self.rules = rules
        self.thresholds = thresholds
        self.exclusions = exclusions
        self._citations = {e.id: self._cite(e) for e in rulebase.entries}
        self._status_cache: dict[tuple[str, date], Status] = {}

    def assess(
        self,
        candidate: Candidate,
        evidence: list[str],
        presence: Presence,
        measurements: list[Measurement],
        day: date,
    ) -> Assessed:
        """The candidate's verdict, status on ``day``, score, evidence and citations."""
        entry = candidate.entry
        rule = candidate.match.rule if candidate.match else None
        facts = self._facts(entry, rule, presence, measurements)
        # While the rule still asks what the goods are, their thresholds cannot rule them out yet.
        failed = (
            tuple(c.sentence() for c in facts.checks.failed)
            if facts.checks.result == "not_met" and not facts.asked
            else ()
        )
        verdict: Verdict = "meets"
        if facts.exclusion:
            verdict = "excluded"
        elif failed or facts.denied:
            verdict = "does_not_meet"
        elif facts.missing:
            verdict = "needs_information"
        status = self._status(entry, day)
        when = date_sentence(self.rulebase, entry, status, day)
        citations = list(self._citations[entry.id])
        if status.by and status.state != InstrumentState.IN_FORCE and self.rulebase.has_instrument(status.by):
            citations.append(self.rulebase.cite(status.by))
        code = CandidateCode(
            code=entry.code,
            entry_id=entry.id,
            family=entry.family,
            status=_STATES[status.state],
            score=_score(candidate, verdict),
            instrument=entry.instrument,
            evidence=(*evidence, *facts.evidence, when),
            citations=tuple(dict.fromkeys(citations)),
            parameters_checked=facts.checks.checks,
            verdict=verdict,
            description=entry.description_en,
            caveats=status.caveats,
        )
        wanted = facts.checks.result == "missing" and not facts.asked
        return Assessed(
            code=code,
            entry=entry,
            described=candidate.match is not None or candidate.stated is not None,
            declared=candidate.declared is not None,
            customs=candidate.customs,
            generic=rule is not None and len(rule.entries) > 1,
            missing=facts.missing,
            failed=failed,
            exclusion=facts.exclusion,
            denied=facts.denied,
            date=when,
            thresholds=tuple(c.sentence() for c in facts.checks.checks if wanted and c.outcome != "met"),
        )

    def _facts(
        self, entry: ControlEntry, rule: Rule | None, presence: Presence, measurements: list[Measurement]
    ) -> _Facts:
        evidence: list[str] = []
        exclusion = None
        for concept, description in self.exclusions.get(entry.id, []):
            words = presence.anywhere.get(concept)
            if words:
                said = words[0].term
                exclusion = (
                    f"the entry excludes {description[0].lower()}{description[1:]}, and the description says '{said}'"
                )
                evidence.append(f"exclusion applies: {description} (the description says '{said}')")
                break
        waived = rule is not None and any(self.rules.named(c, presence.anywhere) for c in rule.waive)
        parameters = () if waived else self.thresholds.select(entry, rule.parameters if rule else None)
        checks = self.thresholds.check(entry, parameters, measurements)
        if waived and entry.parameters:
            evidence.append("the thresholds do not apply to this form of the item (see the rule's note)")
        evidence += [c.sentence() for c in checks.checks if c.outcome != "missing"]
        missing = list(checks.missing) if checks.result == "missing" else []
        denied, asked = self._needs(rule, presence, evidence)
        if asked:  # what the goods are comes first; their parameters only matter once that is known
            missing = asked
        if rule and rule.incomplete and (checks.result != "not_met" or asked) and not denied:
            missing.append(rule.incomplete)
        return _Facts(checks, tuple(dict.fromkeys(missing)), bool(asked), exclusion, denied, tuple(evidence))

    def _needs(self, rule: Rule | None, presence: Presence, evidence: list[str]) -> tuple[str | None, list[str]]:
        """Check the facts a rule needs: named (evidence), denied by the text, or still to ask."""
        denied = None
        asked: list[str] = []
        for need in rule.needs if rule else ():
            label = self.rules.labels.get(need.concept, need.concept)
            members = self.rules.groups.get(need.concept, ())
            if self.rules.named(need.concept, presence.anywhere):
                evidence.append(f"the description names {label}")
            elif need.concept in presence.negated or any(m in presence.negated for m in members):
                denied = f"the description says the goods are free of {label}"
            else:
                asked.append(need.ask)
        return denied, asked

    def _status(self, entry: ControlEntry, day: date) -> Status:
        key = (entry.id, day)
        status = self._status_cache.get(key)
        if status is None:
            if len(self._status_cache) > 20_000:
                self._status_cache.clear()
            status = self.rulebase.entry_status(entry, day)
            self._status_cache[key] = status
        return status

    def _cite(self, entry: ControlEntry) -> tuple[Citation, ...]:
        clause = entry.code or entry.id.split("/", 1)[-1]
        citations = [self.rulebase.cite(entry.instrument, clause)]
        if entry.kind == "pre_list" and self.rulebase.has_instrument(UNIFIED_LIST):
            citations.append(self.rulebase.cite(UNIFIED_LIST))
        return tuple(citations)


def _score(candidate: Candidate, verdict: Verdict) -> float:
    """Evidence weights combined as independent signals (1 − Π(1 − w)), scaled by the verdict."""
    parts = [candidate.match.strength if candidate.match else 0.0, STATED if candidate.stated else 0.0]
    if candidate.declared:
        exact = candidate.declared in (*candidate.entry.codes, candidate.entry.id)
        parts.append(DECLARED_EXACT if exact else DECLARED_PREFIX)
    parts.append(candidate.customs.weight if candidate.customs else 0.0)
    remaining = 1.0
    for part in parts:
        remaining *= 1.0 - part
    return round(min(0.999, (1.0 - remaining) * _FACTOR[verdict]), 3)
