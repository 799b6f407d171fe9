"""What a classification answers: the outcome, the ranked candidate codes, the evidence and the citations.

``Classification.status`` is one of three outcomes a compliance officer acts on:

* ``controlled``: at least one control-list code in force on the day fits the description and its
  parameters;
* ``review``: a controlled family fits, but a deciding fact is missing (``missing_parameters`` says
  what to ask the supplier for);
* ``not_controlled``: no code in force fits, and ``explanation`` says why (no controlled family matched,
  parameters below the thresholds, an exclusion the text states, or the fitting code is not in force).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from dualuse.domain import Citation

Status = Literal["controlled", "not_controlled", "review"]
CodeStatus = Literal["in_force", "suspended", "not_yet_in_force", "repealed"]
#: Why an item is not controlled (None when it is controlled or needs review).
Reason = Literal["no_family_matched", "form_not_listed", "below_thresholds", "exclusion_applies", "not_in_force"]
#: How a candidate fits, before dates: its parameters are met, missing, not met, or an exclusion applies.
Verdict = Literal["meets", "needs_information", "does_not_meet", "excluded"]


@dataclass(frozen=True, slots=True)
class ParameterCheck:
    """One technical threshold of an entry compared with what the description states."""

    name: str
    label: str
    comparison: str
    threshold: str
    outcome: Literal["met", "not_met", "missing", "undetermined"]
    stated: str | None = None
    note: str | None = None

    def sentence(self) -> str:
        """The check in words: 'purity 99.8% does not meet ≥ 99.99%'."""
        wanted = f"{self.comparison} {self.threshold}"
        if self.outcome == "met":
            return f"{self.label} {self.stated} meets {wanted}"
        if self.outcome == "not_met":
            return f"{self.label} {self.stated} does not meet {wanted}"
        if self.outcome == "undetermined":
            return f"{self.label} {self.stated} does not settle {wanted}"
        return f"{self.label} not stated (threshold {wanted})"

    def to_dict(self) -> dict[str, Any]:
        """The check as JSON-ready data."""
        return {
            "name": self.name,
            "comparison": self.comparison,
            "threshold": self.threshold,
            "stated": self.stated,
            "outcome": self.outcome,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class CandidateCode:
    """One control-list entry the description may fall under, with its status on the day and why it was found.

    ``code`` is the control code; it is None for the pre-list items of Ann 23/2023, 39/2023, 21/2024 and
    33/2024 (folded into the unified list on 2024-12-01 with codes the sources do not give) and for
    records whose code the sources do not give: those are named by ``entry_id``.
    """

    code: str | None
    entry_id: str
    family: str
    status: CodeStatus
    score: float
    instrument: str
    evidence: tuple[str, ...]
    citations: tuple[Citation, ...]
    parameters_checked: tuple[ParameterCheck, ...] = ()
    verdict: Verdict = "meets"
    description: str = ""
    caveats: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The code, or the entry id where the sources give no code."""
        return self.code or self.entry_id

    def to_dict(self) -> dict[str, Any]:
        """The candidate as JSON-ready data."""
        return {
            "code": self.code,
            "entry_id": self.entry_id,
            "family": self.family,
            "status": self.status,
            "score": self.score,
            "instrument": self.instrument,
            "verdict": self.verdict,
            "description": self.description,
            "evidence": list(self.evidence),
            "parameters_checked": [p.to_dict() for p in self.parameters_checked],
            "citations": [c.to_dict() for c in self.citations],
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True, slots=True)
class Classification:
    """The answer for one order line on one day."""

    status: Status
    codes: tuple[CandidateCode, ...]
    explanation: str
    missing_parameters: tuple[str, ...]
    families: tuple[str, ...]
    as_of: date
    reason: Reason | None = None

    def to_dict(self) -> dict[str, Any]:
        """The classification as JSON-ready data (codes ranked best first)."""
        return {
            "status": self.status,
            "codes": [c.to_dict() for c in self.codes],
            "explanation": self.explanation,
            "missing_parameters": list(self.missing_parameters),
            "families": list(self.families),
            "reason": self.reason,
            "as_of": self.as_of.isoformat(),
        }
