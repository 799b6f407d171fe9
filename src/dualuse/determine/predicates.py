"""The predicates measures are written in, each three-valued: true, false, or unknown with a question.

Their names and one-sentence meanings are the closed vocabulary in ``dualuse.rulebase.conditions``;
this module is the only place they are computed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

from dualuse.determine.facts import Facts


class Truth(NamedTuple):
    """A predicate's answer: True, False or None (unknown), the evidence, and what to ask when unknown.

    A named tuple rather than a dataclass: some twenty are built for every order line, and a named
    tuple is the cheapest immutable record to build.
    """

    value: bool | None
    evidence: tuple[str, ...] = ()
    question: str | None = None
    hits: tuple[tuple[str, Any], ...] = ()


Predicate = Callable[[Facts, Any], Truth]


def destination_in(facts: Facts, countries: tuple[str, ...]) -> Truth:
    """The shipment's destination country is one of the listed countries."""
    destination = facts.transaction.destination_country
    if destination is None:
        return Truth(None, ("no destination or end-user country given",), "What is the destination country?")
    return Truth(destination in countries, (f"destination {destination}",))


def party_country_in(facts: Facts, countries: tuple[str, ...]) -> Truth:
    """The end user, consignee or importer is in one of the listed countries."""
    unknown = []
    for party in facts.counterparties:
        country = facts.party_country(party)
        if country in countries:
            return Truth(True, (f"{party.role.replace('_', ' ')} {party.name!r} in {country}",))
        if country is None:
            unknown.append(party.role)
    if "end_user" in unknown:
        return Truth(None, ("end user's country not given",), "In which country is the end user?")
    return Truth(False, ("no receiving party in " + ", ".join(countries),))


def party_on_list(facts: Facts, argument: tuple[tuple[str, Any], ...]) -> Truth:
    """An end user, consignee or importer is on the named list, in force on the date, with the named effect."""
    if not facts.active_hits():
        return _no_active_hit(argument)  # most lines: no party is listed
    wanted = dict(argument)
    hits = []
    for role, match in facts.active_hits():
        if match.list != wanted["list"] or match.party is None:
            continue
        effects = facts.rulebase.measure_set(match.party.measure_set).effects
        if wanted.get("effect") in (None, *effects):
            hits.append((role, match))
    if hits:
        evidence = tuple(
            f"{role.replace('_', ' ')} matches {m.entity_id} {m.matched_name!r} ({m.list}, score {m.score:.2f})"
            for role, m in hits
        )
        return Truth(True, evidence, hits=tuple(hits))
    return _no_active_hit(argument)


@cache
def _no_active_hit(argument: tuple[tuple[str, Any], ...]) -> Truth:
    """The answer of ``party_on_list`` when no party is on the list: the same for every line."""
    return Truth(False, (f"no active {dict(argument)['list'].replace('_', ' ')} hit",))


def end_user_is_military_user(facts: Facts, country: str) -> Truth:
    """The end user is a military user of the named country (reference set or declared)."""
    for party in facts.counterparties:
        if party.military is True and facts.party_country(party) in (country, None):
            return Truth(True, (f"{party.role.replace('_', ' ')} declared a military user",))
        match = facts.military_users.get(party.role)
        if match is not None and facts.party_country(party) in (country, None):
            return Truth(
                True,
                (f"{party.role.replace('_', ' ')} {party.name!r} matches the military-user reference "
                 f"{match.matched_name!r} ({match.entity_id}; an interpretation of Ann 2026 No. 1 cl. 1)",),
                hits=((party.role, match),),
            )  # fmt: skip
    return Truth(False, ("no party is a known or declared military user",))


def military_end_use(facts: Facts, expected: bool) -> Truth:
    """The declared end use is military."""
    declared = facts.transaction.military_end_use
    reading = facts.end_use
    if declared is not None:
        return Truth(declared == expected, (f"military_end_use declared {str(declared).lower()}",))
    if reading.says_military:
        return Truth(expected is True, (f"end use mentions {', '.join(repr(t) for t in reading.military)}",))
    if facts.transaction.end_use:
        why = "declared civil" if reading.says_civil else "mentions no military use"
        return Truth(expected is False, (f"end use {facts.transaction.end_use!r} {why}",))
    return Truth(None, ("no end use declared",), "What is the end use? Obtain an end-user and end-use certificate.")


def end_use_enhances_military_capability(facts: Facts, country: str) -> Truth:
    """The declared end use helps enhance the named country's military capability."""
    reading = facts.end_use
    if facts.transaction.military_end_use is True or reading.says_military:
        return Truth(True, ("the end use is military",))
    if reading.capability:
        return Truth(True, (f"end use mentions {', '.join(repr(t) for t in reading.capability)}",))
    if facts.transaction.end_use or facts.transaction.military_end_use is False:
        return Truth(False, ("the declared end use does not point to military capability",))
    return Truth(
        None,
        ("no end use declared",),
        f"Could the goods help enhance {country}'s military capability? Ask for the end use and the end user's business.",
    )


def end_use_declared(facts: Facts, expected: bool) -> Truth:
    """An end use was declared for the order line."""
    declared = bool(facts.transaction.end_use) or facts.transaction.military_end_use is not None
    return Truth(declared == expected, ("end use declared" if declared else "no end use declared",))


def item_status(facts: Facts, statuses: tuple[str, ...]) -> Truth:
    """The item's classification is one of the listed outcomes (controlled, not_controlled, review)."""
    classification = facts.classification
    status = classification.status
    evidence = (f"classification {status}: {classification.explanation}",)
    if status in statuses:
        return Truth(True, evidence)
    if status == "review" and "controlled" in statuses:
        missing = ", ".join(classification.missing_parameters) or "the deciding technical parameters"
        return Truth(None, evidence, f"Ask the supplier for {missing} to decide whether the item is listed.")
    return Truth(False, evidence)


def item_family_in(facts: Facts, families: tuple[str, ...]) -> Truth:
    """The item's controlled family is one of the listed families."""
    found = [f for f in facts.classification.families if f in families]
    if found:
        value: bool | None = True if facts.classification.status == "controlled" else None
        return Truth(value, (f"item family {', '.join(found)}",))
    return Truth(False, ("item family not among " + ", ".join(families),))


def item_mentions(facts: Facts, terms: tuple[str, ...]) -> Truth:
    """The item description mentions one of the listed terms."""
    text = facts.transaction.item.description.casefold()
    found = [t for t in terms if t.casefold() in text]
    return Truth(bool(found), (f"description mentions {found[0]!r}",) if found else ())


def catch_all_risk(facts: Facts, risks: tuple[str, ...]) -> Truth:
    """The exporter knows or should know of one of the listed risks (wmd, terrorism, national_security, military)."""
    found = [r for r in facts.transaction.catch_all_risks if r in risks]
    if found:
        return Truth(True, (f"exporter flagged {', '.join(found)} risk",))
    return Truth(False, ("no catch-all risk flagged",))


def exporter_in_china(facts: Facts, expected: bool) -> Truth:
    """The exporter is (or is not) in China."""
    exporter = facts.transaction.exporter
    if exporter is None or exporter.country is None:
        return Truth(expected is True, ("assumed: no exporter country given, so treated as an export from China",))
    return Truth((exporter.country == "CN") == expected, (f"exporter in {exporter.country}",))


def item_origin_china(facts: Facts, expected: bool) -> Truth:
    """The item is (or is not) of Chinese origin."""
    origin = facts.transaction.item.origin
    if origin is not None:
        return Truth((origin == "CN") == expected, (f"origin {origin}",))
    if exporter_in_china(facts, True).value:
        return Truth(expected is True, ("assumed: goods exported from China are treated as of Chinese origin",))
    return Truth(
        None,
        ("origin not given and the exporter is outside China",),
        "Is the item of Chinese origin, or does it contain Chinese-origin dual-use items?",
    )


def within_reach(facts: Facts, expected: bool) -> Truth:
    """China's regime reaches the transfer: the exporter is in China or the item is of Chinese origin."""
    exporter = exporter_in_china(facts, True)
    origin = item_origin_china(facts, True)
    if exporter.value or origin.value:
        value: bool | None = True
    elif exporter.value is False and origin.value is False:
        value = False
    else:
        value = None
    result = None if value is None else value == expected
    return Truth(result, exporter.evidence + origin.evidence, origin.question)


PREDICATES: dict[str, Predicate] = {
    "destination_in": destination_in,
    "party_country_in": party_country_in,
    "party_on_list": party_on_list,
    "end_user_is_military_user": end_user_is_military_user,
    "military_end_use": military_end_use,
    "end_use_enhances_military_capability": end_use_enhances_military_capability,
    "end_use_declared": end_use_declared,
    "item_status": item_status,
    "item_family_in": item_family_in,
    "item_mentions": item_mentions,
    "catch_all_risk": catch_all_risk,
    "item_origin_china": item_origin_china,
    "exporter_in_china": exporter_in_china,
    "within_reach": within_reach,
}
