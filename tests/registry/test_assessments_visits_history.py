"""Assessments scored on the server, visits with derived statuses, and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.registry.conftest import PATIENT

BARTHEL = {
    "feeding": 10, "bathing": 0, "grooming": 5, "dressing": 5, "bowels": 10,
    "bladder": 10, "toilet_use": 5, "transfers": 10, "mobility": 10, "stairs": 5,
}  # fmt: skip


def test_totals_are_computed_on_the_server_from_the_items(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    base = f"/api/patients/{patient_a['id']}"
    barthel = api.post(
        f"{base}/assessments", {"visit": "d7", "instrument": "barthel", "items": BARTHEL}
    )
    assert barthel.status_code == 201, barthel.content
    # Mahoney & Barthel 1965: the total is the sum of the ten items' points.
    assert barthel.json()["total"] == 70
    assert barthel.json()["items"] == BARTHEL
    vas = api.post(
        f"{base}/assessments", {"date": "2026-06-08", "instrument": "vas", "items": {"vas": 7.6}}
    )
    assert vas.status_code == 201
    # day 7 falls in the d7 window (7 +/- 3 days): the visit comes from the date.
    assert vas.json()["visit"] == "d7"
    assert vas.json()["category"] == "severe"


def test_a_total_in_the_request_is_refused(api_as: Any, patient_a: dict[str, Any]) -> None:
    api = api_as("investigator_a")
    response = api.post(
        f"/api/patients/{patient_a['id']}/assessments",
        {"visit": "d7", "instrument": "vas", "items": {"vas": 3, "total": 3}},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "total_given"


def test_missing_and_bad_items_are_all_named(api_as: Any, patient_a: dict[str, Any]) -> None:
    api = api_as("investigator_a")
    items = {**BARTHEL, "feeding": 7}
    del items["stairs"]
    response = api.post(
        f"/api/patients/{patient_a['id']}/assessments",
        {"visit": "m3", "instrument": "barthel", "items": items},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["field"] == "items.feeding"
    assert detail[0]["value"] == 7
    assert "10" in detail[0]["allowed"]
    unknown = api.post(
        f"/api/patients/{patient_a['id']}/assessments",
        {
            "visit": "m3",
            "instrument": "barthel",
            "items": {k: v for k, v in BARTHEL.items() if k != "stairs"},
        },
    )
    assert unknown.json()["detail"] == [
        {
            "field": "items.stairs",
            "value": None,
            "allowed": "0, 5, 10",
            "code": "missing_item",
            "message": "items.stairs: missing; required: 0, 5, 10",
        }
    ]
    bad_visit = api.post(
        f"/api/patients/{patient_a['id']}/assessments",
        {"visit": "m5", "instrument": "vas", "items": {"vas": 1}},
    )
    assert bad_visit.json()["detail"][0]["field"] == "visit"
    assert "m6" in bad_visit.json()["detail"][0]["allowed"]


def test_an_assessment_after_death_is_refused(api_as: Any) -> None:
    api = api_as("investigator_a")
    dead = {
        **PATIENT,
        "vital_status": "dead",
        "death_date": "2026-07-01",
        "last_contact_date": "2026-07-01",
    }
    patient = api.post("/api/patients", dead).json()
    response = api.post(
        f"/api/patients/{patient['id']}/assessments",
        {"date": "2026-08-31", "instrument": "vas", "items": {"vas": 2}},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "dates_out_of_order"


def test_assessment_edit_is_rescored_and_version_checked(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    created = api.post(
        f"/api/patients/{patient_a['id']}/assessments",
        {"visit": "d7", "instrument": "vas", "items": {"vas": 8}},
    ).json()
    path = f"/api/assessments/{created['id']}"
    changed = api.patch(path, {"version": 1, "reason": "transcription error", "items": {"vas": 2}})
    assert changed.status_code == 200
    assert changed.json()["total"] == 2
    assert changed.json()["category"] == "mild"
    assert changed.json()["version"] == 2
    stale = api.patch(path, {"version": 1, "reason": "late", "items": {"vas": 5}})
    assert stale.status_code == 409
    assert stale.json()["current"]["total"] == 2


def test_visit_statuses_follow_the_schedule_and_the_calendar(api_as: Any) -> None:
    api = api_as("investigator_a")
    today = dt.date.today()
    index = today - dt.timedelta(days=100)  # d7 long past, m3 window (77-105) open, m6 ahead
    body = {
        **PATIENT,
        "study_id": "A-002",
        "index_date": index.isoformat(),
        "last_contact_date": today.isoformat(),
    }
    patient = api.post("/api/patients", body).json()
    api.post(
        f"/api/patients/{patient['id']}/assessments",
        {"visit": "preop", "instrument": "vas", "items": {"vas": 8}},
    )
    visits = {
        visit["code"]: visit for visit in api.get(f"/api/patients/{patient['id']}/visits").json()
    }
    assert visits["preop"]["status"] == "done"
    # d7's window closed on day 10; it is overdue until m3's window opens (day 77), then missed.
    assert visits["d7"]["status"] == "missed"
    assert visits["m3"]["status"] == "due"
    assert visits["m3"]["target_date"] == (index + dt.timedelta(days=91)).isoformat()
    assert visits["m3"]["window_start"] == (index + dt.timedelta(days=77)).isoformat()
    assert visits["m6"]["status"] == "upcoming"
    work = api.get("/api/visits").json()
    assert [(item["patient"], item["code"]) for item in work["items"]] == [(patient["id"], "m3")]
    overdue_index = today - dt.timedelta(days=15)  # d7 closed on day 10: overdue
    other = api.post(
        "/api/patients", {**body, "study_id": "A-003", "index_date": overdue_index.isoformat()}
    ).json()
    overdue = api.get("/api/visits?status=overdue").json()
    assert [(item["patient"], item["code"]) for item in overdue["items"]] == [(other["id"], "d7")]
    died = api.patch(
        f"/api/patients/{other['id']}",
        {
            "version": 1,
            "reason": "death reported",
            "vital_status": "dead",
            "death_date": today.isoformat(),
            "last_contact_date": today.isoformat(),
        },
    )
    assert died.status_code == 200, died.content
    statuses = {
        v["code"]: v["status"] for v in api.get(f"/api/patients/{other['id']}/visits").json()
    }
    assert statuses["m3"] == "not_applicable"
    assert statuses["m24"] == "not_applicable"


def test_history_lists_who_when_what_and_why(api_as: Any, patient_a: dict[str, Any]) -> None:
    api = api_as("investigator_a")
    base = f"/api/patients/{patient_a['id']}"
    api.patch(base, {"version": 1, "reason": "re-examined at clinic", "kps": 60})
    assessment = api.post(
        f"{base}/assessments", {"visit": "d7", "instrument": "vas", "items": {"vas": 6}}
    ).json()
    api.patch(
        f"/api/assessments/{assessment['id']}",
        {"version": 1, "reason": "patient re-asked", "items": {"vas": 4}},
    )
    history = api_as("monitor_a").get(f"{base}/history").json()
    assert [entry["action"] for entry in history] == ["created", "changed", "created", "changed"]
    change = history[1]
    assert change["user"] == "investigator_a"
    assert change["object"] == "patient"
    assert change["reason"] == "re-examined at clinic"
    assert change["changes"] == [{"field": "kps", "old": 50, "new": 60}]
    items = history[3]
    assert items["object"] == f"assessment:{assessment['id']}"
    fields = {c["field"]: c for c in items["changes"]}
    assert fields["items"]["old"] == {"vas": 6}
    assert fields["items"]["new"] == {"vas": 4}
    assert fields["total"] == {"field": "total", "old": 6.0, "new": 4.0}


def test_an_assessment_after_the_last_contact_moves_the_last_contact(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    base = f"/api/patients/{patient_a['id']}"
    # PATIENT's last contact is 2026-11-01; a 6-month VAS on 2026-11-20 is a later contact.
    created = api.post(
        f"{base}/assessments", {"date": "2026-11-20", "instrument": "vas", "items": {"vas": 2}}
    )
    assert created.status_code == 201, created.content
    patient = api.get(base).json()
    assert patient["last_contact_date"] == "2026-11-20"
    assert patient["version"] == 2
    history = api.get(f"{base}/history").json()
    assert any(
        entry["reason"] == "last contact: the vas assessment of 2026-11-20" for entry in history
    )
