"""Schemathesis generates requests from the API's own OpenAPI schema and sends them to a real
`kg serve` (embedded store, sample graph, write key given so the write endpoints are exercised
too): valid and invalid requests alike, none may get a 5xx."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from test_api import KEY, Server, load_sample

EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}  # per operation


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    store = str(tmp / "graph")
    load_sample(store)
    srv = Server(store, KEY, tmp)
    yield srv
    srv.stop()


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda m: m.value)
def test_no_request_gets_a_server_error(live_server, mode):
    base = f"http://127.0.0.1:{live_server.port}"
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 13  # every endpoint in the schema
    tried = []
    for op in operations:
        @given(case=op.as_strategy(mode))
        @settings(max_examples=EXAMPLES[mode], deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(base_url=base, headers={"X-API-Key": KEY}, timeout=30)
            tried.append(response.status_code)
            assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])

        try:
            check()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # an endpoint without parameters has no invalid form
    assert len(tried) >= len(operations) // 2
    assert live_server.http.get("/health").status_code == 200
