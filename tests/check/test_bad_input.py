"""Bad order books stop before any work: a message naming file, row and column, exit status 2, nothing stored."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dualuse.cli.app import app

HEADER = b"order_id,ship_date,item_description,end_user,end_user_country\n"
GOOD_ROW = b"SO-1,2026-03-02,Samarium oxide,Toyota Motor Corporation,JP\n"


def mixed_encodings(path: Path) -> None:
    """A UTF-8 file (with Japanese in row 1) whose row 2 is in Shift_JIS."""
    first = "SO-1,2026-03-02,酸化サマリウム,トヨタ自動車株式会社,JP\n".encode()
    path.write_bytes(HEADER + first + "SO-2,2026-03-02,酸化サマリウム,株式会社SUBARU,JP\n".encode("cp932"))


CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    ("empty", lambda p: p.write_bytes(b""), ["empty"]),
    ("header only", lambda p: p.write_bytes(HEADER), ["no data rows"]),
    ("binary", lambda p: p.write_bytes(b"\x00\x01\x02PK\x03\x04" * 200), ["binary"]),
    ("huge line", lambda p: p.write_bytes(HEADER + b"SO-1,2026-03-02," + b"x" * 2_000_000 + b",A,JP\n"), ["row 1"]),
    ("mixed encodings", mixed_encodings, ["row 2", "item_description"]),
    (
        "duplicate headers",
        lambda p: p.write_bytes(b"order_id,end_user,end_user,item_description\n1,A,B,C\n"),
        ["end_user"],
    ),
    ("missing column", lambda p: p.write_bytes(b"order_id,ship_date,end_user\n1,2026-03-02,A\n"), ["item"]),
]


@pytest.mark.parametrize(("name", "make", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_refused_before_any_work(
    tmp_path: Path, name: str, make: Callable[[Path], None], words: list[str]
) -> None:
    """The message names the file (and row and column where there is one); the exit status is 2; the store is untouched."""
    path = tmp_path / "book.csv"
    make(path)
    database = tmp_path / "store.sqlite3"

    result = CliRunner().invoke(app, ["check", str(path), "--out", str(tmp_path / "out"), "--quiet",
                                      "--store", f"sqlite:///{database}"])  # fmt: skip

    message = " ".join(result.output.split())
    assert result.exit_code == 2, message
    assert "book.csv" in message
    for word in words:
        assert word.casefold() in message.casefold(), message
    if database.exists():
        with sqlite3.connect(database) as connection:
            assert connection.execute("select count(*) from runs").fetchone()[0] == 0
    assert not (tmp_path / "out").exists()


def test_row_errors_do_not_stop_the_run(tmp_path: Path) -> None:
    """A malformed date or unknown country in one row becomes that row's error; the other rows are determined."""
    path = tmp_path / "book.csv"
    path.write_bytes(
        HEADER
        + GOOD_ROW
        + b"SO-2,2026-02-30,Samarium oxide,Toyota,JP\nSO-3,2026-03-02,Samarium oxide,Toyota,Atlantis\n"
    )

    result = CliRunner().invoke(app, ["check", str(path), "--out", str(tmp_path / "out"), "--quiet",
                                      "--store", f"sqlite:///{tmp_path / 's.sqlite3'}"])  # fmt: skip

    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "checked.csv").open(encoding="utf-8-sig") as handle:
        rows = {row["order_id"]: row for row in csv.DictReader(handle)}
    assert rows["SO-1"]["outcome"] == "review"  # a listed item to Japan with no declared end use
    assert "end use" in rows["SO-1"]["questions"]
    assert rows["SO-2"]["outcome"] == "" and "row 2" in rows["SO-2"]["error"] and "ship_date" in rows["SO-2"]["error"]
    assert (
        rows["SO-3"]["outcome"] == ""
        and "row 3" in rows["SO-3"]["error"]
        and "end_user_country" in rows["SO-3"]["error"]
    )
