"""Bad input gives a clear per-row error and the rest is still screened; `dualuse screen` writes one line per row."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from dualuse.cli.app import app
from dualuse.errors import CoverageError, InputError
from dualuse.rulebase import RuleBase
from dualuse.screen import Screener
from tests.screen.conftest import AFTER_ALL_LISTINGS

BAD_NAMES = [
    ("", "name", "empty"),
    ("   ", "name", "empty"),
    ("a" * 10_000, "name", "10,000 characters"),
    ("Mitsubishi\x00Zosen", "name", "control characters (U+0000)"),
    ("IHI\x1b[31m", "name", "control characters (U+001B)"),
    ("Ê\ufffdã", "name", "wrong encoding"),
    ("!!! ---", "name", "no letters or digits"),
    (None, "name", "no name"),
    (12345, "name", "expected the name as text"),
]


@pytest.mark.parametrize(("name", "field", "problem"), BAD_NAMES)
def test_unscreenable_name_is_an_input_error(screener: Screener, name: Any, field: str, problem: str) -> None:
    """A name that cannot be screened raises an InputError naming the field and the problem."""
    with pytest.raises(InputError) as error:
        screener.screen(name, as_of=AFTER_ALL_LISTINGS)
    assert error.value.field == field
    assert problem in error.value.problem


@pytest.mark.parametrize(
    ("country", "as_of", "field"),
    [("Japan", AFTER_ALL_LISTINGS, "country"), ("JP", None, "as_of"), (None, "2026-13-01", "as_of")],
)
def test_bad_country_or_date_is_an_input_error(screener: Screener, country: Any, as_of: Any, field: str) -> None:
    """A country that is not a two-letter code, or a missing or malformed date, is refused."""
    with pytest.raises(InputError) as error:
        screener.screen("JAXA", country=country, as_of=as_of)
    assert error.value.field == field


def test_date_before_the_law_is_not_covered(screener: Screener) -> None:
    """Screening on a day before the Export Control Law entered into force is refused."""
    with pytest.raises(CoverageError):
        screener.screen("JAXA", as_of=date(2019, 1, 1))


def _run(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(app, ["screen", *args], input=stdin)
    lines = [orjson.loads(line) for line in result.stdout_bytes.splitlines() if line.strip().startswith(b"{")]
    return result.exit_code, lines


def test_cli_screens_json_lines_in_order_with_errors_per_row(tmp_path: Path, rulebase: RuleBase) -> None:
    """Each input line gives one output line, in order; bad lines give an error and the run goes on."""
    source = tmp_path / "parties.jsonl"
    rows = [
        b'{"id": "1", "name": "\xe4\xb8\x89\xe8\x8f\xb1\xe9\x80\xa0\xe8\x88\xb9\xe6\xa0\xaa\xe5\xbc\x8f\xe6\x9c\x83\xe7\xa4\xbe", "country": "JP"}',
        b'{"id": "2", "name": ""}',
        b'{"id": "3", "name": "' + b"x" * 10_000 + b'"}',
        b'{"id": "4", "name": "IHI\\u0007"}',
        b'{"id": "5", not json',
        b'{"id": "6", "name": "Mitsubishi Heavy Industries, Ltd."}',
        b'{"id": "7", "name": "Echodyne", "as_of": "2025-06-01"}',
    ]
    source.write_bytes(b"\n".join(rows) + b"\n")
    output = tmp_path / "out.jsonl"
    code, _ = _run(str(source), "--as-of", "2026-03-01", "--output", str(output))
    lines = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    assert code == 0
    assert [line["id"] for line in lines] == ["1", "2", "3", "4", "5", "6", "7"]
    assert lines[0]["matches"][0]["entity_id"] == "MOFCOM-2026-11:01"
    assert lines[0]["matches"][0]["citations"][0]["instrument"] == "MOFCOM-2026-11"
    assert {key: lines[0][key] for key in ("as_of", "rulebase_version", "rulebase_digest")} == {
        "as_of": "2026-03-01",
        "rulebase_version": rulebase.version,
        "rulebase_digest": rulebase.digest,
    }
    assert "engine_version" in lines[0]
    assert "empty" in lines[1]["error"]
    assert "10,000 characters" in lines[2]["error"]
    assert "control characters" in lines[3]["error"]
    assert "not valid JSON" in lines[4]["error"]
    assert lines[5]["matches"] == [] and lines[5]["related"]
    assert (lines[6]["as_of"], lines[6]["matches"][0]["status"]) == ("2025-06-01", "active")


def test_cli_reads_a_csv_with_a_wrongly_encoded_row(tmp_path: Path) -> None:
    """A CSV row in the wrong encoding gets an error; the other rows are screened (headers in any case)."""
    source = tmp_path / "parties.csv"
    source.write_bytes(
        "id,Name,Country\n1,三菱造船株式会社,JP\n".encode() + b"2,\x8eO\x95H\x91\xa2\x91D,JP\n" + b"3,Echodyne,US\n"
    )
    code, lines = _run(str(source), "--as-of", "2025-06-01")
    assert code == 0
    assert [line["id"] for line in lines] == ["1", None, "3"]  # an undecodable row's id cannot be read either
    assert lines[0]["matches"] == []  # designated only on 2026-02-24
    assert lines[0]["related"][0]["status"] == "designated_later"
    assert "row 2" in lines[1]["error"]
    assert "not valid utf-8" in lines[1]["error"]
    assert lines[2]["matches"][0]["entity_id"] == "MOFCOM-2025-22:03"


def test_cli_reads_xlsx_and_standard_input(tmp_path: Path) -> None:
    """An .xlsx sheet and JSON lines on standard input are screened alike."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "name", "country", "as_of"])
    sheet.append(["a", "ＴＤＫ株式会社", "JP", date(2026, 3, 1)])
    path = tmp_path / "parties.xlsx"
    workbook.save(path)
    _, from_sheet = _run(str(path))
    _, from_stdin = _run("-", stdin=b'{"id": "a", "name": "TDK Corporation", "as_of": "2026-03-01"}\n')
    assert from_sheet[0]["matches"][0]["entity_id"] == from_stdin[0]["matches"][0]["entity_id"] == "MOFCOM-2026-12:12"


def test_cli_default_date_is_the_rule_base_research_date(tmp_path: Path, rulebase: RuleBase) -> None:
    """Without --as-of or a row date, the rule base's research date is used, never the clock."""
    _, lines = _run("-", stdin=b'{"id": "x", "name": "JAXA"}\n')
    assert lines[0]["as_of"] == rulebase.manifest.researched_as_of.isoformat()


def test_cli_extra_list_hits_are_labelled_by_file(tmp_path: Path) -> None:
    """--extra-list adds a list whose hits carry the file's name as their source."""
    extra = tmp_path / "house_list.csv"
    extra.write_text("name,aliases,country,list\nNorthwind Precision,NWP,US,blocked\n", encoding="utf-8")
    _, lines = _run("-", "--extra-list", str(extra), stdin=b'{"id": "x", "name": "Northwind Precision Inc."}\n')
    match = lines[0]["matches"][0]
    assert (match["source"], match["list"], match["legal_effect"]) == ("house_list", "blocked", [])
