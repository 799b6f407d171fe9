"""The chain's hashing: canonical, deterministic, and sensitive to every field."""

from __future__ import annotations

import hashlib
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dualuse.store import AuditEntry, AuditEvent, ProblemKind, canonical_json, check_chain
from dualuse.store.audit_chain import _HASHED_FIELDS, GENESIS_HASH, AuditRecord, record_hash, seal
from tests.store.conftest import AT

ENTRY = AuditEntry(AuditEvent.LICENCE_ADDED, AT, "officer", subject="LIC-1", payload={"b": 1, "a": [Decimal("2.0")]})


def test_canonical_json_is_sorted_compact_and_exact() -> None:
    """Keys are sorted, no spaces are written, decimals and dates keep their exact text."""
    assert canonical_json({"b": Decimal("1.10"), "a": date(2026, 3, 1), "c": "磁体"}) == (
        '{"a":"2026-03-01","b":"1.10","c":"磁体"}'
    )


def test_canonical_json_refuses_what_it_cannot_write_exactly() -> None:
    """Not-a-number and unknown objects are refused rather than written loosely."""
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})
    with pytest.raises(TypeError, match="cannot be written"):
        canonical_json({"x": object()})


def test_sealing_is_deterministic() -> None:
    """The same entry at the same place gives the same hash, whatever the payload's key order."""
    reordered = replace(ENTRY, payload={"a": [Decimal("2.0")], "b": 1})
    assert seal(ENTRY, seq=1, prev_hash=GENESIS_HASH) == seal(reordered, seq=1, prev_hash=GENESIS_HASH)


@pytest.mark.parametrize("name", [f.name for f in fields(AuditRecord) if f.name != "hash"])
def test_every_field_is_covered_by_the_hash(name: str) -> None:
    """Changing any one field of a record changes its hash."""
    record = seal(ENTRY, seq=1, prev_hash=GENESIS_HASH)
    data = {f.name: getattr(record, f.name) for f in fields(AuditRecord)}
    data[name] = 2 if name == "seq" else f"{data[name]}x"
    assert record_hash(data) != record.hash


def test_check_chain_needs_no_database() -> None:
    """The chain check works on records handed in, e.g. from an export."""
    first = seal(ENTRY, seq=1, prev_hash=GENESIS_HASH)
    second = seal(ENTRY, seq=2, prev_hash=first.hash)
    assert check_chain([first, second], head_seq=2, head_hash=second.hash, seq_of_hash=lambda _: None).ok
    report = check_chain([first], head_seq=2, head_hash=second.hash, seq_of_hash=lambda _: None)
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (2, ProblemKind.MISSING)


@given(
    st.fixed_dictionaries(
        {"seq": st.integers(min_value=0, max_value=2**62), "payload": st.text(), "prev_hash": st.text()},
        optional={name: st.none() | st.text() for name in ("time", "actor", "event", "subject", "run_id",
                                                          "input_digest", "outcome", "rulebase_version",
                                                          "rulebase_digest", "engine_version")},
    )
)
def test_record_hash_is_the_hash_of_the_canonical_json_of_the_fields(fields: dict[str, object]) -> None:
    """The fast hash equals SHA-256 of canonical_json over the hashed fields, for any text (CJK, controls, emoji)."""
    complete = {name: fields.get(name) for name in _HASHED_FIELDS}
    try:
        expected = hashlib.sha256(canonical_json(complete).encode()).hexdigest()
    except UnicodeEncodeError:  # a lone surrogate cannot be stored as UTF-8 at all
        return
    assert record_hash(complete) == expected
