"""Data queries on the pages: raise (monitors, data managers), answer (the site), close (the
raiser), and the list of queries per site with their age. Every step is the core's service."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spinemet.errors import SpinemetInputError
from spinemet.registry.audit.query_selectors import queries_visible, query_get
from spinemet.registry.audit.services import query_answer, query_close, query_raise
from spinemet.registry.patients.selectors import patient_get
from spinemet.registry.patients.services import today
from spinemet.registry.web.pages import actor_of, field_errors, page, post_only


def _refused(request: HttpRequest, patient: object, error: SpinemetInputError) -> HttpResponse:
    return render(
        request,
        "web/problems.html",
        {
            "patient": patient,
            "title": _("The data query was not saved"),
            "problems": [m for ms in field_errors(error).values() for m in ms],
        },
        status=422,
    )


@page
@post_only
def query_new(request: HttpRequest, patient_id: str) -> HttpResponse:
    actor = actor_of(request)
    patient = patient_get(actor, patient_id)
    try:
        query_raise(
            actor=actor,
            patient_id=patient.pk,
            target=request.POST.get("object", ""),
            field=request.POST.get("field", ""),
            text=request.POST.get("text", ""),
        )
    except SpinemetInputError as error:
        return _refused(request, patient, error)
    messages.success(request, _("Data query raised."))
    return redirect("web:patient", patient_id=patient.pk)


@page
@post_only
def query_reply(request: HttpRequest, query_id: str) -> HttpResponse:
    actor = actor_of(request)
    query = query_get(actor, query_id)
    try:
        if request.POST.get("action") == "close":
            query_close(actor=actor, query_id=query.pk, text=request.POST.get("text", ""))
        else:
            query_answer(actor=actor, query_id=query.pk, text=request.POST.get("text", ""))
    except SpinemetInputError as error:
        return _refused(request, query.patient, error)
    return redirect("web:patient", patient_id=query.patient_id)


@page
def query_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status") or "open"
    if status not in ("open", "answered", "closed"):
        status = "open"
    day = today()
    queries = list(queries_visible(actor, status=status).order_by("created_at")[:200])
    for query in queries:
        query.age_days = (day - query.created_at.date()).days  # type: ignore[attr-defined]
    per_site = []
    for entry in (
        queries_visible(actor, status=status)
        .order_by()
        .values("patient__site__code")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by("patient__site__code")
    ):
        per_site.append(
            {
                "site": entry["patient__site__code"],
                "n": entry["n"],
                "oldest_days": (day - entry["oldest"].date()).days,
            }
        )
    return render(
        request,
        "web/queries.html",
        {"queries": queries, "per_site": per_site, "status": status},
    )
