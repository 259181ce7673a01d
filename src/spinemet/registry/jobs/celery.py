"""The Celery application of the registry's background jobs (production runner).

Start a worker beside the web processes::

    SPINEMET_JOB_RUNNER=celery celery -A spinemet.registry.jobs.celery worker --concurrency 1

The broker is ``SPINEMET_CELERY_BROKER`` (default ``redis://127.0.0.1:6379/0``); results are not
kept there: the job's state is in the database.
"""

from __future__ import annotations

import os

import django
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spinemet.registry.settings")
django.setup()

app = Celery(
    "spinemet",
    broker=os.environ.get("SPINEMET_CELERY_BROKER", "redis://127.0.0.1:6379/0"),
)
app.conf.update(task_ignore_result=True, worker_hijack_root_logger=False, task_acks_late=True)


@app.task(name="spinemet.analysis_job")  # type: ignore[untyped-decorator]
def run_job_task(job_id: int) -> None:
    """Run analysis job ``job_id`` (its state and report are written by :func:`run_job`)."""
    from django.db import close_old_connections

    from spinemet.registry.jobs.services import run_job

    close_old_connections()
    run_job(job_id)
