"""The tumour-board sheet: one printable page (PDF, WeasyPrint) for the multidisciplinary
meeting — the patient's key findings and scores, the recommendation with its reasons and
sources, the construct plan, the missing findings that could change it, and space for the
board's decision."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from spinemet.registry.patients.selectors import patient_detail
from spinemet.registry.web.decision_view import decision_support
from spinemet.registry.web.pages import actor_of, page


def _latest(assessments: list[Any]) -> list[Any]:
    from spinemet.registry.web.views.patients import category_label

    latest: dict[str, Any] = {}
    for assessment in assessments:  # ordered by date, id: the last one wins
        assessment.category_label = category_label(assessment.instrument, assessment.category)
        latest[assessment.instrument] = assessment
    return sorted(latest.values(), key=lambda a: a.instrument)


def board_html(request: HttpRequest, patient_id: str) -> tuple[Any, str]:
    """The patient and the sheet's HTML, in the session's language (decision texts included)."""
    from spinemet.registry.web.views.patients import _lesion_row

    actor = actor_of(request)
    patient = patient_detail(actor, patient_id)
    html = render_to_string(
        "web/board.html",
        {
            "patient": patient,
            "lesions": [_lesion_row(lesion) for lesion in patient.lesions.all()],
            "scores": _latest(list(patient.assessments.all())),
            "support": decision_support(patient),
            "printed": timezone.localtime(),
            "printed_by": actor.name,
        },
        request=request,
    )
    return patient, html


def board_document(request: HttpRequest, patient_id: str) -> tuple[Any, Any]:
    """The patient and the sheet as a laid-out WeasyPrint document (its pages counted)."""
    from weasyprint import HTML

    patient, html = board_html(request, patient_id)
    return patient, HTML(string=html, base_url=request.build_absolute_uri("/")).render()


@page
def board_sheet(request: HttpRequest, patient_id: str) -> HttpResponse:
    patient, document = board_document(request, patient_id)
    pdf = document.write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tumour-board-{patient.pk}.pdf"'
    return response
