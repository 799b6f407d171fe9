"""Bad order lines give clear per-row errors through `dualuse determine`; the rest of the file goes on."""

from __future__ import annotations

import json
from datetime import date

import orjson
import pytest
from typer.testing import CliRunner

from dualuse.cli.app import app
from dualuse.determine import transaction_from_dict
from dualuse.determine.input import with_row_own
from dualuse.errors import InputError

GOOD = {"id": "ok", "as_of": "2026-03-01", "item": {"description": "Samarium oxide"},
        "end_user": {"name": "防衛省", "country": "JP"}, "destination": "JP"}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"as_of": "2026-02-30"}, "as_of", "not a real date"),
        ({"as_of": None}, "as_of", "missing"),
        ({"destination": "XX"}, "destination", "not a known country code"),
        ({"end_user": {"name": "A", "country": "Nippon-ish"}}, "end_user.country", "not a known country code"),
        ({"item": {"description": ""}}, "item.description", "missing or empty"),
        ({"item": {"description": "x", "hs_code": "28A5"}}, "item.hs_code", "not a customs code"),
        ({"end_user": None}, "end_user", "missing"),
        ({"military_end_use": "perhaps"}, "military_end_use", "not true, false or null"),
        ({"quantity": "a lot"}, "quantity", "not a number"),
        ({"catch_all_risks": ["piracy"]}, "catch_all_risks", "unknown risk"),
        ({"id": ""}, "id", "missing"),
    ],
)
def test_bad_fields_are_named(change: dict[str, object], field: str, words: str) -> None:
    """Each malformed field raises an InputError naming that field and saying what is wrong."""
    with pytest.raises(InputError) as caught:
        transaction_from_dict({**GOOD, **change})

    assert caught.value.field == field
    assert words in caught.value.problem


def test_country_names_are_understood() -> None:
    """Country names in English, Chinese and Japanese become ISO codes."""
    for name in ("Japan", "日本", "jp", "ＪＰ"):
        assert transaction_from_dict({**GOOD, "destination": name}).destination == "JP"


def test_cli_writes_one_line_per_input_and_continues_after_errors() -> None:
    """Malformed lines, an impossible date and a date before the law each get an error line; others are determined."""
    lines = [
        orjson.dumps(GOOD).decode(),
        '{"id": "broken", "as_of": ',
        orjson.dumps({**GOOD, "id": "bad-date", "as_of": "2026-13-01"}).decode(),
        orjson.dumps({**GOOD, "id": "too-early", "as_of": "2019-05-01"}).decode(),
        orjson.dumps({**GOOD, "id": "bad-country", "destination": "Atlantis"}).decode(),
        orjson.dumps({**GOOD, "id": "last"}).decode(),
    ]

    result = CliRunner().invoke(app, ["determine", "-"], input="\n".join(lines) + "\n")

    out = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [o.get("id") for o in out] == ["ok", "broken", "bad-date", "too-early", "bad-country", "last"]
    assert out[0]["outcome"] == "prohibited"
    assert out[-1]["outcome"] == "prohibited"
    assert "not valid JSON" in out[1]["error"]
    assert "as_of" in out[2]["error"] and "not a real date" in out[2]["error"]
    assert "2020-12-01" in out[3]["error"]
    assert "destination" in out[4]["error"]
    for determined in (out[0], out[-1]):
        assert {"rulebase_version", "rulebase_digest", "engine_version", "as_of", "citations"} <= set(determined)
        assert any(c["instrument"] == "MOFCOM-2026-1" for c in determined["citations"])


FULL = {**GOOD, "exporter": {"name": "Baotou Trading", "country": "CN"}, "consignee": {"name": "Kobe Port", "country": "JP"},
        "importer": {"name": "Osaka Import"}, "end_use": "magnets", "military_end_use": "false",
        "catch_all_risks": ["military"], "licence": {"number": "L-1", "control_codes": "1C902.a"},
        "quantity": "12.5", "unit": "kg"}  # fmt: skip


@pytest.mark.parametrize("own", [{"id": "row-2"}, {"id": "row-3", "quantity": "7", "unit": "t"}, {"id": 4, "quantity": None}])
def test_a_row_built_from_an_equal_line_is_the_row_built_afresh(own: dict[str, object]) -> None:
    """A batch worker builds a repeated line's rows from the first row's transaction: field for field the same."""
    template = transaction_from_dict(FULL)
    assert with_row_own(template, {**FULL, **own}) == transaction_from_dict({**FULL, **own})
    # The same line on another day (or on the run's date, where the row gives none) is read with its own date.
    for day, default in (("2026-07-15", None), (None, date(2026, 8, 1))):
        line = {**FULL, **own, "as_of": day}
        built = with_row_own(template, line, default_as_of=default)
        assert built == transaction_from_dict(line, default_as_of=default) and built.as_of != template.as_of


@pytest.mark.parametrize(("own", "field"), [({"id": ""}, "id"), ({"quantity": "-1"}, "quantity"),
                                            ({"as_of": "2026-02-30"}, "as_of"), ({"as_of": None}, "as_of")])  # fmt: skip
def test_a_row_of_its_own_is_still_checked(own: dict[str, object], field: str) -> None:
    """Only the row's own values (and its date, where asked) are read again, with the same checks and messages."""
    with pytest.raises(InputError) as afresh:
        transaction_from_dict({**FULL, **own})
    with pytest.raises(InputError) as reused:
        with_row_own(transaction_from_dict(FULL), {**FULL, **own}, default_as_of=None)
    assert (reused.value.field, str(reused.value)) == (afresh.value.field, str(afresh.value)) == (field, str(afresh.value))
