"""Benchmark determinations per second on one core, screening and classification included.

Two figures: "distinct" gives every order line its own lot number and customer suffix and turns the
engine's memo off, so every line is screened and classified from scratch; "order book" repeats
customers and items as real order books do, with the memo on.

    python bench/determine/run.py --lines 5000
"""

from __future__ import annotations

import argparse
import os
import random
import time
from typing import Any

import yaml

from dualuse.determine import Determiner, transaction_from_dict
from dualuse.rulebase import default_path, load_rulebase


def case_inputs() -> list[dict[str, Any]]:
    """The inputs of the legal cases: realistic order lines of every kind."""
    rows = []
    for path in sorted((default_path() / "cases").glob("*.yaml")):
        rows += [case["input"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    return rows


def distinct_lines(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Order lines that all differ: lot numbers in descriptions, suffixes on unlisted customers."""
    base = case_inputs()
    lines = []
    for number in range(count):
        row = dict(rng.choice(base))
        item = dict(row["item"])
        item["description"] = f"{item['description']} lot {number:06d}"
        row["item"] = item
        end_user = dict(row["end_user"])
        if rng.random() < 0.5:
            end_user["name"] = f"{end_user['name']} branch {number % 997}"
        row["end_user"] = end_user
        lines.append({"id": str(number), **row})
    return lines


def measure(determiner: Determiner, lines: list[dict[str, Any]]) -> float:
    """Determinations per second over ``lines``."""
    started = time.perf_counter()
    for line in lines:
        determiner.determine(transaction_from_dict(line)).to_dict()
    return len(lines) / (time.perf_counter() - started)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=5000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rng = random.Random(7)
    rulebase = load_rulebase()
    started = time.perf_counter()
    cold = Determiner(rulebase, cache_size=0)
    built = time.perf_counter() - started
    distinct = distinct_lines(args.lines, rng)
    measure(cold, distinct[:200])  # warm up code paths, not caches
    cold_rate = measure(cold, distinct)
    book = [{"id": str(n), **rng.choice(case_inputs())} for n in range(args.lines)]
    warm_rate = measure(Determiner(rulebase), book)
    print(f"engine built in {built:.2f} s (rule base {rulebase.version})")
    print(f"distinct lines, no memo: {cold_rate:,.0f} determinations/s on one core")
    print(f"order book (repeating customers and items), memo on: {warm_rate:,.0f} determinations/s on one core")


if __name__ == "__main__":
    main()
