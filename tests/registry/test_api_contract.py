"""Details of the API's contract that schemathesis found or that its OpenAPI promises: JSON
numbers only (no ``true`` for 1, no ``"64"`` for 64), keys and paging bounded, the lock-out
answered in JSON, every error answer declared with its body."""

from __future__ import annotations

from typing import Any

import pytest

from tests.registry.conftest import PATIENT


@pytest.mark.parametrize(
    ("field", "value"), [("age", True), ("kps", False), ("age", "64"), ("ecog", "1")]
)
def test_a_number_field_takes_json_numbers_only(api_as: Any, field: str, value: Any) -> None:
    response = api_as("investigator_a").post("/api/patients", {**PATIENT, field: value})
    assert response.status_code == 422, response.content
    (problem,) = response.json()["detail"]
    assert (problem["field"], problem["value"], problem["code"]) == (field, value, "number_type")


def test_a_version_takes_an_integer_not_true(api_as: Any, patient_a: dict[str, Any]) -> None:
    response = api_as("investigator_a").patch(
        f"/api/patients/{patient_a['id']}", {"version": True, "reason": "x", "kps": 60}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "version"


@pytest.mark.parametrize(
    "path",
    [
        "/api/patients?limit=201",
        "/api/patients?limit=0",
        "/api/patients?offset=-1",
        "/api/visits?limit=true",
        "/api/patients/99999999999999999999",
        "/api/patients/abc/visits",
    ],
)
def test_bad_paging_and_keys_are_422_not_a_server_error(api_as: Any, path: str) -> None:
    response = api_as("datamanager").get(path)
    assert response.status_code == 422, (path, response.content)
    assert {"field", "value", "allowed", "code", "message"} <= set(response.json()["detail"][0])


def test_a_key_in_range_that_names_nothing_is_404(api_as: Any) -> None:
    assert api_as("datamanager").get(f"/api/patients/{2**63 - 1}").status_code == 404
    assert api_as("datamanager").get("/api/patients/-5").status_code == 404


def test_the_lockout_is_answered_in_json(registry: Any, client: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    body = {"username": "investigator_a", "password": "wrong"}
    answers = [
        client.post("/api/auth/token", body, content_type="application/json") for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [401, 429, 429]
    assert answers[-1]["Content-Type"] == "application/json"
    assert "try again" in answers[-1].json()["detail"]


def test_every_error_answer_is_declared_with_its_body(db: Any) -> None:
    from spinemet.registry.api.api import api

    document = api.get_openapi_schema()
    bodies = {
        "401": "ErrorOut",
        "403": "ErrorOut",
        "404": "ErrorOut",
        "409": "ConflictOut",
        "422": "InvalidOut",
        "429": "ErrorOut",
    }
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = {str(code): answer for code, answer in operation["responses"].items()}
            if path != "/api/auth/token":
                assert "401" in answers, (method, path)
            if "{" in path:
                assert "404" in answers, (method, path)
            if method in ("post", "patch") and path != "/api/auth/token":
                assert "403" in answers, (method, path)
                assert "422" in answers, (method, path)
            if method == "patch":
                assert "409" in answers, (method, path)
            for code, answer in answers.items():
                if code in bodies:
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema["$ref"].endswith("/" + bodies[code]), (method, path, code)
