"""Request and response bodies of the API, with the examples the OpenAPI description shows.

These are the edge's shapes only: they are turned into the core's values (or its dict input) and
the core's answers are returned as they are, so every finding keeps its citations.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: The largest keyed batch accepted by a batch endpoint.
MAX_BATCH = 1000

Country = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
BatchKey = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=400)]
Text = Annotated[str, StringConstraints(max_length=20_000)]


class Versions(BaseModel):
    """The versions an answer was given with."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"engine_version": "0.1.0", "rulebase_version": "2026.11.21",
                                                               "rulebase_digest": "sha256:3286b6af…"}]})  # fmt: skip

    engine_version: str = Field(examples=["0.1.0"])
    rulebase_version: str = Field(examples=["2026.11.21"])
    rulebase_digest: str = Field(examples=["sha256:3286b6af…"])


# ---------------------------------------------------------------------------------------- screening
class ScreenRequest(BaseModel):
    """A party to screen: its name, and optionally its country, the date and the hit threshold."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "三菱造船株式會社", "country": "JP", "as_of": "2026-03-01"}]}
    )

    name: Name = Field(description="The party's name as written, in any script.")
    country: Country | None = Field(default=None, description="Two-letter ISO 3166 country code.")
    as_of: date | None = Field(default=None, description="Screen against the lists as they stand on this date "
                               "(default: the date the rule base was researched).")  # fmt: skip
    threshold: float | None = Field(
        default=None, gt=0, le=1, description="The score at which a match is a hit (default 0.85)."
    )


class ScreenResponse(BaseModel):
    """The screening: hits (``matches``), names a reviewer should see (``related``), dispositions applied."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "query": "三菱造船株式會社", "country": "JP", "as_of": "2026-03-01", "threshold": 0.85,
        "query_forms": ["三菱造船"], "matches": [{"entity_id": "MOFCOM-2026-11:01", "list": "control_list",
        "score": 1.0, "status": "active", "matched_name": "三菱造船株式会社",
        "explanation": "…", "citations": [{"instrument": "MOFCOM-2026-11"}]}],
        "related": [], "counterparty_id": 7, "dispositions": []}]})  # fmt: skip

    query: str
    country: str | None
    as_of: date
    threshold: float
    matches: list[dict[str, Any]]
    related: list[dict[str, Any]]
    counterparty_id: int
    dispositions: list[dict[str, Any]] = Field(description="Dispositions reused or re-opened for this counterparty.")


class ScreenBatchRequest(BaseModel):
    """Up to 1,000 parties, keyed by the caller."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"lines": {"c1": {"name": "Lockheed Martin Corporation",
                                                                               "country": "US"}}}]})  # fmt: skip

    lines: dict[BatchKey, ScreenRequest] = Field(min_length=1, max_length=MAX_BATCH)


class BatchError(BaseModel):
    """Why one line of a batch was not answered, and the field at fault."""

    field: str | None = Field(examples=["name"])
    detail: str = Field(examples=["name: the name is empty"])


class ScreenBatchResponse(BaseModel):
    """The answers by key, and the lines that could not be answered."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "results": {"c1": {"query": "Lockheed Martin Corporation", "country": "US", "as_of": "2026-11-21",
                           "threshold": 0.85, "matches": [{"entity_id": "MOFCOM-2025-1:03"}], "related": [],
                           "counterparty_id": 1, "dispositions": []}},
        "errors": {"c2": {"field": "name", "detail": "name: the name is empty"}}}]})  # fmt: skip

    results: dict[str, ScreenResponse]
    errors: dict[str, BatchError]


# ---------------------------------------------------------------------------------------- classification
class ClassifyRequest(BaseModel):
    """An item to classify: its description, and optionally the customs code and a declared control code."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"description": "Sm2O3 99.99% powder", "hs_code": "2846901940",
                                                               "as_of": "2026-05-01"}]})  # fmt: skip

    description: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    hs_code: Annotated[str, StringConstraints(max_length=20)] | None = None
    declared_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    as_of: date | None = None


class ClassifyResponse(BaseModel):
    """The classification: status, candidate codes (best first) with evidence and citations."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "status": "controlled", "codes": [{"code": "1C902.b", "status": "in_force", "score": 0.948,
        "citations": [{"instrument": "MOFCOM-GACC-2025-18"}]}], "explanation": "…", "missing_parameters": [],
        "families": ["samarium"], "reason": None, "as_of": "2026-05-01"}]})  # fmt: skip

    status: str
    codes: list[dict[str, Any]]
    explanation: str
    missing_parameters: list[str]
    families: list[str]
    as_of: date


class ClassifyBatchRequest(BaseModel):
    """Up to 1,000 items, keyed by the caller."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"lines": {"i1": {"description": "gallium arsenide wafers"}}}]}
    )

    lines: dict[BatchKey, ClassifyRequest] = Field(min_length=1, max_length=MAX_BATCH)


class ClassifyBatchResponse(BaseModel):
    """The classifications by key, and the lines that could not be classified."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "results": {"i1": {"status": "controlled", "codes": [{"code": "1C902.b"}], "explanation": "…",
                           "missing_parameters": [], "families": ["samarium"], "as_of": "2026-11-21"}},
        "errors": {}}]})  # fmt: skip

    results: dict[str, ClassifyResponse]
    errors: dict[str, BatchError]


# ---------------------------------------------------------------------------------------- determination
class PartyIn(BaseModel):
    """A party on the order line."""

    name: Name
    country: Country | None = None
    military: bool | None = Field(default=None, description="True where the party is a military user.")


class ItemIn(BaseModel):
    """The goods on the order line."""

    description: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    hs_code: Annotated[str, StringConstraints(max_length=20)] | None = None
    control_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    origin: Country | None = None


class InlineLicenceIn(BaseModel):
    """A licence quoted on the order line itself."""

    type: Literal["individual", "general", "registration_certificate"] = "individual"
    number: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    control_codes: list[Annotated[str, StringConstraints(max_length=40)]] = Field(default_factory=list, max_length=50)
    end_user: Name | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    quantity_remaining: Annotated[str, StringConstraints(pattern=r"^\d{1,12}(\.\d{1,6})?$")] | None = None
    destination: Country | None = None


class OrderLine(BaseModel):
    """One order line: the item, the parties, the destination, the end use, the date."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "PO-4711-1", "as_of": "2026-03-01", "item": {"description": "samarium oxide 99.9%", "hs_code": "2846901940"},
        "end_user": {"name": "Mitsubishi Shipbuilding Co., Ltd.", "country": "JP"}, "destination": "JP",
        "end_use": "ship engines", "quantity": "25", "unit": "kg"}]})  # fmt: skip

    id: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None, description="Your reference for the line (a batch key is used where it is missing)."
    )
    as_of: date | None = Field(default=None, description="The shipment date (default: the rule base's research date).")
    item: ItemIn
    end_user: PartyIn
    exporter: PartyIn | None = None
    consignee: PartyIn | None = None
    importer: PartyIn | None = None
    destination: Country | None = None
    end_use: Text | None = None
    military_end_use: bool | None = None
    catch_all_risks: list[Literal["wmd", "terrorism", "national_security", "military"]] = Field(default_factory=list)
    licence: InlineLicenceIn | None = None
    licence_number: Annotated[str, StringConstraints(max_length=100)] | None = None
    quantity: Annotated[str, StringConstraints(pattern=r"^\d{1,12}(\.\d{1,6})?$")] | None = None
    unit: Annotated[str, StringConstraints(max_length=32)] | None = None


class DetermineResponse(BaseModel):
    """The determination: outcome, findings with citations, questions, screening, classification, versions."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "PO-4711-1", "outcome": "prohibited", "findings": [{"rule": "cn.control_list.export_ban",
        "outcome": "prohibited", "citations": [{"instrument": "MOFCOM-2026-11"}]}], "citations": [],
        "as_of": "2026-03-01", "input_digest": "sha256:…", "engine_version": "0.1.0",
        "rulebase_version": "2026.11.21", "rulebase_digest": "sha256:…", "determination_id": 42,
        "dispositions": []}]})  # fmt: skip

    id: str
    outcome: str
    findings: list[dict[str, Any]]
    citations: list[dict[str, Any]]
    as_of: date
    input_digest: str
    determination_id: int
    dispositions: list[dict[str, Any]]


class DetermineBatchRequest(BaseModel):
    """Up to 1,000 order lines, keyed by the caller."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"lines": {"l1": {"item": {"description": "valves"},
                                                                               "end_user": {"name": "Acme GmbH", "country": "DE"}}}}]})  # fmt: skip

    lines: dict[BatchKey, OrderLine] = Field(min_length=1, max_length=MAX_BATCH)


class DetermineBatchResponse(BaseModel):
    """The determinations by key (each kept and audited), and the lines that could not be determined."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "results": {"l1": {"id": "l1", "outcome": "no_licence_required", "findings": [], "citations": [],
                           "as_of": "2026-11-21", "input_digest": "sha256:…", "determination_id": 43,
                           "dispositions": []}},
        "errors": {"l2": {"field": "as_of", "detail": "2019-01-01 is before 2020-12-01, …"}}}]})  # fmt: skip

    results: dict[str, DetermineResponse]
    errors: dict[str, BatchError]
