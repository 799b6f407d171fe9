"""What the HTML report shows of one row: plain values ready for the template, computed in Python."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dualuse.explain.report.citations import citation_label, safe_url
from dualuse.explain.report.outcomes import outcome_label
from dualuse.explain.report.reading import (
    INFORMATION,
    PartyHit,
    citations,
    contributing_findings,
    control_codes,
    families,
    informational_findings,
    party_hits,
    questions,
    walk_findings,
)
from dualuse.explain.report.row import ReportRow

#: Columns that identify an order line at a glance, found by header name (first match wins).
KEY_CONCEPTS = (
    ("Date", ("ship_date", "shipment_date", "export_date", "as_of", "date")),
    ("Item", ("item_description", "description", "item", "product", "goods", "commodity")),
    ("Quantity", ("quantity", "qty")),
    ("End user", ("end_user", "end_user_name", "customer", "buyer", "consignee")),
    ("Destination", ("destination", "destination_country", "end_user_country", "country")),
)


@dataclass(frozen=True, slots=True)
class CitationView:
    """A citation as shown: short label, safe link (or none), title and the source's confidence."""

    label: str
    url: str | None
    title: str
    confidence: str


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as shown, with what it rests on."""

    rule: str
    title: str
    outcome: str
    outcome_label: str
    statement: str
    question: str
    caveats: tuple[str, ...]
    licence: str
    evidence: tuple[tuple[str, str], ...]
    facts: tuple[str, ...]
    citations: tuple[CitationView, ...]


@dataclass(frozen=True, slots=True)
class RowView:
    """One order line as the HTML report shows it."""

    number: int
    line_id: str
    outcome: str
    outcome_label: str
    individual_licence_only: bool
    key: tuple[tuple[str, str], ...]
    cells: tuple[tuple[str, str], ...]
    findings: tuple[FindingView, ...] = ()
    notes: tuple[FindingView, ...] = ()
    questions: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    citations: tuple[CitationView, ...] = ()
    control_codes: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    classification: str = ""
    parties: tuple[PartyHit, ...] = ()
    hints: Mapping[str, str] = field(default_factory=dict)
    error: str = ""
    linked: bool = True


def key_columns(headers: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(label, header) pairs of the columns that identify a line, in a fixed order, each header once."""
    normalised = {header: re.sub(r"[^a-z0-9]+", "_", header.lower()).strip("_") for header in headers}
    chosen: list[tuple[str, str]] = []
    used = set(headers[:1])
    for label, names in KEY_CONCEPTS:
        match = next((h for name in names for h in headers if normalised[h] == name and h not in used), None)
        if match is not None:
            chosen.append((label, match))
            used.add(match)
    return tuple(chosen)


def row_view(row: ReportRow, headers: Sequence[str], key: Sequence[tuple[str, str]], *, linked: bool = True) -> RowView:
    """The view of ``row``; ``key`` comes from key_columns, ``linked`` says whether its table row is in the page."""
    cells = tuple((h, row.cells.get(h, "")) for h in headers)
    common: dict[str, Any] = {
        "number": row.number,
        "line_id": row.cells.get(headers[0], "") if headers else "",
        "key": tuple((label, row.cells.get(header, "")) for label, header in key if row.cells.get(header, "")),
        "cells": cells,
        "linked": linked,
    }
    determination = row.determination
    if determination is None:
        return RowView(outcome="error", outcome_label="Error", individual_licence_only=False,
                       error=row.error or "the row was not checked", **common)  # fmt: skip
    outcome = str(determination.get("outcome") or "")
    parties = tuple(party_hits(determination))
    classification = determination.get("classification")
    return RowView(
        outcome=outcome,
        outcome_label=outcome_label(outcome),
        individual_licence_only=bool(determination.get("individual_licence_only")),
        findings=tuple(_finding_view(f) for f in contributing_findings(determination)),
        notes=tuple(_finding_view(f) for f in informational_findings(determination)),
        questions=tuple(questions(determination)),
        requirements=tuple(_requirements(determination)) if outcome != "prohibited" else (),
        citations=tuple(citation_view(c) for c in citations(determination)),
        control_codes=tuple(control_codes(determination)),
        families=tuple(f.replace("_", " ") for f in families(determination)),
        classification=str(classification.get("explanation") or "") if isinstance(classification, Mapping) else "",
        parties=parties,
        hints=_language_hints(parties),
        error=row.error or "",
        **common,
    )


def citation_view(citation: Mapping[str, Any]) -> CitationView:
    """The citation as shown in the report."""
    return CitationView(
        label=citation_label(citation),
        url=safe_url(citation.get("url")),
        title=str(citation.get("title") or ""),
        confidence=str(citation.get("confidence") or "unknown"),
    )


def _finding_view(finding: Mapping[str, Any]) -> FindingView:
    outcome = str(finding.get("outcome") or INFORMATION)
    children = [c for c in walk_findings([finding]) if c is not finding]
    return FindingView(
        rule=str(finding.get("rule") or ""),
        title=str(finding.get("title") or finding.get("rule") or ""),
        outcome=outcome,
        outcome_label=outcome_label(outcome) if outcome != INFORMATION else "Noted",
        statement=str(finding.get("statement") or ""),
        question=str(finding.get("question") or ""),
        caveats=tuple(str(c) for c in finding.get("caveats") or []),
        licence=_licence_text(finding.get("licence")),
        evidence=tuple((_evidence_kind(str(c.get("rule") or "")), str(c.get("statement") or "")) for c in children),
        facts=tuple(_fact_text(f) for f in finding.get("facts") or [] if isinstance(f, Mapping)),
        citations=tuple(citation_view(c) for c in finding.get("citations") or [] if isinstance(c, Mapping)),
    )


def _evidence_kind(rule: str) -> str:
    if rule.startswith("screening"):
        return "Screening"
    if rule.startswith("classification"):
        return "Classification"
    return "Also"


def _fact_text(fact: Mapping[str, Any]) -> str:
    value = fact.get("value")
    answer = "yes" if value is True else "no" if value is False else "unknown"
    argument = fact.get("argument")
    name = str(fact.get("predicate") or "fact").replace("_", " ")
    if argument not in (None, True, False, "", []):
        shown = ", ".join(map(str, argument)) if isinstance(argument, list) else str(argument)
        name = f"{name} ({shown})"
    evidence = "; ".join(str(e) for e in fact.get("evidence") or [])
    return f"{name}: {answer}" + (f" — {evidence}" if evidence else "")


def _licence_text(licence: object) -> str:
    if not isinstance(licence, Mapping):
        return ""
    used = licence.get("authorised_by")
    if isinstance(used, Mapping):
        kind = str(used.get("type") or "licence").replace("_", " ")
        return f"licence {used.get('licence_id')} ({kind}, valid to {used.get('valid_to')})"
    return ""


def _requirements(determination: Mapping[str, Any]) -> list[str]:
    value = determination.get("requirements")
    if not isinstance(value, list):
        return []
    return [str(r.get("text") or r.get("id")) for r in value if isinstance(r, Mapping)]


def _language_hints(parties: Sequence[PartyHit]) -> dict[str, str]:
    hints: dict[str, str] = {}
    for party in parties:
        for language, name in party.names.items():
            if language in ("ja", "zh", "ko") and name:
                hints.setdefault(name, language)
    return hints
