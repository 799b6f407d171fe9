"""Service fixtures: a store on SQLite and on PostgreSQL (when given), and rule bases to change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from dualuse.rulebase import RuleBase, default_path, load_rulebase
from tests.store.conftest import AT, store, store_url  # noqa: F401 - fixtures shared with the storage tests

__all__ = ["AT", "change_party", "designate"]


def designate(root: Path, *, file: str, party: dict[str, Any], version: str) -> RuleBase:
    """Add one designated party to the designation ``file`` of the rule base at ``root``, bump its version, load it."""
    path = root / "designations" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["parties"].append(party)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    manifest = root / "rulebase.yaml"
    text = manifest.read_text(encoding="utf-8")
    old_version = yaml.safe_load(text)["version"]
    manifest.write_text(text.replace(f'version: "{old_version}"', f'version: "{version}"'), encoding="utf-8")
    return load_rulebase(root)


@pytest.fixture
def rulebase_copy(tmp_path: Path) -> Callable[[], Path]:
    """A function returning a fresh copy of the bundled rule base to change."""

    def copy() -> Path:
        target = tmp_path / f"rulebase-{len(list(tmp_path.glob('rulebase-*')))}" / "cn"
        shutil.copytree(default_path(), target)
        return target

    return copy


def change_party(root: Path, *, file: str, entity_id: str, version: str, **fields: Any) -> RuleBase:
    """Change fields of one designated party in the rule base at ``root``, bump its version, load it."""
    path = root / "designations" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    party = next(p for p in data["parties"] if p["id"] == entity_id)
    party.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    manifest = root / "rulebase.yaml"
    text = manifest.read_text(encoding="utf-8")
    old_version = yaml.safe_load(text)["version"]
    manifest.write_text(text.replace(f'version: "{old_version}"', f'version: "{version}"'), encoding="utf-8")
    return load_rulebase(root)
