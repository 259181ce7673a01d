"""Starting and running analysis jobs, never inside the request.

The runner is chosen by ``SPINEMET_JOB_RUNNER``: ``thread`` (the default, for the embedded
SQLite registry and the demo: a thread of the serving process) or ``celery`` (production: the
task goes to the broker ``SPINEMET_CELERY_BROKER``, default ``redis://127.0.0.1:6379/0``, and a
``celery -A spinemet.registry.jobs.celery worker`` runs it). Either way the job's state lives in
the database and its report in ``SPINEMET_DATA_DIR/jobs/<id>/``.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from spinemet.errors import Problem, SpinemetInputError
from spinemet.registry.common.errors import NotFound
from spinemet.registry.jobs.models import AnalysisJob, JobStatus
from spinemet.registry.sites.selectors import Actor, actor_for, visible_sites

__all__ = ["OUTPUTS", "job_get", "job_output", "job_start", "jobs_of", "run_job"]

log = logging.getLogger("spinemet.registry.jobs")

OUTPUTS = {
    "report.html": "text/html",
    "report.pdf": "application/pdf",
    "results.json": "application/json",
}


def job_folder(job: AnalysisJob) -> Path:
    return Path(settings.DATA_DIR) / "jobs" / str(job.pk)


def jobs_of(actor: Actor) -> list[AnalysisJob]:
    """The actor's own jobs, newest first (a job's report holds the sites it was run on)."""
    if actor.user is None:
        return list(AnalysisJob.objects.all()[:50])
    return list(AnalysisJob.objects.filter(requested_by=actor.user)[:50])


def job_get(actor: Actor, job_id: object) -> AnalysisJob:
    """One of the actor's jobs, or :class:`NotFound` (another user's job is not revealed)."""
    try:
        key = int(str(job_id))
    except ValueError:
        raise NotFound("job") from None
    job = AnalysisJob.objects.filter(pk=key, requested_by=actor.user).first()
    if job is None:
        raise NotFound("job")
    return job


def job_output(actor: Actor, job_id: object, name: str) -> Path:
    """The path of a finished job's report file, or :class:`NotFound`."""
    job = job_get(actor, job_id)
    if name not in OUTPUTS or job.status != JobStatus.DONE:
        raise NotFound("report")
    path = job_folder(job) / name
    if not path.is_file():
        raise NotFound("report")
    return path


def job_start(actor: Actor, *, sites: list[str] | None = None) -> AnalysisJob:
    """Queue an analysis of the actor's sites (or the chosen ones among them)."""
    chosen = [code for code in (sites or []) if code]
    allowed = set(visible_sites(actor).values_list("code", flat=True))
    unknown = [code for code in chosen if code not in allowed]
    if unknown:
        raise SpinemetInputError.from_problems(
            Problem("sites", code, ", ".join(sorted(allowed)), "unknown_site") for code in unknown
        )
    if actor.user is None:
        raise SpinemetInputError("user", None, "a logged-in user", "no_user")
    job = AnalysisJob.objects.create(requested_by=actor.user, sites=chosen)
    transaction.on_commit(lambda: _submit(job.pk))
    return job


def _submit(job_id: int) -> None:
    runner = os.environ.get("SPINEMET_JOB_RUNNER", "thread").strip().lower()
    if runner == "celery":
        from spinemet.registry.jobs.celery import run_job_task

        run_job_task.delay(job_id)
    elif runner == "inline":  # tests that want the job done before the answer
        run_job(job_id)
    else:
        threading.Thread(target=_in_thread, args=(job_id,), daemon=True).start()


def _in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_job(job_id)
    finally:
        connection.close()


def _step(job_id: int, text: str) -> None:
    """Append one step to the job's progress (the page polls it)."""
    current = AnalysisJob.objects.filter(pk=job_id).values_list("progress", flat=True).first()
    AnalysisJob.objects.filter(pk=job_id).update(progress=f"{current or ''}{text}\n")


def run_job(job_id: int) -> None:
    """Run one job: extract the cohort, analyse, write HTML, PDF and results.json."""
    from spinemet.analysis.outputs import write_outputs_into_place
    from spinemet.analysis.pipeline import analyze_cohort
    from spinemet.registry.extract import cohort_extract

    job = AnalysisJob.objects.select_related("requested_by").get(pk=job_id)
    actor = actor_for(job.requested_by)
    AnalysisJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)
    try:
        _step(job_id, "extracting the cohort from the registry")
        cohort = cohort_extract(actor, sites=job.sites or None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            analysis = analyze_cohort(cohort, progress=lambda text: _step(job_id, text))
            write_outputs_into_place(
                analysis, job_folder(job), progress=lambda text: _step(job_id, text)
            )
    except Exception as error:  # the job records any failure; the server goes on
        log.warning("analysis job %s failed: %s", job_id, type(error).__name__)
        AnalysisJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=str(error)[:4000], finished_at=timezone.now()
        )
        return
    AnalysisJob.objects.filter(pk=job_id).update(status=JobStatus.DONE, finished_at=timezone.now())
