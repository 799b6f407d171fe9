"""Order books read the same whatever format and encoding they come in."""

from __future__ import annotations

import csv
import io
import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dualuse.batch import SourceInfo, SourceRow, inspect_source, read_batches
from dualuse.determine.input import transaction_from_dict
from tests.batch.fixtures.order_book import HEADERS, LINES, expected_order, write_all


@pytest.fixture(scope="module")
def order_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same ten order lines in every format and encoding we read."""
    return write_all(tmp_path_factory.mktemp("order_books"))


def read_all(info: SourceInfo, **options: int) -> list[SourceRow]:
    """Every row of an inspected file, batches joined."""
    return [row for batch in read_batches(info, **options) for row in batch]


FORMATS = [
    ("utf-8 csv", "csv", "utf-8", "en"),
    ("utf-8-sig csv", "csv", "utf-8-sig", "en"),
    ("cp932 csv", "csv", "cp932", "ja"),
    ("gb18030 csv", "csv", "gb18030", "zh"),
    ("xlsx", "xlsx", None, "en"),
    ("jsonl", "jsonl", "utf-8", "en"),
]


@pytest.mark.parametrize(("name", "file_format", "encoding", "language"), FORMATS)
def test_every_format_and_encoding_gives_the_same_orders(
    order_books: dict[str, Path], name: str, file_format: str, encoding: str | None, language: str
) -> None:
    """The order book as UTF-8, BOM, CP932 or GB18030 CSV, XLSX or JSON lines gives identical order lines."""
    info = inspect_source(order_books[name])
    assert (info.format, info.encoding, info.rows) == (file_format, encoding, len(LINES))
    assert info.headers == HEADERS[language]
    assert info.unmapped == ()
    rows = read_all(info)
    assert [row.error for row in rows] == [None] * len(LINES)
    assert [row.number for row in rows] == list(range(1, len(LINES) + 1))
    assert [row.order for row in rows] == [expected_order(line) for line in LINES]


def test_orders_are_accepted_by_the_determination(order_books: dict[str, Path]) -> None:
    """Every order line read from a file is one that transaction_from_dict accepts."""
    for row in read_all(inspect_source(order_books["cp932 csv"])):
        assert row.order is not None
        order = {key: value for key, value in row.order.items() if key != "licence_number"}
        assert transaction_from_dict(order).id == row.order["id"]


def test_cells_keep_the_file_text_and_column_order(order_books: dict[str, Path]) -> None:
    """A row's cells are the file's own text under the file's own headers, in the file's column order."""
    rows = read_all(inspect_source(order_books["cp932 csv"]))
    assert list(rows[0].cells) == list(HEADERS["ja"])
    assert rows[0].cells["出荷日"] == "令和8年3月2日"
    assert rows[6].cells["用途"] == "Automotive sensors,\nnot for aircraft"


def test_source_info_describes_the_file(order_books: dict[str, Path]) -> None:
    """SourceInfo says how the file was read and which column fills which field, for the report."""
    info = inspect_source(order_books["gb18030 csv"])
    assert info.column_for("end_user.name") == "最终用户"
    assert info.column_for("importer.name") is None
    summary = info.to_dict()
    assert summary["encoding"] == "gb18030"
    assert summary["delimiter"] == ","
    assert summary["column_map"]["货物描述"] == "item.description"
    assert summary["rows"] == len(LINES)
    json.dumps(summary)


def test_xlsx_header_below_a_title_line_is_found(order_books: dict[str, Path]) -> None:
    """An XLSX whose header is below a title line is read from that header, and trailing blank rows are not rows."""
    info = inspect_source(order_books["xlsx"])
    assert (info.sheet, info.header_row, info.rows) == ("Sheet", 3, len(LINES))


def test_canonical_json_lines_are_read_as_they_are(tmp_path: Path) -> None:
    """A JSON line already in the canonical nested form gives the same order line back."""
    order = {
        "id": "A-1",
        "as_of": "2026-03-02",
        "item": {"description": "Gallium metal", "hs_code": "8112929010"},
        "end_user": {"name": "Arizona Wafer Inc.", "country": "US"},
        "catch_all_risks": ["wmd"],
        "licence": {"number": "L-1", "type": "general", "valid_to": "2026-12-31"},
    }
    path = tmp_path / "orders.jsonl"
    path.write_text(json.dumps(order) + "\n\n", encoding="utf-8")
    info = inspect_source(path)
    assert info.headers[:3] == ("id", "as_of", "item.description")
    [row] = read_all(info)
    assert row.order == order


@pytest.mark.parametrize(
    ("cells", "order_part"),
    [
        ({"licence_number": "L-9"}, {"licence_number": "L-9"}),
        ({"licence_number": "L-9", "licence type": "general"}, {"licence": {"number": "L-9", "type": "general"}}),
        ({"licence_number": "L-9", "licence type": ""}, {"licence_number": "L-9"}),
        ({"licence_number": "", "licence type": "general"}, {"licence": {"type": "general"}}),
    ],
)
def test_a_bare_licence_number_points_to_the_register(
    tmp_path: Path, cells: dict[str, str], order_part: dict[str, object]
) -> None:
    """A row with only a licence number gives "licence_number"; other licence cells make an inline licence."""
    path = tmp_path / "orders.csv"
    headers = ["item", "end user", *cells]
    path.write_text(",".join(headers) + "\nGallium,Arizona Wafer," + ",".join(cells.values()) + "\n", encoding="utf-8")
    [row] = read_all(inspect_source(path, as_of_given=True))
    assert (
        row.order == {"id": "1", "item": {"description": "Gallium"}, "end_user": {"name": "Arizona Wafer"}} | order_part
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("No", False), ("1", True), ("0", False), ("是", True), ("否", False), ("はい", True),
     ("いいえ", False), ("ＹＥＳ", True), ("", None), ("unknown", None)],
)  # fmt: skip
def test_military_end_use_answers(tmp_path: Path, text: str, value: bool | None) -> None:
    """Military end-use cells are read as yes, no, or not stated, in English, Chinese and Japanese."""
    path = tmp_path / "orders.csv"
    path.write_text(f"品名,最终用户,军事用途\nGallium,Arizona Wafer,{text}\n", encoding="utf-8")
    [row] = read_all(inspect_source(path, as_of_given=True))
    assert row.order is not None
    assert row.order.get("military_end_use") == value


def test_resuming_gives_the_rest_of_the_file(order_books: dict[str, Path]) -> None:
    """Reading from row 4 gives exactly rows 4 to 10 of a full read, in every format."""
    for path in order_books.values():
        info = inspect_source(path)
        assert read_all(info, start_row=4) == read_all(info)[3:]
        assert read_all(info, start_row=len(LINES) + 1) == []


def test_batches_have_the_asked_size(order_books: dict[str, Path]) -> None:
    """Rows come in batches of batch_size, the last one shorter."""
    batches = list(read_batches(inspect_source(order_books["utf-8 csv"]), batch_size=4))
    assert [len(batch) for batch in batches] == [4, 4, 2]


_PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_PRINTABLE, min_size=3, max_size=3), min_size=1, max_size=4))
def test_csv_written_by_python_reads_back_cell_for_cell(tmp_path: Path, rows: list[list[str]]) -> None:
    """Any rows of printable text, written by Python's csv module, are read back with the same cells."""
    assume(all(any(cell.strip() for cell in row) for row in rows))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["item", "end user", "note"])
    writer.writerows(rows)
    path = tmp_path / "property.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    info = inspect_source(path, as_of_given=True)
    assert info.rows == len(rows)
    assert [list(row.cells.values()) for row in read_all(info)] == rows


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_found_from_the_header(tmp_path: Path, delimiter: str) -> None:
    """Comma, semicolon, tab and pipe separated files are all read."""
    path = tmp_path / "orders.csv"
    lines = [["item", "end user", "date"], ["Gallium, 6N", "Arizona Wafer", "2026-03-02"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(lines)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    info = inspect_source(path)
    assert info.delimiter == delimiter
    [row] = read_all(info)
    assert row.cells == dict(zip(*lines, strict=True))


def test_plain_ascii_head_then_japanese_is_cp932(tmp_path: Path) -> None:
    """A CP932 file whose first quarter megabyte is plain ASCII is still recognised as CP932 when kanji appear."""
    path = tmp_path / "late.csv"
    filler = "".join(f"Gallium {n},Arizona Wafer,2026-03-02\n" for n in range(12_000))
    text = "item,end user,date\n" + filler + "酸化ジスプロシウム,株式会社SUBARU,令和8年3月2日\n"
    assert len(filler) > 256 * 1024
    path.write_bytes(text.encode("cp932"))
    info = inspect_source(path)
    assert info.encoding == "cp932"
    last = read_all(info)[-1]
    assert last.order is not None
    assert last.order["end_user"] == {"name": "株式会社SUBARU"}


def test_windows_1252_export_is_read(tmp_path: Path) -> None:
    """A European export in Windows-1252 is recognised, so umlauts in names are read correctly."""
    path = tmp_path / "bestellungen.csv"
    path.write_bytes("item;end user;date\nStahlrohre für Öfen;Müller GmbH Düsseldorf;02.03.2026\n".encode("cp1252"))
    info = inspect_source(path)
    assert info.encoding == "cp1252"
    [row] = read_all(info)
    assert row.order is not None
    assert row.order["end_user"] == {"name": "Müller GmbH Düsseldorf"}
    assert row.order["as_of"] == "2026-03-02"


def test_identifier_defaults_to_the_row_number(tmp_path: Path) -> None:
    """Without an order id column, each order line's id is its row number."""
    path = tmp_path / "orders.csv"
    path.write_text("item,end user\n" + "".join(f"{c},X\n" for c in string.ascii_uppercase[:3]), encoding="utf-8")
    assert [row.order["id"] for row in read_all(inspect_source(path, as_of_given=True)) if row.order] == ["1", "2", "3"]
