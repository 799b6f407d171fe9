"""One Determiner per rule base, kept for the `determine()` convenience function."""

from __future__ import annotations

from dualuse.determine.engine import Determiner
from dualuse.rulebase import RuleBase

_BY_DIGEST: dict[str, Determiner] = {}


def determiner_for(rulebase: RuleBase) -> Determiner:
    """The Determiner built for this rule base (by digest), built on first use."""
    determiner = _BY_DIGEST.get(rulebase.digest)
    if determiner is None or determiner.rulebase is not rulebase:
        determiner = Determiner(rulebase)
        _BY_DIGEST.clear()  # at most one rule base is in use at a time in practice; keep memory bounded
        _BY_DIGEST[rulebase.digest] = determiner
    return determiner
