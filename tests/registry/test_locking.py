"""No lost update: of N concurrent saves carrying the same version exactly one wins and the
rest get 409, with threads on the test database (SQLite or PostgreSQL, whichever the run uses)
and with two server processes on one PostgreSQL database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.registry.conftest import PASSWORD, PATIENT

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_one_of_many_concurrent_saves_wins(registry: dict[str, Any]) -> None:
    from django.db import connection

    from spinemet.registry.common.errors import VersionConflict
    from spinemet.registry.patients.services import patient_create, patient_update
    from spinemet.registry.sites.selectors import actor_for

    actor = actor_for(registry["users"]["investigator_a"])
    patient = patient_create(actor=actor, data={k: v for k, v in PATIENT.items()})
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def save(kps: int) -> None:
        barrier.wait()
        try:
            patient_update(
                actor=actor,
                patient_id=patient.pk,
                version=1,
                reason=f"kps {kps}",
                changes={"kps": kps},
            )
            result = "saved"
        except VersionConflict:
            result = "conflict"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=save, args=(kps,)) for kps in (10, 20, 30, 40, 60, 70, 80, 90)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * (WRITERS - 1) + ["saved"]
    patient.refresh_from_db()
    assert patient.version == 2
    assert patient.history.count() == 2  # the creation and the one winning change


def _pg_url() -> str:
    return os.environ.get("SPINEMET_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_answers(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return True
    except Exception:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _request(url: str, method: str, body: Any, token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_two_server_processes_on_one_postgresql_lose_no_update(tmp_path: Path) -> None:
    base = _pg_url()
    if not _pg_answers(base):
        pytest.skip(f"NO POSTGRESQL SERVER ANSWERS AT {base}: two-process locking test not run")
    import psycopg

    name = f"spinemet_two_processes_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + f"/{name}"
    env = {**os.environ, "DATABASE_URL": url, "SPINEMET_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    spinemet = [sys.executable, "-m", "spinemet.cli"]
    servers: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run(
            [*spinemet, "sites", "add", "site_a", "--name", "A"],
            env=env,
            check=True,
            capture_output=True,
        )
        add_user = ["users", "add", "nurse", "--role", "investigator", "--site", "site_a"]
        subprocess.run(
            [*spinemet, *add_user, "--password-stdin"],
            env=env,
            input=f"{PASSWORD}\n".encode(),
            check=True,
            capture_output=True,
        )
        ports = [_free_port(), _free_port()]
        for port in ports:
            with open(tmp_path / f"server-{port}.log", "wb") as log:  # kept for a failure's reader
                servers.append(
                    subprocess.Popen(
                        [*spinemet, "serve", "--port", str(port), "--workers", "2"],
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=log,
                    )
                )
        deadline = time.monotonic() + 60
        for port in ports:
            while True:
                try:
                    _request(f"http://127.0.0.1:{port}/api/sites", "GET", None)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        status, token = _request(
            f"http://127.0.0.1:{ports[0]}/api/auth/token",
            "POST",
            {"username": "nurse", "password": PASSWORD},
        )
        assert status == 200, token
        status, patient = _request(
            f"http://127.0.0.1:{ports[0]}/api/patients", "POST", PATIENT, token["token"]
        )
        assert status == 201, patient
        barrier = threading.Barrier(WRITERS)
        statuses: list[int] = []
        lock = threading.Lock()

        def save(number: int) -> None:
            port = ports[number % 2]
            barrier.wait()
            code, _ = _request(
                f"http://127.0.0.1:{port}/api/patients/{patient['id']}",
                "PATCH",
                {"version": 1, "reason": f"writer {number}", "kps": 60 if number % 2 else 70},
                token["token"],
            )
            with lock:
                statuses.append(code)

        threads = [threading.Thread(target=save, args=(number,)) for number in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [200] + [409] * (WRITERS - 1)
        code, stored = _request(
            f"http://127.0.0.1:{ports[1]}/api/patients/{patient['id']}", "GET", None, token["token"]
        )
        assert code == 200
        assert stored["version"] == 2
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
