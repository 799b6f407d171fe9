"""The same order book in every supported encoding and format gives the same determinations."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest
from openpyxl import Workbook

from dualuse.rulebase import RuleBase
from dualuse.services.check import CheckOptions, check_file
from tests.check.conftest import example_rows, write_csv


def outcomes(folder: Path) -> dict[str, tuple[str, str]]:
    """Outcome and reasons per order id, from a run's checked.csv."""
    with (folder / "checked.csv").open(encoding="utf-8-sig") as handle:
        return {row["order_id"]: (row["outcome"], row["reasons"]) for row in csv.DictReader(handle)}


def encodable(rows: list[dict[str, str]], encoding: str) -> list[dict[str, str]]:
    """The rows whose every cell can be written in ``encoding``."""
    kept = []
    for row in rows:
        try:
            "".join(row.values()).encode(encoding)
        except UnicodeEncodeError:
            continue
        kept.append(row)
    return kept


def write_xlsx(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    """Write rows to a workbook."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row[h] for h in header])
    book.save(path)
    return path


def write_jsonl(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    """Write rows as JSON lines with the same keys as the CSV header."""
    path.write_bytes(b"".join(orjson.dumps({h: row[h] for h in header}) + b"\n" for row in rows))
    return path


def run(path: Path, tmp_path: Path, rulebase: RuleBase, name: str) -> dict[str, tuple[str, str]]:
    """Check one file in-process and return its outcomes."""
    out = tmp_path / f"out-{name}"
    check_file(path, out, rulebase, options=CheckOptions(workers=1), store_url=f"sqlite:///{tmp_path / name}.sqlite3")
    return outcomes(out)


@pytest.mark.parametrize("variant", ["utf-8-sig", "gb18030", "cp932", "xlsx", "jsonl"])
def test_same_determinations_in_every_format(tmp_path: Path, rulebase: RuleBase, variant: str) -> None:
    """UTF-8 with BOM, GB18030, Shift_JIS (CP932), XLSX and JSON lines all give the UTF-8 CSV's outcomes and reasons."""
    header, rows = example_rows()
    if variant == "cp932":
        rows = encodable(rows, "cp932")
        assert len(rows) >= 25  # most of the example is Shift_JIS-encodable; 氧化铽粉 and similar are not
    reference = run(write_csv(tmp_path / "reference.csv", header, rows), tmp_path, rulebase, "reference")
    if variant in ("xlsx", "jsonl"):
        writer = write_xlsx if variant == "xlsx" else write_jsonl
        path = writer(tmp_path / f"book.{variant}", header, rows)
    else:
        path = write_csv(tmp_path / "book.csv", header, rows, encoding=variant)

    result = run(path, tmp_path, rulebase, variant)

    assert result == reference
    assert {o for o, _ in result.values()} >= {"prohibited", "licence_required", "no_licence_required"}
