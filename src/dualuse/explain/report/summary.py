"""RunSummary: what a whole run found, counted row by row by a streaming ReportAggregator.

Every row is counted — the summary and charts are complete for any size of run — while memory
stays bounded: counters are keyed by outcome, rule, listed party and item family, all of which are
bounded by the rule base, and only the first few errors are kept as a sample.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dualuse.explain.report.answer import VERSION_KEYS, Contribution, contribution_of
from dualuse.explain.report.outcomes import OUTCOME_ORDER, outcome_rank
from dualuse.explain.report.row import ReportRow

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
    """Counts a run for the summary and the charts, in one pass, row by row or a block of rows at a time.

    Rows are counted by what they contribute (outcome, rules, parties, families), so a run of millions
    of rows that repeat the same few thousand determinations is folded into a few thousand counters.
    """

    def __init__(self, *, run_id: str, source: str, source_format: str, headers: tuple[str, ...],
                 as_of: date | None, versions: Mapping[str, str], started_at: datetime) -> None:  # fmt: skip
        self._run = (run_id, source, source_format, tuple(headers), as_of, dict(versions), started_at)
        self._errors = 0
        self._first_errors: list[tuple[int, str]] = []
        self._contributions: Counter[Contribution] = Counter()

    def add(self, row: ReportRow) -> None:
        """Count one row."""
        if row.determination is None:
            self.add_errors([(row.number, row.error or "the row was not checked")])
        else:
            self._contributions[contribution_of(row.determination)] += 1

    def add_contributions(self, contributions: Mapping[Contribution, int]) -> None:
        """Count determined rows by what each contributes."""
        self._contributions.update(contributions)

    def add_errors(self, errors: Sequence[tuple[int, str]]) -> None:
        """Count rows that could not be checked: (row number, error) each."""
        self._errors += len(errors)
        room = ERROR_SAMPLE_SIZE - len(self._first_errors)
        if room > 0:
            self._first_errors.extend(errors[:room])

    def summary(self, *, finished_at: datetime) -> RunSummary:
        """The summary of every row added so far."""
        run_id, source, source_format, headers, as_of, versions, started_at = self._run
        outcomes: Counter[str] = Counter(dict.fromkeys(OUTCOME_ORDER, 0))
        reasons: dict[str, Counter[str]] = {}
        titles: dict[str, str] = {}
        parties: dict[str, Counter[str]] = {}
        party_detail: dict[str, dict[str, str]] = {}
        families: dict[str, Counter[str]] = {}
        other_versions: Counter[tuple[str, ...]] = Counter()
        run_versions = tuple(versions.get(key, "") for key in VERSION_KEYS)
        individual = with_questions = 0
        dates: list[str] = []
        for part, rows in self._contributions.items():
            outcomes[part.outcome] += rows
            individual += rows * part.individual_licence_only
            with_questions += rows * part.has_questions
            for rule, title, contributed in part.rules:
                titles.setdefault(rule, title)
                reasons.setdefault(rule, Counter())[contributed] += rows
            for entity_id, (name, language, english, list_label, status) in part.parties:
                parties.setdefault(entity_id, Counter())[part.outcome] += rows
                party_detail.setdefault(entity_id, {"name": name, "language": language, "english_name": english,
                                                    "list": list_label, "status": status})  # fmt: skip
            for family in part.families:
                families.setdefault(family, Counter())[part.outcome] += rows
            if part.as_of:
                dates.append(part.as_of)
            if any(part.versions) and part.versions != run_versions:
                other_versions[part.versions] += rows
        outcome_counts = dict(sorted(outcomes.items(), key=lambda item: outcome_rank(item[0])))
        return RunSummary(
            run_id=run_id, source=source, source_format=source_format, headers=headers, as_of=as_of,
            versions=versions, started_at=started_at, finished_at=finished_at,
            total_rows=sum(self._contributions.values()) + self._errors,
            outcome_counts=outcome_counts, error_rows=self._errors, individual_licence_only_rows=individual,
            rows_with_questions=with_questions,
            reasons=_ranked(reasons, lambda rule: (titles[rule], {"rule": rule})),
            parties=_ranked(parties, lambda entity: (party_detail[entity]["name"], party_detail[entity])),
            families=_ranked(families, lambda family: (family.replace("_", " "), {})),
            first_as_of=min(dates, default=None), last_as_of=max(dates, default=None),
            other_versions=tuple((dict(zip(VERSION_KEYS, v, strict=True)), n) for v, n in other_versions.most_common()),
            first_errors=tuple(self._first_errors),
        )  # fmt: skip


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
