"""The registry's commands: bad input exits 2 naming field, value and what is allowed; tokens
are printed as promised."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "SPINEMET_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def call(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "spinemet.cli", *args],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return call


def test_commands_refuse_bad_input_naming_what_is_allowed(run) -> None:  # type: ignore[no-untyped-def]
    first = run("sites", "add", "site_a", "--name", "A")
    assert first.returncode == 0
    assert "creating the registry tables" in first.stderr
    bad_code = run("sites", "add", "Site A!", "--name", "A")
    assert bad_code.returncode == 2
    assert "code: invalid value 'Site A!'; allowed: lower-case letters" in bad_code.stderr
    again = run("sites", "add", "site_a", "--name", "A")
    assert again.returncode == 2
    assert "a site code not yet used" in again.stderr
    weak = run("users", "add", "nurse", "--role", "investigator", "--site", "site_a",
               "--password-stdin", stdin="12345\n")  # fmt: skip
    assert weak.returncode == 2
    assert "password" in weak.stderr
    assert "too short" in weak.stderr
    two_sites = run("users", "add", "nurse", "--role", "investigator", "--password-stdin",
                    stdin="Long-enough-pass-1\n")  # fmt: skip
    assert two_sites.returncode == 2
    assert "exactly one site for an investigator" in two_sites.stderr
    unknown = run("users", "token", "nobody")
    assert unknown.returncode == 2
    assert "name: invalid value 'nobody'; allowed: an existing user name" in unknown.stderr


def test_users_token_prints_a_redcap_style_token(run) -> None:  # type: ignore[no-untyped-def]
    run("sites", "add", "site_a", "--name", "A")
    added = run("users", "add", "nurse", "--role", "investigator", "--site", "site_a",
                "--password-stdin", stdin="Long-enough-pass-1\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    token = run("users", "token", "nurse", "--redcap")
    assert token.returncode == 0
    value = token.stdout.strip()
    assert len(value) == 32
    assert all(character in "0123456789ABCDEF" for character in value)
    api = run("users", "token", "nurse")
    assert api.returncode == 0
    assert "expires: 20" in api.stderr
    assert run("users", "revoke", "nurse").stdout.strip() == "revoked 2 tokens of nurse"
