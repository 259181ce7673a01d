"""Editing a patient, adding and editing lesions, procedures and complications, and
withdrawing a patient: the pages of the API's ``PATCH /api/patients/{id}``,
``POST .../lesions|procedures|complications`` and ``POST .../withdraw``.

The forms are generated from the tidy cohort's column declarations
(:mod:`spinemet.registry.web.patient_form`); every save goes through the core's services, which
check the site, the role, the reason and the version and refuse new data for a withdrawn
patient. A save on a stale version shows the conflict page: their stored record beside what
this user sent, nothing overwritten.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spinemet.errors import SpinemetInputError
from spinemet.registry.common.errors import VersionConflict
from spinemet.registry.common.records import child_row, patient_row
from spinemet.registry.common.validation import problems_as_detail
from spinemet.registry.patients.selectors import child_get, patient_get
from spinemet.registry.patients.services import (
    child_create,
    child_update,
    patient_update,
    patient_withdraw,
)
from spinemet.registry.web.pages import actor_of, page
from spinemet.registry.web.patient_form import (
    PatientField,
    form_text,
    patient_fields,
    read_patient,
    read_record,
    record_fields,
)

TITLES = {
    ("lesions", "new"): gettext_lazy("New lesion"),
    ("lesions", "edit"): gettext_lazy("Edit lesion"),
    ("procedures", "new"): gettext_lazy("New procedure"),
    ("procedures", "edit"): gettext_lazy("Edit procedure"),
    ("complications", "new"): gettext_lazy("New complication"),
    ("complications", "edit"): gettext_lazy("Edit complication"),
    ("patients", "edit"): gettext_lazy("Edit patient"),
}
SAVED = {
    "lesions": gettext_lazy("Lesion saved."),
    "procedures": gettext_lazy("Procedure saved."),
    "complications": gettext_lazy("Complication saved."),
    "patients": gettext_lazy("Patient saved."),
}


def _sent_version(data: Mapping[str, Any]) -> object:
    """The version the form carried: an integer, or the text as sent (the service refuses
    it, naming the field)."""
    version: object = data.get("version", "")
    with contextlib.suppress(ValueError):
        version = int(str(version))
    return version


def _split(
    error: SpinemetInputError, fields: list[PatientField]
) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """The problems of the record being written by form field (a rule on several fields, as
    ``patient_id + level`` for a level recorded twice, beside each of them that the form
    has); the reason's; the others (the patient's state, another record's) for the list above
    the form."""
    known = {f.name for f in fields}
    by_field: dict[str, list[str]] = {}
    reason: list[str] = []
    other: list[str] = []
    for item in problems_as_detail(error):
        name, message = str(item["field"]), str(item["message"])
        shown = [part for part in (p.strip() for p in name.split("+")) if part in known]
        if name == "reason":
            reason.append(message)
        elif "object" in item or not shown:
            other.append(message)
        else:
            for part in shown:
                by_field.setdefault(part, []).append(message)
    return by_field, reason, other


def _form(
    request: HttpRequest,
    *,
    patient: Any,
    table: str,
    mode: str,
    make_fields: Callable[[Mapping[str, Any], Mapping[str, list[str]]], list[PatientField]],
    values: Mapping[str, Any],
    save: Callable[[dict[str, Any], object, str], Any],
    version: int | None,
) -> HttpResponse:
    """The generated form of a record: GET shows it, POST saves through ``save`` (called
    with what was sent, the version and the reason) and goes back to the patient page, or
    shows the errors beside their fields (what was typed kept), or the conflict page."""
    actor = actor_of(request)
    errors: dict[str, list[str]] = {}
    reason_errors: list[str] = []
    problems: list[str] = []
    reason = ""
    if request.method == "POST":
        blanks = mode == "edit"
        sent = (
            read_patient(request.POST, blanks=blanks)
            if table == "patients"
            else read_record(table, request.POST, blanks=blanks)
        )
        reason = request.POST.get("reason", "")
        sent_version = _sent_version(request.POST)
        try:
            save(sent, sent_version, reason)
        except VersionConflict as conflict:
            return _conflict(
                request,
                patient=patient,
                fields=make_fields(sent, {}),
                theirs=conflict.current,
                stored=conflict.stored,
                reason=reason,
            )
        except SpinemetInputError as error:
            errors, reason_errors, problems = _split(error, make_fields({}, {}))
            values = sent
            if isinstance(sent_version, int):
                version = sent_version
        else:
            messages.success(request, str(SAVED[table]))
            return redirect("web:patient", patient_id=patient.pk)
    return render(
        request,
        "web/record_form.html",
        {
            "patient": patient,
            "title": TITLES[(table, mode)],
            "fields": make_fields(values, errors),
            "editing": mode == "edit",
            "version": version,
            "reason": reason,
            "reason_errors": reason_errors,
            "problems": problems,
            "read_only": not actor.may_write,
        },
        status=422 if (errors or reason_errors or problems) else 200,
    )


def _conflict(
    request: HttpRequest,
    *,
    patient: Any,
    fields: list[PatientField],
    theirs: Mapping[str, Any],
    stored: int,
    reason: str,
) -> HttpResponse:
    rows = []
    for f in fields:
        their_text = form_text(theirs.get(f.name))
        shown = dict(f.options)  # a choice as the form names it (yes / no, SINS answers)
        rows.append(
            {
                "label": f.label,
                "theirs": shown.get(their_text, their_text),
                "yours": shown.get(f.value, f.value),
                "differs": their_text != f.value,
            }
        )
    return render(
        request,
        "web/record_conflict.html",
        {
            "patient": patient,
            "rows": rows,
            "fields": fields,
            "stored_version": stored,
            "reason": reason,
            "action": request.path,
        },
        status=409,
    )


@page
def patient_edit(request: HttpRequest, patient_id: str) -> HttpResponse:
    actor = actor_of(request)
    patient = patient_get(actor, patient_id)
    return _form(
        request,
        patient=patient,
        table="patients",
        mode="edit",
        make_fields=patient_fields,
        values={"study_id": patient.study_id, **patient_row(patient)},
        save=lambda sent, version, reason: patient_update(
            actor=actor, patient_id=patient.pk, version=version, reason=reason, changes=sent
        ),
        version=patient.version,
    )


def _record_new(request: HttpRequest, patient_id: str, table: str) -> HttpResponse:
    actor = actor_of(request)
    patient = patient_get(actor, patient_id)
    return _form(
        request,
        patient=patient,
        table=table,
        mode="new",
        make_fields=lambda values, errors: record_fields(table, values, errors),
        values={},
        save=lambda sent, version, reason: child_create(
            actor=actor, patient_id=patient.pk, table=table, data=sent
        ),
        version=None,
    )


def _record_edit(request: HttpRequest, table: str, record_id: str) -> HttpResponse:
    actor = actor_of(request)
    record = child_get(actor, table, record_id)
    return _form(
        request,
        patient=record.patient,
        table=table,
        mode="edit",
        make_fields=lambda values, errors: record_fields(table, values, errors),
        values=child_row(table, record, with_case_fields=True),
        save=lambda sent, version, reason: child_update(
            actor=actor,
            table=table,
            record_id=record.pk,
            version=version,
            reason=reason,
            changes=sent,
        ),
        version=record.version,
    )


@page
def lesion_new(request: HttpRequest, patient_id: str) -> HttpResponse:
    return _record_new(request, patient_id, "lesions")


@page
def procedure_new(request: HttpRequest, patient_id: str) -> HttpResponse:
    return _record_new(request, patient_id, "procedures")


@page
def complication_new(request: HttpRequest, patient_id: str) -> HttpResponse:
    return _record_new(request, patient_id, "complications")


@page
def lesion_edit(request: HttpRequest, lesion_id: str) -> HttpResponse:
    return _record_edit(request, "lesions", lesion_id)


@page
def procedure_edit(request: HttpRequest, procedure_id: str) -> HttpResponse:
    return _record_edit(request, "procedures", procedure_id)


@page
def complication_edit(request: HttpRequest, complication_id: str) -> HttpResponse:
    return _record_edit(request, "complications", complication_id)


@page
def patient_withdraw_page(request: HttpRequest, patient_id: str) -> HttpResponse:
    """Withdraw a patient, with the reason; nothing is deleted (the patient stays in lists and
    history, marked withdrawn, and takes no new data)."""
    actor = actor_of(request)
    patient = patient_get(actor, patient_id)
    reason = ""
    reason_errors: list[str] = []
    problems: list[str] = []
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            patient_withdraw(actor=actor, patient_id=patient.pk, reason=reason)
        except SpinemetInputError as error:
            _fields, reason_errors, problems = _split(error, [])
        else:
            messages.success(request, _("Patient withdrawn."))
            return redirect("web:patient", patient_id=patient.pk)
    return render(
        request,
        "web/withdraw.html",
        {
            "patient": patient,
            "reason": reason,
            "reason_errors": reason_errors,
            "problems": problems,
            "read_only": not actor.may_write,
            "action": reverse("web:patient_withdraw", args=[patient.pk]),
        },
        status=422 if (reason_errors or problems) else 200,
    )
