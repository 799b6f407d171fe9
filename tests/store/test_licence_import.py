"""Importing licences from CSV and JSON lines: all or nothing, every problem named by file, row and field."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dualuse.errors import InputError
from dualuse.licences import LicenceType
from dualuse.store import AuditLog, LicenceRegister, read_licence_file
from tests.store.conftest import AT

HEADER = "number,type,holder,control_codes,end_user,destination,valid_from,valid_to,quantity,unit,value,currency\n"
GOOD_CSV = HEADER + (
    "IND-1,individual,Ganzhou Rare Metals,1C902.a;1C903,Magnetbau GmbH,de,2026-01-01,2026-12-31,100,kg,,\n"
    "GEN-1,通用许可,Ganzhou Rare Metals,1C902,,,2026-01-01,2028-12-31,,,500000,usd\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_csv_is_imported_whole(tmp_path: Path, register: LicenceRegister, audit: AuditLog) -> None:
    """Every row becomes a licence, with codes split, country and currency upper-cased, and each is audited."""
    parsed = register.import_file(_write(tmp_path, "licences.csv", GOOD_CSV), actor="officer", at=AT)
    assert parsed.errors == ()
    individual, general = register.get("IND-1"), register.get("GEN-1")
    assert individual.control_codes == ("1C902.a", "1C903")
    assert (individual.destination, individual.quantity_remaining, individual.unit) == ("DE", Decimal(100), "kg")
    assert (general.type, general.end_user, general.value_remaining, general.currency) == (
        LicenceType.GENERAL,
        None,
        Decimal(500000),
        "USD",
    )
    assert [r.details["imported_from"].endswith("licences.csv") for r in audit.records()] == [True, True]


def test_json_lines_take_lists_and_numbers(tmp_path: Path, register: LicenceRegister) -> None:
    """A JSON-lines file may give control codes as a list and quantities as numbers."""
    line = {
        "licence_id": "REG-1",
        "type": "registration certificate",
        "holder": "Baotou Steel",
        "control_codes": ["1C904"],
        "valid_from": "2026-02-01",
        "valid_to": "2026-07-31",
        "quantity": 12.5,
        "unit": "kg",
    }
    register.import_file(_write(tmp_path, "licences.jsonl", json.dumps(line) + "\n"), actor="officer", at=AT)
    stored = register.get("REG-1")
    assert (stored.type, stored.quantity_remaining, stored.valid_to) == (
        LicenceType.REGISTRATION_CERTIFICATE,
        Decimal("12.5"),
        date(2026, 7, 31),
    )


@pytest.mark.parametrize(
    ("row", "field", "problem"),
    [
        ("IND-2,individual,Acme,1C902,,DE,2026-01-01,2026-12-31,1,kg,,", "end_user", "named end user"),
        ("IND-2,single,Acme,1C902,X,DE,2026-01-01,2026-12-31,1,kg,,", "type", "not a licence type"),
        ("IND-2,individual,Acme,,X,DE,2026-01-01,2026-12-31,1,kg,,", "control_codes", "missing"),
        ("IND-2,individual,Acme,1C902,X,DEU,2026-01-01,2026-12-31,1,kg,,", "destination", "two-letter"),
        ("IND-2,individual,Acme,1C902,X,DE,2026-13-01,2026-12-31,1,kg,,", "valid_from", "YYYY-MM-DD"),
        ("IND-2,individual,Acme,1C902,X,DE,2026-06-01,2026-05-31,1,kg,,", "valid_to", "before it starts"),
        ("IND-2,individual,Acme,1C902,X,DE,2026-01-01,2026-12-31,ten,kg,,", "quantity", "not a number"),
        ("IND-2,individual,Acme,1C902,X,DE,2026-01-01,2026-12-31,-1,kg,,", "quantity", "zero or more"),
        ("IND-2,individual,Acme,1C902,X,DE,2026-01-01,2026-12-31,5,,,", "unit", "needs its unit"),
        ("IND-2,individual,Acme,1C902,X,DE,2026-01-01,2026-12-31,,,100,", "currency", "needs its currency"),
        ("IND-2,individual,,1C902,X,DE,2026-01-01,2026-12-31,1,kg,,", "holder", "required"),
        ("IND-1,individual,Acme,1C902,X,DE,2026-01-01,2026-12-31,1,kg,,", "licence_id", "also on row 1"),
    ],
)
def test_a_broken_row_is_named_and_nothing_is_imported(
    tmp_path: Path, register: LicenceRegister, row: str, field: str, problem: str
) -> None:
    """One broken row stops the import; its error names the file, row 3 and the field at fault."""
    path = _write(tmp_path, "licences.csv", GOOD_CSV + row + "\n")
    parsed = register.import_file(path, actor="officer", at=AT)
    assert len(parsed.errors) == 1, parsed.errors
    error = parsed.errors[0]
    assert (error.file, error.row, error.field) == (str(path), 3, field)
    assert problem in error.problem
    assert str(error).startswith(f"{path}: row 3: field {field}: ")
    assert register.list() == ()


def test_a_row_with_several_broken_fields_names_each(tmp_path: Path) -> None:
    """Every broken field of a row is reported, not only the first."""
    path = _write(tmp_path, "licences.csv", HEADER + "X,individual,Acme,1C902,,DEU,someday,2026-12-31,,,,\n")
    fields = sorted(error.field or "" for error in read_licence_file(path).errors)
    assert fields == ["destination", "end_user", "valid_from"]


def test_a_licence_already_in_the_register_is_an_error_on_its_row(tmp_path: Path, register: LicenceRegister) -> None:
    """Importing a file twice names each number already in the register and imports nothing more."""
    path = _write(tmp_path, "licences.csv", GOOD_CSV)
    register.import_file(path, actor="officer", at=AT)
    again = register.import_file(path, actor="officer", at=AT)
    assert [(e.row, e.field) for e in again.errors] == [(1, "licence_id"), (2, "licence_id")]
    assert "already in the register" in again.errors[0].problem


def test_an_unknown_column_is_reported_once(tmp_path: Path) -> None:
    """A misspelt column is named once, with the columns that are known."""
    text = HEADER.replace("valid_to", "valid_until")
    path = _write(tmp_path, "licences.csv", text + GOOD_CSV.splitlines(keepends=True)[1] * 2)
    unknown = [error for error in read_licence_file(path).errors if error.field == "valid_until"]
    assert len(unknown) == 1
    assert "unknown column" in unknown[0].problem


@pytest.mark.parametrize(
    ("name", "problem"), [("licences.xml", "unsupported file type"), ("missing.csv", "no such file")]
)
def test_an_unreadable_file_is_an_input_error(tmp_path: Path, name: str, problem: str) -> None:
    """A file of the wrong kind, or no file at all, is an input error naming it."""
    path = tmp_path / name
    if name.endswith(".xml"):
        path.write_text("<licences/>")
    with pytest.raises(InputError, match=problem):
        read_licence_file(path)


def test_a_malformed_json_line_is_named_and_the_rest_still_read(tmp_path: Path) -> None:
    """A line that is not JSON is an error on its row; the next line is still read."""
    good = json.dumps(
        {
            "number": "G",
            "type": "general",
            "holder": "A",
            "control_codes": "1C902",
            "valid_from": "2026-01-01",
            "valid_to": "2026-12-31",
        }
    )
    parsed = read_licence_file(_write(tmp_path, "licences.jsonl", "{not json\n" + good + "\n"))
    assert [e.row for e in parsed.errors] == [1]
    assert [licence.licence_id for _row, licence in parsed.licences] == ["G"]
