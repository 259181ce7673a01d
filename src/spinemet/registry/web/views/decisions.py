"""Saving the team's decision: the core runs the decision support again on the patient's data
as it stands and stores it with the rule-set version, the team's choice and note."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spinemet.errors import SpinemetInputError
from spinemet.registry.decisions.services import decision_create
from spinemet.registry.patients.selectors import patient_get
from spinemet.registry.web.pages import actor_of, field_errors, page, post_only


@page
@post_only
def decision_save(request: HttpRequest, patient_id: str) -> HttpResponse:
    actor = actor_of(request)
    patient = patient_get(actor, patient_id)
    try:
        decision_create(
            actor=actor,
            patient_id=patient.pk,
            chosen_option=request.POST.get("chosen_option", ""),
            note=request.POST.get("note", "").strip(),
        )
    except SpinemetInputError as error:
        return render(
            request,
            "web/problems.html",
            {
                "patient": patient,
                "title": _("The decision was not saved"),
                "problems": [m for ms in field_errors(error).values() for m in ms],
            },
            status=422,
        )
    messages.success(request, _("Decision saved."))
    return redirect("web:patient", patient_id=patient.pk)
