"""Party screening: match a name against every party designated on the Chinese lists on a date.

    from dualuse.screen import Screener, screen
    screener = Screener(rb)                                  # build once, reuse
    result = screener.screen("三菱造船株式會社", country="JP", as_of=date(2026, 3, 1))
    result.matches      # hits, best first: active, suspended or stopped designations
    result.related      # not hits: parents, sister companies, designations made later

Only a match with status "active" binds on the date; see ``dualuse.screen.result``.
"""

from __future__ import annotations

from datetime import date

from dualuse.rulebase import RuleBase
from dualuse.screen.result import Match, ScreeningResult
from dualuse.screen.screener import DEFAULT_THRESHOLD, Screener
from dualuse.screen.sources import ExtraList, ExtraParty

__all__ = [
    "DEFAULT_THRESHOLD",
    "ExtraList",
    "ExtraParty",
    "Match",
    "Screener",
    "ScreeningResult",
    "screen",
]

_SCREENERS: dict[tuple[str, str], Screener] = {}
_SCREENERS_KEPT = 4


def screen(
    name: str,
    *,
    rulebase: RuleBase,
    as_of: date,
    country: str | None = None,
    threshold: float | None = None,
    address: str | None = None,
) -> ScreeningResult:
    """Screen one name against ``rulebase`` as it stands on ``as_of`` (see ``Screener.screen``).

    Keeps one Screener per rule base (by digest), at most four, so repeated calls cost one query each.
    """
    key = (rulebase.digest, str(rulebase.root))
    screener = _SCREENERS.get(key)
    if screener is None:
        if len(_SCREENERS) >= _SCREENERS_KEPT:
            _SCREENERS.pop(next(iter(_SCREENERS)))
        screener = _SCREENERS[key] = Screener(rulebase)
    return screener.screen(name, country=country, as_of=as_of, threshold=threshold, address=address)
