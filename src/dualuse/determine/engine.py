"""The determination engine: apply every measure of the rule base to one order line.

Each measure's conditions are evaluated in three-valued logic. True contributes the measure's
outcome; unknown contributes `review` with the question that would decide it (for measures more
restrictive than review); false contributes nothing. A measure outside its window never contributes:
it can only leave an informational finding saying it would apply but is suspended or not yet in
force. The most restrictive outcome wins, and licences can turn a licence requirement into
`authorised`.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from string import Formatter
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import orjson

from dualuse import __version__
from dualuse.determine.end_use import EndUseReader
from dualuse.determine.facts import Facts
from dualuse.determine.licensing import apply_licences
from dualuse.determine.logic import FactUsed, Leaf
from dualuse.determine.measures import PreparedMeasure, prepare_measures
from dualuse.determine.outcome import Outcome, most_restrictive
from dualuse.determine.result import Determination, Finding
from dualuse.determine.transaction import Item, Transaction
from dualuse.domain import Citation
from dualuse.licences import Licence, same_name
from dualuse.rulebase import InstrumentState, RuleBase
from dualuse.rulebase.base import Status
from dualuse.rulebase.model import Measure, Requirement

if TYPE_CHECKING:
    from dualuse.classify import Classification, Classifier
    from dualuse.screen import Match, Screener, ScreeningResult

Value = TypeVar("Value")
Arguments = ParamSpec("Arguments")
_MISSING = object()
#: A memoised engine answer together with its JSON form, both shared by every line that uses them.
Serialised = tuple[Value, dict[str, Any]]
#: How many (instrument, clause, day) statuses to keep before starting afresh; far more than a batch needs.
STATUS_MEMO_SIZE = 100_000


class Determiner:
    """Determines order lines against one rule base; build it once and reuse it."""

    def __init__(self, rulebase: RuleBase, *, screener: Screener | None = None, classifier: Classifier | None = None,
                 cache_size: int = 20_000) -> None:  # fmt: skip
        from dualuse.classify import Classifier
        from dualuse.screen import Screener

        self.rulebase = rulebase
        self.screener = screener or Screener(rulebase)
        self.classifier = classifier or Classifier(rulebase)
        self.end_use = EndUseReader(rulebase.root / "vocabulary")
        self.versions = {
            "rulebase_version": rulebase.version,
            "rulebase_digest": rulebase.digest,
            "engine_version": __version__,
        }
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._cache_size = cache_size
        # What the rule base says independently of any line, worked out once (the rule base is immutable).
        self._measures = prepare_measures(rulebase)
        self._non_licensable = frozenset(m.id for m in rulebase.measures if not m.licensable)
        self._citations_memo: dict[tuple[str, str | None], Citation] = {}
        self._own_citations_memo: dict[Hashable, tuple[Citation, ...]] = {}
        self._status_memo: dict[tuple[str, str | None, date], Status] = {}

    def determine(self, transaction: Transaction, licences: Sequence[Licence] = ()) -> Determination:
        """The Determination for one order line; raises CoverageError for a date before the law existed."""
        self.rulebase.check_covered(transaction.as_of)
        facts, screening, classification = self._facts(transaction)
        findings: list[Finding] = []
        for measure in self._measures:
            trace: list[Leaf] = []
            value, open_leaves = measure.conditions(facts, trace)
            if value is False:
                continue  # most measures, on most lines: nothing to say
            finding = self._apply(measure, facts, value, trace, open_leaves)
            if finding is not None:
                findings.append(finding)
        findings.extend(self._listings_not_in_force(facts))
        findings = _hold_licence_requirements(findings, self._non_licensable)
        findings = apply_licences(findings, facts, licences, partial(self._same_party, as_of=transaction.as_of))
        if not any(f.outcome for f in findings):
            findings.append(self._nothing_applies(facts))
        findings.sort(key=lambda f: (-(f.outcome.rank if f.outcome else -1), f.rule))
        outcome = most_restrictive(f.outcome for f in findings if f.outcome)
        binding = [f for f in findings if f.outcome and f.outcome.rank >= Outcome.LICENCE_REQUIRED.rank]
        requirements = _unique(r for f in binding for r in f.requirements)
        questions = tuple(dict.fromkeys(f.question for f in findings if f.question and f.outcome == Outcome.REVIEW))
        return Determination(
            id=transaction.id,
            outcome=outcome,
            individual_licence_only=any(f.individual_licence_only for f in binding),
            requirements=requirements,
            findings=tuple(findings),
            questions=questions,
            screening=screening,
            classification=classification,
            as_of=transaction.as_of.isoformat(),
            input_digest=input_digest(transaction),
            versions=self.versions,
        )

    # ------------------------------------------------------------------ facts
    def _facts(self, tx: Transaction) -> tuple[Facts, dict[str, Any], dict[str, Any]]:
        """The facts of the line, with the JSON forms of its screening and its classification."""
        screening: dict[str, ScreeningResult] = {}
        military: dict[str, Match] = {}
        screening_data: dict[str, Any] = {}
        military_data: dict[str, Any] = {}
        for party in tx.counterparties:
            screening[party.role], screening_data[party.role] = self._screen(party.name, party.country, tx.as_of)
            user = self._cached(("military", party.name, party.country),
                                _military_user, self.screener, party.name, party.country or "JP")  # fmt: skip
            if user is not None:
                military[party.role], military_data[f"{party.role}_military_user_reference"] = user
        item = tx.item
        classification = self._cached(("classify", item.description, item.hs_code, item.control_code, tx.as_of),
                                      _classified, self.classifier, item, tx.as_of)  # fmt: skip
        reading = self._cached(("end_use", tx.end_use), self.end_use.read, tx.end_use)
        facts = Facts(tx, self.rulebase, screening, military, classification[0], reading)
        return facts, screening_data | military_data, classification[1]

    def _screen(self, name: str, country: str | None, as_of: date) -> Serialised[ScreeningResult]:
        """Screening of one name on one day, with its JSON form (memoised)."""
        return self._cached(("screen", name, country, as_of), _screened, self.screener, name, country, as_of)

    def _cached(self, key: Hashable, compute: Callable[Arguments, Value], *args: Arguments.args,
                **kwargs: Arguments.kwargs) -> Value:  # fmt: skip
        """``compute(*args, **kwargs)``, kept under ``key`` in the engine's memo (least recently used goes)."""
        found = self._cache.get(key, _MISSING)
        if found is not _MISSING:
            self._cache.move_to_end(key)
            return found  # type: ignore[no-any-return]
        value = compute(*args, **kwargs)
        self._cache[key] = value
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return value

    def _same_party(self, first: str, second: str, *, as_of: date) -> bool:
        """Two names are one party if they read the same, or both match the same listed party."""
        if same_name(first, second):
            return True
        ids = [{m.entity_id for m in self._screen(name, None, as_of)[0].matches} for name in (first, second)]
        return bool(ids[0] & ids[1])

    # ------------------------------------------------------------------ measures
    def _apply(self, prepared: PreparedMeasure, facts: Facts, value: bool | None, trace: list[Leaf],
               open_leaves: tuple[Leaf, ...]) -> Finding | None:  # fmt: skip
        """The finding of a measure whose conditions are true or unknown (``value``), if it has one.

        ``trace`` holds every leaf evaluated, in order; ``open_leaves`` those that leave ``value`` unknown.
        """
        measure, declared = prepared.measure, prepared.outcome
        if value is None and declared.rank <= Outcome.REVIEW.rank:
            return None
        day = facts.transaction.as_of
        status = self._measure_status(measure, day)
        hits = [hit for _, truth in trace for hit in truth.hits]
        citations = self._citations(prepared, facts, hits)
        used = tuple(FactUsed.of(leaf) for leaf in trace)
        if status.state != InstrumentState.IN_FORCE:
            if value is not True:
                return None
            label = self.rulebase.instrument(measure.instrument).label()
            return Finding(
                rule=measure.id, title=measure.title, outcome=None, facts=used, citations=citations,
                statement=f"{measure.title} — but {label}"
                f"{' clause ' + measure.clause if measure.clause and measure.clause[0].isdigit() else ''} "
                f"is {status.state.value.replace('_', ' ')} on {day}"
                + (f" (from {status.since} until {status.until}, by {status.by})" if status.since else "")
                + ", so it does not apply.",
                caveats=status.caveats,
            )  # fmt: skip
        placeholders = _placeholders(facts, hits)
        if value is True:
            outcome = declared
            # A measure whose own outcome is review names its question; others ask nothing when they apply.
            question = (
                _format(measure.question, placeholders) if declared == Outcome.REVIEW and measure.question else None
            )
            statement = _format(measure.statement, placeholders)
        else:
            outcome = Outcome.REVIEW
            question = " ".join(dict.fromkeys(truth.question for _, truth in open_leaves if truth.question)) or (
                _format(measure.question, placeholders) if measure.question else "Which facts decide this rule?"
            )
            statement = (f"{measure.title} if {_unknowns(open_leaves)}; the facts given cannot decide it, "
                         f"so the line needs review.")  # fmt: skip
        requirements = list(measure.requirements)
        for _, match in hits:
            if match.party is not None:
                requirements += self.rulebase.measure_set(match.party.measure_set).requirements
        return Finding(
            rule=measure.id, title=measure.title, outcome=outcome, statement=statement, facts=used,
            citations=citations, question=question, requirements=_unique(requirements),
            individual_licence_only=measure.individual_licence_only and value is True,
            caveats=status.caveats + prepared.interpretation, children=self._children(measure, facts, hits),
        )  # fmt: skip

    def _citations(self, prepared: PreparedMeasure, facts: Facts, hits: list[tuple[str, Any]]) -> tuple[Citation, ...]:
        measure = prepared.measure
        own = self._own_citations(measure)
        added: list[Citation] = []
        if measure.cites_designation:
            added += [self._cite(m.party.instrument) for _, m in hits if m.party is not None]
        if measure.cites_classification:
            added += [c for code in facts.binding_codes for c in code.citations]
        return tuple(dict.fromkeys(own + tuple(added))) if added else own

    def _children(self, measure: Measure, facts: Facts, hits: list[tuple[str, Any]]) -> tuple[Finding, ...]:
        children = []
        for role, match in hits:
            children.append(Finding(
                rule="screening.hit" if match.list != "military_user_reference" else "screening.military_user_reference",
                title=f"{role.replace('_', ' ')} screened against the lists", outcome=None,
                statement=match.explanation, facts=(), citations=tuple(match.citations),
            ))  # fmt: skip
        if measure.cites_classification:
            for code in facts.binding_codes:
                children.append(Finding(
                    rule="classification.code", title=f"item classified under {code.code or code.entry_id}",
                    outcome=None, statement="; ".join(code.evidence), facts=(), citations=tuple(code.citations),
                ))  # fmt: skip
        return tuple(children)

    def _listings_not_in_force(self, facts: Facts) -> list[Finding]:
        findings = []
        for role, match in facts.inactive_hits():
            party = match.party
            if party is None:
                continue
            status = self.rulebase.party_status(party, facts.transaction.as_of)
            label = self.rulebase.instrument(party.instrument).label()
            findings.append(Finding(
                rule="cn.listing.measures_not_in_force", title="A listed party whose measures do not apply on this date",
                outcome=None, facts=(),
                statement=f"The {role.replace('_', ' ')} matches {party.display_name} ({party.list.replace('_', ' ')}, "
                f"{label}), but its measures are {status.state.value} on {facts.transaction.as_of}"
                + (f" (from {status.since}{' until ' + str(status.until) if status.until else ''}, by {status.by})" if status.since else "")
                + ".",
                citations=(self._cite(party.instrument),), caveats=status.caveats,
            ))  # fmt: skip
        return findings

    def _nothing_applies(self, facts: Facts) -> Finding:
        classification = facts.classification
        return Finding(
            rule="cn.no_measure_applies", title="No measure of the regime applies", outcome=Outcome.NO_LICENCE_REQUIRED,
            statement=f"{classification.explanation} No listed party, country measure or catch-all risk applies on "
            f"{facts.transaction.as_of}, so no export licence is required under ECL Art. 12.",
            facts=(), citations=(self._cite("ECL-2020", "Art. 12"),),
        )  # fmt: skip

    # ------------------------------------------------------------------ rule-base look-ups, memoised
    def _cite(self, instrument: str, clause: str | None = None) -> Citation:
        """``RuleBase.cite``, worked out once per instrument and clause."""
        key = (instrument, clause)
        citation = self._citations_memo.get(key)
        if citation is None:
            citation = self._citations_memo[key] = self.rulebase.cite(instrument, clause)
        return citation

    def _own_citations(self, measure: Measure) -> tuple[Citation, ...]:
        """The measure's own instrument and clause, then what it also cites, without repeats (memoised)."""
        key = (measure.instrument, measure.clause, measure.also_cites)
        citations = self._own_citations_memo.get(key)
        if citations is None:
            own = [self._cite(measure.instrument, measure.clause)]
            own += [self._cite(instrument, clause) for instrument, clause in measure.also_cites]
            citations = self._own_citations_memo[key] = tuple(dict.fromkeys(own))
        return citations

    def _measure_status(self, measure: Measure, day: date) -> Status:
        """``RuleBase.measure_status``, worked out once per instrument, clause and day."""
        key = (measure.instrument, measure.clause, day)
        status = self._status_memo.get(key)
        if status is None:
            if len(self._status_memo) >= STATUS_MEMO_SIZE:
                self._status_memo.clear()
            status = self._status_memo[key] = self.rulebase.measure_status(measure, day)
        return status


def _screened(screener: Screener, name: str, country: str | None, as_of: date) -> Serialised[ScreeningResult]:
    result = screener.screen(name, country=country, as_of=as_of)
    return result, result.to_dict()


def _military_user(screener: Screener, name: str, country: str) -> Serialised[Match] | None:
    match = screener.military_user(name, country=country)
    return None if match is None else (match, match.to_dict())


def _classified(classifier: Classifier, item: Item, as_of: date) -> Serialised[Classification]:
    classification = classifier.classify(item.description, hs_code=item.hs_code, as_of=as_of,
                                         declared_code=item.control_code)  # fmt: skip
    return classification, classification.to_dict()


def _hold_licence_requirements(findings: list[Finding], non_licensable: frozenset[str]) -> list[Finding]:
    """A licence can only authorise what is not prohibited: while a prohibition is undecided, hold the
    licence requirements in abeyance (base rule and exception), so the line is reviewed first."""
    undecided = [f for f in findings if f.outcome == Outcome.REVIEW and f.rule in non_licensable]
    if not undecided:
        return findings
    return [
        replace(finding, outcome=None,
                statement=f"Once the open question is settled, if the line is not prohibited: {finding.statement}")
        if finding.outcome == Outcome.LICENCE_REQUIRED else finding
        for finding in findings
    ]  # fmt: skip


def input_digest(transaction: Transaction) -> str:
    """SHA-256 of the order line's canonical form: the same input always gives the same digest."""
    canonical = orjson.dumps(transaction, default=str)  # dataclass fields in declaration order; dates ISO
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


def _placeholders(facts: Facts, hits: list[tuple[str, Any]]) -> dict[str, str]:
    rb = facts.rulebase
    parties = [m.party for _, m in hits if getattr(m, "party", None) is not None]
    codes = [c.code or c.entry_id for c in facts.binding_codes]
    return {
        "party": " and ".join(dict.fromkeys(p.display_name for p in parties)) or "The party",
        "designation": ", ".join(dict.fromkeys(rb.instrument(p.instrument).label() for p in parties)),
        "codes": ", ".join(dict.fromkeys(codes)) or "no code in force",
        "risks": ", ".join(r.replace("_", " ") for r in facts.transaction.catch_all_risks) or "no",
        "missing_parameters": ", ".join(facts.classification.missing_parameters) or "the deciding parameters",
    }


def _format(template: str, values: dict[str, str]) -> str:
    fields = {name for _, name, _, _ in Formatter().parse(template) if name}
    return template.format_map({name: values.get(name, "{" + name + "}") for name in fields})


def _unknowns(leaves: tuple[Leaf, ...]) -> str:
    names = {
        "military_end_use": "the end use is military",
        "end_use_enhances_military_capability": "the end use enhances military capability",
        "item_status": "the item is listed",
        "item_origin_china": "the item is of Chinese origin",
        "within_reach": "China's regime reaches the transfer",
        "destination_in": "the destination is covered",
        "party_country_in": "the end user is in the country concerned",
    }
    predicates = (condition.operator for condition, _ in leaves)
    return " and ".join(dict.fromkeys(names.get(p, p.replace("_", " ")) for p in predicates))


def _unique(requirements: Any) -> tuple[Requirement, ...]:
    seen: dict[str, Requirement] = {}
    for requirement in requirements:
        seen.setdefault(requirement.id, requirement)
    return tuple(seen.values())
