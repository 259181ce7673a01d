"""Visits with their status, derived in the database for a given day.

Status (DESIGN.md): ``done`` when an assessment names the visit; otherwise ``not_applicable``
when the patient died or was withdrawn before the window closed; otherwise ``upcoming`` before
the window, ``due`` inside it, ``overdue`` after it until the next visit's window opens (the
last visit: 90 days), then ``missed``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from spinemet.registry.assessments.models import Assessment
from spinemet.registry.patients.selectors import patients_visible
from spinemet.registry.sites.selectors import Actor
from spinemet.registry.visits.models import Visit

__all__ = ["STATUSES", "visits_of_patient", "visits_with_status", "work_list"]

STATUSES = ("upcoming", "due", "overdue", "done", "missed", "not_applicable")


def _annotated(visits: QuerySet[Visit], today: dt.date) -> QuerySet[Visit]:
    done = Exists(
        Assessment.objects.filter(patient_id=OuterRef("patient_id"), visit=OuterRef("code"))
    )
    ended = Coalesce(F("patient__death_date"), F("patient__withdrawn_at"))
    return visits.annotate(
        is_done=done,
        status=Case(
            When(is_done=True, then=Value("done")),
            When(
                Q(patient__withdrawn=True) & Q(patient__withdrawn_at__isnull=True),
                then=Value("not_applicable"),
            ),
            When(
                Q(patient__death_date__isnull=False) | Q(patient__withdrawn_at__isnull=False),
                then=Case(
                    When(window_end__gt=ended, then=Value("not_applicable")),
                    default=Value("missed_or_overdue"),
                ),
            ),
            default=Value("open"),
            output_field=CharField(),
        ),
    ).annotate(
        status=Case(
            When(status__in=("open", "missed_or_overdue"), then=_by_date(today)),
            default=F("status"),
            output_field=CharField(),
        )
    )


def _by_date(today: dt.date) -> Case:
    return Case(
        When(window_start__gt=today, then=Value("upcoming")),
        When(window_end__gte=today, then=Value("due")),
        When(missed_from__gt=today, then=Value("overdue")),
        default=Value("missed"),
        output_field=CharField(),
    )


# Where each date-derived status can only lie (see _by_date): upcoming before the window, due
# inside it, overdue after it and before the visit counts as missed.
_DATE_BOUNDS = {
    "upcoming": lambda today: {"window_start__gt": today},
    "due": lambda today: {"window_start__lte": today, "window_end__gte": today},
    "overdue": lambda today: {"window_end__lt": today, "missed_from__gt": today},
}


def visits_with_status(
    actor: Actor, *, today: dt.date, status: str | None = None, site: str | None = None
) -> QuerySet[Visit]:
    """Visits of the actor's patients with ``status`` annotated, optionally filtered."""
    visits = Visit.objects.filter(patient__in=patients_visible(actor))
    if site:
        visits = visits.filter(patient__site__code=site)
    if status in _DATE_BOUNDS:
        # a necessary condition on the indexed dates first, so that the status is derived
        # for the few visits it can hold (not for every visit of every patient)
        visits = visits.filter(**_DATE_BOUNDS[status](today))
    visits = _annotated(visits.select_related("patient", "patient__site"), today)
    if status:
        visits = visits.filter(status=status)
    return visits.order_by("window_end", "patient_id", "position")


def work_list(actor: Actor, *, today: dt.date, site: str | None = None) -> QuerySet[Visit]:
    """Visits due and overdue across the actor's sites, the most urgent first."""
    visits = visits_with_status(actor, today=today, site=site)
    # Due and overdue visits all have window_start <= today < missed_from: saying so lets the
    # database use the (window_start, missed_from) index instead of deriving every status.
    return visits.filter(
        window_start__lte=today, missed_from__gt=today, status__in=("due", "overdue")
    )


def visits_of_patient(patient_id: int, *, today: dt.date) -> QuerySet[Visit]:
    """The visits of one patient (already checked visible) with their status."""
    return _annotated(Visit.objects.filter(patient_id=patient_id), today).order_by("position")
