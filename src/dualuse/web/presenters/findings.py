"""A determination as the row page shows it: the findings tree, citations as links, screening hits."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from dualuse.explain.report.citations import citation_label, safe_url


@dataclass(frozen=True, slots=True)
class CitationLink:
    """A citation as a link: the short label, the instrument's title, the address, and how sure we are."""

    label: str
    title: str
    url: str | None
    confidence: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A screening hit on one party of the row: the name compared, the listed entity, and why they matched."""

    party_role: str
    query: str
    country: str | None
    entity_id: str
    matched_name: str
    list_name: str
    score: float
    status: str
    explanation: str
    steps: tuple[str, ...]
    legal_effect: tuple[str, ...]
    citations: tuple[CitationLink, ...]
    other_names: tuple[tuple[str, str], ...] = ()


def citation_link(citation: Mapping[str, Any]) -> CitationLink:
    """A citation as a link; the address is kept only when it is an http(s) web address."""
    return CitationLink(
        label=citation_label(citation),
        title=str(citation.get("title") or citation.get("instrument") or ""),
        url=safe_url(citation.get("url")),
        confidence=str(citation.get("confidence") or "unknown"),
    )


def walk_findings(findings: list[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """Every finding of a tree, parents before their children."""
    for finding in findings:
        yield finding
        yield from walk_findings(list(finding.get("children") or []))


def screening_hits(output: Mapping[str, Any]) -> list[Hit]:
    """The screening hits on the parties of a determination, party by party, best first.

    The military-user reference is not a list a hit can be disposed of on; its findings show it.
    """
    hits: list[Hit] = []
    for role, result in (output.get("screening") or {}).items():
        if str(role).endswith("_military_user_reference") or not isinstance(result, Mapping):
            continue
        for match in result.get("matches") or []:
            hits.append(
                Hit(
                    party_role=str(role),
                    query=str(result.get("query") or ""),
                    country=result.get("country"),
                    entity_id=str(match.get("entity_id") or ""),
                    matched_name=str(match.get("matched_name") or ""),
                    list_name=str(match.get("list") or ""),
                    score=float(match.get("score") or 0.0),
                    status=str(match.get("status") or ""),
                    explanation=str(match.get("explanation") or ""),
                    steps=tuple(str(step) for step in match.get("steps") or ()),
                    legal_effect=tuple(str(effect) for effect in match.get("legal_effect") or ()),
                    citations=tuple(citation_link(c) for c in match.get("citations") or ()),
                    other_names=_other_names(match),
                )
            )
    return hits


def _other_names(match: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    # The listed entity's names in each language, shown as written; one line per distinct name.
    languages: dict[str, list[str]] = {}
    for language, name in (match.get("names") or {}).items():
        if name and name != match.get("matched_name"):
            languages.setdefault(str(name), []).append(str(language))
    return tuple((name, ", ".join(found)) for name, found in languages.items())


def party_label(role: str) -> str:
    """The party role as a heading: "end_user" gives "End user"."""
    return role.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """The few fields of an order line a row table shows."""

    item: str
    end_user: str
    destination: str
    ship_date: str


def order_summary(order: Mapping[str, Any]) -> OrderSummary:
    """The item, end user, destination and ship date of an order line as the batch reader stored it."""
    item = order.get("item") or {}
    end_user = order.get("end_user") or {}
    return OrderSummary(
        item=str(item.get("description") or "") if isinstance(item, Mapping) else str(item),
        end_user=str(end_user.get("name") or "") if isinstance(end_user, Mapping) else str(end_user),
        destination=str(order.get("destination") or ""),
        ship_date=str(order.get("as_of") or order.get("ship_date") or ""),
    )
