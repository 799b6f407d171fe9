"""Shared fixtures for the classification tests: one classifier for the bundled rule base."""

from __future__ import annotations

import pytest

from dualuse.classify import Classifier
from dualuse.rulebase import RuleBase


@pytest.fixture(scope="session")
def classifier(rulebase: RuleBase) -> Classifier:
    """The classifier for the bundled CN rule base, built once per test session."""
    return Classifier(rulebase)
