"""Fixtures of the registry tests: two sites, a user of each role, an API client with tokens.

The suite runs on SQLite by default and on PostgreSQL when ``DATABASE_URL`` names one
(``make test`` runs it twice; see the Makefile)."""

from __future__ import annotations

import json
from typing import Any

import pytest

PASSWORD = "Correct-Horse-77"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is the production hasher (test_security checks it); the other tests use a fast
    # one so that creating four users per test does not dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def registry(db: Any) -> dict[str, Any]:
    from spinemet.registry.sites.services import site_add, user_add

    site_a = site_add(code="site_a", name="Site A")
    site_b = site_add(code="site_b", name="Site B")
    users = {
        "investigator_a": user_add(
            name="investigator_a", role="investigator", sites=["site_a"], password=PASSWORD
        ),
        "investigator_b": user_add(
            name="investigator_b", role="investigator", sites=["site_b"], password=PASSWORD
        ),
        "monitor_a": user_add(
            name="monitor_a", role="monitor", sites=["site_a"], password=PASSWORD
        ),
        "datamanager": user_add(
            name="datamanager", role="data_manager", sites=[], password=PASSWORD
        ),
    }
    return {"sites": {"site_a": site_a, "site_b": site_b}, "users": users}


class Api:
    """The test client speaking JSON with a bearer token."""

    def __init__(self, client: Any, token: str | None) -> None:
        self.client = client
        self.token = token

    def call(self, method: str, path: str, body: Any = None) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(path, **kwargs, **headers)

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Any:
        return self.call("PATCH", path, body)


@pytest.fixture
def api_as(registry: dict[str, Any], client: Any) -> Any:
    from spinemet.registry.api.tokens import issue_token

    def make(name: str) -> Api:
        token, _ = issue_token(registry["users"][name])
        return Api(client, token)

    return make


PATIENT = {
    "study_id": "A-001",
    "sex": "female",
    "age": 64,
    "primary_tumor": "breast",
    "index_date": "2026-06-01",
    "vital_status": "alive",
    "last_contact_date": "2026-11-01",
    "kps": 50,
}


@pytest.fixture
def patient_a(api_as: Any) -> dict[str, Any]:
    """A patient of site_a, created through the API by site_a's investigator."""
    response = api_as("investigator_a").post("/api/patients", PATIENT)
    assert response.status_code == 201, response.content
    return response.json()
