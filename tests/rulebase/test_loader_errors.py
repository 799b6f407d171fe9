"""A broken rule file is rejected with a message naming the file, the record and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dualuse.cli.app import app
from dualuse.errors import RuleBaseError
from dualuse.rulebase import default_path, load_rulebase

BROKEN = Path(__file__).parent / "broken"
INSTRUMENT = "instruments/MOFCOM-2026-99.yaml"

# fixture file, where it is placed, expected record, expected field, words the message must contain
CASES = [
    ("missing_field.yaml", INSTRUMENT, "MOFCOM-2026-99", "title_en", "required"),
    ("bad_date.yaml", INSTRUMENT, "MOFCOM-2026-99", "effective", "date"),
    ("unknown_field.yaml", INSTRUMENT, "MOFCOM-2026-99", "efective", "unknown field"),
    ("no_sources.yaml", INSTRUMENT, "MOFCOM-2026-99", "sources", "at least 1"),
    ("suspension_without_start.yaml", INSTRUMENT, "MOFCOM-2026-99", "suspensions.from", "first day"),
    ("wrong_file_name.yaml", INSTRUMENT, "MOFCOM-2026-98", "id", "file name must equal the instrument id"),
    ("bad_confidence.yaml", "designations/TEST.yaml", "TEST:01", "confidence", "'high'"),
    ("bad_country.yaml", "designations/TEST.yaml", "TEST:02", "country", "pattern"),
    ("no_names.yaml", "designations/TEST.yaml", "TEST:03", "names", "at least one of en, zh or ja"),
    ("bad_control_code.yaml", "control_list/TEST.yaml", "TEST-ENTRY", "codes", "five-character control code"),
    ("bad_customs_code.yaml", "control_list/TEST.yaml", "TEST-ENTRY", "reference_customs_codes.0.code", "pattern"),
    ("unknown_predicate.yaml", "measures/test.yaml", "test.measure", "conditions", "unknown predicate"),
    ("bad_outcome.yaml", "measures/test.yaml", "test.measure", "outcome", "prohibited"),
    ("not_yaml.yaml", INSTRUMENT, None, None, "not valid YAML at line"),
    ("not_a_mapping.yaml", INSTRUMENT, None, None, "expected a mapping"),
    ("not_utf8.yaml", INSTRUMENT, None, None, "not UTF-8"),
]


def broken_copy(tmp_path: Path, fixture: str, target: str) -> Path:
    """A copy of the bundled rule base with one broken file put in place."""
    root = tmp_path / "cn"
    shutil.copytree(default_path(), root)
    (root / target).write_bytes((BROKEN / fixture).read_bytes())
    return root


def test_every_fixture_is_used() -> None:
    """Each broken fixture file is exercised by exactly one case."""
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(c[0] for c in CASES)


@pytest.mark.parametrize(("fixture", "target", "record", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_loader_names_file_record_and_field(
    tmp_path: Path, fixture: str, target: str, record: str | None, field: str | None, words: str
) -> None:
    """The loader's error names the broken file, record and field, and says what was expected."""
    root = broken_copy(tmp_path, fixture, target)

    with pytest.raises(RuleBaseError) as caught:
        load_rulebase(root)

    error = caught.value
    assert error.file == target
    assert error.record == record
    assert error.field == field
    assert words in str(error)
    assert str(error).startswith(target)


def test_cli_exits_2_and_names_the_place(tmp_path: Path) -> None:
    """`dualuse rulebase check` on a broken rule base exits with status 2 and names file, record and field."""
    root = broken_copy(tmp_path, "bad_date.yaml", INSTRUMENT)

    result = CliRunner().invoke(app, ["rulebase", "check", "--rulebase", str(root)])

    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "instruments/MOFCOM-2026-99.yaml" in message
    assert "record MOFCOM-2026-99" in message
    assert "field effective" in message


def test_missing_manifest_is_named(tmp_path: Path) -> None:
    """A folder without rulebase.yaml is refused with a message saying so."""
    with pytest.raises(RuleBaseError, match=r"no rulebase\.yaml manifest"):
        load_rulebase(tmp_path)


def test_stray_file_is_refused(tmp_path: Path) -> None:
    """A YAML file outside the known folders is refused, naming the file."""
    root = tmp_path / "cn"
    shutil.copytree(default_path(), root)
    (root / "misc").mkdir()
    (root / "misc" / "x.yaml").write_text("a: 1\n")

    with pytest.raises(RuleBaseError, match=r"misc/x\.yaml: unexpected file"):
        load_rulebase(root)
