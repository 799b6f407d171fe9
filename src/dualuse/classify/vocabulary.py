"""The classification vocabulary: terms, matching rules and units, read from ``vocabulary/classification_*.yaml``.

The words that name an item (in English, simplified and traditional Chinese and Japanese), the chemical
formulas and trade names, the rule that ties a combination of words to a control-list entry, the units
and the sieve table are data, reviewed like the rule base itself. This module only validates them and
checks every reference against the loaded rule base, so a misspelt concept or entry id is an error that
names the file and the record, never a silent gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dualuse.errors import RuleBaseError
from dualuse.rulebase import RuleBase

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
M = TypeVar("M", bound=BaseModel)

#: The languages a term can be written in; evidence names the language a term came from.
LANGUAGES = ("en", "zh", "zh_hant", "ja")

ConceptKind = Literal[
    "element",
    "chemical_form",
    "article",
    "shape",
    "material",
    "product",
    "equipment",
    "context",
    "technology",
    "qualifier",
    "use",
    "device",
]
RuleKind = Literal["goods", "equipment", "technology"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Terms(_Model):
    """Words for one thing in each language (matched case-insensitively on NFKC text)."""

    en: list[str] = []
    zh: list[str] = []
    zh_hant: list[str] = []
    ja: list[str] = []


class ConceptModel(Terms):
    """A thing the description can name: an element, a chemical form, an article, equipment, a use …"""

    kind: ConceptKind
    label: str | None = None
    parent: str | None = None
    implies: list[str] = []
    symbol: str | None = None
    listed: bool = True
    standalone_symbol: bool = False
    formulas: list[str] = []
    not_followed_by: list[str] = []


class NeedModel(_Model):
    """A fact the rule needs before its entry can be decided (for example: does the magnet contain Dy?)."""

    concept: str
    ask: str


class RuleModel(_Model):
    """When a description falls under one control-list entry (or, for a generic rule, several)."""

    entry: str | None = None
    entries: list[str] = []
    kind: RuleKind = "goods"
    all: list[str] = []
    any: list[str] = []
    none: list[str] = []
    context: list[str] = []
    default: bool = False
    fallback: bool = False
    terms: Terms = Terms()
    formulas: list[str] = []
    implies: list[str] = []
    needs: list[NeedModel] = []
    incomplete: str | None = None
    parameters: list[str] | None = None
    waive_parameters_if: list[str] = []
    sub_items: dict[str, list[str]] = {}
    note: str | None = None


class TermsFile(_Model):
    """classification_terms.yaml."""

    version: int
    concepts: dict[str, ConceptModel]
    groups: dict[str, list[str]] = {}
    elements: list[str] = Field(min_length=100)
    anions: dict[str, str]
    compound_suffixes: dict[str, list[str]]
    negation: dict[str, list[str]]
    purpose: dict[str, list[str]]
    customs_code_words: list[str] = []


class CustomsModel(_Model):
    """How reference customs codes weigh: never decisive, weaker still for residual 'other' lines."""

    residual_lines: dict[str, str] = {}


class RulesFile(_Model):
    """classification_rules.yaml."""

    version: int
    rules: list[RuleModel]
    exclusion_terms: dict[str, list[Terms]] = {}
    not_classifiable: dict[str, str] = {}
    subjects: dict[str, list[str]] = {}
    customs: CustomsModel = CustomsModel()


class UnitModel(_Model):
    """A unit: its dimension, its factor to the dimension's base unit, and how it is written."""

    dimension: str
    factor: float
    aliases: list[str]
    case_sensitive: list[str] = []
    display: str | None = None


class ParameterModel(Terms):
    """A technical parameter of the rule base: its unit, label and the words that introduce it."""

    unit: str
    label: str
    role: str | None = None
    accepts_from: list[str] = []
    default_for_dimension: bool = False


class ParametersFile(_Model):
    """classification_parameters.yaml."""

    version: int
    units: dict[str, UnitModel]
    parameters: dict[str, ParameterModel]
    sieve_openings_um: dict[int, float]
    purity_grades: dict[int, float]
    micron_grades: dict[str, Literal["at_most", "range"]] = {}
    comparators: dict[str, list[str]]


class Vocabulary(_Model):
    """Everything the classifier reads from the vocabulary folder, validated against the rule base."""

    terms: TermsFile
    rules: RulesFile
    parameters: ParametersFile
    files: dict[str, str]


FILES = {
    "terms": "classification_terms.yaml",
    "rules": "classification_rules.yaml",
    "parameters": "classification_parameters.yaml",
}


def load_vocabulary(rulebase: RuleBase) -> Vocabulary:
    """Read and check the classification vocabulary that ships beside ``rulebase``."""
    folder = rulebase.root / "vocabulary"
    terms = _read(folder / FILES["terms"], TermsFile)
    rules = _read(folder / FILES["rules"], RulesFile)
    parameters = _read(folder / FILES["parameters"], ParametersFile)
    vocabulary = Vocabulary(
        terms=terms,
        rules=rules,
        parameters=parameters,
        files={k: f"vocabulary/{v}" for k, v in FILES.items()},
    )
    check_vocabulary(vocabulary, rulebase)
    return vocabulary


def _read(path: Path, model: type[M]) -> M:
    relative = f"vocabulary/{path.name}"
    if not path.is_file():
        raise RuleBaseError(relative, None, None, "missing; the classifier needs this vocabulary file")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise RuleBaseError(relative, None, None, f"not valid YAML: {error}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RuleBaseError(relative, None, where, f"{first['msg']} (got {first.get('input')!r})") from None


def check_vocabulary(vocabulary: Vocabulary, rulebase: RuleBase) -> None:
    """Every concept, group, entry and parameter the vocabulary names must exist; raise otherwise."""
    _check_concepts(vocabulary)
    _check_rules(vocabulary, rulebase)
    _check_parameters(vocabulary, rulebase)


def _check_concepts(vocabulary: Vocabulary) -> None:
    concepts = vocabulary.terms.concepts
    where = vocabulary.files["terms"]
    for name, concept in concepts.items():
        for ref in [*concept.implies, *([concept.parent] if concept.parent else [])]:
            if ref not in concepts:
                raise RuleBaseError(where, name, "implies/parent", f"unknown concept {ref!r}")
    for group, members in vocabulary.terms.groups.items():
        for ref in members:
            if ref not in concepts:
                raise RuleBaseError(where, group, "groups", f"unknown concept {ref!r}")


def _check_rules(vocabulary: Vocabulary, rulebase: RuleBase) -> None:
    concepts = vocabulary.terms.concepts
    known = set(concepts) | set(vocabulary.terms.groups)
    where = vocabulary.files["rules"]
    entry_ids = {e.id for e in rulebase.entries}
    for index, rule in enumerate(vocabulary.rules.rules):
        ids = ([rule.entry] if rule.entry else []) + rule.entries
        label = ids[0] if ids else f"rule #{index + 1}"
        if not ids:
            raise RuleBaseError(where, label, "entry", "a rule needs an entry or entries")
        unknown = [i for i in ids if i not in entry_ids]
        if unknown:
            raise RuleBaseError(where, label, "entry", f"no control-list entry {unknown[0]!r} in the rule base")
        refs = [*rule.all, *rule.any, *rule.none, *rule.context, *rule.waive_parameters_if, *rule.implies]
        refs += [n.concept for n in rule.needs] + [c for cs in rule.sub_items.values() for c in cs]
        missing = [r for r in refs if r not in known]
        if missing:
            raise RuleBaseError(where, label, "concepts", f"unknown concept or group {missing[0]!r}")
        if not (rule.all or rule.terms.model_dump(exclude_defaults=True) or rule.formulas):
            raise RuleBaseError(where, label, "all", "a rule needs concepts ('all') or its own terms")
    for entry_id in [*vocabulary.rules.exclusion_terms, *vocabulary.rules.not_classifiable]:
        if entry_id not in entry_ids:
            raise RuleBaseError(where, entry_id, None, "no control-list entry with this id in the rule base")
    families = {e.family for e in rulebase.entries}
    for concept, listed in vocabulary.rules.subjects.items():
        if concept not in concepts:
            raise RuleBaseError(where, concept, "subjects", f"unknown concept {concept!r}")
        strange = [f for f in listed if f not in families]
        if strange:
            raise RuleBaseError(where, concept, "subjects", f"no control-list family {strange[0]!r}")


def _check_parameters(vocabulary: Vocabulary, rulebase: RuleBase) -> None:
    units = vocabulary.parameters.units
    defined = vocabulary.parameters.parameters
    where = vocabulary.files["parameters"]
    for name, definition in defined.items():
        if definition.unit not in units:
            raise RuleBaseError(where, name, "unit", f"unknown unit {definition.unit!r}")
    for entry in rulebase.entries:
        for parameter in entry.parameters:
            if parameter.name not in defined:
                raise RuleBaseError(
                    where,
                    parameter.name,
                    None,
                    f"entry {entry.id} uses this parameter but the vocabulary does not define it",
                )
            if defined[parameter.name].unit != parameter.unit:
                raise RuleBaseError(
                    where,
                    parameter.name,
                    "unit",
                    f"entry {entry.id} states it in {parameter.unit!r}, the vocabulary in {defined[parameter.name].unit!r}",
                )
