"""The REDCap-compatible endpoint, spoken to by the real PyCap client (redcap.Project), on a
live server: metadata, events, records out, one record in, and that record in the history."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet._examples import examples_dir
from spinemet.cohort import read_cohort

redcap = pytest.importorskip("redcap", reason="PyCap (test extra) is not installed")


@pytest.fixture
def loaded(registry: Any) -> None:
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.sites.selectors import command_line_actor

    cohort = read_cohort(examples_dir() / "cohort")
    import_cohort(actor=command_line_actor(), cohort=cohort, site_code="site_a", source="example")


def _project(live_server: Any, user: Any) -> Any:
    from spinemet.registry.api.tokens import issue_token

    token, _ = issue_token(user, kind="redcap")
    return redcap.Project(f"{live_server.url}/redcap/api/", token)


@pytest.mark.django_db(transaction=True)
def test_pycap_reads_the_project_and_its_records(
    live_server: Any, registry: Any, loaded: None
) -> None:
    project = _project(live_server, registry["users"]["investigator_a"])
    assert str(project.redcap_version) == "14.5.0"
    assert project.def_field == "patient_id"
    assert project.is_longitudinal is True
    assert "barthel" in project.forms
    instruments = {row["instrument_name"] for row in project.export_instruments()}
    assert {"patient", "lesions", "vas", "barthel"} <= instruments
    assert project.export_project_info()["is_longitudinal"] == 1
    assert {e["unique_event_name"] for e in project.export_events()} >= {"preop_arm_1", "m6_arm_1"}
    events = project.export_instrument_event_mappings()
    assert {"arm_num": 1, "unique_event_name": "m3_arm_1", "form": "barthel"} in events
    records = project.export_records()
    patients = {row["patient_id"] for row in records}
    assert patients == {"P01", "P02", "P03", "P04", "P05"}
    enrolment = [
        r for r in records if r["patient_id"] == "P01" and r["redcap_event_name"] == "enrolment"
    ]
    assert enrolment[0]["primary_tumor"] == "breast"
    frame = project.export_records(format_type="df")
    assert frame.index.names == ["patient_id", "redcap_event_name"]
    assert project.export_records(records=["P02"], fields=["sex"])[0]["sex"] == "male"


@pytest.mark.django_db(transaction=True)
def test_another_sites_token_sees_none_of_its_records(
    live_server: Any, registry: Any, loaded: None
) -> None:
    project = _project(live_server, registry["users"]["investigator_b"])
    assert project.export_records() == []


@pytest.mark.django_db(transaction=True)
def test_pycap_imports_one_record_through_the_audited_write_path(
    live_server: Any, registry: Any, loaded: None
) -> None:
    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.audit.selectors import patient_history
    from spinemet.registry.patients.models import Patient

    project = _project(live_server, registry["users"]["investigator_a"])
    row = {
        "patient_id": "P01",
        "redcap_event_name": "m6_arm_1",
        "vas_score": "1.5",
        "vas_date": "2021-09-01",
    }
    assert project.import_records([row]) == {"count": 1}
    patient = Patient.objects.get(study_id="P01")
    vas = Assessment.objects.get(patient=patient, visit="m6", instrument="vas")
    assert vas.total == 1.5
    assert patient_history(patient)[-1]["reason"] == "REDCap API import"
    bad = {"patient_id": "P01", "redcap_event_name": "m6_arm_1", "vas_score": "11"}
    with pytest.raises(redcap.RedcapError, match="vas"):
        project.import_records([bad])
    vas.refresh_from_db()
    assert vas.total == 1.5  # nothing half-saved


@pytest.mark.django_db(transaction=True)
def test_a_monitor_cannot_import_and_a_bad_token_is_refused(
    live_server: Any, registry: Any, loaded: None
) -> None:
    monitor = _project(live_server, registry["users"]["monitor_a"])
    assert len(monitor.export_records()) > 0
    with pytest.raises(redcap.RedcapError, match="privileges"):
        monitor.import_records(
            [{"patient_id": "P01", "redcap_event_name": "m6_arm_1", "vas_score": "2"}]
        )
    stranger = redcap.Project(f"{live_server.url}/redcap/api/", "0" * 32)
    with pytest.raises(redcap.RedcapError, match="permissions"):
        stranger.export_metadata()
