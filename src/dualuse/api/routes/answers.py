"""Screen, classify and determine: one line, or a keyed batch of up to 1,000."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from dualuse.api.auth import Analyst, runtime_of
from dualuse.api.problems import responses
from dualuse.api.schemas import (
    ClassifyBatchRequest,
    ClassifyBatchResponse,
    ClassifyRequest,
    ClassifyResponse,
    DetermineBatchRequest,
    DetermineBatchResponse,
    DetermineResponse,
    OrderLine,
    ScreenBatchRequest,
    ScreenBatchResponse,
    ScreenRequest,
    ScreenResponse,
)
from dualuse.errors import CoverageError, InputError
from dualuse.services.online import classify_item, determine_lines, screen_party

router = APIRouter(tags=["screen, classify, determine"], responses=responses(401, 403, 422))


class JSON(Response):
    """A JSON response written with orjson (the answers are already JSON-ready)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        """The body."""
        return orjson.dumps(content)


@router.post("/screen", response_model=ScreenResponse, summary="Screen one party")
def screen(body: ScreenRequest, request: Request, holder: Analyst) -> Response:
    """Screen a party against every party designated on the Chinese lists on the date, with the
    counterparty's dispositions applied (a reused false positive moves to ``related`` and says so)."""
    runtime = runtime_of(request)
    answer = screen_party(runtime.engines, runtime.store, name=body.name, country=body.country, as_of=body.as_of,
                          threshold=body.threshold, actor=holder.holder, at=datetime.now(UTC))  # fmt: skip
    return JSON(answer.to_dict())


@router.post("/screen/batch", response_model=ScreenBatchResponse, summary="Screen up to 1,000 parties")
def screen_batch(body: ScreenBatchRequest, request: Request, holder: Analyst) -> Response:
    """Screen each keyed party; a line that cannot be screened is answered under ``errors`` with the field at fault."""
    runtime = runtime_of(request)
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    now = datetime.now(UTC)
    for key, line in body.lines.items():
        try:
            results[key] = screen_party(runtime.engines, runtime.store, name=line.name, country=line.country,
                                        as_of=line.as_of, threshold=line.threshold, actor=holder.holder, at=now).to_dict()  # fmt: skip
        except (InputError, CoverageError) as error:
            errors[key] = _error(error)
    return JSON({"results": results, "errors": errors})


@router.post("/classify", response_model=ClassifyResponse, summary="Classify one item")
def classify(body: ClassifyRequest, request: Request, holder: Analyst) -> Response:
    """Which control-list entry the item falls under on the date, with the evidence and citations."""
    engines = runtime_of(request).engines
    result = classify_item(engines, description=body.description, hs_code=body.hs_code,
                           declared_code=body.declared_code, as_of=body.as_of)  # fmt: skip
    return JSON(result.to_dict())


@router.post("/classify/batch", response_model=ClassifyBatchResponse, summary="Classify up to 1,000 items")
def classify_batch(body: ClassifyBatchRequest, request: Request,
                         holder: Analyst) -> Response:  # fmt: skip
    """Classify each keyed item; an item that cannot be classified is answered under ``errors``."""
    engines = runtime_of(request).engines
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for key, line in body.lines.items():
        try:
            results[key] = classify_item(engines, description=line.description, hs_code=line.hs_code,
                                         declared_code=line.declared_code, as_of=line.as_of).to_dict()  # fmt: skip
        except (InputError, CoverageError) as error:
            errors[key] = _error(error)
    return JSON({"results": results, "errors": errors})


@router.post("/determine", response_model=DetermineResponse, summary="Determine one order line")
def determine(body: OrderLine, request: Request, holder: Analyst) -> Response:
    """May this order line go ahead — the outcome, every finding with its citations, and the versions.
    The determination is kept and audited with the key's holder as actor."""
    runtime = runtime_of(request)
    answers, errors = determine_lines(runtime.engines, runtime.store, {"line": _order(body)}, actor=holder.holder,
                                      at=datetime.now(UTC))  # fmt: skip
    if errors:
        raise errors["line"]
    return JSON(answers["line"].to_dict())


@router.post("/determine/batch", response_model=DetermineBatchResponse, summary="Determine up to 1,000 order lines")
def determine_batch(body: DetermineBatchRequest, request: Request,
                          holder: Analyst) -> Response:  # fmt: skip
    """Determine each keyed order line (kept and audited in one transaction); lines that cannot be
    determined are answered under ``errors`` with the field at fault."""
    runtime = runtime_of(request)
    lines = {key: _order(line) for key, line in body.lines.items()}
    answers, failed = determine_lines(runtime.engines, runtime.store, lines, actor=holder.holder, at=datetime.now(UTC))
    return JSON({"results": {key: answer.to_dict() for key, answer in answers.items()},
                 "errors": {key: _error(error) for key, error in failed.items()}})  # fmt: skip


def _order(line: OrderLine) -> dict[str, Any]:
    return line.model_dump(mode="json", exclude_none=True)


def _error(error: Exception) -> dict[str, Any]:
    field = getattr(error, "field", None) or ("as_of" if isinstance(error, CoverageError) else None)
    return {"field": field, "detail": str(error)}
