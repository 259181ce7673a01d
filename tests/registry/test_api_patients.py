"""The patient calls of the JSON API (DESIGN.md "The registry"): create, read, change with a
version and a reason, bad input naming field, value and what is allowed, withdrawal."""

from __future__ import annotations

from typing import Any

from tests.registry.conftest import PATIENT


def test_investigator_creates_a_patient_in_their_own_site(patient_a: dict[str, Any]) -> None:
    assert patient_a["site"] == "site_a"
    assert patient_a["study_id"] == "A-001"
    assert patient_a["version"] == 1
    assert patient_a["index_date"] == "2026-06-01"


def test_patient_change_needs_the_stored_version_and_a_reason(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    path = f"/api/patients/{patient_a['id']}"
    no_reason = api.patch(path, {"version": 1, "kps": 60})
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"][0]["field"] == "reason"
    # what a missing field is, not pydantic's "Field required"
    assert no_reason.json()["detail"][0]["message"] == (
        "reason: missing; required: why the record changes"
    )
    no_withdrawal_reason = api.post(f"/api/patients/{patient_a['id']}/withdraw", {})
    assert no_withdrawal_reason.json()["detail"][0]["message"] == (
        "reason: missing; required: why the patient is withdrawn"
    )
    changed = api.patch(path, {"version": 1, "reason": "re-examined", "kps": 60})
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 2
    assert changed.json()["kps"] == 60
    stale = api.patch(path, {"version": 1, "reason": "late", "kps": 70})
    assert stale.status_code == 409
    assert stale.json()["current"]["kps"] == 60
    assert stale.json()["current"]["version"] == 2
    assert api.get(path).json()["kps"] == 60


def test_bad_values_are_all_named_with_what_is_allowed(api_as: Any) -> None:
    body = {**PATIENT, "sex": "f", "kps": 55, "colour": "blue"}
    response = api_as("investigator_a").post("/api/patients", body)
    assert response.status_code == 422
    detail = {item["field"]: item for item in response.json()["detail"]}
    assert set(detail) == {"sex", "kps", "colour"}
    assert detail["sex"]["value"] == "f"
    assert "female" in detail["sex"]["allowed"]
    assert "male" in detail["sex"]["allowed"]
    assert detail["colour"]["code"] == "unknown_field"


def test_a_death_before_the_index_date_is_refused_and_nothing_is_written(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    path = f"/api/patients/{patient_a['id']}"
    response = api.patch(
        path, {"version": 1, "reason": "died", "vital_status": "dead", "death_date": "2026-05-01"}
    )
    assert response.status_code == 422
    problems = {item["field"]: item for item in response.json()["detail"]}
    # the stored last contact (2026-11-01) now lies after the death too: both are named
    assert set(problems) == {"death_date", "last_contact_date"}
    problem = problems["death_date"]
    assert problem["value"] == "2026-05-01"
    assert problem["code"] == "dates_out_of_order"
    stored = api.get(path).json()
    assert stored["vital_status"] == "alive"
    assert stored["version"] == 1


def test_study_ids_are_unique_per_site_not_across_sites(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    again = api_as("investigator_a").post("/api/patients", PATIENT)
    assert again.status_code == 422
    assert again.json()["detail"][0]["code"] == "duplicate_study_id"
    other_site = api_as("investigator_b").post("/api/patients", PATIENT)
    assert other_site.status_code == 201
    assert other_site.json()["site"] == "site_b"


def test_data_manager_must_name_the_site(api_as: Any) -> None:
    api = api_as("datamanager")
    missing = api.post("/api/patients", PATIENT)
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["field"] == "site"
    named = api.post("/api/patients", {**PATIENT, "site": "site_b"})
    assert named.status_code == 201
    assert named.json()["site"] == "site_b"


def test_investigator_cannot_create_in_another_site(api_as: Any) -> None:
    response = api_as("investigator_a").post("/api/patients", {**PATIENT, "site": "site_b"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "site"


def test_withdrawn_patient_stays_listed_and_takes_no_new_data(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    base = f"/api/patients/{patient_a['id']}"
    assert api.post(f"{base}/withdraw", {}).status_code == 422  # a reason is required
    withdrawn = api.post(f"{base}/withdraw", {"reason": "consent withdrawn"})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn"] is True
    listed = api.get("/api/patients").json()
    assert listed["count"] == 1
    assert listed["items"][0]["withdrawal_reason"] == "consent withdrawn"
    refused = api.post(
        f"{base}/assessments", {"visit": "d7", "instrument": "vas", "items": {"vas": 3}}
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["code"] == "withdrawn"


def test_patient_list_pages_and_bounds_the_limit(api_as: Any, patient_a: dict[str, Any]) -> None:
    api = api_as("investigator_a")
    assert api.get("/api/patients?limit=201").status_code == 422
    page = api.get("/api/patients?limit=1&offset=0").json()
    assert page["count"] == 1
    assert len(page["items"]) == 1
    assert api.get("/api/patients?limit=1&offset=1").json()["items"] == []


def test_lesion_procedure_and_complication_are_added_with_cohort_fields(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    base = f"/api/patients/{patient_a['id']}"
    lesion = api.post(
        f"{base}/lesions",
        {
            "level": "L1",
            "index": True,
            "lesion_type": "lytic",
            "collapse_percent": 30,
            "escc_grade": "1a",
        },
    )
    assert lesion.status_code == 201, lesion.content
    assert (
        api.post(f"{base}/lesions", {"level": "L1"}).json()["detail"][0]["code"] == "duplicate_key"
    )
    bad_level = api.post(f"{base}/lesions", {"level": "L9"})
    assert bad_level.status_code == 422
    assert bad_level.json()["detail"][0]["field"] == "level"
    procedure = api.post(
        f"{base}/procedures",
        {"date": "2026-06-01", "type": "ppsf_pvp", "screw_levels": "T12,L2", "cement_levels": "L1"},
    )
    assert procedure.status_code == 201, procedure.content
    unknown = api.post(f"{base}/procedures", {"date": "2026-06-01", "type": "laser"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["field"] == "type"
    assert "ppsf_pvp" in unknown.json()["detail"][0]["allowed"]
    complication = api.post(
        f"{base}/complications", {"date": "2026-06-10", "type": "infection", "grade": "II"}
    )
    assert complication.status_code == 201, complication.content
    detail = api.get(base).json()
    assert [row["level"] for row in detail["lesions"]] == ["L1"]
    assert detail["procedures"][0]["screw_levels"] == "T12,L2"
    assert detail["complications"][0]["grade"] == "II"
