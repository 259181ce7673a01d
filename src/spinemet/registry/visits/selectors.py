"""Visits with their status, derived in the database for a given day.

Status (DESIGN.md): ``done`` when an assessment names the visit; otherwise ``not_applicable``
when the patient died or was withdrawn before the window closed; otherwise ``upcoming`` before
the window, ``due`` inside it, ``overdue`` after it until the next visit's window opens (the
last visit: 90 days), then ``missed``.

The first two do not depend on the day: they are stored on the visit row (``done``,
``follow_up_ended``) by the write path (:mod:`spinemet.registry.visits.services`), so that the
status of a day is a comparison of that row's dates with the day, and "overdue today" a range
of an index, without a join or a subquery per visit.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Q, QuerySet, Value, When

from spinemet.registry.sites.selectors import Actor
from spinemet.registry.visits.models import Visit

__all__ = ["STATUSES", "visits_of_patient", "visits_with_status", "work_list"]

STATUSES = ("upcoming", "due", "overdue", "done", "missed", "not_applicable")

# The visits whose status depends on the day (the condition of the index visit_open_by_date).
_OPEN = Q(done=False, follow_up_ended=False)


def _annotated(visits: QuerySet[Visit], today: dt.date) -> QuerySet[Visit]:
    return visits.annotate(
        status=Case(
            When(done=True, then=Value("done")),
            When(follow_up_ended=True, then=Value("not_applicable")),
            default=_by_date(today),
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


# Each status as a condition on the stored facts and dates (see _by_date): upcoming before the
# window, due inside it, overdue after it and before the visit counts as missed.
_WHERE = {
    "done": lambda today: Q(done=True),
    "not_applicable": lambda today: Q(done=False, follow_up_ended=True),
    "upcoming": lambda today: _OPEN & Q(window_start__gt=today),
    "due": lambda today: _OPEN & Q(window_start__lte=today, window_end__gte=today),
    "overdue": lambda today: _OPEN & Q(window_end__lt=today, missed_from__gt=today),
    "missed": lambda today: _OPEN & Q(missed_from__lte=today),
}


def visits_with_status(
    actor: Actor, *, today: dt.date, status: str | None = None, site: str | None = None
) -> QuerySet[Visit]:
    """Visits of the actor's patients with ``status`` annotated, optionally filtered."""
    visits = Visit.objects.all()
    if actor.site_ids is not None:  # as patients_visible: the actor's sites, or every site
        visits = visits.filter(patient__site_id__in=actor.site_ids)
    if site:
        visits = visits.filter(patient__site__code=site)
    if status:
        visits = visits.filter(_WHERE[status](today))
    visits = _annotated(visits.select_related("patient", "patient__site"), today)
    return visits.order_by("window_end", "patient_id", "position")


def work_list(actor: Actor, *, today: dt.date, site: str | None = None) -> QuerySet[Visit]:
    """Visits due and overdue across the actor's sites, the most urgent first."""
    visits = visits_with_status(actor, today=today, site=site)
    # Due and overdue visits are the open ones with window_start <= today < missed_from.
    return visits.filter(_OPEN, window_start__lte=today, missed_from__gt=today)


def visits_of_patient(patient_id: int, *, today: dt.date) -> QuerySet[Visit]:
    """The visits of one patient (already checked visible) with their status."""
    return _annotated(Visit.objects.filter(patient_id=patient_id), today).order_by("position")
