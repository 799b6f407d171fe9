"""Users' extra lists (FollowTheMoney JSON lines, simple tables) are screened beside the Chinese lists, apart from them."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from dualuse.adapters.lists import load_extra_list
from dualuse.errors import InputError
from dualuse.rulebase import RuleBase
from dualuse.screen import ExtraList, ExtraParty, Screener
from tests.screen.conftest import AFTER_ALL_LISTINGS

FTM_ENTITIES = [
    {
        "id": "os-acme",
        "schema": "Company",
        "properties": {
            "name": ["Acme Rocket Works Ltd."],
            "alias": ["ACME Raketen"],
            "country": ["gb"],
            "topics": ["sanction"],
        },
        "datasets": ["gb_hmt_sanctions"],
    },
    {"id": "os-sanction-1", "schema": "Sanction", "properties": {"entity": ["os-acme"], "authority": ["HMT"]}},
    {"id": "os-ivanov", "schema": "Person", "properties": {"name": ["Ivan Petrovich Ivanov"], "country": ["ru"]}},
]


@pytest.fixture
def ftm_file(tmp_path: Path) -> Path:
    """A FollowTheMoney JSON-lines file with a company, a sanction record and a person."""
    path = tmp_path / "opensanctions.jsonl"
    path.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in FTM_ENTITIES))
    return path


def test_ftm_parties_are_read_and_other_schemata_skipped(ftm_file: Path) -> None:
    """Companies and persons are read with their names and countries; a Sanction record is not a party."""
    extra = load_extra_list(ftm_file)
    assert extra.label == "opensanctions"
    assert [p.id for p in extra.parties] == ["os-acme", "os-ivanov"]
    assert extra.parties[0] == ExtraParty(
        "os-acme", ("Acme Rocket Works Ltd.", "ACME Raketen"), ("GB",), "sanction", "Company"
    )


@pytest.mark.parametrize("query", ["Acme Rocket Works", "ACME RAKETEN GmbH", "Ivanov Ivan Petrovich"])
def test_extra_list_hit_is_labelled_by_source_without_chinese_legal_effect(
    rulebase: RuleBase, ftm_file: Path, query: str
) -> None:
    """A hit on an extra list carries the list's label and no Chinese legal effect or citation."""
    screener = Screener(rulebase, extra_lists=[load_extra_list(ftm_file)])
    match = screener.screen(query, as_of=AFTER_ALL_LISTINGS).matches[0]
    assert match.source == "opensanctions"
    assert match.entity_id.startswith("os-")
    assert (match.legal_effect, match.citations, match.party) == ((), (), None)
    assert "no Chinese legal effect" in match.explanation


def test_table_list_reads_aliases_and_countries(tmp_path: Path, rulebase: RuleBase) -> None:
    """A CSV list gives names, ';'-separated aliases, countries and a list label per row."""
    path = tmp_path / "in_house.csv"
    path.write_text("name,aliases,country,list\nBlue Harbour Trading,BHT;蓝港贸易,HK,watch\n", encoding="utf-8")
    extra = load_extra_list(path)
    assert extra.parties == (ExtraParty("in_house:1", ("Blue Harbour Trading", "BHT", "蓝港贸易"), ("HK",), "watch"),)
    match = Screener(rulebase, extra_lists=[extra]).screen("藍港貿易", as_of=AFTER_ALL_LISTINGS).matches[0]
    assert (match.entity_id, match.list, match.source) == ("in_house:1", "watch", "in_house")


def test_extra_lists_do_not_change_chinese_hits(rulebase: RuleBase, screener: Screener) -> None:
    """A designated party is found with the same score whether or not extra lists are loaded."""
    extra = ExtraList("decoys", (ExtraParty("d1", ("Mitsubishi Heavy Industries Aero",)),))
    with_extra = Screener(rulebase, extra_lists=[extra]).screen(
        "Mitsubishi Heavy Industries Aero Engines", as_of=AFTER_ALL_LISTINGS
    )
    without = screener.screen("Mitsubishi Heavy Industries Aero Engines", as_of=AFTER_ALL_LISTINGS)
    chinese = [(m.entity_id, m.score) for m in with_extra.matches if m.source == "MOFCOM"]
    assert chinese == [(m.entity_id, m.score) for m in without.matches]


@pytest.mark.parametrize(
    ("file_name", "content", "problem"),
    [
        ("broken.jsonl", b'{"id": "a", "schema": "Company", "properties": {"name": ["A"]}}\n{not json\n', "row 2"),
        ("no_id.jsonl", b'{"schema": "Company", "properties": {"name": ["A"]}}\n', "needs an 'id'"),
        ("bad_name.jsonl", b'{"id": "a", "schema": "Company", "properties": {"name": ["A\\u0007B"]}}\n', "control"),
        ("no_name.csv", b"title,country\nAcme,GB\n", "no 'name' column"),
        ("list.pdf", b"%PDF", "unsupported list format"),
    ],
)
def test_broken_list_is_refused_with_file_and_line(
    tmp_path: Path, file_name: str, content: bytes, problem: str
) -> None:
    """A broken extra list stops the import with an error naming the file (and line)."""
    path = tmp_path / file_name
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        load_extra_list(path)
    assert problem in str(error.value)
    assert file_name in str(error.value)
