"""checked.csv, checked.jsonl and checked.xlsx read back as written: every input cell and every outcome column."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import orjson
import pytest
from openpyxl import load_workbook

from dualuse.explain.report import OUTPUT_COLUMNS, ReportRow, RunSummary, write_reports
from dualuse.explain.report.answer import compact
from dualuse.explain.report.columns import output_headers
from tests.explain.builders import CountingRows, summarise


def read_csv(path: Path) -> list[dict[str, str]]:
    """checked.csv as a list of dicts, header by header."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_echoes_every_input_cell_then_the_output_columns(tmp_path: Path, summary: RunSummary,
                                                             report_rows: list[ReportRow]) -> None:  # fmt: skip
    """Each CSV row holds the input cells unchanged, in order, then the twelve output columns."""
    files = write_reports(tmp_path, summary, CountingRows(report_rows))
    with files.checked_csv.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [*summary.headers, *OUTPUT_COLUMNS]
    back = read_csv(files.checked_csv)
    assert len(back) == len(report_rows)
    for row, line in zip(report_rows, back, strict=True):
        assert {h: line[h] for h in summary.headers} == dict(row.cells)
        assert line["outcome"] == (row.outcome or "")
        assert line["error"] == (row.error or "")
        assert line["rulebase_digest"] == summary.versions["rulebase_digest"]
    # Byte for byte what csv.writer writes for those fields (lines are put together from pre-written parts).
    raw = files.checked_csv.read_bytes()
    with files.checked_csv.open(encoding="utf-8-sig", newline="") as handle:
        fields = list(csv.reader(handle))
    rewritten = io.StringIO(newline="")
    csv.writer(rewritten).writerows(fields)
    assert raw == rewritten.getvalue().encode("utf-8-sig")


def test_csv_output_columns_for_a_prohibited_row(
    tmp_path: Path, summary: RunSummary, report_rows: list[ReportRow]
) -> None:
    """The Control-List row gives its reason, short citation labels, control code and the party hit."""
    files = write_reports(tmp_path, summary, CountingRows(report_rows))
    line = read_csv(files.checked_csv)[1]
    assert line["order_id"] == "SO-26-0002"
    assert line["outcome"] == "prohibited"
    assert line["individual_licence_only"] == "false"
    assert line["reasons"].startswith("Mitsubishi Heavy Industries Shipbuilding Co. is on MOFCOM's Control List")
    assert " | The item is on China's dual-use Control List (1C902.a.5)" in line["reasons"]
    assert line["citations"].split(" | ") == [
        "ECL Art. 18", "MOFCOM Ann 2026 No. 11", "ECL Art. 12", "State Council Order No. 792 Art. 2",
        "MOFCOM+GACC Ann 2025 No. 18",
    ]  # fmt: skip
    assert line["control_codes"] == "1C902.a.5"
    assert (
        line["parties_hit"]
        == "MOFCOM-2026-11:01 三菱造船株式会社 / Mitsubishi Heavy Industries Shipbuilding Co. (Control List)"
    )
    assert line["as_of"] == "2026-03-02"


def test_csv_review_and_watch_list_rows(tmp_path: Path, summary: RunSummary, report_rows: list[ReportRow]) -> None:
    """A review row carries its question; a Watch-List row is marked individual licence only."""
    lines = {
        line["order_id"]: line
        for line in read_csv(write_reports(tmp_path, summary, CountingRows(report_rows)).checked_csv)
    }
    assert lines["SO-26-0014"]["outcome"] == "review"
    assert lines["SO-26-0014"]["questions"].startswith("Ask the supplier for the missing technical parameters")
    assert lines["SO-26-0014"]["control_codes"] == "MOFCOM-GACC-2025-58/B-1 (candidate)"
    assert lines["SO-26-0003"]["individual_licence_only"] == "true"
    assert lines["SO-26-0021"]["outcome"] == ""
    assert lines["SO-26-0021"]["error"].startswith("as_of: '2026-02-30' is not a date")


def test_jsonl_round_trip(tmp_path: Path, summary: RunSummary, report_rows: list[ReportRow]) -> None:
    """Each JSON line is {"row", "input", "determination", "error"}: the input as given, CJK unescaped, and the
    answer (outcome, reasons, questions, citations) rather than the whole findings tree."""
    files = write_reports(tmp_path, summary, CountingRows(report_rows))
    raw = files.checked_jsonl.read_bytes()
    assert "防衛装備庁".encode() in raw
    lines = [orjson.loads(line) for line in raw.splitlines()]
    expected = [
        {"row": r.number, "input": dict(r.cells), "determination": compact(r.determination) if r.determination else None,
         "error": r.error}
        for r in report_rows
    ]  # fmt: skip
    assert lines == expected
    # Byte for byte what orjson writes for each object (the lines are put together from pre-written pieces).
    assert raw == b"".join(orjson.dumps(e, option=orjson.OPT_APPEND_NEWLINE, default=str) for e in expected)
    decided = [line["determination"] for line in lines if line["determination"]]
    assert all(d["outcome"] and d["citations"] and "findings" not in d for d in decided)
    assert any(d["reasons"] for d in decided) and any(d["questions"] for d in decided)
    assert list(lines[0]["input"]) == list(summary.headers)


def test_xlsx_round_trip_matches_the_csv(tmp_path: Path, report_rows: list[ReportRow], headers: tuple[str, ...],
                                         versions: dict[str, str]) -> None:  # fmt: skip
    """A workbook input also gets checked.xlsx whose "checked" sheet holds the same table as checked.csv."""
    summary = summarise(report_rows, headers, versions, source_format="xlsx", source="orders/book.xlsx")
    files = write_reports(tmp_path, summary, CountingRows(report_rows))
    assert files.checked_xlsx is not None
    workbook = load_workbook(files.checked_xlsx, read_only=True)
    assert workbook.sheetnames == ["checked", "run"]
    table = [["" if v is None else v for v in row] for row in workbook["checked"].iter_rows(values_only=True)]
    with files.checked_csv.open(encoding="utf-8-sig", newline="") as handle:
        assert table == list(csv.reader(handle))
    run = dict(workbook["run"].iter_rows(values_only=True))
    assert run["rulebase_digest"] == versions["rulebase_digest"]
    assert run["rows prohibited"] == "2"
    workbook.close()


def test_files_written_from_one_read_of_the_rows(tmp_path: Path, report_rows: list[ReportRow],
                                                   headers: tuple[str, ...], versions: dict[str, str]) -> None:  # fmt: skip
    """A CSV input gives four files and a workbook input five, each from one read of the rows."""
    rows = CountingRows(report_rows)
    files = write_reports(tmp_path / "csv", summarise(report_rows, headers, versions), rows)
    assert files.checked_xlsx is None
    assert [p.name for p in files.all()] == ["checked.csv", "checked.jsonl", "report.html", "summary.json"]
    assert rows.calls == 1
    rows = CountingRows(report_rows)
    files = write_reports(tmp_path / "xlsx", summarise(report_rows, headers, versions, source_format="xlsx"), rows)
    assert [p.name for p in files.all()] == [
        "checked.csv",
        "checked.jsonl",
        "checked.xlsx",
        "report.html",
        "summary.json",
    ]
    assert rows.calls == 1
    assert sorted(p.name for p in (tmp_path / "xlsx").iterdir()) == sorted(p.name for p in files.all())
    assert files.as_dict() == {
        "checked_csv": tmp_path / "xlsx" / "checked.csv",
        "checked_jsonl": tmp_path / "xlsx" / "checked.jsonl",
        "checked_xlsx": tmp_path / "xlsx" / "checked.xlsx",
        "report_html": tmp_path / "xlsx" / "report.html",
        "summary_json": tmp_path / "xlsx" / "summary.json",
    }


def test_cells_that_are_not_text_are_written_as_text(
    tmp_path: Path, headers: tuple[str, ...], versions: dict[str, str]
) -> None:
    """A reader that passes None or a number for a cell still gets clean text in every file."""
    cells: dict[str, Any] = dict.fromkeys(headers, None)
    cells.update(order_id="SO-1", quantity=500)
    rows = [ReportRow(1, cells, None, "end_user: missing")]
    files = write_reports(tmp_path, summarise(rows, headers, versions, source_format="xlsx"), CountingRows(rows))
    line = read_csv(files.checked_csv)[0]
    assert (line["order_id"], line["quantity"], line["end_user"]) == ("SO-1", "500", "")
    assert "Row 1" in files.report_html.read_text(encoding="utf-8")


def test_summary_json_is_written(tmp_path: Path, summary: RunSummary, report_rows: list[ReportRow]) -> None:
    """summary.json is the summary's own JSON form."""
    files = write_reports(tmp_path, summary, CountingRows(report_rows))
    assert orjson.loads(files.summary_json.read_bytes()) == orjson.loads(orjson.dumps(summary.to_dict()))


@pytest.mark.parametrize(
    ("input_headers", "expected_tail"),
    [
        (("order_id",), list(OUTPUT_COLUMNS)),
        (("order_id", "outcome", "error"), ["dualuse_outcome", *OUTPUT_COLUMNS[1:-1], "dualuse_error"]),
        (("outcome", "dualuse_outcome"), ["dualuse_dualuse_outcome", *OUTPUT_COLUMNS[1:]]),
    ],
)
def test_output_headers_never_repeat_an_input_header(input_headers: tuple[str, ...], expected_tail: list[str]) -> None:
    """A checked file checked again keeps its old columns and gets new ones under a dualuse_ prefix."""
    headers = output_headers(input_headers)
    assert headers[len(input_headers) :] == expected_tail
    assert len(set(headers)) == len(headers)


def test_xlsx_cells_are_xml_safe_and_within_excels_limit(tmp_path: Path, headers: tuple[str, ...],
                                                         versions: dict[str, str]) -> None:  # fmt: skip
    """Control characters are replaced and an over-long cell is cut with a pointer to checked.jsonl."""
    cells: dict[str, Any] = dict.fromkeys(headers, "")
    cells.update(order_id="SO-BAD\x00\x07", item_description="x" * 40_000)
    rows = [ReportRow(1, cells, None, "item_description: too long")]
    summary = summarise(rows, headers, versions, source_format="xlsx")
    files = write_reports(tmp_path, summary, CountingRows(rows))
    assert files.checked_xlsx is not None
    sheet = load_workbook(files.checked_xlsx)["checked"]
    assert sheet["A2"].value == "SO-BAD\ufffd\ufffd"
    description = sheet.cell(row=2, column=headers.index("item_description") + 1).value
    assert len(description) == 32_767
    assert description.endswith("[cut: the full text is in checked.jsonl]")
