"""The facts of a visit's status that do not depend on the day (done; follow-up ended) are
stored on the visit row by every write that can change them, and the status they give agrees,
visit by visit, with DESIGN.md's definition computed here from the patient's records alone:

    ``done`` when an assessment names the visit; ``not_applicable`` after death or withdrawal
    (the window closing after the death date, else the withdrawal date; a withdrawal without a
    date ends every visit); otherwise ``upcoming`` before the window, ``due`` inside it,
    ``overdue`` after it until the next visit's window opens (the last visit: 90 days), then
    ``missed``.

Each transition is checked: an assessment added, its visit edited, a death recorded and its
date corrected, a withdrawal, an index date changed, a bulk import (new patients, and new
assessments of patients the import leaves unchanged), and the data migration that filled the
facts in for the rows stored before them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from spinemet.cohort import DEFAULT_SCHEDULE
from tests.registry.conftest import PATIENT

STATUSES = ("upcoming", "due", "overdue", "done", "missed", "not_applicable")


def _expected(patient_id: int, today: dt.date) -> dict[str, str]:
    """DESIGN.md's status of each visit of the default schedule, from the stored patient."""
    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.patients.models import Patient

    patient = Patient.objects.get(pk=patient_id)
    named = set(Assessment.objects.filter(patient=patient).values_list("visit", flat=True))
    ended = patient.death_date or patient.withdrawn_at
    visits = DEFAULT_SCHEDULE.visits
    out = {}
    for position, visit in enumerate(visits):
        start = patient.index_date + dt.timedelta(days=visit.window_low_day)
        end = patient.index_date + dt.timedelta(days=visit.window_high_day)
        if position + 1 < len(visits):
            nxt = patient.index_date + dt.timedelta(days=visits[position + 1].window_low_day)
            missed_from = max(nxt, end + dt.timedelta(days=1))
        else:
            missed_from = end + dt.timedelta(days=91)
        if visit.code in named:
            out[visit.code] = "done"
        elif (patient.withdrawn and patient.withdrawn_at is None) or (
            ended is not None and end > ended
        ):
            out[visit.code] = "not_applicable"
        elif today < start:
            out[visit.code] = "upcoming"
        elif today <= end:
            out[visit.code] = "due"
        elif today < missed_from:
            out[visit.code] = "overdue"
        else:
            out[visit.code] = "missed"
    return out


def _served(api: Any, patient_id: int) -> dict[str, str]:
    visits = api.get(f"/api/patients/{patient_id}/visits").json()
    return {visit["code"]: visit["status"] for visit in visits}


def _check(api: Any, *patient_ids: int) -> dict[int, dict[str, str]]:
    """Every visit's served status is DESIGN.md's, and each ``?status=`` list holds exactly
    the visits of that status (the work list: due and overdue)."""
    today = dt.date.today()
    served = {pid: _served(api, pid) for pid in patient_ids}
    for pid in patient_ids:
        assert served[pid] == _expected(pid, today), pid
    for status in STATUSES:
        listed = api.get(f"/api/visits?status={status}&limit=200").json()
        got = {(i["patient"], i["code"]) for i in listed["items"] if i["patient"] in served}
        want = {(p, c) for p, codes in served.items() for c, s in codes.items() if s == status}
        assert got == want, status
        assert all(item["status"] == status for item in listed["items"])
    work = api.get("/api/visits?limit=200").json()["items"]
    got = {(i["patient"], i["code"]) for i in work if i["patient"] in served}
    want = {
        (p, c) for p, codes in served.items() for c, s in codes.items() if s in ("due", "overdue")
    }
    assert got == want
    return served


def _patient(api: Any, study_id: str, index: dt.date) -> int:
    body = {
        **PATIENT,
        "study_id": study_id,
        "index_date": index.isoformat(),
        "last_contact_date": dt.date.today().isoformat(),
    }
    response = api.post("/api/patients", body)
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_an_assessment_added_or_moved_to_another_visit(api_as: Any, registry: Any) -> None:
    from spinemet.registry.assessments.services import assessment_update
    from spinemet.registry.sites.selectors import actor_for

    api = api_as("investigator_a")
    pid = _patient(api, "F-1", dt.date.today() - dt.timedelta(days=100))
    before = _check(api, pid)[pid]
    assert (before["d7"], before["m3"], before["m6"]) == ("missed", "due", "upcoming")
    made = api.post(
        f"/api/patients/{pid}/assessments",
        {"visit": "d7", "instrument": "vas", "items": {"vas": 3}},
    )
    assert made.status_code == 201, made.content
    assert _check(api, pid)[pid]["d7"] == "done"
    assessment_update(
        actor=actor_for(registry["users"]["investigator_a"]),
        assessment_id=made.json()["id"],
        version=made.json()["version"],
        reason="entered under the wrong visit",
        visit="m3",
    )
    after = _check(api, pid)[pid]
    assert (after["d7"], after["m3"]) == ("missed", "done")


def test_a_death_recorded_then_its_date_corrected(api_as: Any) -> None:
    api = api_as("investigator_a")
    today = dt.date.today()
    index = today - dt.timedelta(days=200)  # m3 (77-105) closed, missed from day 152; m6 due
    pid = _patient(api, "F-2", index)
    assert _check(api, pid)[pid]["m6"] == "due"

    def died(on: dt.date, version: int) -> None:
        body = {
            "version": version,
            "reason": "death reported",
            "vital_status": "dead",
            "death_date": on.isoformat(),
            "last_contact_date": on.isoformat(),
        }
        response = api.patch(f"/api/patients/{pid}", body)
        assert response.status_code == 200, response.content

    died(index + dt.timedelta(days=120), 1)  # after m3's window: m3 stays missed
    statuses = _check(api, pid)[pid]
    assert (statuses["m3"], statuses["m6"], statuses["m24"]) == (
        "missed",
        "not_applicable",
        "not_applicable",
    )
    died(index + dt.timedelta(days=100), 2)  # corrected: inside m3's window
    assert _check(api, pid)[pid]["m3"] == "not_applicable"


def test_a_withdrawal_ends_the_visits_not_yet_closed(api_as: Any) -> None:
    api = api_as("investigator_a")
    pid = _patient(api, "F-3", dt.date.today() - dt.timedelta(days=15))  # d7 overdue
    assert _check(api, pid)[pid]["d7"] == "overdue"
    response = api.post(f"/api/patients/{pid}/withdraw", {"reason": "consent withdrawn"})
    assert response.status_code == 200, response.content
    statuses = _check(api, pid)[pid]
    # d7 closed before the withdrawal (DESIGN.md: not applicable only after it)
    assert (statuses["d7"], statuses["m3"], statuses["m24"]) == (
        "overdue",
        "not_applicable",
        "not_applicable",
    )


def test_a_withdrawal_without_a_date_ends_every_visit(api_as: Any) -> None:
    from spinemet.registry.patients.models import Patient
    from spinemet.registry.visits.models import Visit
    from spinemet.registry.visits.services import store_facts

    api = api_as("investigator_a")
    pid = _patient(api, "F-4", dt.date.today() - dt.timedelta(days=15))
    # as a record from before withdrawal dates were kept; store_facts is what every write runs
    Patient.objects.filter(pk=pid).update(withdrawn=True, withdrawn_at=None)
    store_facts(Visit.objects.filter(patient_id=pid))
    assert set(_check(api, pid)[pid].values()) == {"not_applicable"}


def test_an_index_date_change_moves_the_windows(api_as: Any) -> None:
    api = api_as("investigator_a")
    today = dt.date.today()
    pid = _patient(api, "F-5", today - dt.timedelta(days=15))
    api.post(
        f"/api/patients/{pid}/assessments",
        {"visit": "preop", "instrument": "vas", "items": {"vas": 7}},
    )
    assert _check(api, pid)[pid]["d7"] == "overdue"
    response = api.patch(
        f"/api/patients/{pid}",
        {
            "version": 1,
            "reason": "surgery date corrected",
            "index_date": str(today - dt.timedelta(days=5)),
        },
    )
    assert response.status_code == 200, response.content
    statuses = _check(api, pid)[pid]
    assert (statuses["preop"], statuses["d7"]) == ("done", "due")


def test_an_import_stores_the_facts_also_for_patients_it_leaves_unchanged(
    api_as: Any,
) -> None:
    from spinemet._cli._demo_registry import recent_cohort
    from spinemet.cohort import Cohort, synthetic_cohort
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.patients.models import Patient
    from spinemet.registry.sites.selectors import command_line_actor

    full = recent_cohort(synthetic_cohort(30, seed=11), today=dt.date.today())
    frame = full.assessments
    held_back = frame.index[frame["visit"].notna()][-1]  # an assessment naming a visit
    first = Cohort.from_tables(
        full.patients,
        lesions=full.lesions,
        procedures=full.procedures,
        assessments=frame.drop(index=held_back),
        complications=full.complications,
        schedule=full.schedule,
        synthetic=True,
    )
    import_cohort(actor=command_line_actor(), cohort=first, source="first")
    api = api_as("datamanager")
    ids = list(Patient.objects.values_list("pk", flat=True))
    statuses = _check(api, *ids)
    assert {s for codes in statuses.values() for s in codes.values()} >= {
        "done",
        "missed",
        "not_applicable",
    }
    report = import_cohort(actor=command_line_actor(), cohort=full, source="second")
    assert report.added["assessments"] == 1
    assert report.changed["patients"] == 0
    _check(api, *ids)


def test_the_migration_fills_in_the_facts_of_existing_visits(api_as: Any) -> None:
    from django.apps import apps

    from spinemet.registry.visits.models import Visit

    api = api_as("investigator_a")
    today = dt.date.today()
    done = _patient(api, "F-6", today - dt.timedelta(days=15))
    api.post(
        f"/api/patients/{done}/assessments",
        {"visit": "preop", "instrument": "vas", "items": {"vas": 7}},
    )
    ended = _patient(api, "F-7", today - dt.timedelta(days=15))
    api.post(f"/api/patients/{ended}/withdraw", {"reason": "consent withdrawn"})
    stored = sorted(Visit.objects.values_list("pk", "done", "follow_up_ended"))
    assert any(row[1] for row in stored)
    assert any(row[2] for row in stored)
    Visit.objects.update(done=False, follow_up_ended=False)  # rows as they were before 0002
    migration = importlib.import_module(
        "spinemet.registry.visits.migrations.0002_visit_stored_facts"
    )
    migration.fill_facts(apps, None)
    assert sorted(Visit.objects.values_list("pk", "done", "follow_up_ended")) == stored
    _check(api, done, ended)


def test_a_bulk_import_refreshes_the_planner_statistics_on_postgresql(registry: Any) -> None:
    import pytest
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spinemet._cli._demo_registry import recent_cohort
    from spinemet.cohort import synthetic_cohort
    from spinemet.registry.importer import ANALYZE_FROM, import_cohort
    from spinemet.registry.sites.selectors import command_line_actor

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics (SQLite plans these queries well without)")
    cohort = recent_cohort(synthetic_cohort(120, seed=3), today=dt.date.today())
    with CaptureQueriesContext(connection) as queries:
        report = import_cohort(actor=command_line_actor(), cohort=cohort, source="bulk")
    assert sum(report.added.values()) >= ANALYZE_FROM
    analyzed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    assert len(analyzed) == 1
    assert '"spinemet_visits_visit"' in analyzed[0]
    assert '"spinemet_patients_patient"' in analyzed[0]
