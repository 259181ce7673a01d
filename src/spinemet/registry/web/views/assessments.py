"""Assessment entry and edit, with the form generated from the instrument's declaration.

The live total (htmx) asks the server's scorer, the same :func:`spinemet.instruments.score`
the save uses; on save the core service validates, scores and stores. A save on a stale
version shows the conflict page: their stored version beside what this user sent, nothing
overwritten.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spinemet.errors import SpinemetInputError
from spinemet.instruments import INSTRUMENTS, get_spec, score
from spinemet.registry.assessments.selectors import assessment_get
from spinemet.registry.assessments.services import assessment_create, assessment_update
from spinemet.registry.common.errors import VersionConflict
from spinemet.registry.patients.selectors import patient_get
from spinemet.registry.patients.services import schedule_of
from spinemet.registry.web.instrument_form import form_items, read_items
from spinemet.registry.web.pages import actor_of, field_errors, page, post_only

ITEMS = "items."


def _spec_or_error(code: str) -> Any:
    try:
        return get_spec(code), []
    except SpinemetInputError as error:
        return None, [m for ms in field_errors(error).values() for m in ms]


def _split_errors(error: SpinemetInputError) -> tuple[dict[str, list[str]], list[str]]:
    """Item errors by item name; the others (visit, date ...) as a list."""
    items: dict[str, list[str]] = {}
    other: list[str] = []
    for name, messages in field_errors(error).items():
        if name.startswith(ITEMS):
            items.setdefault(name[len(ITEMS) :], []).extend(messages)
        else:
            other.extend(messages)
    return items, other


@page
def assessment_new(request: HttpRequest, patient_id: str) -> HttpResponse:
    actor = actor_of(request)
    patient = patient_get(actor, patient_id)
    source = request.POST if request.method == "POST" else request.GET
    code = source.get("instrument", "vas")
    visit = source.get("visit", "")
    spec, problems = _spec_or_error(code)
    if spec is None:
        return render(
            request,
            "web/assessment_form.html",
            {"patient": patient, "problems": problems, "instruments": sorted(INSTRUMENTS)},
            status=422,
        )
    values: dict[str, Any] = {}
    item_errors: dict[str, list[str]] = {}
    other_errors: list[str] = []
    # No default date: the cohort's rules refuse an assessment dated after the patient's last
    # contact, so a date is entered only when it is known (the visit alone is enough).
    date = source.get("date", "")
    if request.method == "POST":
        values = read_items(spec, request.POST)
        try:
            assessment_create(
                actor=actor,
                patient_id=patient.pk,
                instrument=spec.code,
                items=values,
                visit=visit or None,
                date=date or None,
            )
        except SpinemetInputError as error:
            item_errors, other_errors = _split_errors(error)
        else:
            return redirect("web:patient", patient_id=patient.pk)
    return render(
        request,
        "web/assessment_form.html",
        {
            "patient": patient,
            "spec": spec,
            "spec_name": _(spec.name),
            "items": form_items(spec, values, item_errors),
            "visit": visit,
            "visits": schedule_of(patient).codes,
            "date": date,
            "problems": other_errors,
            "instruments": sorted(INSTRUMENTS),
            "live": _live(spec, values) if values else None,
            "editing": None,
            "may_write": actor.may_write,
        },
        status=422 if (item_errors or other_errors) else 200,
    )


def _live(spec: Any, items: dict[str, Any]) -> dict[str, Any]:
    """What the scorer says of the items entered so far: total and category, the items
    still missing, or the errors (by item)."""
    try:
        result = score(spec.code, items)
    except SpinemetInputError as error:
        errors, other = _split_errors(
            SpinemetInputError.from_problems(
                type(p)(f"items.{p.field.split('.', 1)[-1]}", p.value, p.allowed, p.code)
                for p in error.problems
            )
        )
        return {"errors": errors, "other": other, "result": None, "missing": []}
    return {
        "errors": {},
        "other": [],
        "result": result if result.total is not None or result.category else None,
        "interpretation": _(result.interpretation) if result.interpretation else "",
        "missing": [spec.item(name) for name in result.missing],
    }


@page
@post_only
def assessment_score(request: HttpRequest, patient_id: str) -> HttpResponse:
    """The live total (an htmx partial): the server's scorer on the items entered so far."""
    actor = actor_of(request)
    patient_get(actor, patient_id)
    spec, problems = _spec_or_error(request.POST.get("instrument", ""))
    if spec is None:
        return render(request, "web/_live_total.html", {"problems": problems}, status=422)
    live = _live(spec, read_items(spec, request.POST))
    return render(
        request,
        "web/_live_total.html",
        {"live": live, "items": form_items(spec, {}, live["errors"]), "oob": True},
    )


@page
def assessment_edit(request: HttpRequest, assessment_id: str) -> HttpResponse:
    actor = actor_of(request)
    assessment = assessment_get(actor, assessment_id)
    patient = assessment.patient
    spec = get_spec(assessment.instrument)
    values: dict[str, Any] = dict(assessment.items or {})
    item_errors: dict[str, list[str]] = {}
    other_errors: list[str] = []
    reason = ""
    version = assessment.version
    if request.method == "POST":
        values = read_items(spec, request.POST)
        reason = request.POST.get("reason", "")
        sent_version: object = request.POST.get("version", "")
        with contextlib.suppress(ValueError):
            sent_version = int(str(sent_version))
        try:
            assessment_update(
                actor=actor,
                assessment_id=assessment.pk,
                version=sent_version,
                reason=reason,
                items=values,
            )
        except VersionConflict as conflict:
            return render(
                request,
                "web/conflict.html",
                {
                    "patient": patient,
                    "assessment": assessment,
                    "theirs": conflict.current,
                    "yours": values,
                    "reason": reason,
                    "rows": [
                        {
                            "name": item.name,
                            "label": _(item.label),
                            "theirs": conflict.current["items"].get(item.name),
                            "yours": values.get(item.name),
                        }
                        for item in spec.items
                    ],
                    "stored_version": conflict.stored,
                    "items": form_items(spec, values),
                },
                status=409,
            )
        except SpinemetInputError as error:
            item_errors, other_errors = _split_errors(error)
            version = sent_version if isinstance(sent_version, int) else assessment.version
        else:
            return redirect("web:patient", patient_id=patient.pk)
    return render(
        request,
        "web/assessment_form.html",
        {
            "patient": patient,
            "spec": spec,
            "spec_name": _(spec.name),
            "items": form_items(spec, values, item_errors),
            "visit": assessment.visit,
            "visits": schedule_of(patient).codes,
            "date": assessment.date.isoformat() if assessment.date else "",
            "problems": other_errors,
            "live": _live(spec, values),
            "editing": assessment,
            "may_write": actor.may_write,
            "version": version,
            "reason": reason,
            "reason_errors": [m for m in other_errors if m.startswith("reason")],
        },
        status=422 if (item_errors or other_errors) else 200,
    )
