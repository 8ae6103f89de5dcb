"""Property-based tests against the OpenAPI document (schemathesis), kept small and deterministic:
a few generated requests per operation, derandomized, checked for no server error and for
status codes and content types the document declares."""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from tests.web.conftest import Keys

EXAMPLES = 25


def test_api_conforms_to_its_openapi_document(app: FastAPI, keys: Keys) -> None:
    # /admin/update would download the lists and /admin/reload?force=true rebuild the index each time;
    # both are exercised in test_hot_swap and test_auth; other owners' routers have their own tests
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex=r"^/(match|search|entities|catalog|algorithms|healthz|readyz|metrics|reconcile)\b"
    )
    headers = {"Authorization": f"ApiKey {keys.admin}"}
    answered = app.state.metrics.requests
    before = sum(
        m.value for metric in answered.collect() for m in metric.samples if m.name.endswith("_total")
    )
    failures: list[str] = []
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an invalid operation fails the test here
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(
                headers=headers,
                checks=[not_a_server_error, status_code_conformance, content_type_conformance],
            )

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - gather every operation's failure, then report all
            failures.append(f"{operation.label}: {exc}")
    assert "POST /match/{dataset}" in labels and "GET /search/{dataset}" in labels
    assert not failures, "\n\n".join(failures)
    after = sum(m.value for metric in answered.collect() for m in metric.samples if m.name.endswith("_total"))
    assert after - before >= len(labels) * 3  # requests were really made
