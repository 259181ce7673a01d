"""The work list at ``/``: visits due and overdue across the user's sites, the most urgent
first, with counts per site, the open data queries, and a search by study id (sent by POST so
that no identifier lands in a URL, a log or the browser's history)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from spinemet.registry.audit.query_selectors import queries_visible
from spinemet.registry.patients.selectors import patient_list
from spinemet.registry.patients.services import today
from spinemet.registry.sites.selectors import visible_sites
from spinemet.registry.visits.selectors import work_list
from spinemet.registry.web.pages import actor_of, page, post_only

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
    shown = work_list(actor, today=day, site=site).only(
        "code", "window_start", "window_end", "patient__study_id", "patient__site__code"
    )
    rows = []
    for visit in shown[:SHOWN]:
        rows.append(
            {
                "visit": visit,
                "patient": visit.patient,
                "days_overdue": (day - visit.window_end).days if visit.status == "overdue" else 0,
                "days_left": (visit.window_end - day).days if visit.status == "due" else None,
            }
        )
    open_queries = queries_visible(actor).filter(status__in=("open", "answered"))
    for entry in open_queries.order_by().values("patient__site__code").annotate(n=Count("id")):
        counts[entry["patient__site__code"]]["queries"] = entry["n"]
    queries = list(open_queries.order_by("created_at")[:SHOWN])
    for query in queries:
        query.age_days = (day - query.created_at.date()).days  # type: ignore[attr-defined]
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
