"""The on-line use cases: screen a party, classify an item, determine an order line — one or a keyed batch.

These are what the REST API (and the web UI) call. Each answer is the core's answer, with the
counterparty's dispositions applied; determinations are kept in the store with an audit record and
indexed for re-screening, so a later rule-base change can find them again.
"""

from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from dualuse import __version__
from dualuse.classify import Classification, Classifier
from dualuse.determine import Determiner, transaction_from_dict
from dualuse.errors import CoverageError, DualuseError, InputError
from dualuse.licences import Licence
from dualuse.rulebase import RuleBase, load_rulebase
from dualuse.screen import Screener, ScreeningResult
from dualuse.services.dispositions import (
    DispositionNote,
    DispositionScreener,
    apply_dispositions,
    collect_notes,
    name_tokens,
    record_disposition,
)
from dualuse.store.counterparties import Counterparty, CounterpartyStore, ensure_counterparty
from dualuse.store.database import Store
from dualuse.store.determination_index import DeterminationIndex, index_within
from dualuse.store.dispositions import StoredDisposition
from dualuse.store.licence_register import LicenceRegister
from dualuse.store.rescreens import kept_rulebases
from dualuse.store.runs import RunVersions
from dualuse.store.snapshots import RuleBaseSnapshots

#: How many counterparties each process remembers as already kept, to spare the store a write.
_SEEN_LIMIT = 100_000


class Engines:
    """The core engines for one rule base, built once per process and shared by every request.

    ``determiner`` screens through the dispositions of the store, so a determination sees a
    disposed false positive as not binding, exactly as a screening does. The engines keep caches
    that are not safe to change from two threads at once, so every use holds ``lock``; the work is
    CPU-bound, so the lock costs no throughput. Never wait for the store's write lock while
    holding ``lock`` and then take ``lock`` inside a write transaction: compute first, then write.
    """

    def __init__(self, rulebase: RuleBase, store: Store) -> None:
        self.rulebase = rulebase
        self.screener = Screener(rulebase)
        self.classifier = Classifier(rulebase)
        # The engine's own cache would keep a screening result after its disposition changed.
        self.determiner = Determiner(rulebase, screener=DispositionScreener(self.screener, store),  # type: ignore[arg-type]
                                     classifier=self.classifier, cache_size=0)  # fmt: skip
        self.versions = RunVersions(__version__, rulebase.version, rulebase.digest)
        self.lock = threading.RLock()
        #: Held while this process writes determinations: its threads queue here rather than in SQLite's
        #: busy wait, which sleeps and lets one writer starve (every writer serialises on the audit head anyway).
        self.write_lock = threading.Lock()
        self._seen: OrderedDict[str, int] = OrderedDict()

    def counterparty_number(self, store: Store, counterparty: Counterparty, *, at: datetime) -> int:
        """The counterparty's number in the store, keeping it (with its index tokens) the first time.

        Each process remembers the numbers it has seen; a known counterparty costs one read, and
        only a new one a write.
        """
        digest = counterparty.key_digest
        known = self._seen.get(digest)
        if known is None:
            register = CounterpartyStore(store)
            known = register.find(counterparty)
            if known is None:
                with self.lock:
                    tokens = name_tokens(self.screener, counterparty.name)
                known = register.ensure(counterparty, tokens, at=at)
            self._seen[digest] = known
            if len(self._seen) > _SEEN_LIMIT:
                self._seen.popitem(last=False)
        return known

    def tokens_of(self, parties: Iterable[Counterparty]) -> dict[Counterparty, set[str]]:
        """The index tokens of each party's name."""
        with self.lock:
            return {party: name_tokens(self.screener, party.name) for party in parties}

    def default_day(self, as_of: date | None) -> date:
        """The day to answer for: the one asked, else the day the rule base was researched (never the clock)."""
        return as_of or self.rulebase.manifest.researched_as_of


@dataclass(frozen=True, slots=True)
class ScreeningAnswer:
    """A screening with the dispositions applied, and the counterparty's number in the store."""

    result: ScreeningResult
    notes: tuple[DispositionNote, ...]
    counterparty_id: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**self.result.to_dict(), "counterparty_id": self.counterparty_id,
                "dispositions": [note.to_dict() for note in self.notes]}  # fmt: skip


def screen_party(engines: Engines, store: Store, *, name: str, country: str | None, as_of: date | None,
                 threshold: float | None, actor: str, at: datetime) -> ScreeningAnswer:  # fmt: skip
    """Screen one party, keep the counterparty for re-screening, and apply its dispositions."""
    with engines.lock:
        result = engines.screener.screen(name, country=country, as_of=engines.default_day(as_of), threshold=threshold)
    counterparty = Counterparty(result.query, result.country)
    number = engines.counterparty_number(store, counterparty, at=at)
    result, notes = apply_dispositions(result, counterparty, store, rulebase=engines.rulebase, actor=actor, at=at)
    return ScreeningAnswer(result, tuple(notes), number)


def dispose_hit(engines: Engines, store: Store, *, counterparty: Counterparty, entity_id: str, decision: str,
                note: str, as_of: date, actor: str, at: datetime) -> StoredDisposition:  # fmt: skip
    """Record a reviewer's decision on a hit (see ``dualuse.services.dispositions.record_disposition``)."""
    with engines.lock:
        return record_disposition(store, engines.screener, counterparty=counterparty, entity_id=entity_id,
                                  decision=decision, note=note, as_of=as_of, actor=actor, at=at)  # fmt: skip


def classify_item(engines: Engines, *, description: str, hs_code: str | None, declared_code: str | None,
                  as_of: date | None) -> Classification:  # fmt: skip
    """Classify one item on a day."""
    with engines.lock:
        return engines.classifier.classify(description, hs_code=hs_code, as_of=engines.default_day(as_of),
                                           declared_code=declared_code)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DeterminationAnswer:
    """A determination as issued and kept, with the dispositions its screening used."""

    output: dict[str, Any]
    notes: tuple[DispositionNote, ...]
    determination_id: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**self.output, "determination_id": self.determination_id,
                "dispositions": [note.to_dict() for note in self.notes]}  # fmt: skip


def determine_lines(
    engines: Engines, store: Store, lines: Mapping[str, Mapping[str, Any]], *, actor: str, at: datetime
) -> tuple[dict[str, DeterminationAnswer], dict[str, DualuseError]]:
    """Determine order lines (keyed by the caller), then keep them all in one transaction, audited and indexed.

    A line that cannot be read (InputError naming the field) or whose date the rule base does not
    cover (CoverageError) is answered with its error and not kept; the others are. The licences of
    the register apply; a line without an ``id`` takes its key as id.
    """
    licences = LicenceRegister(store).list()
    issued: dict[str, tuple[dict[str, Any], dict[str, Any], tuple[DispositionNote, ...]]] = {}
    errors: dict[str, DualuseError] = {}
    for key, line in lines.items():
        order = dict(line)
        if order.get("id") in (None, ""):
            order["id"] = key
        collected = collect_notes()
        try:
            transaction = transaction_from_dict(order, default_as_of=engines.rulebase.manifest.researched_as_of)
            with engines.lock:
                output = engines.determiner.determine(transaction, licences_for(order, licences)).to_dict()
        except (InputError, CoverageError) as error:
            errors[key] = error
            continue
        issued[key] = (output, order, tuple(collected))
    tokens = engines.tokens_of({party for output, _, _ in issued.values() for party in screened_parties(output)})
    answers: dict[str, DeterminationAnswer] = {}
    index = DeterminationIndex(store)
    with engines.write_lock, store.write() as connection:
        for key, (output, order, notes) in issued.items():
            number = index.record_within(connection, output=output, order_line=order, versions=engines.versions,
                                         actor=actor, at=at)  # fmt: skip
            index_determination(connection, tokens, determination_id=number, output=output, order_line=order, at=at)
            answers[key] = DeterminationAnswer(output, notes, number)
    return answers, errors


def index_determination(connection: Connection, tokens: Mapping[Counterparty, set[str]], *, determination_id: int,
                        output: Mapping[str, Any], order_line: Mapping[str, Any] | None, at: datetime) -> None:  # fmt: skip
    """Index one kept determination for re-screening, inside the caller's write transaction.

    ``tokens`` gives the index tokens of each screened party's name (``Engines.tokens_of`` or
    ``name_tokens``; compute them before opening the transaction). The batch and API paths call this
    when they keep a determination; ``backfill_index`` catches up on any kept without it.
    """
    numbers = [ensure_counterparty(connection, party, tokens.get(party, set()), at=at)
               for party in screened_parties(output)]  # fmt: skip
    index_within(
        connection, determination_id, order_line=order_line, as_of=date.fromisoformat(str(output["as_of"])),
        outcome=str(output["outcome"]), keys=determination_keys(output, order_line, numbers), at=at,
    )  # fmt: skip


def backfill_index(store: Store, screener: Screener, *, at: datetime, batch: int = 200) -> int:
    """Index every kept determination the index does not hold yet (batch runs, older rows); how many.

    Uses ``screener`` without a lock: give it a screener no other thread uses.
    """
    index = DeterminationIndex(store)
    pending = list(index.unindexed())
    tokens: dict[Counterparty, set[str]] = {}  # order books repeat their customers: each name is read once
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        for party in {party for issued in chunk for party in screened_parties(issued.output)} - tokens.keys():
            tokens[party] = name_tokens(screener, party.name)
        with store.write() as connection:
            for issued in chunk:
                index_determination(connection, tokens, determination_id=issued.id, output=issued.output,
                                    order_line=issued.order_line, at=at)  # fmt: skip
    return len(pending)


def screened_parties(output: Mapping[str, Any]) -> list[Counterparty]:
    """The counterparties a determination screened (end user, consignee, importer), as screened."""
    parties = []
    for role, result in dict(output.get("screening") or {}).items():
        if role.endswith("_military_user_reference") or not isinstance(result, Mapping) or not result.get("query"):
            continue
        parties.append(Counterparty(str(result["query"]), result.get("country")))
    return parties


def determination_keys(output: Mapping[str, Any], order_line: Mapping[str, Any] | None,
                       counterparty_ids: Iterable[int]) -> set[str]:  # fmt: skip
    """What a determination depended on, as index keys: counterparties, control codes, families, destination."""
    keys = {f"counterparty:{number}" for number in counterparty_ids}
    classification = dict(output.get("classification") or {})
    for code in classification.get("codes") or []:
        if code.get("code"):
            keys.add(f"code:{code['code']}")
        if code.get("entry_id"):
            keys.add(f"entry:{code['entry_id']}")
        if code.get("family"):
            keys.add(f"family:{code['family']}")
    keys.update(f"family:{family}" for family in classification.get("families") or [])
    order = dict(order_line or {})
    end_user = order.get("end_user")
    destination = order.get("destination") or (end_user.get("country") if isinstance(end_user, Mapping) else None)
    if destination:
        keys.add(f"destination:{str(destination).upper()}")
    return keys


def licences_for(order: Mapping[str, Any], licences: Iterable[Licence]) -> tuple[Licence, ...]:
    """The register's licences for a line: the one its licence number names first, then the others."""
    held = tuple(licences)
    number = order.get("licence_number")
    if not number:
        return held
    return tuple(lic for lic in held if lic.licence_id == number) + tuple(
        lic for lic in held if lic.licence_id != number
    )


def keep_rulebase(store: Store, rulebase: RuleBase, *, at: datetime) -> bool:
    """Keep the rule files of ``rulebase`` in the store (once per digest), so later re-screenings can compare.

    The files are read again from the rule base's folder; if they no longer give the rule base's digest
    (someone edited them since it was loaded), nothing is kept and False is returned: a snapshot must
    restore exactly the rule base that answered.
    """
    if any(kept.digest == rulebase.digest for kept in kept_rulebases(store)):
        return True
    root = rulebase.root
    files = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))
             if p.is_file()}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="dualuse-snapshot-") as folder:
        for relative, text in files.items():
            target = Path(folder) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if load_rulebase(folder).digest != rulebase.digest:
            return False
    RuleBaseSnapshots(store).keep(rulebase.digest, rulebase.version, files, at=at)
    return True
