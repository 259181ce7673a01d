"""Benchmark of the registry (issue #9 §7) on SQLite and PostgreSQL.

For each database, in a fresh subprocess and a throwaway database (a SQLite file in a
temporary folder; a PostgreSQL database created for the run and dropped after it):

  * load 10,000 synthetic patients (``spinemet.cohort.synthetic_cohort`` dated as the demo
    dates it, so that the work list holds overdue visits) with 100,000 assessments through the
    bulk path (``spinemet.registry.importer.import_cohort``), timed;
  * save a sample of the same patients row by row through the services (``patient_create``,
    ``child_create``, ``assessment_create``: what a form or an API call does per record),
    timed and scaled to the whole load by records: the ratio is the goal (>= 20x);
  * count the database queries of each request (Django test client in the same process);
  * serve the registry with ``spinemet serve`` (gunicorn, 2 workers) and send a bounded load
    from a local client on loopback (2 threads, a fixed number of requests per call, each on a
    new connection as gunicorn's sync workers close them): p50 / p95 of
    ``GET /api/patients?limit=50``, ``GET /api/patients/{id}``, ``GET /api/visits?status=overdue``
    (issue #9: goal p95 < 150 ms), the pages ``GET /`` (the work list) and
    ``GET /patients/{id}/`` (issue #13: the same goal; a logged-in session) and
    ``GET /api/export/cohort``, all as the data manager (every site: the largest counts);
  * the peak memory (resident set) of one export of the whole registry, in a process of its
    own.

Run: ``.venv/bin/python bench/bench_registry.py`` (``--patients 1000`` for a quick run,
``--databases sqlite``; PostgreSQL at ``--pg URL``, default ``SPINEMET_TEST_PG`` or
postgresql://postgres@127.0.0.1:5432/test, skipped with a message where none answers).

``--keep FOLDER`` keeps the databases for the next run instead of loading them again (the load
takes minutes): the SQLite file in FOLDER, and on PostgreSQL the database ``--pg`` names; a kept
database is migrated (so that a new migration runs on 10,000 patients) and the bulk load is
not timed again (the row-by-row sample is, into a site of its own).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

PASSWORD = "Bench-Password-2026"
CALLS = ("patients?limit=50", "patients/{id}", "visits?status=overdue")
PAGES = ("", "patients/{id}/")  # the work list and the patient page, issue #13
REQUESTS = 200  # per call, under the bounded load
THREADS = 2  # concurrent clients: as many as serve's workers (a bounded load, no queueing)
EXPORTS = 3  # 0 (--no-export) leaves the export and its memory out: a minute each at 10,000
ROW_SAMPLE = 10  # patients saved row by row through the services


def bench_cohort(n: int, assessments: int) -> Any:
    """``n`` synthetic patients dated for today, with exactly ``assessments`` assessments:
    the seed's VAS and Barthel, and ECOG then KPS at the VAS visits to make up the number."""
    import numpy as np
    import pandas as pd

    from spinemet._cli._demo_registry import recent_cohort
    from spinemet.cohort import Cohort, synthetic_cohort

    base = recent_cohort(synthetic_cohort(n), today=dt.date.today())
    frame = base.assessments
    rng = np.random.default_rng(9)
    vas = frame[frame["instrument"] == "vas"][["patient_id", "visit", "date"]]
    extra = []
    missing = assessments - len(frame)
    for instrument, values in (("ecog", [0, 1, 2, 3, 4]), ("kps", [40, 50, 60, 70, 80, 90])):
        if missing <= 0:
            break
        rows = vas.iloc[:missing].copy()
        rows["instrument"] = instrument
        rows[instrument] = rng.choice(values, size=len(rows))
        extra.append(rows)
        missing -= len(rows)
    if missing > 0:
        raise SystemExit(f"cannot make {assessments} assessments from {n} patients")
    columns = [c for c in frame.columns if c not in ("total_source", "category", "day")]
    combined = pd.concat([frame[columns], *extra], ignore_index=True)
    return Cohort.from_tables(
        base.patients,
        lesions=base.lesions,
        procedures=base.procedures,
        assessments=combined,
        complications=base.complications,
        schedule=base.schedule,
        synthetic=True,
        notes=("synthetic, for bench_registry",),
    )


# --- the worker: one database ---------------------------------------------------------------


def _plain(value: Any) -> Any:
    from spinemet.registry.common.validation import python_value

    value = python_value(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _rows(frame: Any, names: tuple[str, ...]) -> list[dict[str, Any]]:
    present = [n for n in names if n in frame.columns]
    out = []
    for record in frame[present].to_dict("records"):
        out.append({k: _plain(v) for k, v in record.items() if _plain(v) is not None})
    return out


def row_by_row(cohort: Any, sample: int) -> tuple[float, int]:
    """Seconds and records for saving the first ``sample`` patients of ``cohort`` one record
    at a time through the services, into a site of their own."""
    from spinemet.instruments import get_spec
    from spinemet.registry.assessments.services import assessment_create
    from spinemet.registry.common.records import CHILD_FIELDS, PATIENT_FIELDS
    from spinemet.registry.patients.services import child_create, patient_create
    from spinemet.registry.sites.selectors import command_line_actor
    from spinemet.registry.sites.services import site_add

    site = f"row_by_row_{os.getpid()}"  # a site per run: a kept database is loaded again
    site_add(code=site, name="Row by row")
    actor = command_line_actor()
    ids = cohort.patients["patient_id"].head(sample).tolist()
    patients = cohort.patients[cohort.patients["patient_id"].isin(ids)]
    tables = {
        name: getattr(cohort, name)[getattr(cohort, name)["patient_id"].isin(ids)]
        for name in ("lesions", "procedures", "complications", "assessments")
    }
    items_of = {
        code: tuple(item.name for item in get_spec(code).items)
        for code in tables["assessments"]["instrument"].unique()
    }
    records = 0
    start = time.perf_counter()
    for patient_row in _rows(patients, ("patient_id", *PATIENT_FIELDS)):
        key = patient_row.pop("patient_id")
        patient = patient_create(actor=actor, data={"study_id": key, **patient_row}, site_code=site)
        records += 1
        for table in ("lesions", "procedures", "complications"):
            frame = tables[table][tables[table]["patient_id"] == key]
            for data in _rows(frame, CHILD_FIELDS[table]):
                child_create(actor=actor, patient_id=patient.pk, table=table, data=data)
                records += 1
        frame = tables["assessments"][tables["assessments"]["patient_id"] == key]
        for row in frame.to_dict("records"):
            code = row["instrument"]
            items = {n: _plain(row[n]) for n in items_of[code] if n in row}
            items = {n: v for n, v in items.items() if v is not None}
            if not items and len(items_of[code]) == 1:  # a sheet of totals (the seed's VAS)
                items = {items_of[code][0]: _plain(row["total"])}
            assessment_create(
                actor=actor,
                patient_id=patient.pk,
                instrument=code,
                items=items,
                visit=_plain(row["visit"]),
                date=None if _plain(row["visit"]) else _plain(row["date"]),
            )
            records += 1
    return time.perf_counter() - start, records


def query_counts(tokens: dict[str, str], session: str, patient_id: int) -> dict[str, int]:
    """Database queries per request, as the Django test client counts them in process."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    counts = {}
    paths = {call: "/api/" + call for call in (*CALLS, *(("export/cohort",) if EXPORTS else ()))}
    paths.update({page: "/" + page for page in PAGES})
    for call, template in paths.items():
        path = template.format(id=patient_id)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {tokens['datamanager']}")
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code} {response.content[:300]!r}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
        if call == PAGES[1] and b'id="decision-rule-set"' not in body:
            raise SystemExit(f"{path}: the decision support did not run ({body[:300]!r})")
        counts[call] = len(queries)
    return counts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, token: str, session: str = "") -> tuple[float, int, int]:
    headers = (
        {"Cookie": f"sessionid={session}"} if session else {"Authorization": f"Bearer {token}"}
    )
    request = urllib.request.Request(url, headers=headers)
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        size = len(response.read())
        status = response.status
    return time.perf_counter() - start, status, size


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
    }


def served_latencies(
    db: str, token: str, session: str, patient_ids: list[int], data_dir: str
) -> dict[str, Any]:
    """p50/p95 of each call against ``spinemet serve`` under a bounded load on loopback."""
    import random

    port = _free_port()
    env = {**os.environ, "SPINEMET_DATA_DIR": data_dir, "SPINEMET_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "spinemet"), "serve", "--db", db, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    root = f"http://127.0.0.1:{port}/"
    base = root + "api/"
    try:
        for _ in range(120):
            try:
                _get(base + "sites", token)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("spinemet serve did not answer")
        chooser = random.Random(3)
        results: dict[str, Any] = {}
        for call, prefix, cookie in (
            *((call, base, "") for call in CALLS),
            *((page, root, session) for page in PAGES),
        ):
            urls = [prefix + call.format(id=chooser.choice(patient_ids)) for _ in range(REQUESTS)]
            for url in urls[:THREADS]:  # warm every worker
                _get(url, token, cookie)
            with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
                answers = list(pool.map(_get, urls, [token] * len(urls), [cookie] * len(urls)))
            if any(status != 200 for _, status, _ in answers):
                raise SystemExit(f"{call}: not every answer was 200")
            results[call] = _percentiles([seconds for seconds, _, _ in answers])
        exports = [_get(base + "export/cohort", token) for _ in range(EXPORTS)]
        if exports:
            results["export/cohort"] = {
                **_percentiles([seconds for seconds, _, _ in exports]),
                "zip_bytes": exports[0][2],
            }
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def export_memory(db: str) -> dict[str, float]:
    """Peak resident memory of a process that answers one whole-registry export."""
    code = f"""
import json
from spinemet.registry.bootstrap import setup


def high_water_mib():
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a process started by a big
    # one would report its parent's peak
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

setup({db!r}, migrate=False)
from django.contrib.auth import get_user_model
from spinemet.registry.api.export import cohort_zip_response
from spinemet.registry.sites.selectors import actor_for
actor = actor_for(get_user_model().objects.get(username="datamanager"))
before = high_water_mib()
response = cohort_zip_response(actor, sites=None, include_withdrawn=False)
size = sum(len(chunk) for chunk in response.streaming_content)
after = high_water_mib()
print(json.dumps({{"before_mib": before, "peak_mib": after, "zip_bytes": size}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return {k: round(v, 1) for k, v in json.loads(out.strip().splitlines()[-1]).items()}


def worker(db: str, patients: int, assessments: int, sample: int) -> dict[str, Any]:
    data_dir = tempfile.mkdtemp(prefix="spinemet-bench-")
    os.environ["SPINEMET_DATA_DIR"] = data_dir
    from spinemet.registry.bootstrap import setup

    setup(db, stream=open(os.devnull, "w"))  # noqa: SIM115  (migrates a kept database too)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from spinemet._cli._demo_registry import _add_case_fields as add_case_fields
    from spinemet.registry.api.tokens import issue_token
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.patients.models import Patient
    from spinemet.registry.sites.selectors import command_line_actor
    from spinemet.registry.sites.services import site_add, user_add

    cohort = bench_cohort(patients, assessments)
    counts = {
        name: len(getattr(cohort, name))
        for name in ("patients", "lesions", "procedures", "assessments", "complications")
    }
    kept = get_user_model().objects.filter(username="datamanager").exists()
    if kept:
        users = {u.username: u for u in get_user_model().objects.all()}
        bulk_seconds = None
    else:
        for code in ("site_a", "site_b"):
            site_add(code=code, name=code)
        users = {
            "investigator_a": user_add(
                name="investigator_a", role="investigator", sites=["site_a"], password=PASSWORD
            ),
            "datamanager": user_add(
                name="datamanager", role="data_manager", sites=[], password=PASSWORD
            ),
        }
        start = time.perf_counter()
        import_cohort(actor=command_line_actor(), cohort=cohort, source="bench cohort")
        bulk_seconds = time.perf_counter() - start
    # The decision-case fields the cohort lacks, as the demo adds them (not timed), so that the
    # patient page runs the decision support as a real patient's page does.
    add_case_fields()
    total_records = sum(counts.values())
    row_seconds, row_records = row_by_row(cohort, sample)
    scaled = row_seconds / row_records * total_records
    tokens = {name: issue_token(users[name])[0] for name in ("investigator_a", "datamanager")}
    client = Client()
    client.force_login(users["datamanager"])
    from django.conf import settings

    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    ids = list(
        Patient.objects.exclude(site__code__startswith="row_by_row").values_list("pk", flat=True)
    )
    from django.db import connections

    queries = query_counts(tokens, session, ids[0])
    connections.close_all()
    latencies = served_latencies(db, tokens["datamanager"], session, ids, data_dir)
    return {
        "records": counts,
        "bulk_seconds": None if bulk_seconds is None else round(bulk_seconds, 1),
        "bulk_records_per_second": None
        if bulk_seconds is None
        else round(total_records / bulk_seconds),
        "seconds_per_saved_record": round(row_seconds / row_records, 3),
        "row_by_row_sample": {"records": row_records, "seconds": round(row_seconds, 2)},
        "row_by_row_records_per_second": round(row_records / row_seconds, 1),
        "row_by_row_scaled_seconds": round(scaled, 1),
        "bulk_speedup": None if bulk_seconds is None else round(scaled / bulk_seconds, 1),
        "queries_per_request": queries,
        "latency": latencies,
        "export_memory": export_memory(db) if EXPORTS else None,
    }


# --- the driver -----------------------------------------------------------------------------


def _pg_database(url: str, keep: bool = False) -> tuple[str, Any] | None:
    """A throwaway database on the server of ``url``: (its URL, a function dropping it); with
    ``keep``, the database of ``url`` itself, loaded once and kept (no function)."""
    try:
        import psycopg

        admin = psycopg.connect(url, autocommit=True, connect_timeout=3)
    except Exception as error:
        print(f"PostgreSQL at {url} does not answer ({error}); skipped", file=sys.stderr)
        return None
    if keep:
        admin.close()
        return url, None
    base, _ = url.rsplit("/", 1)
    name = f"spinemet_bench_{os.getpid()}"
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return f"{base}/{name}", drop


def _print(label: str, result: dict[str, Any]) -> None:
    r = result
    print(f"\n== {label} ==")
    print("records: " + ", ".join(f"{k} {v:,}" for k, v in r["records"].items()))
    bulk = (
        "bulk import: not timed (a kept database); "
        if r["bulk_seconds"] is None
        else f"bulk import: {r['bulk_seconds']} s ({r['bulk_records_per_second']:,} records/s); "
    )
    print(
        f"{bulk}row by row through the services: {r['row_by_row_records_per_second']} records/s "
        f"(sample of {r['row_by_row_sample']['records']} records in "
        f"{r['row_by_row_sample']['seconds']} s), scaled {r['row_by_row_scaled_seconds']} s; "
        + (f"bulk / row by row: {r['bulk_speedup']}x (goal >= 20x)" if r["bulk_speedup"] else "")
    )
    print(f"one record saved through the services: {r['seconds_per_saved_record']} s on average")
    print("request                      queries   p50 ms   p95 ms   (goal p95 < 150 ms)")
    for call, stats in r["latency"].items():
        path = ("/" if call in PAGES else "/api/") + call
        print(
            f"GET {path:<26} {r['queries_per_request'][call]:>7} {stats['p50_ms']:>8} "
            f"{stats['p95_ms']:>8}   n={stats['n']}"
        )
    m = r["export_memory"]
    if m is None:
        return
    print(
        f"export of the whole registry: zip {r['latency']['export/cohort']['zip_bytes']:,} bytes;"
        f" peak resident memory {m['peak_mib']} MiB (process before the export: "
        f"{m['before_mib']} MiB)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=ROW_SAMPLE)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--pg",
        default=os.environ.get("SPINEMET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--worker", metavar="DB_URL", help=argparse.SUPPRESS)
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--no-export", action="store_true", help="leave out the export (a minute per call)"
    )
    parser.add_argument(
        "--keep",
        metavar="FOLDER",
        help="keep the databases (the SQLite file in FOLDER; PostgreSQL: the database of --pg "
        "itself) and reuse them on the next run",
    )
    args = parser.parse_args()
    global EXPORTS
    if args.no_export:
        EXPORTS = 0
    if args.worker:
        result = worker(args.worker, args.patients, args.assessments, args.sample)
        print("RESULT " + json.dumps(result))
        return 0
    print(
        f"bench_registry: {args.patients:,} patients, {args.assessments:,} assessments; "
        f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the start); "
        f"Python {sys.version.split()[0]}"
    )
    results = {}
    for database in args.databases.split(","):
        drop = None
        if database == "sqlite":
            folder = args.keep or tempfile.mkdtemp(prefix="spinemet-bench-db-")
            Path(folder).mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{Path(folder) / 'registry.sqlite3'}"
        elif database == "postgresql":
            made = _pg_database(args.pg, keep=bool(args.keep))
            if made is None:
                continue
            url, drop = made
        else:
            raise SystemExit(f"--databases: {database!r} is not sqlite or postgresql")
        try:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    url,
                    "--patients",
                    str(args.patients),
                    "--assessments",
                    str(args.assessments),
                    "--sample",
                    str(args.sample),
                    *(["--no-export"] if args.no_export else []),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
        except subprocess.CalledProcessError as error:
            print(error.stdout[-3000:], error.stderr[-5000:], file=sys.stderr)
            raise
        finally:
            if drop is not None:
                drop()
        line = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")][-1]
        results[database] = json.loads(line[len("RESULT ") :])
        _print(database, results[database])
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (other processes share the CPUs)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
