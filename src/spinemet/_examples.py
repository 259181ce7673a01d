"""Where the shipped example files are: inside an installed wheel, or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def examples_dir() -> Path:
    """The ``examples/`` folder (``spinemet/examples`` in a wheel, ``examples/`` in a clone)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "examples", package.parents[1] / "examples"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("spinemet's examples folder is missing from this installation")
