"""A batch check reuses a reviewer's disposition on a counterparty's hit, and says so."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

from dualuse.rulebase import RuleBase
from dualuse.screen import Screener
from dualuse.services.check import CheckOptions, check_file
from dualuse.services.dispositions import record_disposition
from dualuse.store import open_store
from dualuse.store.counterparties import Counterparty
from dualuse.store.runs import RunStore

HEADER = "order_id,ship_date,item_description,end_user,end_user_country,end_use,military_end_use\n"
ROW = "SO-1,2026-03-05,Samarium oxide,Japan Marine United Corporation,JP,Ship motors,false\n"


def outcome(folder: Path) -> dict[str, str]:
    """The only row of a run's checked.csv."""
    with (folder / "checked.csv").open(encoding="utf-8-sig") as handle:
        return next(csv.DictReader(handle))


def test_false_positive_disposition_is_reused_by_the_batch(tmp_path: Path, rulebase: RuleBase) -> None:
    """Before the disposition the line is prohibited; after a false-positive disposition it is not, and says why."""
    book = tmp_path / "book.csv"
    book.write_text(HEADER + ROW, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    check_file(book, tmp_path / "before", rulebase, options=CheckOptions(workers=1), store_url=url)
    store = open_store(url)
    try:
        record_disposition(store, Screener(rulebase), counterparty=Counterparty("Japan Marine United Corporation", "JP"),
                           entity_id="MOFCOM-2026-11:17", decision="false_positive",
                           note="Different company of the same name (test)", as_of=date(2026, 3, 5), actor="reviewer",
                           at=datetime.now(UTC))  # fmt: skip
    finally:
        store.close()

    result = check_file(book, tmp_path / "after", rulebase, options=CheckOptions(workers=1), store_url=url)

    assert outcome(tmp_path / "before")["outcome"] == "prohibited"
    after = outcome(tmp_path / "after")
    assert after["outcome"] == "licence_required"
    assert "MOFCOM-2026-11:17" not in after["parties_hit"]
    store = open_store(url)
    try:
        issued = next(iter(RunStore(store).rows(result.run_id))).output
    finally:
        store.close()
    assert issued is not None
    moved = [m for m in issued["screening"]["end_user"]["related"] if m["entity_id"] == "MOFCOM-2026-11:17"]
    assert moved and "reused (false positive by reviewer" in moved[0]["caveats"][0]
    assert "the hit does not bind" in moved[0]["caveats"][0]
