"""The patients list, the new-patient form, the patient page and its history."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spinemet._i18n import language
from spinemet.decision.render import category_label as score_category_label
from spinemet.errors import SpinemetInputError
from spinemet.instruments import INSTRUMENTS, get_spec
from spinemet.registry.audit.query_selectors import queries_visible
from spinemet.registry.audit.selectors import patient_history
from spinemet.registry.audit.services import may_answer, may_close
from spinemet.registry.common.records import child_row
from spinemet.registry.patients.selectors import patient_detail, patient_get, patient_list
from spinemet.registry.patients.services import patient_create, today
from spinemet.registry.sites.selectors import visible_sites
from spinemet.registry.visits.selectors import visits_of_patient
from spinemet.registry.web.chart import Point, line_chart
from spinemet.registry.web.decision_view import decision_support, report_language
from spinemet.registry.web.labels import code_text, field_label, status_label
from spinemet.registry.web.pages import actor_of, field_errors, page
from spinemet.registry.web.patient_form import patient_fields, read_patient

PAGE_SIZE = 50
FILTERS = ("site", "vital_status", "primary_tumor", "withdrawn")


@page
def patient_list_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    filters = {name: request.GET.get(name, "") for name in FILTERS}
    patients = patient_list(actor, site=filters["site"] or None)
    if filters["vital_status"] in ("alive", "dead"):
        patients = patients.filter(vital_status=filters["vital_status"])
    if filters["primary_tumor"]:
        patients = patients.filter(primary_tumor=filters["primary_tumor"])
    if filters["withdrawn"] in ("yes", "no"):
        patients = patients.filter(withdrawn=filters["withdrawn"] == "yes")
    paginator = Paginator(patients, PAGE_SIZE)
    current = paginator.get_page(request.GET.get("page"))
    from spinemet.cohort._columns import PRIMARY_TUMORS

    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(
        request,
        "web/patients.html",
        {
            "page_obj": current,
            "filters": filters,
            "sites": visible_sites(actor),
            "tumours": PRIMARY_TUMORS,
            "query": query,
        },
    )


@page
def patient_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    sites = list(visible_sites(actor))
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    chosen_site = ""
    if request.method == "POST":
        values = read_patient(request.POST)
        chosen_site = request.POST.get("site", "")
        try:
            patient = patient_create(
                actor=actor,
                data=values,
                site_code=chosen_site or None,
            )
        except SpinemetInputError as error:
            errors = field_errors(error)
        else:
            return redirect("web:patient", patient_id=patient.pk)
    known = {f.name for f in patient_fields()} | {"site"}
    return render(
        request,
        "web/patient_new.html",
        {
            "fields": patient_fields(values, errors),
            "sites": sites,
            "choose_site": actor.all_sites,
            "may_write": actor.may_write,
            "chosen_site": chosen_site,
            "site_errors": errors.get("site", []),
            "other_errors": [m for f, ms in errors.items() if f not in known for m in ms],
        },
        status=422 if errors else 200,
    )


_CHARTS = (("vas", 0, 10, ""), ("barthel", 0, 100, ""))


def _charts(assessments: list[Any], visit_order: dict[str, int]) -> list[dict[str, Any]]:
    charts = []
    for code, low, high, unit in _CHARTS:
        rows = [a for a in assessments if a.instrument == code and a.total is not None]
        rows.sort(key=lambda a: (visit_order.get(a.visit or "", 999), str(a.date or "")))
        points = [Point(a.visit or str(a.date), float(a.total)) for a in rows]
        name = _(get_spec(code).name)
        charts.append(
            {
                "code": code,
                "title": name,
                "svg": line_chart(points, low=low, high=high, title=name, unit=unit),
                "points": points,
            }
        )
    return charts


@page
def patient_page(request: HttpRequest, patient_id: str) -> HttpResponse:
    actor = actor_of(request)
    patient = patient_detail(actor, patient_id)
    day = today()
    visits = list(visits_of_patient(patient.pk, today=day))
    assessments = list(patient.assessments.all())
    by_visit: dict[str, list[Any]] = {}
    for assessment in assessments:
        assessment.category_label = category_label(assessment.instrument, assessment.category)
        by_visit.setdefault(assessment.visit or "", []).append(assessment)
    timeline = [
        {
            "visit": visit,
            "status_label": status_label(visit.status),
            "assessments": by_visit.get(visit.code, []),
        }
        for visit in visits
    ]
    order = {visit.code: visit.position for visit in visits}
    queries = list(queries_visible(actor, site=None).filter(patient=patient))
    follow_up_end = patient.death_date or patient.last_contact_date
    header = [
        (field_label("site"), patient.site.code),
        (
            field_label("primary_tumor"),
            code_text(patient.primary_tumor) if patient.primary_tumor else "—",
        ),
        (field_label("index_date"), patient.index_date),
        (field_label("vital_status"), code_text(patient.vital_status)),
        (
            field_label("follow_up"),
            _("%(days)s days") % {"days": (follow_up_end - patient.index_date).days}
            if follow_up_end
            else "—",
        ),
    ]
    lesion_rows = [_lesion_row(lesion) for lesion in patient.lesions.all()]
    return render(
        request,
        "web/patient.html",
        {
            "patient": patient,
            "header": header,
            "timeline": timeline,
            "charts": _charts(assessments, order),
            "lesions": lesion_rows,
            "complications": list(patient.complications.all()),
            "procedures": list(patient.procedures.all()),
            "decisions": list(patient.decisions.all()),
            "support": decision_support(patient),
            "instruments": sorted(INSTRUMENTS),
            "may_write": actor.may_write and not patient.withdrawn,
            "may_raise": actor.may_raise_queries,
            "may_answer": may_answer(actor),
            "queries": [
                {"query": q, "may_close": may_close(actor, q) and q.status != "closed"}
                for q in queries
            ],
            "query_objects": _query_objects(patient, assessments),
        },
    )


def _lesion_row(lesion: Any) -> dict[str, Any]:
    """A lesion with its SINS items and, when they are complete, the scorer's total."""
    from spinemet.instruments import score

    values = child_row("lesions", lesion, with_case_fields=True)
    sins = {
        name[len("sins_") :]: value
        for name, value in values.items()
        if name.startswith("sins_") and value not in (None, "")
    }
    result = None
    if sins:
        try:
            result = score("sins", sins)
        except SpinemetInputError:
            result = None
    kept = {k: v for k, v in values.items() if not k.startswith("sins_") and v is not None}
    return {
        "lesion": lesion,
        "shown": [(field_label(k), _value_text(k, v)) for k, v in kept.items() if k != "level"],
        "sins": sins,
        "sins_result": result if result is not None and result.total is not None else None,
        "sins_label": category_label("sins", result.category) if result is not None else "",
    }


def _value_text(name: str, value: Any) -> str:
    """A lesion's stored value as the page shows it: yes / no, a code's label, a number."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        return code_text(value, name)
    return str(value)


def category_label(instrument: str, category: str | None) -> str:
    """A score's category as its instrument labels it (the band's or category's own text),
    in the session's language; the code itself where the instrument has no label for it."""
    if not category:
        return ""
    with language(report_language()):
        return score_category_label(instrument, category)


def _query_objects(patient: Any, assessments: list[Any]) -> list[tuple[str, str]]:
    objects = [("patient", _("patient"))]
    for assessment in assessments:
        objects.append(
            (
                f"assessment:{assessment.pk}",
                f"{assessment.instrument} · {assessment.visit or assessment.date}",
            )
        )
    for lesion in patient.lesions.all():
        objects.append((f"lesion:{lesion.pk}", f"{_('lesion')} {lesion.level}"))
    return objects


@page
def history_page(request: HttpRequest, patient_id: str) -> HttpResponse:
    actor = actor_of(request)
    patient = patient_get(actor, patient_id)
    entries = list(reversed(patient_history(patient)))
    return render(request, "web/history.html", {"patient": patient, "entries": entries})
