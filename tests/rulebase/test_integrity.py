"""The bundled rule base passes its integrity checks and holds what the facts hold."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from dualuse.rulebase import RuleBase, default_path, load_rulebase
from dualuse.rulebase.integrity import check

FACTS = Path(__file__).resolve().parents[3] / "shared" / "regime" / "regime_facts.yaml"


def test_integrity_passes(rulebase: RuleBase) -> None:
    """Unique ids, resolvable references, ordered windows and sources on every record."""
    report = check(rulebase)

    assert report.errors == []
    assert report.ok


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("statutes", 2),
        ("announcements", 33),
        ("item_records", 142),
        ("distinct_control_codes", 97),
        ("designated_parties", 124),
        ("japanese_parties", 69),
        ("japanese_parties:MOFCOM-2026-11", 20),
        ("japanese_parties:MOFCOM-2026-12", 20),
        ("japanese_parties:MOFCOM-2026-27", 9),
        ("japanese_parties:MOFCOM-2026-28", 20),
    ],
)
def test_counts_match_the_facts(rulebase: RuleBase, kind: str, expected: int) -> None:
    """The rule base holds exactly the records the facts give."""
    assert check(rulebase).counts[kind] == expected


def test_military_user_reference_set(rulebase: RuleBase) -> None:
    """The reference set names the Ministry of Defense, the Self-Defense Forces and ATLA, as an interpretation."""
    by_id = {u.id: u for u in rulebase.military_users}

    assert {"jp.mod", "jp.sdf", "jp.atla"} <= set(by_id)
    assert by_id["jp.mod"].names["ja"] == "防衛省"
    assert by_id["jp.atla"].names["ja"] == "防衛装備庁"
    assert all(u.interprets == ("MOFCOM-2026-1", "1") for u in rulebase.military_users)


def test_low_confidence_and_conflicts_are_reported(rulebase: RuleBase) -> None:
    """Low-confidence and conflicting records are listed for a reviewer, not silently accepted."""
    attention = {f.record for f in check(rulebase).attention}

    assert "MOFCOM-GACC-2023-23/Ga-1" in attention  # metal gallium code printed two ways
    assert "MOFCOM-2026-27:05" in attention  # MHI Logitech: aggregator only
    assert "MOFCOM-2025-22" in attention  # stop of Ann 22/2025 rests on one dataset


def test_partly_known_annex_is_marked(rulebase: RuleBase) -> None:
    """Ann 2026 No. 27 carries exactly what is known and says the annex is incomplete."""
    known, announced, note = rulebase.annex_completeness["MOFCOM-2026-27"]

    assert (known, announced) == (9, 20)
    assert "not retrieved" in note


def test_duplicate_id_is_an_integrity_error(tmp_path: Path) -> None:
    """Two parties with one id are reported with file, record and field."""
    root = tmp_path / "cn"
    shutil.copytree(default_path(), root)
    path = root / "designations" / "MOFCOM-2026-12.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("MOFCOM-2026-12:02", "MOFCOM-2026-12:01"), encoding="utf-8"
    )

    report = check(load_rulebase(root))

    assert not report.ok
    assert [(f.record, f.field) for f in report.errors] == [("MOFCOM-2026-12:01", "id")]


def test_unresolvable_reference_is_an_integrity_error(tmp_path: Path) -> None:
    """A suspension naming an instrument the rule base lacks is reported."""
    root = tmp_path / "cn"
    shutil.copytree(default_path(), root)
    path = root / "instruments" / "MOFCOM-GACC-2025-57.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("by: MOFCOM-GACC-2025-70", "by: MOFCOM-GACC-2025-99"), encoding="utf-8"
    )

    report = check(load_rulebase(root))

    assert ("MOFCOM-GACC-2025-57", "suspensions.by") in {(f.record, f.field) for f in report.errors}


def test_digest_is_stable_and_tracks_content(tmp_path: Path, rulebase: RuleBase) -> None:
    """The content digest is the same on reload and changes when a rule file changes."""
    root = tmp_path / "cn"
    shutil.copytree(default_path(), root)
    same = load_rulebase(root)
    path = root / "designations" / "MOFCOM-2026-11.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    changed = load_rulebase(root)

    assert same.digest == rulebase.digest
    assert changed.digest != rulebase.digest
    assert rulebase.digest.startswith("sha256:") and len(rulebase.digest) == 71


@pytest.mark.skipif(not FACTS.is_file(), reason="the shared regime facts are not beside this checkout")
def test_every_fact_record_is_encoded(rulebase: RuleBase) -> None:
    """Every designated party and every item description of regime_facts.yaml is in the rule base, names unchanged."""
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    parties = {p.id: p for p in rulebase.parties}
    for entity in facts["entities"]:
        party = parties[entity["id"]]
        assert party.names["en"] == entity["names"]["en"]
        assert party.names["zh"] == entity["names"]["zh"]
        alias_names = {a.name for a in party.aliases}
        assert set(entity["aliases"]) <= alias_names
        if entity["names"]["ja"]:
            assert entity["names"]["ja"] in {party.names["ja"], *alias_names}
    descriptions = {(e.instrument, e.description_en) for e in rulebase.entries}
    for announcement in facts["announcements"]:
        for item in announcement.get("items") or []:
            assert (announcement["id"], item["description"]) in descriptions
