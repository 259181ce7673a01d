"""No N+1: the number of database queries of the list, detail, work-list and export calls
stays the same whether the registry holds 5 or 50 patients (each with lesions, procedures,
visits, assessments and complications), for every role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

CALLS = (
    "/api/patients?limit=50",
    "/api/patients/{id}",
    "/api/visits?status=overdue",
    "/api/visits",
    "/api/patients/{id}/visits",
    "/api/patients/{id}/history",
    "/api/export/cohort",
)


def _load(n: int) -> None:
    """``n`` synthetic patients over site_a and site_b, dated so that visits are overdue."""
    from spinemet._cli._demo_registry import recent_cohort
    from spinemet.cohort import synthetic_cohort
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.sites.selectors import command_line_actor

    cohort = recent_cohort(synthetic_cohort(n, seed=7), today=dt.date.today())
    import_cohort(actor=command_line_actor(), cohort=cohort, source=f"{n} synthetic patients")


def _patient(api: Any, *, most: bool) -> int:
    """The visible patient with the fewest (or most) assessments and lesions."""
    from django.db.models import Count

    from spinemet.registry.patients.models import Patient

    visible = {item["id"] for item in api.get("/api/patients?limit=200").json()["items"]}
    ranked = (
        Patient.objects.filter(pk__in=visible)
        .annotate(n=Count("assessments", distinct=True) + Count("lesions", distinct=True))
        .order_by("n" if not most else "-n", "pk")
    )
    return ranked.values_list("pk", flat=True)[0]


def _counts(api: Any, *, most: bool) -> dict[str, tuple[int, int]]:
    """Per call: (queries, bytes answered); ``{id}`` is the patient with the fewest records
    under it, or the most."""
    patient = _patient(api, most=most)
    counts = {}
    for call in CALLS:
        path = call.format(id=patient)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path)
        assert response.status_code == 200, (path, response.content)
        counts[call] = (len(queries), len(response.getvalue()))
    return counts


@pytest.mark.parametrize("role", ["investigator_a", "monitor_a", "datamanager"])
def test_query_counts_do_not_grow_with_the_rows(api_as: Any, role: str) -> None:
    api = api_as(role)
    _load(5)
    few = _counts(api, most=False)
    _load(50)
    many = _counts(api, most=True)
    for call in CALLS:
        assert many[call][0] == few[call][0], (call, few[call], many[call])
    # the larger registry answers more, so the equal counts mean something
    assert many["/api/patients?limit=50"][1] > few["/api/patients?limit=50"][1]
    assert many["/api/visits?status=overdue"][1] > few["/api/visits?status=overdue"][1]
    assert many["/api/export/cohort"][1] > few["/api/export/cohort"][1]
    assert many["/api/patients/{id}/history"][1] > few["/api/patients/{id}/history"][1]
