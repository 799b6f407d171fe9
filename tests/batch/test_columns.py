"""Column headers in English, Chinese and Japanese are recognised, and the --map option wins over them."""

from __future__ import annotations

import pytest

from dualuse.batch import CANONICAL_FIELDS, parse_mapping
from dualuse.batch.columns import check_headers, field_for_header, load_synonyms, map_columns
from dualuse.errors import InputError

SYNONYMS = [
    # English, with the spellings and punctuation exports actually use
    ("Consignee", "consignee.name"),
    ("ship-to", "consignee.name"),
    ("Ship To", "consignee.name"),
    ("Buyer", "importer.name"),
    ("End User", "end_user.name"),
    ("end_user", "end_user.name"),
    ("end_user.name", "end_user.name"),
    ("HS", "item.hs_code"),
    ("HS code", "item.hs_code"),
    ("HS_CODE", "item.hs_code"),
    ("Item Description", "item.description"),
    ("Qty", "quantity"),
    ("Quantity (kg)", "quantity"),
    ("Destination Country", "destination"),
    ("Country of Origin", "item.origin"),
    ("ECCN", "item.control_code"),
    ("License No.", "licence.number"),
    ("Licence number", "licence.number"),
    ("Ship Date", "as_of"),
    ("Order ID", "id"),
    ("Military end use", "military_end_use"),
    # full-width letters and ideographic spaces, as typed on a Japanese keyboard
    ("ＣＯＮＳＩＧＮＥＥ", "consignee.name"),
    ("ＨＳコード", "item.hs_code"),
    ("End\u3000User", "end_user.name"),
    # Chinese
    ("最终用户", "end_user.name"),
    ("收货人", "consignee.name"),
    ("品名", "item.description"),
    ("货物描述", "item.description"),
    ("税号", "item.hs_code"),
    ("商品编码", "item.hs_code"),
    ("出口商", "exporter.name"),
    ("目的国", "destination"),
    ("最终用途", "end_use"),
    ("数量", "quantity"),
    ("发货日期", "as_of"),
    ("管制编码", "item.control_code"),
    ("原产地", "item.origin"),
    ("许可证号", "licence.number"),
    ("进口商", "importer.name"),
    # Japanese
    ("収貨人", "consignee.name"),
    ("荷受人", "consignee.name"),
    ("品目", "item.description"),
    ("商品名", "item.description"),
    ("HSコード", "item.hs_code"),
    ("統計品目番号", "item.hs_code"),
    ("輸出者", "exporter.name"),
    ("仕向地", "destination"),
    ("用途", "end_use"),
    ("日付", "as_of"),
    ("出荷日", "as_of"),
    ("該非判定", "item.control_code"),
    ("原産国", "item.origin"),
    ("最終需要者", "end_user.name"),
    ("輸入者", "importer.name"),
    # bilingual headers and units in brackets
    ("品名 / Description", "item.description"),
    ("数量（kg）", "quantity"),
    # not a field
    ("Remarks", None),
    ("Country", None),
]


@pytest.mark.parametrize(("header", "field"), SYNONYMS)
def test_header_synonyms_are_recognised(header: str, field: str | None) -> None:
    """Each header an order book uses names the field a compliance officer would expect, or none."""
    assert field_for_header(header, load_synonyms().definite) == field


def test_every_field_is_recognised_by_its_own_name() -> None:
    """A column headed with a field's canonical name ("end_user.country") always maps to that field."""
    table = load_synonyms().definite
    assert {field: field_for_header(field, table) for field in CANONICAL_FIELDS} == {f: f for f in CANONICAL_FIELDS}


def test_customer_stands_for_the_end_user_only_without_an_end_user_column() -> None:
    """A fallback name like "Customer" is used only when no column names the end user outright."""
    alone, _ = map_columns(["Customer", "Item", "Date"], mapping=None, as_of_given=False, file="f.csv")
    assert alone["Customer"] == "end_user.name"
    both, unmapped = map_columns(["Customer", "End user", "Item", "Date"], mapping=None, as_of_given=False, file="f")
    assert both["End user"] == "end_user.name"
    assert unmapped == ("Customer",)


def test_parse_mapping_reads_the_map_option() -> None:
    """--map "品名=item.description,Kunde=end_user.name" gives a header-to-field mapping."""
    assert parse_mapping("品名=item.description, Kunde=end_user.name,Notiz=-") == {
        "品名": "item.description",
        "Kunde": "end_user.name",
        "Notiz": "-",
    }


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Kunde=customer", "'customer' is not a field"),
        ("Kunde", "COLUMN=FIELD"),
        ("=end_user.name", "COLUMN=FIELD"),
        ("Kunde=end_user.name,Kunde=importer.name", "twice"),
    ],
)
def test_parse_mapping_refuses_what_is_not_a_mapping(text: str, says: str) -> None:
    """A --map value that does not name real fields is refused with a sentence saying why."""
    with pytest.raises(InputError, match=says):
        parse_mapping(text)


def test_explicit_mapping_wins_over_synonyms() -> None:
    """A column mapped with --map takes the field, and a column that would have matched by name is left out."""
    headers = ["Artikel", "Kunde", "Datum", "品名", "Notes"]
    column_map, unmapped = map_columns(
        headers,
        mapping=parse_mapping("Artikel=item.description,kunde=end_user.name,Datum=as_of,Notes=-"),
        as_of_given=False,
        file="f.csv",
    )
    assert column_map == {"Artikel": "item.description", "Kunde": "end_user.name", "Datum": "as_of"}
    assert unmapped == ("品名", "Notes")


def test_mapping_a_column_the_file_lacks_names_it() -> None:
    """--map naming a column that is not in the file is an error naming that column."""
    with pytest.raises(InputError) as caught:
        map_columns(["品名", "最终用户", "日付"], mapping={"Kunde": "end_user.name"}, as_of_given=False, file="f.csv")
    assert caught.value.field == "Kunde"
    assert caught.value.file == "f.csv"


@pytest.mark.parametrize(
    ("headers", "as_of_given", "missing"),
    [
        (["最终用户", "日付"], False, "item.description"),
        (["品名", "日付"], False, "end_user.name"),
        (["品名", "最终用户"], False, "as_of"),
        (["Remarks"], True, "item.description"),
    ],
)
def test_missing_required_column_is_named(headers: list[str], as_of_given: bool, missing: str) -> None:
    """A file without a column for a required field is refused before any work, naming the field."""
    with pytest.raises(InputError, match=missing) as caught:
        map_columns(headers, mapping=None, as_of_given=as_of_given, file="f.csv")
    assert caught.value.field == missing
    assert caught.value.file == "f.csv"


def test_date_column_is_not_required_when_the_date_is_given() -> None:
    """With one shipment date for the whole file, a file without a date column is accepted."""
    column_map, _ = map_columns(["品名", "最终用户"], mapping=None, as_of_given=True, file="f.csv")
    assert set(column_map.values()) == {"item.description", "end_user.name"}


def test_two_columns_meaning_one_field_are_refused() -> None:
    """Two columns that both mean the end user stop the run, naming the second, until --map picks one."""
    headers = ["品名", "End user", "最终用户", "Date"]
    with pytest.raises(InputError, match="End user") as caught:
        map_columns(headers, mapping=None, as_of_given=False, file="f.csv")
    assert caught.value.field == "最终用户"
    chosen, unmapped = map_columns(headers, mapping={"最终用户": "end_user.name"}, as_of_given=False, file="f.csv")
    assert chosen["最终用户"] == "end_user.name"
    assert unmapped == ("End user",)


def test_duplicate_headers_are_named() -> None:
    """A header row with the same column twice is refused, naming the column."""
    with pytest.raises(InputError, match="columns 2 and 4") as caught:
        check_headers(["id", "品名", "qty", "品名"], file="f.csv")
    assert caught.value.field == "品名"
