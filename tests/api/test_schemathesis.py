"""Property-based tests from the OpenAPI description (schemathesis): no input makes the server fail."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import Service, database_url, start_service

#: Examples per operation and mode: enough to reach every field of every body, few enough to run in about a minute.
EXAMPLES = 20


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """One application on SQLite for the whole schema run."""
    folder = tmp_path_factory.mktemp("schemathesis")
    for url in database_url("sqlite", folder):
        yield from start_service(url, folder)


def check_operation(operation: Any, mode: GenerationMode, running: Service, statuses: Counter[str]) -> None:
    """Feed one operation generated cases (``mode``: valid or invalid input) and check every answer."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)  # fmt: skip
    def run(case: schemathesis.Case) -> None:
        response = case.call(headers=running.auth("admin"))
        statuses[f"{response.status_code // 100}xx"] += 1
        assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text[:500]}"
        if mode is GenerationMode.POSITIVE:
            # A schema cannot say everything the law does (no date before 2020-12-01, when the Export Control
            # Law entered into force; no name that is all punctuation): such input is refused with 422 naming
            # the field, so "schema-valid input must be accepted" is not checked. Every other check is.
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

    try:
        run()
    except Unsatisfiable:  # an operation without input has no invalid input to send
        assert mode is GenerationMode.NEGATIVE, operation.label


def test_no_input_makes_the_server_fail(running: Service) -> None:
    """Every operation, fed generated valid and invalid input with an admin key, answers without a server error,
    and valid input is answered as the OpenAPI description says (status codes, content types, schemas)."""
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", running.app, headers=running.auth("admin"))
    statuses: Counter[str] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            check_operation(operation, mode, running, statuses)
    print(
        f"schemathesis: {len(operations)} operations, {sum(statuses.values())} requests, {dict(sorted(statuses.items()))}"
    )
    assert len(operations) >= 30
    assert statuses["5xx"] == 0 and statuses["2xx"] > 0


def test_every_operation_has_an_example_and_a_summary(running: Service) -> None:
    """Every operation in the OpenAPI description has a summary, and every JSON body and answer an example."""
    document = running.client.get("/api/v1/openapi.json", headers=running.auth("viewer")).json()
    schemas = document["components"]["schemas"]
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            for where, content in [("request", operation.get("requestBody", {}).get("content", {})),
                                   ("response", next(iter(operation["responses"].values())).get("content", {}))]:  # fmt: skip
                body = content.get("application/json", {}).get("schema", {})
                reference = body.get("$ref") or body.get("items", {}).get("$ref")
                if reference and "examples" not in schemas[reference.rsplit("/", 1)[-1]]:
                    missing.append((method, path, where))
    assert not missing
