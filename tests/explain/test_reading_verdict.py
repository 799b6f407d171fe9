"""A candidate code below its threshold is shown as such and is not counted as a controlled family."""

from __future__ import annotations

from dualuse.explain.report.reading import control_codes, families


def test_below_threshold_candidate_is_not_a_controlled_family() -> None:
    """Antimony trioxide at 99.5% lists its candidate with the verdict, and counts no family."""
    determination = {"classification": {"codes": [
        {"code": None, "entry_id": "MOFCOM-GACC-2024-33/Sb-3", "family": "antimony", "status": "in_force",
         "verdict": "does_not_meet"},
        {"code": "1C902.b", "entry_id": "1C902.b", "family": "samarium", "status": "suspended", "verdict": "meets"},
    ]}}  # fmt: skip

    assert families(determination) == []
    assert control_codes(determination) == ["MOFCOM-GACC-2024-33/Sb-3 (does not meet)", "1C902.b (suspended)"]


def test_met_code_in_force_counts() -> None:
    """A code in force whose thresholds are met counts its family."""
    determination = {"classification": {"codes": [
        {"code": "1C902.b", "entry_id": "1C902.b", "family": "samarium", "status": "in_force", "verdict": "meets"},
    ]}}  # fmt: skip

    assert families(determination) == ["samarium"]
    assert control_codes(determination) == ["1C902.b"]
