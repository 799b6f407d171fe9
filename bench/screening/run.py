"""Screening benchmark: recall, false-positive rate and precision of dualuse's screener and of
nomenklatura's logic-v2 on the labelled set, side by side, with throughput for each; then
throughput and recall against a synthetic list of 100,000 parties.

    .venv/bin/python bench/screening/run.py                  # everything
    .venv/bin/python bench/screening/run.py --no-nomenklatura --no-large
    .venv/bin/python bench/screening/run.py --large-size 20000

Definitions (per query of bench/screening/labelled.jsonl, as of its as_of date):
  recall      positive queries whose listed party is among the hits / positive queries
  FPR         negative queries with any hit / negative queries
  precision   hits on the expected party / all hits (every hit counts, also extra hits on positives)
A hit is a match at the default threshold, whatever its status (active, suspended, stopped).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import orjson

from dualuse.rulebase import RuleBase, load_rulebase
from dualuse.screen import DEFAULT_THRESHOLD, Screener

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_list  # noqa: E402

NOMENKLATURA_THRESHOLD = 0.7  # logic-v2's documented default match threshold


@dataclass
class Query:
    """One labelled query."""

    id: str
    query: str
    country: str | None
    as_of: date
    expected: frozenset[str]
    script: str
    variant: str


@dataclass
class Tally:
    """Counts for one group of queries."""

    positives: int = 0
    found: int = 0
    negatives: int = 0
    negatives_hit: int = 0
    hits: int = 0
    correct_hits: int = 0

    def add(self, query: Query, hits: set[str]) -> None:
        """Count one query's hits."""
        self.hits += len(hits)
        self.correct_hits += len(hits & query.expected)
        if query.expected:
            self.positives += 1
            self.found += bool(hits & query.expected)
        else:
            self.negatives += 1
            self.negatives_hit += bool(hits)

    def recall(self) -> float | None:
        """Share of positives found."""
        return self.found / self.positives if self.positives else None

    def fpr(self) -> float | None:
        """Share of negatives with a hit."""
        return self.negatives_hit / self.negatives if self.negatives else None

    def precision(self) -> float | None:
        """Share of hits that are the expected party."""
        return self.correct_hits / self.hits if self.hits else None


@dataclass
class Run:
    """Hits per query for one matcher, and its throughput."""

    name: str
    hits: dict[str, set[str]]
    seconds: float
    queries: int
    cpu_seconds: float = 0.0
    misses: list[tuple[Query, set[str]]] = field(default_factory=list)

    @property
    def qps(self) -> float:
        """Queries per second of wall-clock time (lower while other processes share the core)."""
        return self.queries / self.seconds if self.seconds else 0.0

    @property
    def cpu_qps(self) -> float:
        """Queries per second of this process's own CPU time: the throughput of one core."""
        return self.queries / self.cpu_seconds if self.cpu_seconds else 0.0


def load_set(path: Path) -> list[Query]:
    """The labelled queries."""
    queries = []
    for line in path.read_bytes().splitlines():
        raw = orjson.loads(line)
        queries.append(
            Query(
                raw["id"], raw["query"], raw.get("country"), date.fromisoformat(raw["as_of"]),
                frozenset(raw["expected"]), raw["script"], raw["variant"],
            )
        )  # fmt: skip
    return queries


def run_dualuse(
    screener: Screener, queries: Sequence[Query], threshold: float | None = None
) -> tuple[Run, dict[str, dict[str, float]]]:
    """Screen every query; returns the hits (MOFCOM parties only) and every score ≥ 0.5 for the sweep."""
    hits: dict[str, set[str]] = {}
    scores: dict[str, dict[str, float]] = {}
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    for query in queries:
        result = screener.screen(query.query, country=query.country, as_of=query.as_of, threshold=threshold)
        hits[query.id] = {m.entity_id for m in result.matches if m.source == "MOFCOM"}
        scores[query.id] = {m.entity_id: m.score for m in result.matches if m.source == "MOFCOM"}
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Run("dualuse", hits, seconds, len(queries), cpu), scores


def run_nomenklatura(rb: RuleBase, queries: Sequence[Query]) -> Run | str:
    """Score every query against every designated party with logic-v2 (no candidate index: brute force)."""
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
    except ImportError as error:
        return f"nomenklatura is not installed ({error}); install with .venv/bin/pip install -e '.[dev,bench]'"
    counter = itertools.count()

    def entity(names: list[str], country: str | None) -> object:
        data: dict[str, object] = {"id": f"e{next(counter)}", "schema": "LegalEntity", "properties": {"name": names}}
        if country:
            data["properties"]["country"] = [country.lower()]  # type: ignore[index]
        return model.get_proxy(data)

    listed = [(p, entity([n.name for n in p.all_names()], p.country)) for p in rb.parties]
    config = LogicV2.default_config()
    hits: dict[str, set[str]] = {}
    start, cpu = time.perf_counter(), time.process_time()
    for query in queries:
        proxy = entity([query.query], query.country)
        found = set()
        for party, candidate in listed:
            if query.as_of < party.listed_on:
                continue
            if LogicV2.compare(proxy, candidate, config).score >= NOMENKLATURA_THRESHOLD:  # type: ignore[arg-type]
                found.add(party.id)
        hits[query.id] = found
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Run("nomenklatura logic-v2", hits, seconds, len(queries), cpu)


def tallies(queries: Sequence[Query], run: Run, key: Callable[[Query], str]) -> dict[str, Tally]:
    """Tallies grouped by ``key``."""
    groups: dict[str, Tally] = defaultdict(Tally)
    for query in queries:
        groups[key(query)].add(query, run.hits[query.id])
    return dict(sorted(groups.items()))


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{value:6.3f}"


def print_side_by_side(title: str, queries: Sequence[Query], runs: Sequence[Run], key: Callable[[Query], str]) -> None:
    """One table: recall, FPR, precision per group, one column block per matcher."""
    print(f"\n{title}")
    header = f"{'':24}{'n+':>5}{'n-':>5}"
    for run in runs:
        header += f" | {run.name[:22]:>22} rec    FPR   prec"
    print(header)
    per_run = [tallies(queries, run, key) for run in runs]
    for group in per_run[0]:
        first = per_run[0][group]
        line = f"{group:24}{first.positives:5}{first.negatives:5}"
        for groups in per_run:
            tally = groups[group]
            line += f" | {'':22}{_pct(tally.recall())} {_pct(tally.fpr())} {_pct(tally.precision())}"
        print(line)


def print_sweep(queries: Sequence[Query], scores: dict[str, dict[str, float]]) -> None:
    """Recall and FPR of dualuse at thresholds around the default."""
    print("\ndualuse threshold sweep (all queries)")
    print(f"{'threshold':>10} {'recall':>8} {'FPR':>8} {'precision':>10}")
    for threshold in (0.70, 0.75, 0.80, 0.825, 0.85, 0.875, 0.90, 0.95):
        tally = Tally()
        for query in queries:
            tally.add(query, {e for e, s in scores[query.id].items() if s >= threshold})
        mark = "  ← default" if abs(threshold - DEFAULT_THRESHOLD) < 1e-9 else ""
        print(f"{threshold:10.3f} {_pct(tally.recall()):>8} {_pct(tally.fpr()):>8} {_pct(tally.precision()):>10}{mark}")


def print_failures(queries: Sequence[Query], run: Run, limit: int) -> None:
    """The first missed positives and hit negatives, for review."""
    missed = [(q, run.hits[q.id]) for q in queries if q.expected and not run.hits[q.id] & q.expected]
    wrong = [(q, run.hits[q.id] - q.expected) for q in queries if run.hits[q.id] - q.expected]
    print(f"\n{run.name}: {len(missed)} missed positives, {len(wrong)} queries with wrong hits")
    for query, hits in missed[:limit]:
        print(
            f"  missed  {query.id} {query.variant:20} {query.query!r} expected {sorted(query.expected)} got {sorted(hits)}"
        )
    for query, hits in wrong[:limit]:
        print(f"  wrong   {query.id} {query.variant:20} {query.query!r} hit {sorted(hits)}")


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=HERE / "labelled.jsonl")
    parser.add_argument("--no-nomenklatura", action="store_true", help="skip nomenklatura logic-v2")
    parser.add_argument("--no-large", action="store_true", help="skip the 100,000-party run")
    parser.add_argument("--large-size", type=int, default=100_000)
    parser.add_argument("--failures", type=int, default=25, help="how many failures to list per matcher")
    args = parser.parse_args()

    rb = load_rulebase()
    queries = load_set(args.set)
    print(f"labelled set: {len(queries)} queries ({sum(1 for q in queries if q.expected)} positive), "
          f"rule base {rb.version}, {len(rb.parties)} designated parties")  # fmt: skip

    start = time.perf_counter()
    screener = Screener(rb)
    print(f"dualuse: index built in {time.perf_counter() - start:.2f} s")
    ours, _ = run_dualuse(screener, queries)
    sweep_screener = Screener(rb)
    _, sweep_scores = run_dualuse(sweep_screener, queries, threshold=0.5)
    runs = [ours]
    if not args.no_nomenklatura:
        theirs = run_nomenklatura(rb, queries)
        if isinstance(theirs, str):
            print(theirs)
        else:
            runs.append(theirs)

    overall = Tally()
    for query in queries:
        overall.add(query, ours.hits[query.id])
    print_side_by_side("overall", queries, runs, lambda q: "all")
    print_side_by_side("per script of the query", queries, runs, lambda q: q.script)
    print_side_by_side("per variant kind", queries, runs, lambda q: q.variant)
    print_sweep(queries, sweep_scores)
    print("\nthroughput on the bundled lists (one process; CPU = its own CPU time, wall = elapsed time)")
    for run in runs:
        print(
            f"  {run.name:24} {run.cpu_qps:8.0f} queries/s CPU {run.qps:8.0f} queries/s wall"
            f"  ({run.queries} queries, {run.cpu_seconds:.2f} s CPU, {run.seconds:.2f} s wall)"
        )
    for run in runs:
        print_failures(queries, run, args.failures)

    if not args.no_large:
        print(f"\nlarge list: {args.large_size:,} synthetic parties + the bundled lists")
        start = time.perf_counter()
        synthetic = synthetic_list(args.large_size)
        big = Screener(rb, extra_lists=[synthetic])
        print(f"  index built in {time.perf_counter() - start:.1f} s ({big.size:,} parties)")
        large, _ = run_dualuse(big, queries)
        large_tally = Tally()
        for query in queries:
            large_tally.add(query, large.hits[query.id])
        print(f"  recall {_pct(large_tally.recall())} (bundled only: {_pct(overall.recall())}), "
              f"FPR on MOFCOM parties {_pct(large_tally.fpr())} (bundled only: {_pct(overall.fpr())})")  # fmt: skip
        print(
            f"  throughput {large.cpu_qps:.0f} queries/s CPU, {large.qps:.0f} queries/s wall "
            f"({large.queries} queries, {large.cpu_seconds:.2f} s CPU, {large.seconds:.2f} s wall)"
        )


if __name__ == "__main__":
    main()
