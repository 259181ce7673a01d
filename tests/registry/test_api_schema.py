"""Property-based test of the JSON API against its own OpenAPI document (schemathesis, through
the Django WSGI app, no network), for each role: no input gets a 5xx, and every answer has a
declared status, content type and a body matching its declared schema.

Path ids are drawn both at random (mostly another site's or no object: 404) and from the
objects the test made (a patient and an assessment of site_a), so the 200/201/409/422 answers
of real records are checked too. The number of examples is bounded so that the whole test
stays under about two minutes on one core; ``SPINEMET_SCHEMATHESIS_EXAMPLES`` raises it for a
longer run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("SPINEMET_SCHEMATHESIS_EXAMPLES", "8"))

CONFIG = f"""
[generation]
max-examples = {EXAMPLES}
deterministic = true
mode = "all"
[phases.stateful]
enabled = false
"""


def _no_server_error(ctx: Any, response: Any, case: Any) -> bool:
    assert response.status_code < 500, (response.status_code, response.text[:2000])
    return True


def _schema() -> Any:
    from spinemet.registry.wsgi import application

    return schemathesis.openapi.from_wsgi(
        "/api/openapi.json", application, config=SchemathesisConfig.from_str(CONFIG)
    )


schema = _schema()


@pytest.fixture
def wsgi_keeps_the_connection(registry: dict[str, Any]) -> Iterator[None]:
    """As Django's test client does: without this the WSGI handler would close the test's
    database connection (and its transaction) at the end of every request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def records(api_as: Any, patient_a: dict[str, Any]) -> dict[str, int]:
    created = api_as("investigator_a").post(
        f"/api/patients/{patient_a['id']}/assessments",
        {"visit": "preop", "instrument": "vas", "items": {"vas": 7}},
    )
    assert created.status_code == 201, created.content
    return {"patient_id": patient_a["id"], "assessment_id": created.json()["id"]}


ROLES = ("investigator_a", "monitor_a", "datamanager")


@pytest.fixture
def tokens(registry: dict[str, Any]) -> dict[str, str]:
    from spinemet.registry.api.tokens import issue_token

    return {role: issue_token(registry["users"][role])[0] for role in ROLES}


@schema.parametrize()
@schema.given(use_real_ids=st.booleans())
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
def test_the_api_keeps_its_openapi_contract(
    case: Any,
    use_real_ids: bool,
    tokens: dict[str, str],
    records: dict[str, int],
    wsgi_keeps_the_connection: None,
) -> None:
    """Each generated request is sent once per role (investigator, monitor, data manager)."""
    if use_real_ids and case.path_parameters:
        for name in case.path_parameters:
            if name in records:
                case.path_parameters[name] = records[name]
    for role in ROLES:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {tokens[role]}"},
            checks=[
                _no_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )
