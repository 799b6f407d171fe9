"""A file that cannot be read to the end is refused before any work, naming file, row and column;
a broken row is reported on its own and the rest of the file is read."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from dualuse.batch import SourceRow, inspect_source, read_batches
from dualuse.errors import InputError

HEADER = "order_id,ship_date,item_description,end_user\n"
GOOD = "SO-{n},2026-03-02,酸化ジスプロシウム {n},株式会社SUBARU\n"


def good_rows(first: int, last: int) -> str:
    """Well-formed UTF-8 rows numbered first..last."""
    return "".join(GOOD.format(n=n) for n in range(first, last + 1))


def write(path: Path, content: bytes | str) -> Path:
    """Write a fixture file; text is written as UTF-8."""
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def empty(tmp: Path) -> Path:
    """A file of no bytes at all."""
    return write(tmp / "empty.csv", b"")


def blank(tmp: Path) -> Path:
    """A file of blank lines."""
    return write(tmp / "blank.csv", "\r\n  \r\n\n")


def header_only(tmp: Path) -> Path:
    """A header row and nothing after it but a blank row."""
    return write(tmp / "header_only.csv", HEADER + ",,,\n")


def binary(tmp: Path) -> Path:
    """A PNG image saved with a .csv name."""
    return write(tmp / "image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)


def renamed_workbook(tmp: Path) -> Path:
    """An XLSX workbook renamed to .csv."""
    workbook = Workbook()
    workbook.active.append(["item", "end user"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write(tmp / "orders.csv", buffer.getvalue())


def nul_in_row(tmp: Path) -> Path:
    """A NUL byte inside row 3's end-user cell."""
    return write(
        tmp / "nul.csv", HEADER + good_rows(1, 2) + "SO-3,2026-03-02,Gallium,Arizona\x00Wafer\n" + good_rows(4, 5)
    )


def huge_line(tmp: Path) -> Path:
    """Row 3 is a single line of two megabytes."""
    return write(
        tmp / "huge.csv", HEADER + good_rows(1, 2) + "SO-3,2026-03-02," + "x" * 2_000_000 + ",Acme\n" + good_rows(4, 5)
    )


def huge_last_line(tmp: Path) -> Path:
    """The last row is a single line of two megabytes without a line break at the end."""
    return write(tmp / "huge_last.csv", HEADER + good_rows(1, 3) + "SO-4,2026-03-02,Acme," + "y" * 2_000_000)


def mixed_encodings(tmp: Path) -> Path:
    """A UTF-8 file whose row 3 was pasted in from a Shift_JIS (CP932) file."""
    pasted = "SO-3,2026-03-02,酸化テルビウム,防衛装備庁\n".encode("cp932")
    return write(tmp / "mixed.csv", (HEADER + good_rows(1, 2)).encode() + pasted + good_rows(4, 6).encode())


def mixed_late(tmp: Path) -> Path:
    """A UTF-8 file of half a megabyte whose row 9000 is in GB18030."""
    pasted = "SO-9000,2026-03-02,氧化镝,中国稀土集团\n".encode("gb18030")
    return write(
        tmp / "mixed_late.csv", (HEADER + good_rows(1, 8999)).encode() + pasted + good_rows(9001, 9002).encode()
    )


def mixed_header(tmp: Path) -> Path:
    """A UTF-8 file whose header row is in CP932."""
    return write(
        tmp / "mixed_header.csv", "注文番号,出荷日,品名,最終需要者\n".encode("cp932") + good_rows(1, 3).encode()
    )


def duplicate_headers(tmp: Path) -> Path:
    """A header row with the item column twice."""
    return write(tmp / "duplicate.csv", "order_id,item_description,ship_date,item_description,end_user\n")


def unsupported(tmp: Path) -> Path:
    """An old binary Excel file."""
    return write(tmp / "orders.xls", b"\xd0\xcf\x11\xe0")


def no_extension(tmp: Path) -> Path:
    """A file with no extension."""
    return write(tmp / "orders", HEADER + good_rows(1, 1))


def unreadable_xlsx(tmp: Path) -> Path:
    """A file named .xlsx that is not a workbook."""
    return write(tmp / "orders.xlsx", b"this is not a zip archive")


def empty_xlsx(tmp: Path) -> Path:
    """A workbook whose first sheet is empty."""
    path = tmp / "empty.xlsx"
    Workbook().save(path)
    return path


def missing_column(tmp: Path) -> Path:
    """A file without an end-user column."""
    return write(tmp / "missing.csv", "order_id,ship_date,item_description\nSO-1,2026-03-02,Gallium\n")


def utf16(tmp: Path) -> Path:
    """A file saved by Excel as 'Unicode Text' (UTF-16)."""
    return write(tmp / "unicode.txt", (HEADER + good_rows(1, 2)).encode("utf-16"))


def json_array(tmp: Path) -> Path:
    """A JSON array instead of JSON lines."""
    return write(tmp / "orders.json", '[{"item": "Gallium", "end_user": "Acme", "as_of": "2026-03-02"}]\n')


def jsonl_mixed(tmp: Path) -> Path:
    """JSON lines whose second line is in CP932."""
    first = '{"item": "酸化ジスプロシウム", "end_user": "株式会社SUBARU", "as_of": "2026-03-02"}\n'.encode()
    second = '{"item": "Gallium", "end_user": "防衛装備庁", "as_of": "2026-03-02"}\n'.encode("cp932")
    return write(tmp / "orders.jsonl", first + second)


def jsonl_huge(tmp: Path) -> Path:
    """JSON lines whose third order line is two megabytes long."""
    line = '{"item": "Gallium", "end_user": "Acme", "as_of": "2026-03-02"}\n'
    return write(tmp / "orders.jsonl", line + "\n" + line + '{"item": "' + "z" * 2_000_000 + '"}\n')


FATAL: list[tuple[Callable[[Path], Path], int | None, str | None, str]] = [
    (empty, None, None, "empty"),
    (blank, None, None, "empty"),
    (header_only, None, None, "header row but no data rows"),
    (binary, None, None, "binary file"),
    (renamed_workbook, None, None, "zip archive"),
    (nul_in_row, 3, "end_user", "binary file"),
    (huge_line, 3, None, "row 3: this row is 2,000,021 bytes long"),
    (huge_last_line, 4, None, "row 4: this row is 2,000,021 bytes long"),
    (mixed_encodings, 3, "item_description", "not UTF-8 text.*looks like Shift_JIS/CP932"),
    (mixed_late, 9000, "item_description", "not UTF-8 text.*mixes encodings"),
    (mixed_header, None, None, "header row"),
    (duplicate_headers, None, "item_description", "twice"),
    (unsupported, None, None, r"unsupported file type '\.xls'.*save it as \.xlsx"),
    (no_extension, None, None, "unsupported file type"),
    (unreadable_xlsx, None, None, "not a readable .xlsx workbook"),
    (empty_xlsx, None, None, "empty"),
    (missing_column, None, "end_user.name", "no column for end_user.name"),
    (utf16, None, None, "UTF-16"),
    (json_array, 1, None, "JSON array"),
    (jsonl_mixed, 2, "end_user", "not UTF-8 text"),
    (jsonl_huge, 3, None, "row 3: this row is 2,000,012 bytes long"),
]


@pytest.mark.parametrize(("make", "row", "field", "says"), FATAL, ids=[case[0].__name__ for case in FATAL])
def test_fatal_input_is_refused_before_any_work(
    tmp_path: Path, make: Callable[[Path], Path], row: int | None, field: str | None, says: str
) -> None:
    """Each kind of unusable file raises InputError from inspect_source, naming the file, row and column."""
    path = make(tmp_path)
    with pytest.raises(InputError, match=says) as caught:
        inspect_source(path)
    assert caught.value.file == str(path)
    assert (caught.value.row, caught.value.field) == (row, field)


def test_missing_file_is_named(tmp_path: Path) -> None:
    """A path that is not there is refused, naming it."""
    with pytest.raises(InputError, match="no such file"):
        inspect_source(tmp_path / "nowhere.csv")


def read_rows(path: Path, **options: bool) -> list[SourceRow]:
    """Every row of a file."""
    return [row for batch in read_batches(inspect_source(path, **options)) for row in batch]


def test_broken_rows_are_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    """Rows with a bad date, quantity, country or width each carry their own error; the other rows are read."""
    path = write(
        tmp_path / "出荷.csv",
        "注文番号,出荷日,品名,最終需要者,数量,仕向地\n"
        "A,2026-03-02,Gallium,Acme,1,JP\n"
        "B,02/03/2026,Gallium,Acme,1,JP\n"
        "C,2026-02-30,Gallium,Acme,1,JP\n"
        "D,2026-03-02,Gallium,Acme,ten,JP\n"
        "E,2026-03-02,Gallium,Acme,1,Atlantis\n"
        "F,2026-03-02,Gallium,Acme\n"
        "G,2026-03-02,,Acme,1,JP\n"
        "H,,Gallium,Acme,1,JP\n"
        'I,2026-03-02,Gallium,Acme,"1,500",日本\n',
    )
    rows = read_rows(path)
    assert [row.number for row in rows] == list(range(1, 10))
    problems = [(row.number, row.error.field, row.error.problem) if row.error else None for row in rows]
    assert problems[0] is None
    assert problems[8] is None
    assert rows[8].order is not None
    assert (rows[8].order["quantity"], rows[8].order["destination"]) == ("1500", "JP")
    expected = [
        (2, "出荷日", "ambiguous"),
        (3, "出荷日", "has no day 30"),
        (4, "数量", "not a quantity"),
        (5, "仕向地", "not a country"),
        (6, None, "4 cells but the header has 6 columns"),
        (7, "品名", "needs its item description"),
        (8, "出荷日", "needs its shipment date"),
    ]
    for (number, field, says), problem in zip(expected, problems[1:8], strict=True):
        assert problem is not None
        assert problem[:2] == (number, field)
        assert says in problem[2]
    for row in rows[1:8]:
        assert row.order is None
        assert row.error is not None
        assert row.error.file == str(path)
        assert row.error.row == row.number


def test_blank_date_is_fine_when_the_date_is_given(tmp_path: Path) -> None:
    """With one shipment date for the whole file, a blank date cell is not an error."""
    path = write(tmp_path / "orders.csv", "item,end user,date\nGallium,Acme,\n")
    [row] = read_rows(path, as_of_given=True)
    assert row.error is None
    assert row.order == {"id": "1", "item": {"description": "Gallium"}, "end_user": {"name": "Acme"}}


def test_unclosed_quote_is_a_row_error(tmp_path: Path) -> None:
    """A quote that is never closed swallows the rest of the file into one row, which is reported as such."""
    path = write(
        tmp_path / "orders.csv", HEADER + good_rows(1, 2) + 'SO-3,2026-03-02,"Gallium,Acme\n' + good_rows(4, 5)
    )
    info = inspect_source(path)
    rows = [row for batch in read_batches(info) for row in batch]
    assert info.rows == len(rows) == 3
    assert rows[2].error is not None
    assert "never to be closed" in rows[2].error.problem


def test_bad_json_line_is_a_row_error(tmp_path: Path) -> None:
    """A JSON line that does not parse, or is not an object, is an error for that row only."""
    path = write(
        tmp_path / "orders.jsonl",
        '{"item": "Gallium", "end_user": "Acme", "as_of": "2026-03-02"}\n{"item": \n[1, 2]\n'
        '{"item": "Gallium", "end_user": "Acme", "as_of": "2026-03-02"}\n',
    )
    rows = read_rows(path)
    assert [row.error is None for row in rows] == [True, False, False, True]
    assert rows[1].error is not None
    assert "not valid JSON" in rows[1].error.problem
    assert rows[2].error is not None
    assert "expected a JSON object" in rows[2].error.problem


def test_xlsx_value_outside_the_header_is_a_row_error(tmp_path: Path) -> None:
    """An XLSX row with a value in a column that has no header is an error naming the sheet row and column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["item", "end user", "date"])
    sheet.append(["Gallium", "Acme", "2026-03-02"])
    sheet.append(["Gallium", "Acme", "2026-03-02", None, "stray"])
    path = tmp_path / "orders.xlsx"
    workbook.save(path)
    rows = read_rows(path)
    assert rows[0].error is None
    assert rows[1].error is not None
    assert "sheet row 3 has a value in column E" in rows[1].error.problem


def test_rows_of_the_wrong_width_keep_their_place_across_blocks(tmp_path: Path) -> None:
    """With rows of the wrong width and blank rows scattered over many parsing blocks, every row keeps its number."""
    lines, expected = [HEADER], []
    for n in range(1, 3001):
        if n % 97 == 0:
            lines.append(f"SO-{n},2026-03-02,short\n")
            expected.append((n, False))
        else:
            lines.append(GOOD.format(n=n))
            expected.append((n, True))
        if n % 89 == 0:
            lines.append(",,,\n\n")
    path = write(tmp_path / "orders.csv", "".join(lines))
    info = dataclasses.replace(inspect_source(path), block_size=4096)
    assert info.rows == 3000
    for start in (1, 1000, 2997):
        batches = list(read_batches(info, batch_size=700, start_row=start))
        assert [len(batch) for batch in batches[:-1]] == [700] * (len(batches) - 1)  # unreadable rows count too
        rows = [row for batch in batches for row in batch]
        assert [(row.number, row.error is None) for row in rows] == expected[start - 1 :]
        assert all(row.order["id"] == f"SO-{row.number}" for row in rows if row.order)
