"""Writes of assessments: items validated and scored by :mod:`spinemet.instruments` (the only
source of a total), the visit checked against the study's schedule, the patient's data checked
by the cohort layer (no assessment after death ...), version and reason as everywhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from spinemet.errors import MISSING, Problem, SpinemetInputError
from spinemet.instruments import get_spec, score
from spinemet.registry.assessments.models import Assessment
from spinemet.registry.common.errors import NotFound
from spinemet.registry.common.records import patient_row
from spinemet.registry.common.writing import check_version, mark_history, need_reason, need_write
from spinemet.registry.patients.models import Patient
from spinemet.registry.patients.selectors import patient_get, patients_visible
from spinemet.registry.patients.services import _refuse_withdrawn, schedule_of, validate_patient
from spinemet.registry.sites.selectors import Actor

__all__ = ["assessment_create", "assessment_update", "scored_items"]


def scored_items(instrument: object, items: object) -> tuple[str, dict[str, Any], Any]:
    """The instrument's code, the validated items and the :class:`ScoreResult`; every missing
    or bad item is refused at once (a registry total is always complete and computed)."""
    if not isinstance(instrument, str):
        get_spec(str(instrument))  # raises the unknown-instrument error with the codes allowed
    spec = get_spec(instrument)  # type: ignore[arg-type]
    if not isinstance(items, Mapping):
        raise SpinemetInputError("items", items, f"an object of {spec.code} items", "not_an_object")
    if any(name in items for name in ("total", "category")):
        raise SpinemetInputError(
            "items.total",
            items.get("total", items.get("category")),
            "no total or category: the server computes them from the items",
            "total_given",
        )
    try:
        result = score(spec.code, dict(items))
    except SpinemetInputError as error:
        raise SpinemetInputError.from_problems(
            Problem(f"items.{p.field.split('.', 1)[-1]}", p.value, p.allowed, p.code)
            for p in error.problems
        ) from None
    if result.missing:
        raise SpinemetInputError.from_problems(
            Problem(f"items.{name}", MISSING, _allowed(spec, name), "missing_item")
            for name in result.missing
        )
    return spec.code, dict(items), result


def _allowed(spec: Any, name: str) -> str:
    item = spec.item(name)
    if getattr(item, "codes", None):
        return ", ".join(str(code) for code in item.codes)
    return f"a value of {spec.code}.{name}"


def _visit_and_date(
    patient: Patient, visit: object, date: object
) -> tuple[str | None, dt.date | None]:
    schedule = schedule_of(patient)
    problems: list[Problem] = []
    parsed: dt.date | None = None
    if date is not None:
        if isinstance(date, dt.date):
            parsed = date
        else:
            try:
                parsed = dt.date.fromisoformat(str(date))
            except ValueError:
                problems.append(Problem("date", date, "a date YYYY-MM-DD", "value_not_allowed"))
    code: str | None = None
    if visit is not None:
        if visit not in schedule.codes:
            problems.append(Problem("visit", visit, ", ".join(schedule.codes), "unknown_visit"))
        else:
            code = str(visit)
    if visit is None and date is None:
        problems.append(
            Problem("visit", MISSING, "a visit code or a date (or both)", "missing_value")
        )
    if problems:
        raise SpinemetInputError.from_problems(problems)
    if code is None and parsed is not None:
        code = schedule.visit_for_day((parsed - patient.index_date).days)
    return code, parsed


def _check_with_patient(patient: Patient, assessment_id: int | None, row: dict[str, Any]) -> None:
    validate_patient(
        patient,
        row=patient_row(patient, with_case_fields=False),
        replace=("assessments", assessment_id, row),
        schedule=schedule_of(patient),
    )


def assessment_create(
    *,
    actor: Actor,
    patient_id: object,
    instrument: object,
    items: object,
    visit: object = None,
    date: object = None,
    reason: str = "created",
) -> Assessment:
    """Record an instrument at a visit (or on a date, whose window gives the visit)."""
    with transaction.atomic():
        patient = patient_get(actor, patient_id, for_update=True)
        need_write(actor)  # after visibility: another site's patient is 404 first
        _refuse_withdrawn(patient)
        code, values, result = scored_items(instrument, items)
        visit_code, when = _visit_and_date(patient, visit, date)
        row = {"visit": visit_code, "date": when, "instrument": code, **values}
        contact = _advanced_contact(patient, when)
        _check_with_patient(patient, None, row)
        if contact is not None:
            # An assessment on a date is a contact on that date: follow-up runs to it.
            patient.version += 1
            mark_history(patient, actor, f"last contact: the {code} assessment of {contact}")
            patient.save()
        assessment = Assessment(
            patient=patient,
            visit=visit_code,
            date=when,
            instrument=code,
            items=values,
            total=None if result.total is None else float(result.total),
            category=result.category,
        )
        mark_history(assessment, actor, reason)
        try:
            with transaction.atomic():
                assessment.save()
        except IntegrityError:
            raise SpinemetInputError(
                "visit",
                visit_code,
                f"a visit without a {code} assessment yet (edit the existing one instead)",
                "duplicate_assessment",
            ) from None
        _store_visit_facts(patient)
    return assessment


def _store_visit_facts(patient: Patient) -> None:
    """The visit an assessment names is done (and one it no longer names may not be)."""
    from spinemet.registry.visits.models import Visit
    from spinemet.registry.visits.services import store_facts

    store_facts(Visit.objects.filter(patient_id=patient.pk))


def _advanced_contact(patient: Patient, when: dt.date | None) -> str | None:
    """Move a living patient's last contact to an assessment dated after it (in memory; the
    caller saves). Returns the new date as text, or ``None`` when nothing changes."""
    if when is None or patient.vital_status != "alive":
        return None
    if patient.last_contact_date is not None and when <= patient.last_contact_date:
        return None
    patient.last_contact_date = when
    return when.isoformat()


def assessment_update(
    *,
    actor: Actor,
    assessment_id: object,
    version: object,
    reason: object,
    items: object = None,
    visit: object = MISSING,
    date: object = MISSING,
) -> Assessment:
    """Change an assessment's items (and visit or date): rescored on the server."""
    from spinemet.registry.api.render import assessment_out

    with transaction.atomic():
        try:
            key = int(str(assessment_id))
        except ValueError:
            raise NotFound("assessment") from None
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .filter(pk=key, patient__in=patients_visible(actor))
            .select_related("patient", "patient__site", "patient__protocol")
            .first()
        )
        if assessment is None:
            raise NotFound("assessment")
        need_write(actor)  # after visibility: another site's record is 404 first
        why = need_reason(reason)
        check_version(assessment, version, assessment_out(assessment))
        patient = assessment.patient
        _refuse_withdrawn(patient)
        new_items = assessment.items if items is None else items
        code, values, result = scored_items(assessment.instrument, new_items)
        new_visit = assessment.visit if visit is MISSING else visit
        new_date = assessment.date if date is MISSING else date
        visit_code, when = _visit_and_date(patient, new_visit, new_date)
        row = {"visit": visit_code, "date": when, "instrument": code, **values}
        _check_with_patient(patient, assessment.pk, row)
        assessment.items = values
        assessment.visit = visit_code
        assessment.date = when
        assessment.total = None if result.total is None else float(result.total)
        assessment.category = result.category
        assessment.total_source = "computed"
        assessment.version += 1
        mark_history(assessment, actor, why)
        try:
            with transaction.atomic():
                assessment.save()
        except IntegrityError:
            raise SpinemetInputError(
                "visit",
                visit_code,
                f"a visit without another {code} assessment",
                "duplicate_assessment",
            ) from None
        _store_visit_facts(patient)
    return assessment
