"""Classification benchmark: accuracy, costly errors and throughput on the hand-labelled set in cases.jsonl.

Prints, overall and per family and per language:

* top-1 / top-3 code accuracy: the expected entry ranks first / in the first three (cases with an
  expected code; pre-list items are named by entry id);
* missed: controlled items called not_controlled (the costly error);
* false controlled: items that are not controlled called controlled;
* status accuracy: the exact outcome (controlled / not_controlled / review);

then throughput in items per second on one core (one process, one thread, the classifier built once).

    .venv/bin/python bench/classification/run.py            # figures
    .venv/bin/python bench/classification/run.py --errors   # and every case that went wrong
    .venv/bin/python bench/classification/run.py --check    # exit 1 if an acceptance threshold is missed
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from dualuse.classify import Classification, Classifier
from dualuse.rulebase import load_rulebase

CASES = Path(__file__).with_name("cases.jsonl")
#: The acceptance thresholds of the classification issue.
THRESHOLDS = {"top1": 0.95, "missed": 0.01, "false_controlled": 0.03, "items_per_second": 2000.0}


@dataclass
class Tally:
    """Counts for one slice of the benchmark."""

    cases: int = 0
    coded: int = 0
    top1: int = 0
    top3: int = 0
    status_ok: int = 0
    controlled: int = 0
    missed: int = 0
    uncontrolled: int = 0
    false_controlled: int = 0

    def add(self, case: dict[str, Any], result: Classification) -> None:
        """Count one case."""
        self.cases += 1
        expected = case["expected_status"]
        self.status_ok += result.status == expected
        wanted = case.get("expected_code")
        if wanted:
            self.coded += 1
            labels = [c.label for c in result.codes] + [c.entry_id for c in result.codes]
            firsts = {result.codes[0].label, result.codes[0].entry_id} if result.codes else set()
            options = set(wanted.split("|"))
            self.top1 += bool(options & firsts)
            top3 = {x for c in result.codes[:3] for x in (c.label, c.entry_id)}
            self.top3 += bool(options & top3) and bool(labels)
        if expected == "controlled":
            self.controlled += 1
            self.missed += result.status == "not_controlled"
        if expected == "not_controlled":
            self.uncontrolled += 1
            self.false_controlled += result.status == "controlled"

    def row(self, name: str) -> str:
        """One line of the table."""
        return (
            f"{name:<36} {self.cases:>5} {_rate(self.top1, self.coded):>7} {_rate(self.top3, self.coded):>7} "
            f"{_rate(self.status_ok, self.cases):>7} {_rate(self.missed, self.controlled):>8} "
            f"{_rate(self.false_controlled, self.uncontrolled):>8}"
        )


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def load_cases() -> list[dict[str, Any]]:
    """The labelled cases, in file order."""
    return [orjson.loads(line) for line in CASES.read_bytes().splitlines() if line.strip()]


def classify_all(classifier: Classifier, cases: list[dict[str, Any]]) -> list[Classification]:
    """Classify every case on its own day."""
    return [
        classifier.classify(
            case["description"],
            hs_code=case.get("hs_code"),
            as_of=date.fromisoformat(case["as_of"]),
            declared_code=case.get("declared_code"),
        )
        for case in cases
    ]


def throughput(classifier: Classifier, cases: list[dict[str, Any]], seconds: float = 3.0) -> dict[str, float]:
    """Items per second over repeated passes, one thread: by CPU time (the cost on one core) and by wall time.

    CPU time is what one core spends; wall time also counts the waits of a machine shared with other work.
    """
    cpu_rates: list[float] = []
    wall_rates: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(cpu_rates) < 3:
        wall, cpu = time.perf_counter(), time.process_time()
        classify_all(classifier, cases)
        cpu_rates.append(len(cases) / max(time.process_time() - cpu, 1e-9))
        wall_rates.append(len(cases) / (time.perf_counter() - wall))
    return {
        "cpu_median": statistics.median(cpu_rates),
        "cpu_best": max(cpu_rates),
        "wall_median": statistics.median(wall_rates),
        "wall_best": max(wall_rates),
        "passes": float(len(cpu_rates)),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every case whose status or top code is wrong")
    parser.add_argument("--check", action="store_true", help="exit 1 if an acceptance threshold is missed")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure throughput")
    args = parser.parse_args(argv)

    rulebase = load_rulebase()
    started = time.perf_counter()
    classifier = Classifier(rulebase)
    build_ms = (time.perf_counter() - started) * 1000
    cases = load_cases()
    results = classify_all(classifier, cases)

    overall = Tally()
    by_family: dict[str, Tally] = defaultdict(Tally)
    by_language: dict[str, Tally] = defaultdict(Tally)
    wrong = []
    for case, result in zip(cases, results, strict=True):
        for tally in (overall, by_family[case["family"]], by_language[case["language"]]):
            tally.add(case, result)
        top = result.codes[0].label if result.codes else None
        wanted = case.get("expected_code")
        firsts = {result.codes[0].label, result.codes[0].entry_id} if result.codes else set()
        top_ok = not wanted or bool(set(wanted.split("|")) & firsts)
        if result.status != case["expected_status"] or not top_ok:
            wrong.append((case, result.status, top))

    header = f"{'slice':<36} {'cases':>5} {'top-1':>7} {'top-3':>7} {'status':>7} {'missed':>8} {'false+':>8}"
    print(
        f"Classification benchmark: {len(cases)} labelled cases, rule base {rulebase.version} ({rulebase.digest[:19]}…)"
    )
    print("missed = controlled items called not_controlled; false+ = not-controlled items called controlled\n")
    print(header)
    print(overall.row("OVERALL"))
    print("\nby family")
    for name in sorted(by_family):
        print(by_family[name].row(name))
    print("\nby language")
    for name in sorted(by_language):
        print(by_language[name].row(name))

    speed = throughput(classifier, cases, args.seconds)
    print(
        f"\nthroughput, one core, one thread ({speed['passes']:.0f} passes over {len(cases)} cases): "
        f"{speed['cpu_median']:,.0f} items/s by CPU time (best pass {speed['cpu_best']:,.0f}; "
        f"{1e6 / speed['cpu_median']:,.0f} µs per item); {speed['wall_median']:,.0f} items/s by wall-clock time "
        f"(best {speed['wall_best']:,.0f}); classifier built in {build_ms:,.0f} ms"
    )

    if args.errors or wrong:
        print(f"\n{len(wrong)} case(s) with a wrong status or top code:")
        for case, status, top in wrong:
            print(
                f"  {case['id']} [{case['language']}] {case['description']!r} on {case['as_of']}: expected "
                f"{case['expected_status']} / {case.get('expected_code')}, got {status} / {top}"
            )

    figures = {
        "top1": overall.top1 / max(overall.coded, 1),
        "missed": overall.missed / max(overall.controlled, 1),
        "false_controlled": overall.false_controlled / max(overall.uncontrolled, 1),
        "items_per_second": speed["cpu_median"],
    }
    failed = [
        name
        for name, limit in THRESHOLDS.items()
        if (figures[name] < limit if name in ("top1", "items_per_second") else figures[name] > limit)
    ]
    if failed:
        print(f"\nacceptance thresholds missed: {', '.join(failed)}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
