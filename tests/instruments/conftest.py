"""Shared fixtures for the instrument tests: complete item sets for each instrument."""

from __future__ import annotations

import pytest

SINS_T11 = {
    "location": "junctional",
    "pain": "mechanical",
    "bone_lesion": "lytic",
    "radiographic_alignment": "normal",
    "vertebral_body_collapse": "lt_50",
    "posterolateral_involvement": "unilateral",
}

BARTHEL_MAX = {
    "feeding": 10,
    "bathing": 5,
    "grooming": 5,
    "dressing": 10,
    "bowels": 10,
    "bladder": 10,
    "toilet_use": 10,
    "transfers": 15,
    "mobility": 15,
    "stairs": 10,
}


@pytest.fixture
def sins_t11() -> dict[str, str]:
    """Worked case 1 of domain/instruments.md §1: T11, SINS 11."""
    return dict(SINS_T11)


@pytest.fixture
def barthel_max() -> dict[str, int]:
    """Every Barthel item at its maximum (worked case 1 of §9: 100)."""
    return dict(BARTHEL_MAX)
