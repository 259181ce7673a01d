"""Authentication, rate limits, token expiry and revocation, password hashing, the production
settings' deploy check, and no patient data in the logs."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.registry.conftest import PASSWORD, PATIENT, Api


def _token(client: Any, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post(
        "/api/auth/token",
        data={"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_token_for_good_credentials_and_the_same_401_for_any_bad_pair(
    registry: Any, client: Any
) -> None:
    good = _token(client, "investigator_a", PASSWORD)
    assert good.status_code == 200
    assert set(good.json()) == {"token", "expires"}
    unknown = _token(client, "nobody", PASSWORD)
    wrong = _token(client, "investigator_a", "wrong-password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()


def test_repeated_failures_lock_that_user_name_at_that_address_only(
    registry: Any, client: Any, settings: Any
) -> None:
    statuses = [
        _token(client, "investigator_a", "nope").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert set(statuses[:-1]) == {401}
    assert (
        _token(client, "investigator_a", PASSWORD).status_code == 429
    )  # locked, even with the password
    assert _token(client, "investigator_a", PASSWORD, address="10.0.0.2").status_code == 200
    assert (
        _token(client, "investigator_b", PASSWORD).status_code == 200
    )  # the ward behind one address


def test_expired_and_revoked_tokens_are_refused(registry: Any, client: Any) -> None:
    from spinemet.registry.api.models import ApiToken
    from spinemet.registry.api.tokens import issue_token, revoke_tokens

    user = registry["users"]["investigator_a"]
    token, _ = issue_token(user)
    assert Api(client, token).get("/api/sites").status_code == 200
    ApiToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert Api(client, token).get("/api/sites").status_code == 401
    fresh, _ = issue_token(user)
    assert revoke_tokens(user) == 2
    assert Api(client, fresh).get("/api/sites").status_code == 401


def test_only_a_hash_of_a_token_is_stored(registry: Any) -> None:
    from spinemet.registry.api.models import ApiToken
    from spinemet.registry.api.tokens import issue_token

    token, _ = issue_token(registry["users"]["investigator_a"], kind="redcap")
    assert len(token) == 32
    assert all(c in "0123456789ABCDEF" for c in token)
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_production_passwords_are_hashed_with_argon2() -> None:
    from spinemet.registry import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_deploy_check_is_clean_with_the_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SPINEMET_ENV": "production",
        "SPINEMET_SECRET_KEY": "k" * 20 + "a-long-random-production-secret-0123456789",
        "SPINEMET_ALLOWED_HOSTS": "registry.example.org",
        "SPINEMET_DATA_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    check = ["manage", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(
        [sys.executable, "-m", "spinemet.cli", *check], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "spinemet.cli", "manage", "check", "--deploy"],
        env={**env, "SPINEMET_SECRET_KEY": ""}, capture_output=True, text=True,
    )  # fmt: skip
    assert missing.returncode != 0
    assert "SPINEMET_SECRET_KEY" in missing.stderr


def test_no_study_id_or_name_reaches_the_logs(api_as: Any, caplog: Any) -> None:
    from spinemet.registry.patients.models import Identity, Patient

    caplog.set_level(logging.DEBUG)
    api = api_as("investigator_a")
    created = api.post("/api/patients", {**PATIENT, "study_id": "SECRET-STUDY-42"}).json()
    Identity.objects.create(
        patient=Patient.objects.get(pk=created["id"]), name="Zhang Wei-Secretname"
    )
    base = f"/api/patients/{created['id']}"
    api.patch(base, {"version": 1, "reason": "x", "sex": "invalid"})
    api.patch(base, {"version": 7, "reason": "x", "kps": 60})
    api.get(base)
    api.get(f"{base}/history")
    api.post(f"{base}/assessments", {"visit": "d7", "instrument": "vas", "items": {"vas": 99}})
    api_as("investigator_b").get(base)
    text = caplog.text
    assert text  # the run did log (requests refused, tokens issued)
    assert "SECRET-STUDY-42" not in text
    assert "Secretname" not in text
