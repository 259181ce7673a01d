"""The visit rows of a patient, made from the index date by the study's schedule, and the
facts of their status that do not depend on the day (done; follow-up ended), stored on them.

Every write that can change those facts ends here: the services of patients and assessments
(create, edit, withdrawal, a death date or index date changed) call :func:`sync_visits`, the
bulk importer :func:`store_facts` for the patients it touched, and migration
``spinemet_visits.0002`` filled them in for the rows that existed before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from spinemet.registry.patients.models import Patient
from spinemet.registry.visits.models import Visit

__all__ = ["LAST_VISIT_OVERDUE_DAYS", "planned_visits", "store_facts", "sync_visits"]

LAST_VISIT_OVERDUE_DAYS = 90
"""DESIGN.md: the last visit is overdue for 90 days after its window, then missed."""


def planned_visits(patient: Patient) -> list[Visit]:
    """The patient's visits by the schedule (unsaved): target date, window, missed-from date."""
    from spinemet.registry.patients.services import schedule_of

    schedule = schedule_of(patient)
    index = patient.index_date
    visits = list(schedule.visits)
    planned = []
    for position, visit in enumerate(visits):
        end = index + dt.timedelta(days=visit.window_high_day)
        if position + 1 < len(visits):
            missed_from = index + dt.timedelta(days=visits[position + 1].window_low_day)
            missed_from = max(missed_from, end + dt.timedelta(days=1))
        else:
            missed_from = end + dt.timedelta(days=LAST_VISIT_OVERDUE_DAYS + 1)
        planned.append(
            Visit(
                patient=patient,
                code=visit.code,
                position=position,
                target_date=index + dt.timedelta(days=visit.target_day),
                window_start=index + dt.timedelta(days=visit.window_low_day),
                window_end=end,
                missed_from=missed_from,
            )
        )
    return planned


def sync_visits(patient: Patient) -> None:
    """Make the stored visit rows agree with the index date and schedule (derived data: the
    rows are replaced, the assessments that name a visit code are untouched)."""
    planned = {visit.code: visit for visit in planned_visits(patient)}
    stored = {visit.code: visit for visit in Visit.objects.filter(patient=patient)}
    fields = ("position", "target_date", "window_start", "window_end", "missed_from")
    changed = []
    for code, visit in planned.items():
        if code in stored:
            current = stored[code]
            if any(getattr(current, name) != getattr(visit, name) for name in fields):
                for name in fields:
                    setattr(current, name, getattr(visit, name))
                changed.append(current)
    if changed:
        Visit.objects.bulk_update(changed, fields)
    new = [visit for code, visit in planned.items() if code not in stored]
    if new:
        Visit.objects.bulk_create(new)
    gone = [visit.pk for code, visit in stored.items() if code not in planned]
    if gone:
        Visit.objects.filter(pk__in=gone).delete()
    store_facts(Visit.objects.filter(patient=patient))


def store_facts(
    visits: QuerySet[Any], *, assessment_model: Any = None, patient_model: Any = None
) -> int:
    """Store on ``visits`` (one UPDATE) the facts of their status that do not depend on the
    day, as DESIGN.md defines the status: ``done`` when an assessment names the visit;
    ``follow_up_ended`` when the patient was withdrawn without a date, or died (else was
    withdrawn) before the window closed. Returns the number of rows updated.

    The models default to the current ones; migrations pass their historical models.
    """
    if assessment_model is None:
        from spinemet.registry.assessments.models import Assessment

        assessment_model = Assessment
    patients = (patient_model or Patient)._default_manager.filter(pk=OuterRef("patient_id"))
    return int(
        visits.update(
            done=Exists(
                assessment_model._default_manager.filter(
                    patient_id=OuterRef("patient_id"), visit=OuterRef("code")
                )
            ),
            follow_up_ended=Exists(
                patients.filter(
                    Q(withdrawn=True, withdrawn_at__isnull=True)
                    | Q(death_date__lt=OuterRef("window_end"))
                    | Q(death_date__isnull=True, withdrawn_at__lt=OuterRef("window_end"))
                )
            ),
        )
    )
