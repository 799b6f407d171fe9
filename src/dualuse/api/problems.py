"""Errors as problem details (RFC 9457, ``application/problem+json``), each naming the field at fault."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from dualuse.errors import CoverageError, InputError, LicenceError, RuleBaseError, StorageError

PROBLEM_JSON = "application/problem+json"
_LOG = logging.getLogger("dualuse.api")


class FieldProblem(BaseModel):
    """One field that is wrong, and why."""

    field: str = Field(examples=["end_user.name"])
    message: str = Field(examples=["missing or empty"])


class Problem(BaseModel):
    """A problem detail (RFC 9457): what went wrong, in words, and the field at fault where there is one."""

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Unprocessable input"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["end_user.name: missing or empty"])
    instance: str | None = Field(default=None, examples=["/api/v1/determine"])
    field: str | None = Field(default=None, examples=["end_user.name"])
    errors: list[FieldProblem] = Field(default_factory=list)


class ProblemError(Exception):
    """Raised by a route to answer with a problem detail."""

    def __init__(self, status: int, title: str, detail: str, *, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.field = field
        self.headers = headers


def problem_response(request: Request, status: int, title: str, detail: str, *, field: str | None = None,
                     errors: list[FieldProblem] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:  # fmt: skip
    """The problem as a response."""
    body = Problem(title=title, status=status, detail=detail, instance=request.url.path, field=field,
                   errors=errors or ([FieldProblem(field=field, message=detail)] if field else []))  # fmt: skip
    return JSONResponse(body.model_dump(), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI descriptions of the problem responses a route may give."""
    words = {400: "Bad request", 401: "No valid API key", 403: "The key's role does not allow this",
             404: "Not found", 409: "Refused: conflicts with what the store holds", 413: "Upload too large",
             422: "Unprocessable input: the field at fault is named"}  # fmt: skip
    return {status: {"description": words.get(status, "Problem"), "model": Problem,
                     "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            for status in statuses}  # fmt: skip


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error as a problem detail."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, error: ProblemError) -> JSONResponse:
        return problem_response(request, error.status, error.title, error.detail, field=error.field,
                                headers=error.headers)  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            FieldProblem(field=_field(e.get("loc", ())), message=str(e.get("msg", "invalid"))) for e in error.errors()
        ]
        first = problems[0] if problems else FieldProblem(field="body", message="invalid")
        return problem_response(request, 422, "Unprocessable input", f"{first.field}: {first.message}",
                                field=first.field, errors=problems)  # fmt: skip

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> JSONResponse:
        return problem_response(request, error.status_code, _title(error.status_code), str(error.detail),
                                headers=dict(error.headers or {}))  # fmt: skip

    @app.exception_handler(InputError)
    async def _input(request: Request, error: InputError) -> JSONResponse:
        return problem_response(request, 422, "Unprocessable input", str(error), field=error.field)

    @app.exception_handler(CoverageError)
    async def _coverage(request: Request, error: CoverageError) -> JSONResponse:
        return problem_response(request, 422, "Outside what the rule base covers", f"as_of: {error}", field="as_of")

    @app.exception_handler(LicenceError)
    async def _licence(request: Request, error: LicenceError) -> JSONResponse:
        return problem_response(request, 409, "Refused by the licence register", str(error))

    @app.exception_handler(StorageError)
    async def _storage(request: Request, error: StorageError) -> JSONResponse:
        _LOG.error("store error on %s: %s", request.url.path, error)
        return problem_response(request, 503, "The store cannot be used", str(error))

    @app.exception_handler(RuleBaseError)
    async def _rulebase(request: Request, error: RuleBaseError) -> JSONResponse:
        _LOG.error("rule-base error on %s: %s", request.url.path, error)
        return problem_response(request, 500, "The rule base is broken", str(error), field=error.field)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        _LOG.exception("unexpected error on %s", request.url.path)
        return problem_response(request, 500, "Internal error", "an unexpected error occurred; it has been logged")


def _field(location: Any) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:] or parts
    return ".".join(parts) or "body"


def _title(status: int) -> str:
    return {401: "No valid API key", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
            413: "Upload too large"}.get(status, "Problem")  # fmt: skip
