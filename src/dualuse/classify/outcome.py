"""Decide the outcome from the weighed candidates, and say why in a sentence or two.

The order of the tests is the compliance officer's:

1. a candidate the *description* points to, in force, whose parameters are met → ``controlled``;
2. such a candidate in force whose deciding parameter is not stated → ``review`` (ask for it);
3. a declared control code the description does not confirm, or a reference customs code alone (on a
   specific tariff line), for an entry in force → ``review``: a code is never enough to make an item
   controlled, but it is enough to ask what the goods are;
4. otherwise ``not_controlled``, with the reason: the fitting entry is not in force on the day, an
   exclusion the text states applies, the stated parameters miss the thresholds (which), the family is
   named but none of its listed items fits, or no controlled family matched at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dualuse.classify.customs import CustomsMatch
from dualuse.classify.explain import ask, listed_items, named
from dualuse.classify.result import Classification, Reason, Status
from dualuse.classify.rules import Presence, RuleMatch, RuleSet
from dualuse.rulebase import RuleBase
from dualuse.rulebase.model import ControlEntry

if TYPE_CHECKING:
    from dualuse.classify.assess import Assessed


class OutcomeWriter:
    """Turns weighed candidates into a Classification with its explanation."""

    def __init__(self, rulebase: RuleBase, rules: RuleSet, subject_entries: dict[str, list[ControlEntry]]) -> None:
        """Keep what the sentences need: instrument labels, concept labels and each subject's entries."""
        self.rulebase = rulebase
        self.rules = rules
        self.subject_entries = subject_entries
        self._labels = {e.id: e.code or e.id for e in rulebase.entries}

    def match_evidence(self, match: RuleMatch) -> str:
        """Why a rule applied, quoting the words of the description: "term '酸化' (ja: oxide) …"."""
        words: list[str] = []
        spans: set[tuple[int, int]] = set()
        for hit in match.hits:
            if (hit.start, hit.end) in spans:
                continue
            spans.add((hit.start, hit.end))
            label = self.rules.labels.get(hit.concept)
            quoted = hit.describe()
            if label and hit.source == "term" and label.lower() != hit.term.lower():
                quoted = f"{quoted[:-1]}: {label})"
            words.append(quoted)
        entry_label = self._entry_label(match.entry_id)
        sentence = f"{' and '.join(words)} matched {entry_label}"
        if match.how == "default":
            sentence += f" ({self.rules.labels.get(match.rule.subject or '', '')} named without a more specific form)"
        elif match.how == "fallback":
            sentence += " (no more specific item of the family fits the words)"
        if match.sub_item:
            letter, hit = match.sub_item
            sentence += f"; sub-item {letter} by the a/b/c pattern of the announcement ('{hit.term}'; inferred)"
        if match.rule.note:
            sentence += f"; note: {match.rule.note}"
        return sentence

    def _entry_label(self, entry_id: str) -> str:
        return self._labels.get(entry_id, entry_id)

    def decide(
        self,
        assessed: list[Assessed],
        *,
        presence: Presence,
        day: date,
        customs_code: str | None,
        customs: list[CustomsMatch],
        declared: str | None,
    ) -> Classification:
        """The outcome, its reason and its explanation (see the module docstring for the order of tests)."""
        case = _Case(assessed, presence, day, customs_code, customs, declared)
        found = (
            self._controlled(case) or self._review(case) or self._unconfirmed(case) or self._not_controlled_answer(case)
        )
        status, text, missing, families, reason = found
        clash = ""
        specific = [a for a in case.strong if not a.generic]
        if declared and specific and not any(a.declared for a in case.strong):
            clash = (
                f" The declared control code {declared} does not fit the description, which points to "
                f"{specific[0].code.label}; check the declaration."
            )
        return Classification(status, tuple(a.code for a in assessed), text + clash, missing, families, day, reason)

    def _controlled(self, case: _Case) -> _Answer | None:
        fits = [a for a in case.strong if a.in_force and a.code.verdict == "meets"]
        if not fits:
            return None
        top = fits[0]
        supporting = " The customs code agrees (supporting evidence only)." if top.customs else ""
        met = [c.sentence() for c in top.code.parameters_checked if c.outcome == "met"]
        thresholds = f"; {'; '.join(met)}" if met else ""
        text = (
            f"Controlled on {case.day}: {named(top.code)}; {top.code.evidence[0]}{thresholds}. "
            f"{_capital(top.date)}.{supporting}"
        )
        return "controlled", text, (), _families(fits), None

    def _review(self, case: _Case) -> _Answer | None:
        asks = [a for a in case.strong if a.in_force and a.code.verdict == "needs_information"]
        if not asks:
            return None
        top = asks[0]
        missing = tuple(dict.fromkeys(m for a in asks for m in a.missing))
        detail = f" ({'; '.join(top.thresholds)})" if top.thresholds else ""
        text = (
            f"Review: {named(top.code)} fits the description ({top.code.evidence[0]}), but it does not state "
            f"{ask(top.missing)}{detail}; ask the supplier for {ask(missing)} to decide."
        )
        return "review", text, missing, _families(asks), None

    def _unconfirmed(self, case: _Case) -> _Answer | None:
        """A declared code or a specific reference customs code the description does not bear out: ask."""
        declared_only = [a for a in case.assessed if a.declared and not a.described]
        open_declared = [a for a in declared_only if a.in_force and a.code.verdict in ("meets", "needs_information")]
        if open_declared and not case.strong:
            top = open_declared[0]
            missing = tuple(dict.fromkeys(("technical_description", *(m for a in open_declared for m in a.missing))))
            text = (
                f"Review: the declared control code {case.declared} names {named(top.code)}, in force on {case.day}, "
                f"but the description does not confirm it; ask for {ask(missing)} and check the goods against the entry."
            )
            return "review", text, missing, _families(open_declared), None
        if open_declared and not any(a.generic for a in case.strong):
            text, _ = self._not_controlled(case.strong, case.day)
            return "review", f"Review: {text}", ("technical_description",), _families(open_declared), None
        specific = [a for a in case.assessed if a.customs and a.customs.specific and a.in_force and not a.declared]
        if specific and not case.strong and not declared_only:
            top = specific[0]
            reference = top.customs.reference if top.customs else ""
            text = (
                f"Review: the description names no listed item, but customs code {case.customs_code} matches the "
                f"reference code {reference} of {named(top.code)}; reference codes are supporting evidence only, "
                "so ask what the goods are before deciding."
            )
            return "review", text, ("technical_description",), _families(specific), None
        return None

    def _not_controlled_answer(self, case: _Case) -> _Answer:
        if case.strong:
            text, reason = self._not_controlled(case.strong, case.day)
            return "not_controlled", f"Not controlled: {text}", (), (), reason
        declared_only = [a for a in case.assessed if a.declared]
        if declared_only:
            top = declared_only[0]
            text = (
                f"Not controlled on {case.day}: the declared control code {case.declared} names {named(top.code)}, "
                f"but {top.date}."
            )
            return "not_controlled", text, (), (), "not_in_force"
        text, reason = self._nothing_fits(case)
        return "not_controlled", f"Not controlled: {text}", (), (), reason

    def _not_controlled(self, strong: list[Assessed], day: date) -> tuple[str, Reason]:
        waiting = [a for a in strong if a.code.verdict in ("meets", "needs_information")]
        if waiting:
            top = waiting[0]
            return (
                f"{named(top.code)} fits the description, but {top.date}, so no code in force applies on {day}.",
                "not_in_force",
            )
        top = strong[0]
        if top.exclusion:
            return f"{named(top.code)} would apply, but {top.exclusion}.", "exclusion_applies"
        failing = [a for a in strong if a.failed]
        if failing:
            parts = [f"{a.code.label}: {', '.join(a.failed)}" for a in failing[:3]]
            family = self.rules.labels.get(failing[0].entry.family, failing[0].entry.family.replace("_", " "))
            return (
                f"the description matches {family} items, but the stated parameters miss the thresholds ({'; '.join(parts)}).",
                "below_thresholds",
            )
        excluded = next((a for a in strong if a.exclusion), None)
        if excluded:
            return f"{named(excluded.code)} would apply, but {excluded.exclusion}.", "exclusion_applies"
        denied = next((a for a in strong if a.denied), top)
        return (
            f"{named(denied.code)} does not fit: {denied.denied or 'the description rules it out'}.",
            "form_not_listed",
        )

    def _nothing_fits(self, case: _Case) -> tuple[str, Reason]:
        presence, customs, customs_code, assessed = case.presence, case.customs, case.customs_code, case.assessed
        subjects = [s for s in self.subject_entries if self.rules.named(s, presence.core)]
        notes = ""
        if customs and customs_code:
            first = customs[0]
            about = next((a for a in assessed if a.entry.id == first.entry_id), None)
            status = f"; {about.date}" if about and not about.in_force else ""
            notes = (
                f" Customs code {customs_code} matches reference code {first.reference} of {first.entry_id if about is None else about.code.label}"
                f"{' (a residual other line)' if first.residual else ''}{status}, but reference codes are supporting evidence only."
            )
        unlisted = [c for c in presence.core if self.rules.kinds.get(c) == "element" and c in self.rules.unlisted]
        if unlisted:
            names = " and ".join(self.rules.labels[c] for c in unlisted[:3])
            notes += f" {names[0].upper()}{names[1:]} {'is' if len(unlisted) == 1 else 'are'} not on the control list in the rule base."
        if subjects:
            subject = subjects[0]
            label = self.rules.labels.get(subject, subject)
            technology = (
                " (the description speaks of technology, and no such technology is listed for it)"
                if self.rules.named("technology", presence.anywhere)
                else ""
            )
            if presence.devices:
                device = presence.core[presence.devices[0]][0].term
                technology = f" (the goods are a finished device, '{device}', not a listed material or item)"
            return (
                f"the description names {label}, but none of its listed items fits{technology}; the list holds: "
                f"{listed_items(self.subject_entries[subject])}.{notes}",
                "form_not_listed",
            )
        return (
            f"no controlled family matched the description (no listed term, formula, trade name or control code).{notes}",
            "no_family_matched",
        )


@dataclass(frozen=True, slots=True)
class _Case:
    """The weighed candidates of one order line and what the outcome is decided from."""

    assessed: list[Assessed]
    presence: Presence
    day: date
    customs_code: str | None
    customs: list[CustomsMatch]
    declared: str | None

    @property
    def strong(self) -> list[Assessed]:
        """Candidates the description itself points to (words, formulas, a code written in it)."""
        return [a for a in self.assessed if a.described]


#: status, explanation, missing parameters, families, reason
_Answer = tuple[Status, str, tuple[str, ...], tuple[str, ...], Reason | None]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _families(assessed: list[Assessed]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.entry.family for a in assessed))
