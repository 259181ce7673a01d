"""Site isolation over every API route, table-driven from the URL patterns themselves: a new
route that this table does not list fails the test, so none can ship without a scope check.

Another site's object is 404 for every method (its existence is not revealed); a monitor's
write is 403 on a patient it may see; no token is 401."""

from __future__ import annotations

from typing import Any

import pytest

# route (as ninja declares it) -> the calls to make, with a body that would be valid.
ROUTES: dict[str, list[tuple[str, Any]]] = {
    "auth/token": [],  # no object, no token: tested in test_api_auth
    "sites": [],  # lists only the user's sites: tested below
    "patients": [],  # lists only the user's patients: tested below
    "patients/<patient_id>": [("GET", None), ("PATCH", {"version": 1, "reason": "x", "kps": 60})],
    "patients/<patient_id>/withdraw": [("POST", {"reason": "x"})],
    "patients/<patient_id>/lesions": [("POST", {"level": "T12"})],
    "patients/<patient_id>/procedures": [("POST", {"date": "2026-06-01", "type": "pvp"})],
    "patients/<patient_id>/complications": [("POST", {"date": "2026-06-02", "type": "infection"})],
    "patients/<patient_id>/visits": [("GET", None)],
    "patients/<patient_id>/assessments": [
        ("POST", {"visit": "d7", "instrument": "vas", "items": {"vas": 3}})
    ],
    "assessments/<assessment_id>": [("PATCH", {"version": 1, "reason": "x", "items": {"vas": 2}})],
    "patients/<patient_id>/history": [("GET", None)],
    "patients/<patient_id>/decisions": [("POST", {})],
    "visits": [],  # lists only the user's visits: tested below
    "queries": [],  # lists only the user's queries, raising names a patient: tested below
    "queries/<query_id>/answer": [("POST", {"text": "checked against the source"})],
    "queries/<query_id>/close": [("POST", {"text": "resolved"})],
    "export/cohort": [],  # exports only the user's sites: tested below
}


def _routes() -> set[str]:
    from spinemet.registry.api.api import api

    patterns, _, _ = api.urls
    return {
        str(pattern.pattern)
        for pattern in patterns
        if str(pattern.pattern) not in ("", "openapi.json", "docs")
    }


def test_every_api_route_is_in_the_isolation_table(db: Any) -> None:
    assert _routes() == set(ROUTES)


@pytest.fixture
def objects_of_site_a(api_as: Any, patient_a: dict[str, Any]) -> dict[str, int]:
    api = api_as("investigator_a")
    created = api.post(
        f"/api/patients/{patient_a['id']}/assessments",
        {"visit": "preop", "instrument": "vas", "items": {"vas": 7}},
    )
    assert created.status_code == 201, created.content
    query = api_as("datamanager").post(
        "/api/queries",
        {"patient": patient_a["id"], "object": "patient", "field": "kps", "text": "KPS 50?"},
    )
    assert query.status_code == 201, query.content
    return {
        "patient_id": patient_a["id"],
        "assessment_id": created.json()["id"],
        "query_id": query.json()["id"],
    }


def _path(route: str, objects: dict[str, int]) -> str:
    path = route.replace("<patient_id>", str(objects["patient_id"]))
    path = path.replace("<query_id>", str(objects["query_id"]))
    return "/api/" + path.replace("<assessment_id>", str(objects["assessment_id"]))


CALLS = [(route, method, body) for route, calls in ROUTES.items() for method, body in calls]


@pytest.mark.parametrize(("route", "method", "body"), CALLS)
def test_another_sites_object_is_not_found(
    api_as: Any, objects_of_site_a: dict[str, int], route: str, method: str, body: Any
) -> None:
    response = api_as("investigator_b").call(method, _path(route, objects_of_site_a), body)
    assert response.status_code == 404, (route, method, response.content)


@pytest.mark.parametrize(("route", "method", "body"), CALLS)
def test_another_sites_object_is_not_found_whatever_the_body(
    api_as: Any, objects_of_site_a: dict[str, int], route: str, method: str, body: Any
) -> None:
    garbage = None if body is None else {"not": "valid"}
    response = api_as("investigator_b").call(method, _path(route, objects_of_site_a), garbage)
    assert response.status_code == 404, (route, method, response.content)


@pytest.mark.parametrize(("route", "method", "body"), [c for c in CALLS if c[1] != "GET"])
def test_a_monitor_cannot_write_even_on_its_own_site(
    api_as: Any, objects_of_site_a: dict[str, int], route: str, method: str, body: Any
) -> None:
    response = api_as("monitor_a").call(method, _path(route, objects_of_site_a), body)
    assert response.status_code == 403, (route, method, response.content)


@pytest.mark.parametrize(("route", "method", "body"), [c for c in CALLS if c[1] == "GET"])
def test_a_monitor_reads_its_sites(
    api_as: Any, objects_of_site_a: dict[str, int], route: str, method: str, body: Any
) -> None:
    assert (
        api_as("monitor_a").call(method, _path(route, objects_of_site_a), body).status_code == 200
    )


@pytest.mark.parametrize(("route", "method", "body"), CALLS)
def test_no_token_is_unauthorized(
    client: Any, objects_of_site_a: dict[str, int], route: str, method: str, body: Any
) -> None:
    from tests.registry.conftest import Api

    assert Api(client, None).call(method, _path(route, objects_of_site_a), body).status_code == 401


def test_lists_hold_only_the_users_sites(api_as: Any, objects_of_site_a: dict[str, int]) -> None:
    other = api_as("investigator_b")
    assert other.get("/api/patients").json() == {"count": 0, "items": []}
    assert other.get("/api/patients?site=site_a").json()["count"] == 0
    assert other.get("/api/visits?status=upcoming").json()["count"] == 0
    assert [site["code"] for site in other.get("/api/sites").json()] == ["site_b"]
    assert other.get("/api/queries").json() == {"count": 0, "items": []}
    raised = other.post(
        "/api/queries",
        {
            "patient": objects_of_site_a["patient_id"],
            "object": "patient",
            "field": "kps",
            "text": "?",
        },
    )
    assert raised.status_code == 404, raised.content
    assert api_as("monitor_a").get("/api/queries").json()["count"] == 1
    manager = api_as("datamanager")
    assert manager.get("/api/patients").json()["count"] == 1
    assert [site["code"] for site in manager.get("/api/sites").json()] == ["site_a", "site_b"]


def _exported_ids(response: Any) -> list[str]:
    import io
    import zipfile

    import pandas as pd

    assert response.status_code == 200, response.content
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        return pd.read_csv(archive.open("patients.csv"), dtype=str)["patient_id"].tolist()


def test_the_export_holds_only_the_users_sites(
    api_as: Any, client: Any, objects_of_site_a: dict[str, int]
) -> None:
    from tests.registry.conftest import PATIENT, Api

    created = api_as("investigator_b").post("/api/patients", {**PATIENT, "study_id": "B-001"})
    assert created.status_code == 201, created.content
    assert _exported_ids(api_as("investigator_a").get("/api/export/cohort")) == ["A-001"]
    assert _exported_ids(api_as("investigator_b").get("/api/export/cohort")) == ["B-001"]
    assert _exported_ids(api_as("monitor_a").get("/api/export/cohort")) == ["A-001"]
    assert sorted(_exported_ids(api_as("datamanager").get("/api/export/cohort"))) == [
        "A-001",
        "B-001",
    ]
    # another site named: the same answer as a site that does not exist (422, only the
    # user's own sites listed as allowed)
    for site in ("site_a", "no_such_site"):
        refused = api_as("investigator_b").get(f"/api/export/cohort?site={site}")
        assert refused.status_code == 422, refused.content
        assert refused.json()["detail"][0]["allowed"] == "site_b"
    assert Api(client, None).get("/api/export/cohort").status_code == 401
