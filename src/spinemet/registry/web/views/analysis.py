"""The analysis page: ``spinemet analyze`` on the registry's extract of the user's sites, as a
background job (never inside the request), with its progress and the reports to open."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spinemet.errors import SpinemetInputError
from spinemet.registry.jobs.services import OUTPUTS, job_get, job_output, job_start, jobs_of
from spinemet.registry.sites.selectors import visible_sites
from spinemet.registry.web.pages import actor_of, field_errors, page


@page
def analysis_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    problems: list[str] = []
    if request.method == "POST":
        try:
            job = job_start(actor, sites=request.POST.getlist("sites"))
        except SpinemetInputError as error:
            problems = [m for ms in field_errors(error).values() for m in ms]
        else:
            return redirect(f"/analysis/?job={job.pk}")
    return render(
        request,
        "web/analysis.html",
        {
            "jobs": jobs_of(actor),
            "sites": visible_sites(actor),
            "choose_sites": actor.all_sites,
            "problems": problems,
            "outputs": list(OUTPUTS),
            "title": _("Analysis"),
        },
        status=422 if problems else 200,
    )


@page
def analysis_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """One job's status (an htmx partial, polled while it runs)."""
    job = job_get(actor_of(request), job_id)
    return render(request, "web/_job.html", {"job": job, "outputs": list(OUTPUTS)})


@page
def analysis_file(request: HttpRequest, job_id: str, output: str) -> HttpResponse:
    path = job_output(actor_of(request), job_id, output)
    return FileResponse(path.open("rb"), content_type=OUTPUTS[output])
