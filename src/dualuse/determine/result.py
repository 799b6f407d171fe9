"""A Determination: the outcome, the tree of findings with their citations, and the versions behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dualuse.determine.logic import FactUsed
from dualuse.determine.outcome import Outcome
from dualuse.domain import Citation
from dualuse.rulebase.model import Requirement


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule applied to the order line: the facts it used, what it contributes, and what it cites.

    ``outcome`` is None for an informational finding (for example a listing whose measures are suspended).
    """

    rule: str
    title: str
    outcome: Outcome | None
    statement: str
    facts: tuple[FactUsed, ...]
    citations: tuple[Citation, ...]
    question: str | None = None
    requirements: tuple[Requirement, ...] = ()
    individual_licence_only: bool = False
    licence: dict[str, Any] | None = None
    caveats: tuple[str, ...] = ()
    children: tuple[Finding, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, children included."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "title": self.title,
            "outcome": self.outcome.value if self.outcome else "information",
            "statement": self.statement,
            "facts": [f.to_dict() for f in self.facts],
            "citations": [c.to_dict() for c in self.citations],
        }
        if self.question:
            data["question"] = self.question
        if self.requirements:
            data["requirements"] = [{"id": r.id, "text": r.text} for r in self.requirements]
        if self.individual_licence_only:
            data["individual_licence_only"] = True
        if self.licence:
            data["licence"] = self.licence
        if self.caveats:
            data["caveats"] = list(self.caveats)
        if self.children:
            data["children"] = [c.to_dict() for c in self.children]
        return data


@dataclass(frozen=True, slots=True)
class Determination:
    """May this order line go ahead on this date, to this party, for this use — and why.

    ``screening`` and ``classification`` hold the JSON forms of the screening results and the
    classification, which the engine builds once and shares between every line about the same party
    or item: read them, serialise them, copy them, but never change them in place.
    """

    id: str
    outcome: Outcome
    individual_licence_only: bool
    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]
    questions: tuple[str, ...]
    screening: dict[str, Any]
    classification: dict[str, Any]
    as_of: str
    input_digest: str
    versions: dict[str, str]

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation of every finding that contributes an outcome, without repeats, in order."""
        seen: dict[tuple[str, str | None], Citation] = {}
        for finding in _walk(self.findings):
            for citation in finding.citations:
                seen.setdefault((citation.instrument, citation.clause), citation)
        return tuple(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """The output line of `dualuse determine`."""
        return {
            "id": self.id,
            "outcome": self.outcome.value,
            "individual_licence_only": self.individual_licence_only,
            "requirements": [{"id": r.id, "text": r.text} for r in self.requirements],
            "questions": list(self.questions),
            "findings": [f.to_dict() for f in self.findings],
            "citations": [c.to_dict() for c in self.citations],
            "screening": self.screening,
            "classification": self.classification,
            "as_of": self.as_of,
            "input_digest": self.input_digest,
            **self.versions,
        }


def _walk(findings: tuple[Finding, ...]) -> list[Finding]:
    out: list[Finding] = []
    for finding in findings:
        out.append(finding)
        out.extend(_walk(finding.children))
    return out
