"""Apply licences to the licence requirements of a determination.

A requirement is met (outcome `authorised`) where a licence covers the control codes, the end user,
the destination, the date and the remaining quantity; otherwise the finding keeps `licence_required`
and says why each licence held does not cover the line. A Watch-List end user can only be served
under an individual licence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from dualuse.determine.facts import Facts, binding_code
from dualuse.determine.outcome import Outcome
from dualuse.determine.result import Finding
from dualuse.determine.transaction import InlineLicence, Transaction
from dualuse.licences import Licence, LicenceProblem, LicenceSource, LicenceType, best_licence
from dualuse.licences.matching import SameParty


def apply_licences(findings: list[Finding], facts: Facts, licences: Sequence[Licence],
                   same_party: SameParty | None = None) -> list[Finding]:  # fmt: skip
    """The findings with every licence requirement checked against the licences held.

    ``same_party`` decides whether the licence's end user and the line's end user are one party
    (the engine passes the screening matcher, so 株式会社SUBARU and SUBARU Corporation are one).
    """
    held, unusable = _held(facts.transaction, licences)
    if not held and not unusable:
        return findings
    on_watch_list = any(m.list == "watch_list" for _, m in facts.active_hits())
    codes = tuple(c.code or c.entry_id for c in facts.classification.codes if binding_code(c))
    tx = facts.transaction
    out = []
    for finding in findings:
        if finding.outcome != Outcome.LICENCE_REQUIRED:
            out.append(finding)
            continue
        licence, checks = best_licence(
            held, control_codes=codes, end_user_name=tx.end_user.name, destination=tx.destination_country,
            as_of=tx.as_of, quantity=tx.quantity, end_user_on_watch_list=on_watch_list, unit=tx.unit,
            exporter_name=tx.exporter.name if tx.exporter else None, same_party=same_party,
        )  # fmt: skip
        report: dict[str, Any] = {"checked": [c.to_dict() for c in checks] + unusable}
        if licence is not None:
            report["authorised_by"] = {"licence_id": licence.licence_id, "type": licence.type.value,
                                       "source": licence.source.value, "valid_to": licence.valid_to.isoformat()}  # fmt: skip
            out.append(replace(
                finding, outcome=Outcome.AUTHORISED, licence=report,
                statement=f"{finding.statement} Licence {licence.licence_id} ({licence.type.value.replace('_', ' ')}, "
                f"valid to {licence.valid_to}) covers the control code, end user, date and quantity.",
            ))  # fmt: skip
            continue
        reasons = [f"{c.licence.licence_id}: {'; '.join(c.reasons)}" for c in checks]
        reasons += [f"{u['licence_id']}: {u['reasons'][0]['message']}" for u in unusable]
        out.append(replace(
            finding, licence=report,
            statement=f"{finding.statement} No licence held covers this line — {' | '.join(reasons)}.",
        ))  # fmt: skip
    return out


def _held(tx: Transaction, licences: Sequence[Licence]) -> tuple[list[Licence], list[dict[str, Any]]]:
    held = list(licences)
    unusable: list[dict[str, Any]] = []
    if tx.licence is not None:
        converted = _inline(tx.licence, tx)
        if isinstance(converted, Licence):
            held.append(converted)
        else:
            unusable.append(converted)
    return held, unusable


def _inline(inline: InlineLicence, tx: Transaction) -> Licence | dict[str, Any]:
    valid_from, valid_to = inline.valid_from, inline.valid_to
    if valid_from is None or valid_to is None:
        return {"licence_id": inline.number, "licence_type": inline.type, "covers": False,
                "reasons": [{"kind": "validity_unknown",
                             "message": "the licence's validity dates (valid_from, valid_to) are not given"}]}  # fmt: skip
    try:
        return _licence(inline, tx, valid_from, valid_to)
    except LicenceProblem as problem:
        return {"licence_id": inline.number, "licence_type": inline.type, "covers": False,
                "reasons": [{"kind": "inconsistent", "message": f"the licence contradicts itself: {problem}"}]}  # fmt: skip


def _licence(inline: InlineLicence, tx: Transaction, valid_from: date, valid_to: date) -> Licence:
    return Licence(
        licence_id=inline.number, type=LicenceType(inline.type),
        holder=tx.exporter.name if tx.exporter else "(exporter not named on the line)",
        control_codes=inline.control_codes, end_user=inline.end_user, destination=inline.destination,
        valid_from=valid_from, valid_to=valid_to, quantity_granted=inline.quantity_remaining,
        quantity_remaining=inline.quantity_remaining, source=LicenceSource.INLINE,
    )  # fmt: skip
