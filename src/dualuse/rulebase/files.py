"""Pydantic models of the rule-base files: the only place raw YAML shapes are described.

Every model forbids unknown fields, so a misspelt key is an error that names the file, the
record and the field instead of a silent omission.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dualuse.rulebase.conditions import parse_condition

ConfidenceName = Literal["high", "medium", "low", "conflict"]
ListName = Literal["control_list", "watch_list", "unreliable_entity_list"]
Outcome = Literal["prohibited", "licence_required", "review", "authorised", "no_licence_required"]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ManifestFile(_File):
    jurisdiction: str
    name: str
    version: str = Field(pattern=r"^\d{4}\.\d{2}\.\d{2}(\.\d+)?$")
    researched_as_of: date
    encoded_from: list[str]
    method: str
    confidence_scale: dict[str, str]
    date_rules: list[str]
    open_questions: list[str]


class SuspensionModel(_File):
    clause: str
    from_: date | None = Field(default=None, alias="from")
    until: date | None = None
    by: str | None = None
    by_statement: str | None = None
    instrument: str | None = None
    confidence: ConfidenceName | None = None
    note: str | None = None


class ProvisionModel(_File):
    clause: str
    text_en: str
    text_zh: str | None = None
    effective: date | None = None
    confidence: ConfidenceName | None = None
    sources: list[str] = []
    note: str | None = None


class SupersededModel(_File):
    by: str
    on: date


class InstrumentFile(_File):
    id: str = Field(pattern=r"^[A-Z][A-Za-z0-9-]+$")
    kind: Literal["statute", "announcement", "notice"]
    measure_kind: str
    issuers: list[str] = Field(min_length=1)
    year: int | None
    number: int | None
    title_zh: str | None
    title_en: str
    issued: date | None
    effective: date
    effective_by_clause: dict[str, date] = {}
    status_reported: str
    scope: str | None = None
    destination: str | None = None
    end_user_scope: str | None = None
    extraterritorial: str | None = None
    de_minimis: dict[str, Any] | None = None
    related_list: ListName | None = None
    suspensions: list[SuspensionModel] = []
    stops: list[SuspensionModel] = []
    reported_extensions: list[SuspensionModel] = []
    suspends: list[SuspensionModel] = []
    superseded: SupersededModel | None = None
    repeals: list[str] = []
    consolidates: list[str] = []
    provisions: list[ProvisionModel] = []
    mofcom_urls_quoted: list[str] = []
    sources: list[str] = Field(min_length=1)
    confidence: ConfidenceName
    notes: list[str] = []


class ParameterModel(_File):
    name: str
    comparison: Literal[">", ">=", "<", "<=", "=", "in"]
    value: float | list[float]
    unit: str
    note: str | None = None


class ExclusionModel(_File):
    description: str
    terms: list[str] = Field(min_length=1)


class CustomsCodeModel(_File):
    code: str = Field(pattern=r"^\d{8}(\d{2})?$")
    type: Literal["cn_10digit_commodity_code", "cn_8digit_tariff_line"]


class EntryModel(_File):
    id: str
    kind: Literal["listed", "pre_list", "code_not_captured", "annex_not_retrieved"]
    codes: list[str]
    sub_items: list[str] = []
    family: str
    description_en: str
    description_zh: str | None = None
    reference_customs_codes: list[CustomsCodeModel] = []
    parameter_logic: Literal["all", "any"] = "all"
    parameters: list[ParameterModel] = []
    exclusions: list[ExclusionModel] = []
    sources: list[str] = []
    confidence: ConfidenceName
    notes: list[str] = []

    @field_validator("codes")
    @classmethod
    def _codes_are_control_codes(cls, codes: list[str]) -> list[str]:
        import re

        for code in codes:
            if not re.fullmatch(r"[0-9][A-E][0-9]{3}(\.[a-z](\.[0-9]+)?)?", code):
                raise ValueError(f"{code!r} is not a five-character control code such as 1C902.a")
        return codes


class ControlListFile(_File):
    instrument: str
    sources: list[str] = Field(min_length=1)
    entries: list[EntryModel] = Field(min_length=1)


class AliasModel(_File):
    name: str = Field(min_length=1)
    script: Literal["latin", "zh-Hans", "zh-Hant", "ja"]
    note: str | None = None


class NamesModel(_File):
    en: str | None = None
    zh: str | None = None
    ja: str | None = None


class PartyModel(_File):
    id: str
    names: NamesModel
    aliases: list[AliasModel] = []
    country: str = Field(pattern=r"^[A-Z]{2}$")
    country_note: str | None = None
    type: str
    annex_order: int | None = None
    name_sources: dict[str, str] = {}
    name_confidence: dict[str, ConfidenceName] = {}
    sources: list[str] = Field(min_length=1)
    confidence: ConfidenceName
    notes: list[str] = []


class CompletenessModel(_File):
    known: int
    announced: int
    note: str


class DesignationFile(_File):
    instrument: str
    list_name: ListName = Field(alias="list")
    listed_on: date
    measure_set: str
    measures_reported: list[str] = []
    annex_completeness: CompletenessModel | None = None
    parties: list[PartyModel] = Field(min_length=1)


class RequirementModel(_File):
    id: str
    text: str


class MeasureSetModel(_File):
    id: str
    list_name: ListName = Field(alias="list")
    applies_to: str
    effects: list[
        Literal[
            "export_prohibited",
            "overseas_transfer_prohibited",
            "individual_licence_only",
            "licence_required",
            "trade_prohibited",
        ]
    ]
    requirements: list[RequirementModel] = []
    measures: list[str]
    sources: list[str] = Field(min_length=1)
    confidence: ConfidenceName
    notes: list[str] = []


class MeasureSetsFile(_File):
    measure_sets: list[MeasureSetModel]


class CiteModel(_File):
    instrument: str
    clause: str | None = None


class MeasureModel(_File):
    id: str
    title: str
    instrument: str
    clause: str | None
    outcome: Outcome
    licensable: bool
    individual_licence_only: bool = False
    conditions: dict[str, Any]
    statement: str
    question: str | None = None
    requirements: list[RequirementModel] = []
    also_cites: list[CiteModel] = []
    cites_designation: bool = False
    cites_classification: bool = False
    sources: list[str] = Field(min_length=1)
    confidence: ConfidenceName
    interpretation: str | None = None

    @field_validator("conditions")
    @classmethod
    def _conditions_use_the_vocabulary(cls, raw: dict[str, Any]) -> dict[str, Any]:
        parse_condition(raw)
        return raw


class MeasuresFile(_File):
    measures: list[MeasureModel]


class MilitaryUserModel(_File):
    id: str
    names: NamesModel
    aliases: list[str] = []
    confidence: ConfidenceName
    basis: str
    sources: list[str] = Field(min_length=1)


class MilitaryUsersFile(_File):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    interprets: CiteModel
    status: Literal["interpretation"]
    note: str
    users: list[MilitaryUserModel]
