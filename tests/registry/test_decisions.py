"""Decision support on a registry patient: the case is built from the registry's fields, the
recommendation saved with its rule-set version and the case it was made from."""

from __future__ import annotations

import json
from typing import Any

from spinemet._examples import examples_dir
from spinemet.decision import recommend


def _seed_case() -> dict[str, Any]:
    return json.loads((examples_dir() / "case_seed.json").read_text(encoding="utf-8"))


def _as_registry_patient(api: Any) -> dict[str, Any]:
    """The seed case (examples/case_seed.json) entered field by field through the API."""
    case = _seed_case()
    fields = {k: v for k, v in case["patient"].items() if v is not None}
    body = {
        "study_id": "SEED-1",
        "index_date": "2026-06-01",
        "vital_status": "alive",
        "last_contact_date": "2026-11-01",
        **fields,
    }
    patient = api.post("/api/patients", body)
    assert patient.status_code == 201, patient.content
    (lesion,) = case["lesions"]
    flat = {k: v for k, v in lesion.items() if k not in ("sins", "prior_radiotherapy")}
    flat.update({f"sins_{k}": v for k, v in lesion["sins"].items()})
    created = api.post(f"/api/patients/{patient.json()['id']}/lesions", flat)
    assert created.status_code == 201, created.content
    return patient.json()


def test_a_registry_patient_is_a_decision_case(api_as: Any) -> None:
    api = api_as("investigator_a")
    patient = _as_registry_patient(api)
    response = api.post(
        f"/api/patients/{patient['id']}/decisions",
        {"chosen_option": "ppsf_pvp", "note": "tumour board 2026-06-01"},
    )
    assert response.status_code == 201, response.content
    saved = response.json()
    expected = recommend(_seed_case()).model_dump(mode="json")
    # The same recommendation as `spinemet recommend --input examples/case_seed.json`.
    assert saved["recommendation"]["top"] == expected["top"]
    assert saved["recommendation"]["plan"] == expected["plan"]
    assert saved["rule_set_version"] == expected["rule_set_version"]
    assert saved["chosen_option"] == "ppsf_pvp"
    assert saved["case"]["lesions"][0]["sins"] == _seed_case()["lesions"][0]["sins"]
    detail = api.get(f"/api/patients/{patient['id']}").json()
    assert [d["id"] for d in detail["decisions"]] == [saved["id"]]
    history = api.get(f"/api/patients/{patient['id']}/history").json()
    assert history[-1]["object"] == f"decision:{saved['id']}"


def test_a_patient_missing_case_fields_gets_them_named(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    none_yet = api.post(f"/api/patients/{patient_a['id']}/decisions", {})
    assert none_yet.status_code == 422
    assert none_yet.json()["detail"][0]["field"] == "lesions"
    api.post(f"/api/patients/{patient_a['id']}/lesions", {"level": "L1"})
    incomplete = api.post(f"/api/patients/{patient_a['id']}/decisions", {})
    assert incomplete.status_code == 422
    fields = {item["field"] for item in incomplete.json()["detail"]}
    assert "patient.fit_for_open_surgery" in fields
    assert "lesions[0].escc_grade" in fields


def test_an_unknown_choice_is_refused(api_as: Any) -> None:
    api = api_as("investigator_a")
    patient = _as_registry_patient(api)
    response = api.post(f"/api/patients/{patient['id']}/decisions", {"chosen_option": "magic"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "chosen_option"


def test_case_fields_are_validated_by_the_decision_model(
    api_as: Any, patient_a: dict[str, Any]
) -> None:
    api = api_as("investigator_a")
    base = f"/api/patients/{patient_a['id']}"
    response = api.patch(base, {"version": 1, "reason": "x", "active_infection": "maybe"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "active_infection"
    assert "systemic" in response.json()["detail"][0]["allowed"]
