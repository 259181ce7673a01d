"""The analysis page (a background job on the registry's extract), the import page (dry run,
then confirm; all or nothing) and the tumour-board sheet (one PDF page)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

COHORT = Path(__file__).parents[3] / "examples" / "cohort"


def _zip_of_cohort() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(COHORT.glob("*.csv")):
            archive.write(path, f"cohort/{path.name}")
    return buffer.getvalue()


def _upload(content: bytes, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_import_dry_run_then_confirm(login: Any, registry: dict[str, Any]) -> None:
    from spinemet.registry.patients.models import Patient

    client = login("datamanager")
    dry = client.post(
        "/import/",
        {"action": "dry_run", "site": "site_a", "file": _upload(_zip_of_cohort(), "c.zip")},
    )
    assert dry.status_code == 200, dry.content.decode()[-2000:]
    body = dry.content.decode()
    assert "patients: would add" in body
    assert Patient.objects.count() == 0  # a dry run writes nothing
    token = body.split('name="token" value="')[1].split('"')[0]
    done = client.post("/import/", {"action": "confirm", "token": token, "site": "site_a"})
    assert done.status_code == 200
    assert "patients: added" in done.content.decode()
    added = Patient.objects.count()
    assert added > 0
    assert set(Patient.objects.values_list("site__code", flat=True)) == {"site_a"}
    again = client.post("/import/", {"action": "confirm", "token": token, "site": "site_a"})
    assert again.status_code == 422  # the upload was used once


def test_a_bad_file_imports_nothing_and_lists_every_problem(
    login: Any, registry: dict[str, Any]
) -> None:
    from spinemet.registry.patients.models import Patient

    bad = (
        b"patient_id,index_date,vital_status,age\nP1,2026-01-01,alive,200\nP2,2026-13-01,alive,50\n"
    )
    response = login("datamanager").post(
        "/import/", {"action": "dry_run", "site": "site_a", "file": _upload(bad, "wide.csv")}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "age" in body
    assert "index_date" in body
    assert Patient.objects.count() == 0
    wrong = login("datamanager").post(
        "/import/", {"action": "dry_run", "file": _upload(b"x", "cohort.txt")}
    )
    assert "file: invalid value &#x27;cohort.txt&#x27;; allowed: .csv, .xlsx, .zip" in (
        wrong.content.decode()
    )


def test_an_investigator_cannot_import(login: Any, registry: dict[str, Any]) -> None:
    response = login("investigator_a").post(
        "/import/",
        {"action": "dry_run", "site": "site_a", "file": _upload(_zip_of_cohort(), "c.zip")},
    )
    assert response.status_code == 403


def test_analysis_jobs(
    login: Any,
    registry: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    """A job runs outside the request (here inline, after the commit, so the test can wait
    for it) and leaves the report, PDF and results.json for its requester only."""
    from spinemet.cohort import read_cohort
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.jobs.models import AnalysisJob
    from spinemet.registry.sites.selectors import command_line_actor

    settings.DATA_DIR = tmp_path
    import_cohort(actor=command_line_actor(), cohort=read_cohort(COHORT), site_code="site_a")
    monkeypatch.setenv("SPINEMET_JOB_RUNNER", "inline")
    client = login("investigator_a")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/analysis/", {})
    assert started.status_code == 302
    job = AnalysisJob.objects.get()
    assert job.status == "done", job.error
    assert "extracting the cohort" in job.progress
    page = client.get("/analysis/").content.decode()
    for name in ("report.html", "report.pdf", "results.json"):
        assert f"/analysis/{job.pk}/{name}" in page
        response = client.get(f"/analysis/{job.pk}/{name}")
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        assert content
    assert login("investigator_b").get(f"/analysis/{job.pk}/report.html").status_code == 404
    assert client.get(f"/analysis/{job.pk}/secret.txt").status_code == 404
    refused = login("investigator_b").post("/analysis/", {"sites": ["site_a"]})
    assert refused.status_code == 422


def test_tumour_board_sheet_is_one_pdf_page(login: Any, seed: Any) -> None:
    response = login("investigator_a").get(f"/patients/{seed.pk}/board.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from spinemet.registry.web.views.board import board_document

    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="investigator_a")
    _, document = board_document(request, str(seed.pk))
    assert len(document.pages) == 1, "the sheet must fit one page"
