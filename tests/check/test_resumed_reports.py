"""A resumed run writes the same report files as a run that was never interrupted."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from dualuse.rulebase import RuleBase
from dualuse.services.check import CheckOptions, check_file


class Interrupted(Exception):
    """Stands for a crash part-way through a run."""


@pytest.mark.parametrize("workers", [1, 2])
def test_resumed_run_writes_the_files_of_an_uninterrupted_one(tmp_path: Path, big_order_book: Path,
                                                              rulebase: RuleBase, workers: int) -> None:  # fmt: skip
    """Rows kept before the interruption are written from the store, the rest as determined: the same bytes."""
    options = CheckOptions(chunk_size=250, workers=workers)
    whole = check_file(big_order_book, tmp_path / "whole", rulebase, options=options,
                       store_url=f"sqlite:///{tmp_path / 'whole.sqlite3'}")  # fmt: skip
    interrupted_store = f"sqlite:///{tmp_path / 'interrupted.sqlite3'}"
    started: list[str] = []

    def crash_after_750_rows(done: int, total: int) -> None:
        if done >= 750:
            raise Interrupted

    with pytest.raises(Interrupted):
        check_file(big_order_book, tmp_path / "resumed", rulebase, options=options, store_url=interrupted_store,
                   progress=crash_after_750_rows, started=started.append)  # fmt: skip
    assert not list((tmp_path / "resumed").glob("*.partial")), "an interrupted run leaves no half-written file"
    assert not (tmp_path / "resumed" / "checked.csv").exists()
    resumed = check_file(big_order_book, tmp_path / "resumed", rulebase, options=options, store_url=interrupted_store,
                         resume=started[0])  # fmt: skip

    assert resumed.resumed_from == 750
    assert resumed.counts == whole.counts
    for name in ("checked.csv", "checked.jsonl"):
        assert (tmp_path / "resumed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    summaries = [orjson.loads((tmp_path / folder / "summary.json").read_bytes()) for folder in ("whole", "resumed")]
    for summary in summaries:
        for own in ("run_id", "started_at", "finished_at"):
            summary.pop(own)
    assert summaries[0] == summaries[1]
