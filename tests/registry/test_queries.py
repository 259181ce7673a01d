"""Data queries (DESIGN.md: POST/GET /api/queries, answer, close): who may raise, answer and
close, bad input named by field, and the thread in the patient's history."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def query_on_kps(api_as: Any, patient_a: dict[str, Any]) -> dict[str, Any]:
    response = api_as("monitor_a").post(
        "/api/queries",
        {
            "patient": patient_a["id"],
            "object": "patient",
            "field": "kps",
            "text": "KPS 50 at baseline but ambulatory?",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_monitor_raises_the_site_answers_the_raiser_closes(
    api_as: Any, patient_a: dict[str, Any], query_on_kps: dict[str, Any]
) -> None:
    assert query_on_kps["status"] == "open"
    assert query_on_kps["raised_by"] == "monitor_a"
    assert [m["kind"] for m in query_on_kps["messages"]] == ["raise"]
    site = api_as("investigator_a")
    listed = site.get("/api/queries?status=open").json()
    assert [q["id"] for q in listed["items"]] == [query_on_kps["id"]]
    answered = site.post(f"/api/queries/{query_on_kps['id']}/answer", {"text": "KPS is 60."})
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "answered"
    # the site may not close it; a data manager who did not raise it may not either
    assert site.post(f"/api/queries/{query_on_kps['id']}/close", {}).status_code == 403
    other = api_as("datamanager").post(f"/api/queries/{query_on_kps['id']}/close", {})
    assert other.status_code == 403
    closed = api_as("monitor_a").post(f"/api/queries/{query_on_kps['id']}/close", {"text": "ok"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    assert [m["kind"] for m in closed.json()["messages"]] == ["raise", "answer", "close"]
    again = api_as("monitor_a").post(f"/api/queries/{query_on_kps['id']}/close", {})
    assert again.status_code == 422
    assert again.json()["detail"][0]["field"] == "status"
    history = site.get(f"/api/patients/{patient_a['id']}/history").json()
    actions = [entry["action"] for entry in history if entry["action"].startswith("query_")]
    assert actions == ["query_raise", "query_answer", "query_close"]
    assert any(entry["reason"] == "KPS is 60." for entry in history)


def test_an_investigator_cannot_raise_a_query(api_as: Any, patient_a: dict[str, Any]) -> None:
    response = api_as("investigator_a").post(
        "/api/queries",
        {"patient": patient_a["id"], "object": "patient", "field": "kps", "text": "?"},
    )
    assert response.status_code == 403


def test_bad_queries_name_the_field_value_and_what_is_allowed(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    monitor = api_as("monitor_a")
    response = monitor.post(
        "/api/queries",
        {"patient": patient_a["id"], "object": "patient", "field": "kpz", "text": "?"},
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["field"] == "field"
    assert problem["value"] == "kpz"
    assert "kps" in problem["allowed"]
    response = monitor.post(
        "/api/queries",
        {"patient": patient_a["id"], "object": "assessment:999999", "field": "vas", "text": "?"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "object"
    assert monitor.get("/api/queries?status=pending").status_code == 422


def test_a_query_on_an_assessment_item(api_as: Any, patient_a: dict[str, Any]) -> None:
    created = api_as("investigator_a").post(
        f"/api/patients/{patient_a['id']}/assessments",
        {"visit": "preop", "instrument": "vas", "items": {"vas": 7}},
    )
    key = created.json()["id"]
    response = api_as("datamanager").post(
        "/api/queries",
        {"patient": patient_a["id"], "object": f"assessment:{key}", "field": "vas", "text": "7?"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["object"] == f"assessment:{key}"
