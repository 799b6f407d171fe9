"""`dualuse classify`: one JSON line per input row, in order, with per-row errors that do not stop the run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from dualuse.cli.app import app
from dualuse.rulebase import RuleBase

ROWS: list[dict[str, Any]] = [
    {"id": "r1", "description": "Sm2O3 99.99% powder", "hs_code": "2846901940"},
    {"id": "r2", "description": ""},
    {"id": "r3", "description": "HPHT diamond grit 40/50 mesh", "as_of": "2026-05-01"},
    {"id": "r4", "description": "x" * 100_000},
    {"id": "r5", "description": "Samarium oxide", "hs_code": "28A6"},
    {"id": "r6", "description": "Stainless steel pipes"},
    {"id": "r7", "description": "Dysprosium oxide", "as_of": "01/05/2026"},
]
EXPECTED = [
    ("r1", "controlled", None),
    ("r2", None, "field description"),
    ("r3", "not_controlled", None),
    ("r4", None, "field description"),
    ("r5", None, "field hs_code"),
    ("r6", "not_controlled", None),
    ("r7", None, "field as_of"),
]


def _lines(output: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in output.splitlines() if line.startswith("{")]


def _check(records: list[dict[str, Any]], rulebase: RuleBase, default_day: str) -> None:
    assert [r["id"] for r in records] == [e[0] for e in EXPECTED]
    for record, (_, status, error) in zip(records, EXPECTED, strict=True):
        if error:
            assert error in record["error"]
            continue
        assert record["status"] == status
        assert record["rulebase_digest"] == rulebase.digest
        assert record["rulebase_version"] == rulebase.version
        assert "engine_version" in record
    assert records[0]["codes"][0]["code"] == "1C902.b"
    assert records[0]["codes"][0]["citations"][0]["instrument"] == "MOFCOM-GACC-2025-18"
    assert records[0]["as_of"] == default_day
    assert records[2]["as_of"] == "2026-05-01"
    assert records[2]["codes"][0]["status"] == "suspended"


def test_json_lines_file(tmp_path: Path, rulebase: RuleBase) -> None:
    """A JSON-lines file is classified row by row on the rule base's research date unless a row says otherwise."""
    source = tmp_path / "lines.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in ROWS))
    result = CliRunner().invoke(app, ["classify", str(source)])
    assert result.exit_code == 0, result.output
    _check(_lines(result.stdout), rulebase, rulebase.manifest.researched_as_of.isoformat())


def test_standard_input_and_as_of_option(rulebase: RuleBase) -> None:
    """JSON lines on standard input are read, and --as-of sets the day for rows that give none."""
    stdin = b"".join(orjson.dumps(r) + b"\n" for r in ROWS)
    result = CliRunner().invoke(app, ["classify", "-", "--as-of", "2026-05-01"], input=stdin)
    assert result.exit_code == 0, result.output
    _check(_lines(result.stdout), rulebase, "2026-05-01")


def test_csv_and_output_file(tmp_path: Path, rulebase: RuleBase) -> None:
    """A CSV file is read and the JSON lines are written to --output."""
    source = tmp_path / "lines.csv"
    header = "id,description,hs_code,as_of\n"
    body = "".join(f'{r["id"]},"{r["description"]}",{r.get("hs_code", "")},{r.get("as_of", "")}\n' for r in ROWS)
    source.write_text(header + body, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["classify", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    _check(_lines(target.read_text(encoding="utf-8")), rulebase, rulebase.manifest.researched_as_of.isoformat())


def test_xlsx(tmp_path: Path, rulebase: RuleBase) -> None:
    """An .xlsx workbook is read from its first sheet, numeric customs codes included."""
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "description", "hs_code", "as_of"])
    for row in ROWS:
        hs = row.get("hs_code", "")
        sheet.append([row["id"], row["description"][:30_000], int(hs) if hs.isdigit() else hs, row.get("as_of", "")])
    source = tmp_path / "lines.xlsx"
    book.save(source)
    result = CliRunner().invoke(app, ["classify", str(source)])
    assert result.exit_code == 0, result.output
    records = _lines(result.stdout)
    assert records[0]["status"] == "controlled"
    assert [r.get("status") for r in records[5:6]] == ["not_controlled"]


@pytest.mark.parametrize(("argument", "words"), [("missing.jsonl", "no such file"), ("lines.txt.gz", "unsupported")])
def test_unreadable_input_file(tmp_path: Path, argument: str, words: str) -> None:
    """An input file that cannot be read at all stops the run with exit status 2 and a clear message."""
    if argument.endswith(".gz"):
        (tmp_path / argument).write_bytes(b"\x1f\x8b")
    result = CliRunner().invoke(app, ["classify", str(tmp_path / argument)])
    assert result.exit_code == 2
    assert words in " ".join(result.output.split())


def test_help_names_the_default_day() -> None:
    """--help says that the default day is the rule base's research date, never the clock."""
    result = CliRunner().invoke(app, ["classify", "--help"])
    assert result.exit_code == 0
    assert "researched_as_of" in " ".join(result.output.split())
