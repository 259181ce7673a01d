"""The production runner of analysis jobs: Celery with Redis as the broker (127.0.0.1:6379, or
``SPINEMET_CELERY_BROKER``). A worker runs in this process (Celery's testing worker) and the
job is queued through the broker as the pages queue it. Skipped, saying so, where no Redis
answers."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest

BROKER = os.environ.get("SPINEMET_CELERY_BROKER", "redis://127.0.0.1:6379/0")
COHORT = Path(__file__).parents[3] / "examples" / "cohort"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_a_job_runs_on_a_celery_worker_through_redis(
    registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    from celery.contrib.testing.worker import start_worker

    from spinemet.cohort import read_cohort
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.jobs.celery import app
    from spinemet.registry.jobs.models import AnalysisJob
    from spinemet.registry.jobs.services import job_start
    from spinemet.registry.sites.selectors import actor_for, command_line_actor

    settings.DATA_DIR = tmp_path
    import_cohort(actor=command_line_actor(), cohort=read_cohort(COHORT), site_code="site_a")
    monkeypatch.setenv("SPINEMET_JOB_RUNNER", "celery")
    app.conf.task_default_queue = f"spinemet-test-{os.getpid()}"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        job = job_start(actor_for(registry["users"]["datamanager"]), sites=["site_a"])
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in ("done", "failed"):
                break
            time.sleep(0.5)
    assert job.status == "done", (job.status, job.error)
    assert (tmp_path / "jobs" / str(job.pk) / "results.json").is_file()
    assert AnalysisJob.objects.get(pk=job.pk).progress
