"""Shared fixtures for screening: one Screener over the bundled rule base for the whole session."""

from __future__ import annotations

from datetime import date

import pytest

from dualuse.rulebase import RuleBase
from dualuse.screen import Screener

#: A day on which every party in the bundled rule base has been designated.
AFTER_ALL_LISTINGS = date(2026, 11, 21)


@pytest.fixture(scope="session")
def screener(rulebase: RuleBase) -> Screener:
    """A Screener over the bundled rule base."""
    return Screener(rulebase)
