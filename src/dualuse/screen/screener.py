"""Screen a party name against every party designated on the Chinese lists on a given date.

Build a ``Screener`` once per rule base and reuse it: it normalises every listed name, derives
its readings and indexes them. ``Screener.screen`` then costs one normalisation of the query,
a few index look-ups and a handful of comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dualuse.domain import Citation
from dualuse.rulebase import InstrumentState, RuleBase
from dualuse.screen import explain
from dualuse.screen.catalogue import Best, Catalogue
from dualuse.screen.forms import FormBuilder, NameForm
from dualuse.screen.normalise import has_cjk
from dualuse.screen.query import check_address, check_as_of, check_country, check_name
from dualuse.screen.result import Match, MatchStatus, ScreeningResult
from dualuse.screen.romanise import FOLDED
from dualuse.screen.sources import Entry, ExtraList, designated, extra, military
from dualuse.screen.vocabulary import Vocabulary, load_vocabulary

#: A match at or above this score is a hit. Chosen on the labelled set in bench/screening
#: (recall and false-positive rate are printed there for every threshold around it).
DEFAULT_THRESHOLD = 0.85
#: Names scoring at least this much, but below the threshold, are reported under ``related``.
RELATED_FLOOR = 0.5
#: The same for CJK names, compared character by character: a group name of four characters
#: (三菱重工) shares less than half of a subsidiary's name (三菱重工航空发动机).
RELATED_FLOOR_CJK = 0.4
#: How many related names are reported at most.
RELATED_LIMIT = 5

_STATES: dict[InstrumentState, MatchStatus] = {
    InstrumentState.IN_FORCE: "active",
    InstrumentState.SUSPENDED: "suspended",
    InstrumentState.STOPPED: "stopped",
    InstrumentState.SUPERSEDED: "stopped",
    InstrumentState.EXPIRED: "stopped",
    InstrumentState.NOT_YET_IN_FORCE: "designated_later",
}
_QUERY_CACHE = 4096


@dataclass(frozen=True, slots=True)
class _Status:
    status: MatchStatus
    since: date | None
    until: date | None
    by: str | None
    caveats: tuple[str, ...]


class Screener:
    """Screens party names against the parties designated in one rule base, and any extra lists.

    Build it once and reuse it. ``threshold`` is the score at which a match is a hit (default
    0.85). Extra lists (``ExtraList``, see ``dualuse.adapters.lists``) are screened beside the
    Chinese lists, reported under their own label and carry no Chinese legal effect.
    """

    def __init__(
        self,
        rulebase: RuleBase,
        *,
        extra_lists: Sequence[ExtraList] = (),
        vocabulary: Vocabulary | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must lie in (0, 1], got {threshold}")
        self.rulebase = rulebase
        self.threshold = threshold
        self.vocabulary = vocabulary or load_vocabulary(rulebase.root / "vocabulary")
        self.forms = FormBuilder(self.vocabulary)
        entries = [designated(p) for p in rulebase.parties]
        entries += [extra(p, listing) for listing in extra_lists for p in listing.parties]
        self.extra_lists = tuple(extra_lists)
        self._lists = Catalogue(entries, self.forms)
        self._military = Catalogue([military(u) for u in rulebase.military_users], self.forms)
        self._countries: dict[str, str] = {}
        for country_code, country_names in self.vocabulary.countries.items():
            for country_name in country_names:
                self._countries.setdefault(self.forms.normaliser.normalise(country_name).text, country_code)
        self._cjk_countries = sorted(
            ((k.replace(" ", ""), v) for k, v in self._countries.items() if has_cjk(k)), key=lambda kv: -len(kv[0])
        )
        self._query_forms: dict[str, tuple[NameForm, ...]] = {}
        self._statuses: dict[tuple[str, date], _Status] = {}
        self._citations: dict[str, Citation] = {}

    @property
    def size(self) -> int:
        """How many parties are screened against (designated and extra)."""
        return len(self._lists.entries)

    # ------------------------------------------------------------------ screening
    def screen(
        self,
        name: str,
        country: str | None = None,
        as_of: date | None = None,
        threshold: float | None = None,
        *,
        address: str | None = None,
    ) -> ScreeningResult:
        """Screen ``name`` (with an optional two-letter ``country``) against the lists as they stand on ``as_of``.

        ``as_of`` is required: screening never reads the clock. Hits at ``threshold`` (default: the
        screener's) are in ``matches``, best first; names a reviewer should see but that are not hits
        (parents and sister companies, designations made after ``as_of``) are in ``related``.
        An ``address`` is used only to read the country from where none is given: the lists give no
        addresses to compare with. Raises InputError for a name that cannot be screened (empty, too
        long, control characters) and for a malformed country, date or address.
        """
        name = check_name(name)
        code = check_country(country)
        day = check_as_of(as_of)
        place = check_address(address)
        if code is None and place is not None:
            code = self.country_of(place)
        self.rulebase.check_covered(day)
        cutoff = self.threshold if threshold is None else threshold
        query_forms = self._forms_of(name)
        matches: list[Match] = []
        below: list[tuple[bool, float, str, Entry, Best, _Status]] = []
        for number, best in self._lists.best(query_forms, code).items():
            if best.score < min(cutoff, RELATED_FLOOR_CJK if best.form.kind == "cjk" else RELATED_FLOOR):
                continue
            entry = self._lists.entries[number]
            status = self._status(entry, day)
            if best.score >= cutoff and status.status != "designated_later":
                matches.append(self._match(name, entry, best=best, status=status, day=day, cutoff=cutoff, hit=True))
            else:
                later = status.status == "designated_later" and best.score >= cutoff
                below.append((not later, -best.score, entry.entity_id, entry, best, status))
        matches.sort(key=lambda m: (-m.score, m.entity_id))
        below.sort(key=lambda item: item[:3])
        related = [
            self._match(name, e, best=b, status=st, day=day, cutoff=cutoff, hit=False)
            for *_, e, b, st in below[:RELATED_LIMIT]
        ]
        return ScreeningResult(
            query=name,
            country=code,
            as_of=day,
            threshold=cutoff,
            matches=tuple(matches),
            related=tuple(related),
            query_forms=tuple(f.text for f in query_forms),
        )

    def country_of(self, address: str) -> str | None:
        """The country an address names at its end (or, written in CJK, at its start), if the vocabulary knows it."""
        normalised = self.forms.normaliser.normalise(address)
        tokens = normalised.tokens
        for size in (4, 3, 2, 1):
            code = self._countries.get(" ".join(tokens[-size:])) if len(tokens) >= size else None
            if code:
                return code
        compact = normalised.compact
        for name, code in self._cjk_countries:
            if compact.startswith(name) or compact.endswith(name):
                return code
        return None

    def military_user(self, name: str, country: str | None = "JP", threshold: float | None = None) -> Match | None:
        """The body on the military-user reference this name matches, or None.

        The reference is dualuse's reading of MOFCOM Ann 2026 No. 1 (bodies that are Japanese military
        users by nature), not a designation; its matches are never among ``screen``'s matches. A
        ``country`` other than the body's own rules the match out.
        """
        name = check_name(name)
        code = check_country(country)
        cutoff = self.threshold if threshold is None else threshold
        candidates = [
            (best.score, number, best)
            for number, best in self._military.best(self._forms_of(name), None).items()
            if best.score >= cutoff and (code is None or code in self._military.entries[number].countries)
        ]
        if not candidates:
            return None
        score, number, best = max(candidates, key=lambda c: (c[0], -c[1]))
        entry = self._military.entries[number]
        user = entry.military
        assert user is not None  # every entry of this catalogue is a military user
        instrument, clause = user.interprets
        rb = self.rulebase
        facts = explain.Facts(
            query=name,
            matched_name=best.name.name,
            entity_id=entry.entity_id,
            list=entry.list,
            source=entry.source,
            score=score,
            threshold=cutoff,
            steps=_steps(best),
            as_of=rb.manifest.researched_as_of,
            instrument_label=rb.cite(instrument, clause).label(),
        )
        effect = tuple(m.statement for m in rb.measures if m.instrument == instrument and m.clause == clause)
        return Match(
            entity_id=entry.entity_id,
            list=entry.list,
            score=score,
            matched_name=best.name.name,
            query_form=best.query.text,
            names=dict(entry.names),
            status="active",
            explanation=explain.military_user(facts),
            steps=_steps(best),
            citations=(rb.cite(instrument, clause),),
            legal_effect=effect,
            source=entry.source,
            caveats=(f"Interpretation, not a designation: {user.basis}",),
        )

    # ------------------------------------------------------------------ helpers
    def _forms_of(self, name: str) -> tuple[NameForm, ...]:
        known = self._query_forms.get(name)
        if known is None:
            if len(self._query_forms) >= _QUERY_CACHE:
                self._query_forms.clear()
            known = self._query_forms[name] = self.forms.query(name)
        return known

    def _cite(self, instrument: str) -> Citation:
        known = self._citations.get(instrument)
        if known is None:
            known = self._citations[instrument] = self.rulebase.cite(instrument)
        return known

    def _status(self, entry: Entry, day: date) -> _Status:
        if entry.party is None:
            return _Status("active", None, None, None, ())
        key = (entry.entity_id, day)
        known = self._statuses.get(key)
        if known is None:
            if len(self._statuses) >= _QUERY_CACHE:
                self._statuses.clear()
            status = self.rulebase.party_status(entry.party, day)
            known = _Status(_STATES[status.state], status.since, status.until, status.by, status.caveats)
            self._statuses[key] = known
        return known

    def _match(
        self, query: str, entry: Entry, *, best: Best, status: _Status, day: date, cutoff: float, hit: bool
    ) -> Match:
        rb = self.rulebase
        party = entry.party
        citations: tuple[Citation, ...] = ()
        effect: tuple[str, ...] = ()
        label = None
        if party is not None:
            citations = (self._cite(party.instrument),)
            if status.by and rb.has_instrument(status.by):
                citations += (self._cite(status.by),)
            if rb.has_measure_set(party.measure_set):
                effect = rb.measure_set(party.measure_set).measures
            label = rb.instrument(party.instrument).label()
        steps = _steps(best)
        facts = explain.Facts(
            query=query,
            matched_name=best.name.name,
            entity_id=entry.entity_id,
            list=entry.list,
            source=entry.source,
            score=best.score,
            threshold=cutoff,
            steps=steps,
            as_of=day,
            instrument_label=label,
            listed_on=party.listed_on if party else None,
            since=status.since,
            until=status.until,
            by=status.by,
        )
        if not hit:
            sentence = (
                explain.designated_later(facts)
                if status.status == "designated_later" and best.score >= cutoff
                else explain.related(facts, best.comparison, status.status)
            )
        elif party is None:
            sentence = explain.extra_hit(facts)
        else:
            sentence = explain.hit(facts, status.status)
        return Match(
            entity_id=entry.entity_id,
            list=entry.list,
            score=max(0.0, min(1.0, best.score)),
            matched_name=best.name.name,
            query_form=best.query.text,
            names=dict(entry.names),
            status=status.status,
            explanation=sentence,
            steps=steps,
            citations=citations,
            legal_effect=effect,
            source=entry.source,
            party=party,
            status_since=status.since,
            status_until=status.until,
            status_by=status.by,
            caveats=status.caveats,
        )


def _steps(best: Best) -> tuple[str, ...]:
    """The query's steps, the listed name's steps and what the comparison tolerated, each once.

    Romaji folding is left out where the query and the listed name were written with the same
    words: it changed both alike and made no difference.
    """
    steps = dict.fromkeys((*best.query.steps, *best.form.steps, *best.comparison.notes))
    if best.query.words and best.query.words == best.form.words:
        steps.pop(FOLDED, None)
    return tuple(steps)
