"""Read the rule-base YAML files, validate them, and build the immutable RuleBase.

Every failure raises RuleBaseError naming the file, the record id and the field, and saying what
was expected.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dualuse.errors import RuleBaseError
from dualuse.rulebase import build
from dualuse.rulebase.base import RuleBase
from dualuse.rulebase.digest import content_digest
from dualuse.rulebase.files import (
    ControlListFile,
    DesignationFile,
    InstrumentFile,
    ManifestFile,
    MeasureSetsFile,
    MeasuresFile,
    MilitaryUsersFile,
)

Model = TypeVar("Model", bound=BaseModel)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FOLDERS: dict[str, type[BaseModel]] = {
    "instruments": InstrumentFile,
    "control_list": ControlListFile,
    "designations": DesignationFile,
    "military_users": MilitaryUsersFile,
}


def default_path() -> Path:
    """The rule base shipped inside the package (rulebase/cn)."""
    return Path(str(resources.files("dualuse.rulebase").joinpath("cn")))


def load_rulebase(path: Path | str | None = None) -> RuleBase:
    """Load, validate and cross-link the rule base at ``path`` (the bundled CN rule base by default)."""
    root = Path(path) if path else default_path()
    if not (root / "rulebase.yaml").is_file():
        raise RuleBaseError(str(root), None, None, "no rulebase.yaml manifest in this folder")
    files = sorted(p for p in root.rglob("*.yaml") if p.is_file())
    manifest = _read(root, root / "rulebase.yaml", ManifestFile)
    instruments: list[tuple[str, InstrumentFile]] = []
    control_lists: list[tuple[str, ControlListFile]] = []
    designations: list[tuple[str, DesignationFile]] = []
    military: list[tuple[str, MilitaryUsersFile]] = []
    measure_sets: list[tuple[str, MeasureSetsFile]] = []
    measures: list[tuple[str, MeasuresFile]] = []
    for file in files:
        relative = file.relative_to(root).as_posix()
        folder = relative.split("/", 1)[0] if "/" in relative else ""
        if relative == "rulebase.yaml" or folder in ("cases", "vocabulary"):
            continue
        if folder == "measures":
            if file.name == "measure_sets.yaml":
                measure_sets.append((relative, _read(root, file, MeasureSetsFile)))
            else:
                measures.append((relative, _read(root, file, MeasuresFile)))
            continue
        model = FOLDERS.get(folder)
        if model is None:
            raise RuleBaseError(
                relative, None, None, f"unexpected file; rule files live in {', '.join(sorted([*FOLDERS, 'measures']))}"
            )
        parsed = _read(root, file, model)
        buckets: dict[str, list[Any]] = {
            "instruments": instruments,
            "control_list": control_lists,
            "designations": designations,
            "military_users": military,
        }
        bucket = buckets[folder]
        bucket.append((relative, parsed))
    # Legal cases test the law; they are not part of it, so they do not change the digest.
    digest = content_digest(root, [f for f in files if f.relative_to(root).parts[0] != "cases"])
    return build.rulebase(
        manifest=manifest,
        instruments=instruments,
        control_lists=control_lists,
        designations=designations,
        measure_sets=measure_sets,
        measures=measures,
        military=military,
        digest=digest,
        root=root,
    )


def _read(root: Path, file: Path, model: type[Model]) -> Model:
    relative = file.relative_to(root).as_posix()
    try:
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    except UnicodeDecodeError as error:
        raise RuleBaseError(relative, None, None, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise RuleBaseError(
            relative, None, None, f"not valid YAML{where}: {getattr(error, 'problem', error)}"
        ) from None
    if not isinstance(raw, dict):
        raise RuleBaseError(
            relative, None, None, f"expected a mapping at the top of the file, got {type(raw).__name__}"
        )
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise _explain(relative, raw, error) from None


def _explain(relative: str, raw: dict[str, Any], error: ValidationError) -> RuleBaseError:
    first = error.errors()[0]
    loc = list(first["loc"])
    record = raw.get("id") if isinstance(raw.get("id"), str) else None
    node: Any = raw
    field_start = 0
    for index, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            record = node["id"]
            field_start = index + 1
    field = ".".join(str(p) for p in loc[field_start:]) or None
    problem = _problem(first)
    more = len(error.errors()) - 1
    if more:
        problem += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
    return RuleBaseError(relative, record, field, problem)


_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda e: "missing; this field is required",
    "extra_forbidden": lambda e: "unknown field; check its spelling against the file model",
}


def _problem(detail: Any) -> str:
    special = _MESSAGES.get(detail["type"])
    if special:
        return special(detail)
    return f"{detail['msg']} (got {detail.get('input')!r})"
