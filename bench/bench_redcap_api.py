"""Benchmark: the REDCap record export of a 10,000-patient registry through /redcap/api/ with
the real PyCap client, against building the same records in process
(``spinemet.interop.cohort_to_redcap_records`` on the registry's extract) in the same run:
wall time of each, their ratio, and the peak memory (VmHWM) of the server worker.

The registry is a SQLite file in a temporary folder (``--db URL`` for PostgreSQL), loaded with
the synthetic cohort through the import's bulk path, served by ``spinemet serve`` on a free
loopback port. Run: ``.venv/bin/python bench/bench_redcap_api.py`` (``--n 1000`` for a quick
look).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _peak_kib(pid: int) -> int:
    """The peak resident memory of a process and its children (the gunicorn worker)."""
    peaks = []
    for task in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{task}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]))
        except OSError:
            continue
    return max(peaks, default=0)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--db", help="database URL (default: a SQLite file in a temp folder)")
    args = parser.parse_args()

    import redcap

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url = args.db or f"sqlite:///{root / 'registry.sqlite3'}"
        os.environ["SPINEMET_DATA_DIR"] = str(root)
        from spinemet.registry.bootstrap import setup

        setup(url)
        from django.db import connections

        from spinemet.cohort import synthetic_cohort
        from spinemet.interop import cohort_to_redcap_records
        from spinemet.registry.api.tokens import issue_token
        from spinemet.registry.extract import cohort_extract
        from spinemet.registry.importer import import_cohort
        from spinemet.registry.sites.selectors import command_line_actor
        from spinemet.registry.sites.services import site_add, user_add

        site_add(code="site_a", name="A")
        site_add(code="site_b", name="B")
        user = user_add(
            name="dm",
            role="data_manager",
            sites=[],
            password="Bench-pass-2026",
            check_password=False,
        )
        cohort = synthetic_cohort(args.n)
        start = time.perf_counter()
        import_cohort(actor=command_line_actor(), cohort=cohort)
        loaded = time.perf_counter() - start
        token, _ = issue_token(user, kind="redcap")
        start = time.perf_counter()
        rows = cohort_to_redcap_records(cohort_extract(command_line_actor()), calculated=True)
        direct = time.perf_counter() - start
        connections.close_all()

        port = _free_port()
        env = {**os.environ, "DATABASE_URL": url}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "spinemet.cli", "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=5)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            project = redcap.Project(f"http://127.0.0.1:{port}/redcap/api/", token)
            project.export_metadata()  # PyCap caches the metadata; not part of the export time
            start = time.perf_counter()
            records = project.export_records()
            through_api = time.perf_counter() - start
            peak = _peak_kib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    engine = url.split(":")[0]
    print(f"REDCap record export, {args.n} patients ({len(rows)} record rows); {engine}")
    print(f"  load (import, bulk path)          {loaded:8.2f} s")
    print(f"  in process (extract + records)    {direct:8.2f} s")
    print(f"  PyCap export_records via the API  {through_api:8.2f} s   ({len(records)} rows)")
    print(f"  API / in process                  {through_api / direct:8.2f} x")
    print(f"  server worker peak memory         {peak / 1024:8.1f} MiB")


if __name__ == "__main__":
    main()
