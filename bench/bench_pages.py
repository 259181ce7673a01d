"""Benchmark: the registry's two busiest pages at 10,000 patients and ~100,000 assessments.

Loads the synthetic cohort (``spinemet.cohort.synthetic_cohort``, dated for today as the demo
dates it, over two sites) into a fresh SQLite registry — or ``--db URL`` (PostgreSQL) — through
the bulk importer (not timed), then requests, in this process through Django's test client
(the whole middleware, view, ORM and template stack; no network), as ``investigator_a``:

  * the work list ``GET /`` (visits due and overdue of site_a, counts per site, open queries),
  * the patient page ``GET /patients/<id>/`` of random site_a patients (timeline, chart,
    lesions, decision support run on the patient's data),

and prints p50 / p95 / max in milliseconds and the SQL queries per request. Goal (issue 13
§3): p95 < 150 ms for both. Also the same pages at the demo size (40 patients), whose query
count must be the same (no N+1). Run: ``.venv/bin/python bench/bench_pages.py`` (``--n 2000``
for a smaller registry; ``--requests 100``). ``--db URL`` of a registry that already holds
patients and the user ``investigator_a`` (a database kept by ``bench_registry.py --keep``, with
its 100,000 assessments) is migrated and measured as it is, without loading it again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _load(n: int, db: str | None, folder: Path) -> tuple[int, int]:
    from spinemet._cli._demo_registry import load_demo_registry, recent_cohort
    from spinemet.cohort.synthetic import synthetic_cohort

    cohort = recent_cohort(synthetic_cohort(n=n), today=dt.date.today())
    started = time.perf_counter()
    load_demo_registry(cohort, out=folder, db=db, password="Bench-Pass-2026")
    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.patients.models import Patient

    print(
        f"loaded {Patient.objects.count():,} patients, {Assessment.objects.count():,} "
        f"assessments in {time.perf_counter() - started:.0f} s (bulk import, not timed below)",
        flush=True,
    )
    return Patient.objects.count(), Assessment.objects.count()


def _kept(db: str | None) -> bool:
    """Whether ``db`` is a registry loaded before (then it is migrated and reused)."""
    if db is None:
        return False
    from spinemet.registry.bootstrap import setup

    setup(db)
    from django.contrib.auth import get_user_model

    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.patients.models import Patient

    if not get_user_model().objects.filter(username="investigator_a").exists():
        return False
    print(
        f"reusing {Patient.objects.count():,} patients, {Assessment.objects.count():,} "
        "assessments (not loaded again)",
        flush=True,
    )
    return True


def _time(client: object, paths: list[str]) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)  # type: ignore[attr-defined]
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries = max(queries, len(captured.captured_queries))
    return times, queries


def _line(label: str, times: list[float], queries: int) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{label:<28} n={len(times):>4}  p50 {statistics.median(times):7.1f} ms  "
        f"p95 {p95:7.1f} ms  max {ordered[-1]:7.1f} ms  queries/request {queries}"
    )


def run(n: int, requests: int, db: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="spinemet-bench-pages-"))
    os.environ["SPINEMET_DATA_DIR"] = str(folder)
    os.environ.setdefault("SPINEMET_LOG_LEVEL", "WARNING")
    if not _kept(db):
        _load(n, db, folder)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from spinemet.registry.patients.models import Patient

    setup_test_environment()
    client = Client()
    client.force_login(get_user_model().objects.get(username="investigator_a"))
    ids = list(Patient.objects.filter(site__code="site_a").values_list("pk", flat=True))
    rng = random.Random(1)
    _time(client, ["/", f"/patients/{ids[0]}/"])  # warm: templates, rules, imports
    work, work_q = _time(client, ["/"] * requests)
    pages, page_q = _time(client, [f"/patients/{rng.choice(ids)}/" for _ in range(requests)])
    print(_line("GET / (work list)", work, work_q))
    print(_line("GET /patients/<id>/", pages, page_q))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="patients (default 10,000)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite)")
    args = parser.parse_args()
    print(f"spinemet page benchmark, Python {sys.version.split()[0]}", flush=True)
    run(args.n, args.requests, args.db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
