"""Fixtures shared by every test: the installed console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _console_script() -> str:
    beside_python = Path(sys.executable).parent / "spinemet"
    found = str(beside_python) if beside_python.exists() else shutil.which("spinemet")
    if found is None:
        raise RuntimeError("the spinemet console script is not installed (pip install -e .)")
    return found


@pytest.fixture(scope="session")
def spinemet_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real ``spinemet`` console script; returns the completed process."""
    script = _console_script()

    def run(*args: str, stdin: str | None = None, cwd: Path | None = None):
        return subprocess.run(
            [script, *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=cwd,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
            timeout=300,
        )

    return run
