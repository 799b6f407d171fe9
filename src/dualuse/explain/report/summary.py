"""RunSummary: what a whole run found, counted row by row by a streaming ReportAggregator.

Every row is counted — the summary and charts are complete for any size of run — while memory
stays bounded: counters are keyed by outcome, rule, listed party and item family, all of which are
bounded by the rule base, and only the first few errors are kept as a sample.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dualuse.explain.report.outcomes import OUTCOME_ORDER, outcome_rank
from dualuse.explain.report.reading import contributing_findings, families, party_hits, questions
from dualuse.explain.report.row import ReportRow

VERSION_KEYS = ("rulebase_version", "rulebase_digest", "engine_version")
ERROR_SAMPLE_SIZE = 20


@dataclass(frozen=True, slots=True)
class Tally:
    """Rows counted under one heading (a reason, a party, a family), split by outcome."""

    key: str
    label: str
    by_outcome: Mapping[str, int]
    detail: Mapping[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """How many rows in all."""
        return sum(self.by_outcome.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "label": self.label,
            "rows": self.rows,
            "by_outcome": dict(self.by_outcome),
            **self.detail,
        }


@dataclass(frozen=True, slots=True)
class RunSummary:
    """The run as an auditor files it: what was checked, against which law, and what came out."""

    run_id: str
    source: str
    source_format: str
    headers: tuple[str, ...]
    as_of: date | None
    versions: Mapping[str, str]
    started_at: datetime
    finished_at: datetime
    total_rows: int
    outcome_counts: Mapping[str, int]
    error_rows: int
    individual_licence_only_rows: int
    rows_with_questions: int
    reasons: tuple[Tally, ...]
    parties: tuple[Tally, ...]
    families: tuple[Tally, ...]
    first_as_of: str | None
    last_as_of: str | None
    other_versions: tuple[tuple[Mapping[str, str], int], ...]
    first_errors: tuple[tuple[int, str], ...]

    @property
    def checked_rows(self) -> int:
        """Rows that received a determination."""
        return self.total_rows - self.error_rows

    @property
    def as_of_text(self) -> str:
        """The as-of date in words: the run's date, or each row's own date with the range seen."""
        if self.as_of is not None:
            return self.as_of.isoformat()
        if self.first_as_of is None:
            return "each row's own date"
        if self.first_as_of == self.last_as_of:
            return f"each row's own date (all {self.first_as_of})"
        return f"each row's own date ({self.first_as_of} to {self.last_as_of})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, written as summary.json."""
        return {
            "run_id": self.run_id,
            "source": self.source,
            "source_format": self.source_format,
            "headers": list(self.headers),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "as_of_range": [self.first_as_of, self.last_as_of] if self.first_as_of else None,
            **{key: self.versions.get(key, "") for key in VERSION_KEYS},
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "rows": self.total_rows,
            "checked_rows": self.checked_rows,
            "error_rows": self.error_rows,
            "outcomes": dict(self.outcome_counts),
            "individual_licence_only_rows": self.individual_licence_only_rows,
            "rows_with_questions": self.rows_with_questions,
            "reasons": [t.to_dict() for t in self.reasons],
            "parties_hit": [t.to_dict() for t in self.parties],
            "families": [t.to_dict() for t in self.families],
            "rows_with_other_versions": [{**versions, "rows": rows} for versions, rows in self.other_versions],
            "first_errors": [{"row": number, "error": error} for number, error in self.first_errors],
        }


class ReportAggregator:
    """Counts a run row by row, in one pass, for the summary and the charts."""

    def __init__(self, *, run_id: str, source: str, source_format: str, headers: tuple[str, ...],
                 as_of: date | None, versions: Mapping[str, str], started_at: datetime) -> None:  # fmt: skip
        self._run = (run_id, source, source_format, tuple(headers), as_of, dict(versions), started_at)
        self._total = 0
        self._errors = 0
        self._outcomes: Counter[str] = Counter(dict.fromkeys(OUTCOME_ORDER, 0))
        self._individual = 0
        self._questions = 0
        self._reasons: dict[str, Counter[str]] = {}
        self._reason_titles: dict[str, str] = {}
        self._parties: dict[str, Counter[str]] = {}
        self._party_detail: dict[str, dict[str, str]] = {}
        self._families: dict[str, Counter[str]] = {}
        self._other_versions: Counter[tuple[str, ...]] = Counter()
        self._first_as_of: str | None = None
        self._last_as_of: str | None = None
        self._first_errors: list[tuple[int, str]] = []

    def add(self, row: ReportRow) -> None:
        """Count one row."""
        self._total += 1
        determination = row.determination
        if determination is None:
            self._errors += 1
            if len(self._first_errors) < ERROR_SAMPLE_SIZE:
                self._first_errors.append((row.number, row.error or "the row was not checked"))
            return
        outcome = row.outcome or "unknown"
        self._outcomes[outcome] += 1
        self._individual += bool(determination.get("individual_licence_only"))
        self._questions += bool(questions(determination))
        for finding in {str(f.get("rule")): f for f in contributing_findings(determination)}.values():
            rule = str(finding.get("rule"))
            self._reason_titles.setdefault(rule, str(finding.get("title") or rule))
            self._reasons.setdefault(rule, Counter())[str(finding.get("outcome"))] += 1
        for hit in party_hits(determination):
            self._parties.setdefault(hit.entity_id, Counter())[outcome] += 1
            self._party_detail.setdefault(hit.entity_id, {
                "name": hit.display_name, "language": hit.display_language, "english_name": hit.english_name,
                "list": hit.list_label, "status": hit.status,
            })  # fmt: skip
        for family in families(determination):
            self._families.setdefault(family, Counter())[outcome] += 1
        self._note_as_of(determination.get("as_of"))
        versions = tuple(str(determination.get(key) or "") for key in VERSION_KEYS)
        if any(versions) and versions != tuple(self._run[5].get(key, "") for key in VERSION_KEYS):
            self._other_versions[versions] += 1

    def summary(self, *, finished_at: datetime) -> RunSummary:
        """The summary of every row added so far."""
        run_id, source, source_format, headers, as_of, versions, started_at = self._run
        outcome_counts = dict(sorted(self._outcomes.items(), key=lambda item: outcome_rank(item[0])))
        return RunSummary(
            run_id=run_id, source=source, source_format=source_format, headers=headers, as_of=as_of,
            versions=versions, started_at=started_at, finished_at=finished_at, total_rows=self._total,
            outcome_counts=outcome_counts, error_rows=self._errors, individual_licence_only_rows=self._individual,
            rows_with_questions=self._questions,
            reasons=_ranked(self._reasons, lambda rule: (self._reason_titles[rule], {"rule": rule})),
            parties=_ranked(self._parties, lambda entity: (self._party_detail[entity]["name"], self._party_detail[entity])),
            families=_ranked(self._families, lambda family: (family.replace("_", " "), {})),
            first_as_of=self._first_as_of, last_as_of=self._last_as_of,
            other_versions=tuple((dict(zip(VERSION_KEYS, v, strict=True)), n) for v, n in self._other_versions.most_common()),
            first_errors=tuple(self._first_errors),
        )  # fmt: skip

    def _note_as_of(self, value: object) -> None:
        if not isinstance(value, str) or not value:
            return
        if self._first_as_of is None or value < self._first_as_of:
            self._first_as_of = value
        if self._last_as_of is None or value > self._last_as_of:
            self._last_as_of = value


def _ranked(
    counters: dict[str, Counter[str]], describe: Callable[[str], tuple[str, Mapping[str, str]]]
) -> tuple[Tally, ...]:
    """Tallies, most rows first, ties by the most restrictive outcome then by key, so output is stable."""
    tallies = []
    for key, counter in counters.items():
        label, detail = describe(key)
        by_outcome = {o: counter[o] for o in sorted(counter, key=outcome_rank) if counter[o]}
        tallies.append(Tally(key=key, label=label, by_outcome=by_outcome, detail=detail))
    return tuple(
        sorted(tallies, key=lambda t: (-t.rows, min((outcome_rank(o) for o in t.by_outcome), default=9), t.key))
    )
