"""Writes of patients, lesions, procedures and complications: scoped, validated by the cohort
layer, version-checked, in one transaction, with a history row carrying user and reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from spinemet.cohort import DEFAULT_SCHEDULE, VisitSchedule
from spinemet.errors import Problem, SpinemetInputError
from spinemet.registry.common.errors import NotPermitted
from spinemet.registry.common.records import (
    CHILD_FIELDS,
    PATIENT_FIELDS,
    assessment_row,
    child_row,
    patient_row,
)
from spinemet.registry.common.validation import TARGET, check_patient_data, row_values
from spinemet.registry.common.writing import check_version, mark_history, need_reason, need_write
from spinemet.registry.patients.case_fields import check_case_fields, split_case_fields
from spinemet.registry.patients.models import Complication, Lesion, Patient, Procedure, Study
from spinemet.registry.patients.selectors import child_get, patient_get
from spinemet.registry.sites.models import Role, Site
from spinemet.registry.sites.selectors import Actor

__all__ = [
    "child_create",
    "child_update",
    "default_study",
    "patient_create",
    "patient_update",
    "patient_withdraw",
    "schedule_of",
    "study_add",
    "study_named",
    "validate_patient",
]

CHILD_MODELS: dict[str, type[Any]] = {
    "lesions": Lesion,
    "procedures": Procedure,
    "complications": Complication,
}
_SINGULAR = {"lesions": "lesion", "procedures": "procedure", "complications": "complication"}

# The record being written is the first row of its table in the validated one-patient cohort
# (validate_patient puts it there and the cohort keeps the order of lesions, procedures and
# complications).
_TARGET_ROW = 0


def default_study() -> Study:
    """The default study, with the seed study's visit schedule (made on first use)."""
    study, _ = Study.objects.get_or_create(
        code="default",
        defaults={
            "name": "Default schedule (Ma et al. 2023)",
            "schedule": DEFAULT_SCHEDULE.as_dict(),
        },
    )
    return study


def study_add(*, code: str, name: str, schedule: VisitSchedule) -> Study:
    """Add a study with its own visit schedule (as ``spinemet analyze --schedule`` reads it)."""
    import re

    if not re.match(r"^[a-z0-9][a-z0-9_-]{0,39}$", code or ""):
        raise SpinemetInputError(
            "code", code, "lower-case letters, digits, _ or - (at most 40)", "value_not_allowed"
        )
    if Study.objects.filter(code=code).exists():
        raise SpinemetInputError("code", code, "a study code not yet used", "duplicate_study")
    return Study.objects.create(code=code, name=name or code, schedule=schedule.as_dict())


def study_named(code: str | None) -> Study:
    """The study with ``code`` (the default study for ``None``)."""
    if code is None:
        return default_study()
    study = Study.objects.filter(code=code).first()
    if study is None:
        allowed = ", ".join(Study.objects.values_list("code", flat=True)) or "default"
        raise SpinemetInputError("study", code, allowed, "unknown_study")
    return study


def schedule_of(patient: Patient) -> VisitSchedule:
    """The visit schedule of the patient's study."""
    return VisitSchedule.from_dict(patient.protocol.schedule, source=f"study {patient.protocol}")


def _unknown_fields(data: Mapping[str, Any], allowed: set[str], prefix: str = "") -> list[Problem]:
    return [
        Problem(
            f"{prefix}{name}",
            name,
            ", ".join(sorted(allowed)),
            "unknown_field",
        )
        for name in data
        if name not in allowed
    ]


def validate_patient(
    patient: Patient | None,
    *,
    row: Mapping[str, Any],
    replace: tuple[str, int | None, Mapping[str, Any]] | None = None,
    schedule: VisitSchedule,
) -> Any:
    """Check a patient's data as they would be after a write; the typed one-patient cohort.

    ``replace`` is ``(table, record id or None for a new record, row)``: that row stands in
    place of the stored one (or is added), labelled as the record being written.
    """
    tables: dict[str, list[tuple[str, Mapping[str, Any]]]] = {
        "lesions": [],
        "procedures": [],
        "assessments": [],
        "complications": [],
    }
    if replace is not None:
        table, _, new_row = replace
        tables[table].append((TARGET, new_row))
    if patient is not None:
        target_id = replace[1] if replace is not None else None
        target_table = replace[0] if replace is not None else None
        for table in ("lesions", "procedures", "complications"):
            for record in getattr(patient, table).all():
                if table == target_table and record.pk == target_id:
                    continue
                tables[table].append((f"{_SINGULAR[table]}:{record.pk}", child_row(table, record)))
        for assessment in patient.assessments.all():
            if target_table == "assessments" and assessment.pk == target_id:
                continue
            tables["assessments"].append(
                (f"assessment:{assessment.pk}", assessment_row(assessment))
            )
    cohort_row = {name: value for name, value in row.items() if name in PATIENT_FIELDS}
    cohort_row["site"] = row.get("site")
    return check_patient_data(
        patient=cohort_row,
        lesions=tables["lesions"],
        procedures=tables["procedures"],
        assessments=tables["assessments"],
        complications=tables["complications"],
        schedule=schedule,
        patient_label=TARGET if replace is None else "patient",
    )


def _site_for_create(actor: Actor, site_code: str | None) -> Site:
    if actor.role == Role.INVESTIGATOR:
        sites = list(Site.objects.filter(pk__in=actor.site_ids or ()))
        if site_code is not None and site_code not in {site.code for site in sites}:
            # Naming a site you cannot see reveals nothing: the same answer as a missing one.
            raise SpinemetInputError(
                "site",
                site_code,
                ", ".join(site.code for site in sites) or "your site",
                "unknown_site",
            )
        if len(sites) != 1:
            raise SpinemetInputError(
                "site", site_code, "your one site (this account has none or several)", "no_site"
            )
        return sites[0]
    visible = (
        Site.objects.all() if actor.site_ids is None else Site.objects.filter(pk__in=actor.site_ids)
    )
    allowed = ", ".join(visible.values_list("code", flat=True)) or "a site (none exists yet)"
    if not site_code:
        raise SpinemetInputError("site", None, allowed, "missing_value")
    site = visible.filter(code=site_code).first()
    if site is None:
        raise SpinemetInputError("site", site_code, allowed, "unknown_site")
    return site


def _changed_fields(record: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if getattr(record, name) != value}


def patient_create(
    *,
    actor: Actor,
    data: Mapping[str, Any],
    site_code: str | None = None,
    study_code: str | None = None,
    reason: str = "created",
) -> Patient:
    """Create a patient: ``data`` holds ``study_id`` and patient fields of the tidy cohort
    (and decision-case fields such as ``coagulopathy_uncorrectable``)."""
    from spinemet.registry.visits.services import sync_visits

    need_write(actor)
    fields = dict(data)
    study_id = fields.pop("study_id", None)
    problems: list[Problem] = []
    if not isinstance(study_id, str) or not study_id.strip():
        problems.append(
            Problem(
                "study_id",
                study_id,
                "a pseudonymous study id (text, unique per site)",
                "missing_value",
            )
        )
    cohort_fields, case_fields = split_case_fields(fields, table="patients")
    problems += _unknown_fields(
        {
            name: value
            for name, value in fields.items()
            if name not in cohort_fields and name not in case_fields
        },
        set(PATIENT_FIELDS) | {"study_id"},
    )
    problems += check_case_fields(case_fields, table="patients")
    site = _site_for_create(actor, site_code)
    study = Study.objects.filter(code=study_code).first() if study_code else default_study()
    if study is None:
        problems.append(
            Problem(
                "study",
                study_code,
                ", ".join(Study.objects.values_list("code", flat=True)),
                "unknown_study",
            )
        )
    if problems:
        raise SpinemetInputError.from_problems(problems)
    assert study is not None  # for the type checker: a missing study raised above
    cohort = validate_patient(
        None,
        row={**cohort_fields, "site": site.code},
        schedule=VisitSchedule.from_dict(study.schedule),
    )
    values = row_values(cohort.patients, 0, PATIENT_FIELDS)
    with transaction.atomic():
        if Patient.objects.filter(site=site, study_id=study_id.strip()).exists():
            raise SpinemetInputError(
                "study_id",
                study_id,
                f"a study id not yet used at site {site.code}",
                "duplicate_study_id",
            )
        patient = Patient(
            site=site, protocol=study, study_id=study_id.strip(), case_fields=case_fields, **values
        )
        mark_history(patient, actor, reason)
        try:
            patient.save()
        except IntegrityError:
            raise SpinemetInputError(
                "study_id",
                study_id,
                f"a study id not yet used at site {site.code}",
                "duplicate_study_id",
            ) from None
        sync_visits(patient)
    return patient


def patient_update(
    *,
    actor: Actor,
    patient_id: object,
    version: object,
    reason: object,
    changes: Mapping[str, Any],
) -> Patient:
    """Change a patient's fields: 409 on a stale version, 422 without a reason."""
    from spinemet.registry.api.render import patient_out
    from spinemet.registry.visits.services import sync_visits

    with transaction.atomic():
        patient = patient_get(actor, patient_id, for_update=True)
        need_write(actor)  # after visibility: another site's patient is 404 first
        why = need_reason(reason)
        check_version(patient, version, patient_out(patient))
        _refuse_withdrawn(patient)
        fields = dict(changes)
        problems: list[Problem] = []
        if "study_id" in fields:
            new_id = fields.pop("study_id")
            if not isinstance(new_id, str) or not new_id.strip():
                problems.append(
                    Problem("study_id", new_id, "a pseudonymous study id", "missing_value")
                )
            elif (
                Patient.objects.filter(site=patient.site, study_id=new_id)
                .exclude(pk=patient.pk)
                .exists()
            ):
                problems.append(
                    Problem(
                        "study_id",
                        new_id,
                        f"a study id not yet used at site {patient.site.code}",
                        "duplicate_study_id",
                    )
                )
            else:
                patient.study_id = new_id.strip()
        cohort_fields, case_fields = split_case_fields(fields, table="patients")
        problems += _unknown_fields(
            {n: v for n, v in fields.items() if n not in cohort_fields and n not in case_fields},
            set(PATIENT_FIELDS) | {"study_id"},
        )
        problems += check_case_fields(case_fields, table="patients")
        if problems:
            raise SpinemetInputError.from_problems(problems)
        row = {**patient_row(patient, with_case_fields=False), **cohort_fields}
        cohort = validate_patient(patient, row=row, schedule=schedule_of(patient))
        values = row_values(cohort.patients, 0, PATIENT_FIELDS)
        for name, value in values.items():
            setattr(patient, name, value)
        if case_fields:
            merged = {**patient.case_fields, **case_fields}
            patient.case_fields = {k: v for k, v in merged.items() if v is not None}
        patient.version += 1
        mark_history(patient, actor, why)
        patient.save()
        sync_visits(patient)
    return patient


def patient_withdraw(*, actor: Actor, patient_id: object, reason: object) -> Patient:
    """Mark a patient withdrawn (nothing is ever deleted); the patient stays in lists and
    history, takes no new data and is left out of exports unless asked."""
    from spinemet.registry.visits.models import Visit
    from spinemet.registry.visits.services import store_facts

    with transaction.atomic():
        patient = patient_get(actor, patient_id, for_update=True)
        need_write(actor)  # after visibility: another site's patient is 404 first
        why = need_reason(reason)
        if patient.withdrawn:
            raise SpinemetInputError(
                "withdrawn", True, "a patient not yet withdrawn", "already_withdrawn"
            )
        patient.withdrawn = True
        patient.withdrawal_reason = why
        patient.withdrawn_at = timezone.localdate()
        patient.version += 1
        mark_history(patient, actor, f"withdrawn: {why}")
        patient.save()
        store_facts(Visit.objects.filter(patient_id=patient.pk))  # follow-up ended
    return patient


def _refuse_withdrawn(patient: Patient) -> None:
    if patient.withdrawn:
        raise SpinemetInputError(
            "patient",
            patient.pk,
            "a patient who is not withdrawn (a withdrawn patient takes no new data)",
            "withdrawn",
        )


def child_create(
    *,
    actor: Actor,
    patient_id: object,
    table: str,
    data: Mapping[str, Any],
    reason: str = "created",
) -> Any:
    """Add a lesion, procedure or complication to a patient (``table`` names which)."""
    model = CHILD_MODELS[table]
    with transaction.atomic():
        patient = patient_get(actor, patient_id, for_update=True)
        need_write(actor)  # after visibility: another site's patient is 404 first
        _refuse_withdrawn(patient)
        cohort_fields, case_fields = _child_fields(table, data)
        cohort = validate_patient(
            patient,
            row=patient_row(patient, with_case_fields=False),
            replace=(table, None, cohort_fields),
            schedule=schedule_of(patient),
        )
        values = row_values(getattr(cohort, table), _TARGET_ROW, CHILD_FIELDS[table])
        record = model(patient=patient, **values)
        if case_fields:
            record.case_fields = case_fields
        mark_history(record, actor, reason)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise SpinemetInputError(
                "level",
                values.get("level"),
                "a level not yet recorded for this patient",
                "duplicate_level",
            ) from None
    return record


def child_update(
    *,
    actor: Actor,
    table: str,
    record_id: object,
    version: object,
    reason: object,
    changes: Mapping[str, Any],
) -> Any:
    """Change a lesion, procedure or complication (409 on a stale version, 422 without a reason)."""
    from spinemet.registry.api.render import child_out

    with transaction.atomic():
        record = child_get(actor, table, record_id, for_update=True)
        need_write(actor)  # after visibility: another site's record is 404 first
        why = need_reason(reason)
        check_version(record, version, child_out(table, record))
        patient = record.patient
        _refuse_withdrawn(patient)
        cohort_fields, case_fields = _child_fields(table, changes)
        row = {**child_row(table, record), **cohort_fields}
        cohort = validate_patient(
            patient,
            row=patient_row(patient, with_case_fields=False),
            replace=(table, record.pk, row),
            schedule=schedule_of(patient),
        )
        values = row_values(getattr(cohort, table), _TARGET_ROW, CHILD_FIELDS[table])
        for name, value in values.items():
            setattr(record, name, value)
        if case_fields:
            merged = {**getattr(record, "case_fields", {}), **case_fields}
            record.case_fields = {k: v for k, v in merged.items() if v is not None}
        record.version += 1
        mark_history(record, actor, why)
        record.save()
    return record


def _child_fields(table: str, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    cohort_fields, case_fields = split_case_fields(dict(data), table=table)
    problems = _unknown_fields(
        {n: v for n, v in data.items() if n not in cohort_fields and n not in case_fields},
        set(CHILD_FIELDS[table]),
    )
    problems += check_case_fields(case_fields, table=table)
    if problems:
        raise SpinemetInputError.from_problems(problems)
    return cohort_fields, case_fields


def today() -> dt.date:
    """Today in the registry's time zone (the day visit statuses are computed for)."""
    return timezone.localdate()


__all__ += ["NotPermitted", "today"]
