"""Shared fixtures: the bundled rule base, loaded once per test session."""

from __future__ import annotations

import pytest

from dualuse.rulebase import RuleBase, load_rulebase


@pytest.fixture(scope="session")
def rulebase() -> RuleBase:
    """The bundled CN rule base."""
    return load_rulebase()
