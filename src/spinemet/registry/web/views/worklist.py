"""The work list at ``/``: visits due and overdue across the user's sites, the most urgent
first, with counts per site, the open data queries, and a search by study id (sent by POST so
that no identifier lands in a URL, a log or the browser's history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from spinemet.registry.audit.query_selectors import queries_visible
from spinemet.registry.patients.selectors import patient_list
from spinemet.registry.patients.services import today
from spinemet.registry.sites.selectors import visible_sites
from spinemet.registry.visits.selectors import work_list
from spinemet.registry.web.labels import status_label
from spinemet.registry.web.pages import actor_of, page, post_only, url_of_key

SHOWN = 100


@page
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    day = today()
    site = request.GET.get("site") or None
    # Counts per site and status counted by the database; rows only for the shown ones.
    counts: dict[str, dict[str, int]] = {
        s.code: {"due": 0, "overdue": 0, "queries": 0} for s in visible_sites(actor)
    }
    total = 0
    per_site = (
        work_list(actor, today=day)
        .order_by()
        .values("patient__site__code", "status")
        .annotate(n=Count("id"))
    )
    for entry in per_site:
        code = entry["patient__site__code"]
        counts.setdefault(code, {"due": 0, "overdue": 0, "queries": 0})[entry["status"]] = entry[
            "n"
        ]
        total += entry["n"] if site is None or code == site else 0
    rows = _rows(work_list(actor, today=day, site=site).values_list(*_ROW, named=True)[:SHOWN], day)
    open_queries = queries_visible(actor).filter(status__in=("open", "answered"))
    for entry in open_queries.order_by().values("patient__site__code").annotate(n=Count("id")):
        counts[entry["patient__site__code"]]["queries"] = entry["n"]
    queries = _query_rows(
        open_queries.prefetch_related(None)
        .order_by("created_at")
        .values_list(*_QUERY_ROW, named=True)[:SHOWN],
        day,
    )
    return render(
        request,
        "web/worklist.html",
        {
            "rows": rows,
            "total": total,
            "shown": min(SHOWN, len(rows)),
            "counts": sorted(counts.items()),
            "site": site,
            "queries": queries,
            "today": day,
        },
    )


# The work list's columns, read as tuples (not model instances) and formatted here once per row:
# a row of the template then prints ready strings (no URL reversed, date formatted or plural
# translated per row in the template: that was most of the page's time at 100 rows).
_ROW = (
    "patient_id",
    "patient__study_id",
    "patient__site__code",
    "code",
    "window_start",
    "window_end",
    "status",
)
_QUERY_ROW = (
    "patient_id",
    "patient__study_id",
    "patient__site__code",
    "object",
    "field",
    "status",
    "created_at",
    "raised_by",
)


def _rows(visits: Iterable[Any], day: dt.date) -> list[dict[str, Any]]:
    patient_url = url_of_key("web:patient")
    entry_url = url_of_key("web:assessment_new")
    phrases: dict[tuple[str, int], str] = {}
    rows = []
    for visit in visits:
        overdue = visit.status == "overdue"
        days = (day - visit.window_end).days if overdue else (visit.window_end - day).days
        phrase = phrases.get((visit.status, days))
        if phrase is None:
            phrase = phrases[(visit.status, days)] = (
                ngettext("overdue %(days)s day", "overdue %(days)s days", days)
                if overdue
                else ngettext("due, %(days)s day left", "due, %(days)s days left", days)
            ) % {"days": days}
        entry = entry_url(visit.patient_id)
        rows.append(
            {
                "patient_url": patient_url(visit.patient_id),
                "study_id": visit.patient__study_id,
                "site": visit.patient__site__code,
                "visit": visit.code,
                "window": f"{visit.window_start.isoformat()} \u2013 {visit.window_end.isoformat()}",
                "status": visit.status,
                "status_phrase": phrase,
                "vas_url": f"{entry}?instrument=vas&visit={visit.code}",
                "barthel_url": f"{entry}?instrument=barthel&visit={visit.code}",
            }
        )
    return rows


def _query_rows(queries: Iterable[Any], day: dt.date) -> list[dict[str, Any]]:
    patient_url = url_of_key("web:patient")
    rows = []
    for query in queries:
        age = (day - query.created_at.date()).days
        rows.append(
            {
                "patient_url": patient_url(query.patient_id) + "#queries",
                "study_id": query.patient__study_id,
                "site": query.patient__site__code,
                "on": f"{query.object}.{query.field}",
                "status": status_label(query.status),
                "age": ngettext("%(days)s day", "%(days)s days", age) % {"days": age},
                "raised_by": query.raised_by,
            }
        )
    return rows


@page
@post_only
def search(request: HttpRequest) -> HttpResponse:
    """Find a patient by study id (exact, any of the user's sites)."""
    actor = actor_of(request)
    study_id = (request.POST.get("study_id") or "").strip()
    found = list(patient_list(actor, study_id=study_id)[:20]) if study_id else []
    if len(found) == 1:
        return redirect("web:patient", patient_id=found[0].pk)
    return render(
        request,
        "web/search.html",
        {"study_id": study_id, "found": found},
    )
