"""A property-based API fuzzer (schemathesis) drives the write API of ``lodpub serve`` from the
OpenAPI document it serves: no 500, no crash, no answer the document does not describe."""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error,
                                 response_headers_conformance, response_schema_conformance,
                                 status_code_conformance)
from schemathesis.generation import GenerationMode

from conftest import LiveServer, copy_example, run_cli

pytestmark = pytest.mark.slow

#: Examples per operation and mode: enough to reach every answer, few enough for a short run.
EXAMPLES = 3
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


EVENT = {"id": "2024-05-20-visit", "type": "Event", "name": {"sv": "Besök"}, "startDate": "2024-05-20"}
KNOWN = [
    ("POST /api/events", {}, EVENT),
    ("GET /api/events/{id}", {"id": EVENT["id"]}, None),
    ("PUT /api/events/{id}", {"id": EVENT["id"]}, {**EVENT, "endDate": "2024-05-19"}),  # 422
    ("PUT /api/events/{id}", {"id": EVENT["id"]}, {**EVENT, "name": {"sv": "Besöket"}}),
    ("DELETE /api/events/{id}", {"id": EVENT["id"]}, None),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = copy_example(tmp_path_factory.mktemp("fuzz") / "site")
    with (project / "lodpub.toml").open("a", encoding="utf-8") as file:
        file.write("\n[api]\nwrites_per_minute = 100000\n")
    token = run_cli("token", "new", "fuzzer", project).stdout.strip()
    live = LiveServer(project, "--workers", "2")
    live.token = token
    yield live
    if live.process.poll() is not None:
        pytest.fail(f"the server crashed:\n{live.log}")
    live.stop()


def test_the_fuzzer_finds_nothing_the_openapi_document_does_not_describe(server):
    schema = schemathesis.openapi.from_url(server.url + "/api/openapi.json")
    headers = {"Authorization": f"Bearer {server.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"POST /api/articles", "PUT /api/people/{id}", "DELETE /api/events/{id}"} <= labels
    assert len(operations) >= 8 * 4  # every collection's four operations
    answered: set[int] = set()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def exchange(case):
                response = case.call_and_validate(headers=headers, checks=CHECKS, timeout=120)
                answered.add(response.status_code)

            exchange()
    # Beside what the fuzzer makes up, the answers to writes that succeed are checked too.
    for label, parameters, body in KNOWN:
        case = schema.find_operation_by_label(label).Case(path_parameters=parameters, body=body,
                                                         media_type="application/json")
        answered.add(case.call_and_validate(headers=headers, checks=CHECKS, timeout=120).status_code)
    assert {200, 201, 204, 400, 401, 404, 422} <= answered
    assert not any(status >= 500 for status in answered)
    assert server.process.poll() is None  # no crash
    assert "Traceback" not in server.log
    unauthenticated = requests.post(server.url + "/api/articles", json={}, timeout=30)
    assert unauthenticated.status_code == 401
