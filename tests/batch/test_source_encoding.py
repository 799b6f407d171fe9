"""The encoding of a text export is found and reported, for the encodings order books come in."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.batch import inspect_source, read_batches

DETECTION = [
    ("plain ASCII", "item,end user,date\nGallium,Arizona Wafer,2026-03-02\n", "utf-8", "utf-8"),
    ("UTF-8 Japanese", "品名,最終需要者,出荷日\n酸化ジスプロシウム,株式会社SUBARU,2026-03-02\n", "utf-8", "utf-8"),
    ("UTF-8 with BOM", "品名,最终用户,日期\n氧化镝,中国稀土集团,2026-03-02\n", "utf-8-sig", "utf-8-sig"),
    ("CP932 with kana", "品名,最終需要者,出荷日\n酸化ジスプロシウム,株式会社SUBARU,令和8年3月2日\n", "cp932", "cp932"),
    (
        "CP932 kanji only",
        "品名,数量,仕向地,最終需要者,出荷日\n酸化物,100,日本,東京商事,令和8年3月2日\n",
        "cp932",
        "cp932",
    ),
    ("Shift_JIS half-width kana", "品名,最終需要者,出荷日\nｻﾝｶﾌﾞﾂ,ｶﾌﾞｼｷｶﾞｲｼｬ ﾄｳｷｮｳ,2026/03/02\n", "shift_jis", "cp932"),
    (
        "GB18030 simplified",
        "货物描述,最终用户,发货日期\n氧化镝粉末,中国稀土集团有限公司,2026年3月2日\n",
        "gb18030",
        "gb18030",
    ),
    ("GBK", "品名,最终用户,日期\n氧化镝,中国公司,2026-03-02\n", "gbk", "gb18030"),
    ("Windows-1252", "item;end user;date\nStahlrohre für Öfen;Müller GmbH;02.03.2026\n", "cp1252", "cp1252"),
]


@pytest.mark.parametrize(("case", "text", "written_as", "reported"), DETECTION, ids=[row[0] for row in DETECTION])
def test_encoding_is_detected_and_reported(
    tmp_path: Path, case: str, text: str, written_as: str, reported: str
) -> None:
    """Each export encoding is recognised, reported in SourceInfo, and its text read back unchanged."""
    path = tmp_path / "orders.csv"
    path.write_bytes(text.encode(written_as))
    info = inspect_source(path)
    assert info.encoding == reported, case
    [row] = [row for batch in read_batches(info) for row in batch]
    assert list(row.cells.values()) == text.splitlines()[1].split(info.delimiter or ",")


def test_quoted_header_with_a_line_break(tmp_path: Path) -> None:
    """A header cell holding a line break inside quotes is one header, not the start of the data."""
    path = tmp_path / "orders.csv"
    path.write_text('"品名\nDescription",最終需要者,出荷日\nGallium,Acme,2026-03-02\n', encoding="utf-8")
    info = inspect_source(path)
    assert info.headers[0] == "品名\nDescription"
    assert info.rows == 1
    [row] = [row for batch in read_batches(info) for row in batch]
    assert row.order is not None
    assert row.order["item"] == {"description": "Gallium"}


def test_map_option_reads_a_file_with_unknown_headers(tmp_path: Path) -> None:
    """A file whose headers we do not know is read once --map says which column is which."""
    path = tmp_path / "bestellungen.csv"
    path.write_text("Artikel;Kunde;Versanddatum;Bemerkung\nGalliummetall 6N;Optique Berlin GmbH;02.03.2026;eilig\n")
    info = inspect_source(path, {"Artikel": "item.description", "Kunde": "end_user.name", "Versanddatum": "as_of"})
    assert info.unmapped == ("Bemerkung",)
    [row] = [row for batch in read_batches(info) for row in batch]
    assert row.order == {
        "id": "1",
        "item": {"description": "Galliummetall 6N"},
        "end_user": {"name": "Optique Berlin GmbH"},
        "as_of": "2026-03-02",
    }
