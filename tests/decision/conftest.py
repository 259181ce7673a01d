"""Shared fixtures for the decision tests: the vignettes of decision.md §5 and case variants."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

VIGNETTES: dict[str, dict[str, Any]] = {
    vignette["id"][:3]: vignette["case"]
    for vignette in json.loads((Path(__file__).parent / "vignettes.json").read_text("utf-8"))
}


def variant(base: str, changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of a vignette's case (``"V01"``) with dotted-path changes (``lesions.0.level``)."""
    case = copy.deepcopy(VIGNETTES[base])
    for path, value in (changes or {}).items():
        target: Any = case
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        target[parts[-1]] = value
    return case


@pytest.fixture
def make_case() -> Callable[..., dict[str, Any]]:
    """:func:`variant` as a fixture: ``make_case("V01", {"patient.frankel": "D"})``."""
    return variant
