"""Read what the report needs out of a determination dict (``Determination.to_dict()``).

The screening and classification parts grow as those packages grow, so every key beyond the
contract is read with ``.get`` and a missing or odd value means "nothing to show", never an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from dualuse.explain.report.citations import citation_label

INFORMATION = "information"

#: How the lists are called in MOFCOM's English texts; an unknown list shows its own name.
LIST_LABELS = {
    "control_list": "Control List",
    "watch_list": "Watch List",
    "unreliable_entity_list": "Unreliable Entity List",
    "military_user_reference": "military user (dualuse reference)",
}

#: Statuses of a match that need no mention: the listing applies (or the reference is dualuse's own).
_PLAIN_STATUSES = ("", "active", "in_force", "interpretation")


@dataclass(frozen=True, slots=True)
class PartyHit:
    """A screening match: the listed (or referenced) party, which list, and the name that matched."""

    entity_id: str
    list: str
    status: str
    matched_name: str
    names: Mapping[str, str]
    role: str

    @property
    def display_language(self) -> str:
        """The language of the display name: "ja", "zh" or "en" (the party's own language where listed)."""
        # Only Japanese parties carry a Japanese name and Chinese ones a Chinese name, so this order
        # picks the name in the party's own language.
        return next((language for language in ("ja", "zh", "en") if self.names.get(language)), "")

    @property
    def display_name(self) -> str:
        """The party's name in its own language as listed, else the name that matched."""
        return self.names.get(self.display_language) or self.matched_name or self.entity_id

    @property
    def english_name(self) -> str:
        """The English name where the list gives one and it differs from the display name, else empty."""
        english = self.names.get("en") or ""
        return english if english != self.display_name else ""

    @property
    def list_label(self) -> str:
        """The list in words ("control_list" gives "Control List")."""
        return LIST_LABELS.get(self.list, self.list.replace("_", " ").capitalize())

    def label(self) -> str:
        """One line for a CSV cell: "MOFCOM-2026-11:01 三菱造船株式会社 / Mitsubishi … (Control List)"."""
        english = f" / {self.english_name}" if self.english_name else ""
        status = f", {self.status.replace('_', ' ')}" if self.status not in _PLAIN_STATUSES else ""
        return f"{self.entity_id} {self.display_name}{english} ({self.list_label}{status})"


def findings(determination: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The top-level findings, most restrictive first as the engine orders them."""
    value = determination.get("findings")
    return [f for f in value if isinstance(f, Mapping)] if isinstance(value, list) else []


def walk_findings(items: list[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """Every finding and, after each, its children, depth first."""
    for finding in items:
        yield finding
        children = finding.get("children")
        if isinstance(children, list):
            yield from walk_findings([c for c in children if isinstance(c, Mapping)])


def contributing_findings(determination: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The findings that contribute an outcome (not the informational ones): the reasons for the result."""
    return [f for f in findings(determination) if f.get("outcome") not in (None, INFORMATION)]


def informational_findings(determination: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Top-level findings that contribute nothing but explain, such as a measure suspended on the date."""
    return [f for f in findings(determination) if f.get("outcome") in (None, INFORMATION)]


def reasons(determination: Mapping[str, Any]) -> list[str]:
    """The statements of the contributing findings, without repeats, in the engine's order."""
    return statements(contributing_findings(determination))


def statements(items: Iterable[Mapping[str, Any]]) -> list[str]:
    """The statements of these findings, without repeats, in order."""
    return _unique(str(f.get("statement") or f.get("title") or f.get("rule") or "") for f in items)


def questions(determination: Mapping[str, Any]) -> list[str]:
    """The questions that would decide the open points of the line."""
    value = determination.get("questions")
    return _unique(str(q) for q in value) if isinstance(value, list) else []


def citations(determination: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The citations of the determination; gathered from the findings when the top-level list is absent."""
    value = determination.get("citations")
    if isinstance(value, list):
        return [c for c in value if isinstance(c, Mapping)]
    seen: dict[tuple[object, object], Mapping[str, Any]] = {}
    for finding in walk_findings(findings(determination)):
        for citation in finding.get("citations") or []:
            if isinstance(citation, Mapping):
                seen.setdefault((citation.get("instrument"), citation.get("clause")), citation)
    return list(seen.values())


def citation_labels(determination: Mapping[str, Any]) -> list[str]:
    """Short labels of every citation, without repeats ("ECL Art. 12", "MOFCOM Ann 2026 No. 11")."""
    return _unique(citation_label(c) for c in citations(determination))


def control_codes(determination: Mapping[str, Any]) -> list[str]:
    """The control codes the item was classified under; a code not in force is followed by its status."""
    classification = determination.get("classification")
    if not isinstance(classification, Mapping):
        return []
    out = []
    for code in classification.get("codes") or []:
        if not isinstance(code, Mapping):
            continue
        name = str(code.get("code") or code.get("entry_id") or "")
        status = str(code.get("status") or "")
        verdict = str(code.get("verdict") or "meets")
        if not name:
            continue
        notes = [status.replace("_", " ")] if status not in ("", "in_force") else []
        notes += [verdict.replace("_", " ")] if verdict != "meets" else []
        out.append(f"{name} ({', '.join(notes)})" if notes else name)
    return _unique(out)


def families(determination: Mapping[str, Any]) -> list[str]:
    """The families of controlled items on the line (samarium, gallium, graphite …).

    Families of codes in force whose thresholds are met count (a candidate below its threshold is not a
    controlled item); where the codes carry no family, the classification's own ``families`` list is used.
    """
    classification = determination.get("classification")
    if not isinstance(classification, Mapping):
        return []
    codes = [c for c in classification.get("codes") or [] if isinstance(c, Mapping)]
    if any("family" in c for c in codes):
        return _unique(
            str(c["family"])
            for c in codes
            if c.get("family") and c.get("status", "in_force") == "in_force" and c.get("verdict", "meets") == "meets"
        )
    listed = classification.get("families")
    return _unique(str(f) for f in listed if f) if isinstance(listed, list) else []


def party_hits(determination: Mapping[str, Any]) -> list[PartyHit]:
    """Every screening match of every party role, one per entity."""
    screening = determination.get("screening")
    if not isinstance(screening, Mapping):
        return []
    hits: dict[str, PartyHit] = {}
    for role, result in screening.items():
        if not isinstance(result, Mapping):
            continue
        # A role's result holds "matches"; a reference match (such as a Japanese military user) may be
        # stored as a single match under its own key.
        matches = result.get("matches") if "matches" in result else [result] if "entity_id" in result else []
        for match in matches if isinstance(matches, list) else []:
            if isinstance(match, Mapping) and match.get("entity_id"):
                hit = _party_hit(str(role), match)
                hits.setdefault(hit.entity_id, hit)
    return list(hits.values())


def parties_hit_labels(determination: Mapping[str, Any]) -> list[str]:
    """One label per party hit, for the ``parties_hit`` column."""
    return [hit.label() for hit in party_hits(determination)]


def unique(values: Iterable[str]) -> list[str]:
    """The non-empty values, each once, in order."""
    return _unique(values)


def _party_hit(role: str, match: Mapping[str, Any]) -> PartyHit:
    names = match.get("names")
    clean = {str(k): str(v) for k, v in names.items() if v} if isinstance(names, Mapping) else {}
    return PartyHit(
        entity_id=str(match.get("entity_id")),
        list=str(match.get("list") or "list"),
        status=str(match.get("status") or ""),
        matched_name=str(match.get("matched_name") or ""),
        names=clean,
        role=role.removesuffix("_military_user_reference"),
    )


def _unique(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]
