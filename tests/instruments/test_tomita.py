"""Tomita score: Tomita K et al. Spine 2001;26(3):298-306 (domain/instruments.md §4)."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import score


def _tomita(growth: str, visceral: str, bone: str) -> tuple[int | float | None, str | None]:
    result = score(
        "tomita",
        {"primary_tumor_growth": growth, "visceral_metastases": visceral, "bone_metastases": bone},
    )
    return result.total, result.category


# Worked cases 1-3 of domain/instruments.md §4.
def test_slow_solitary_without_visceral_disease_scores_two():
    assert _tomita("slow", "none", "solitary") == (2, "long_term_local_control")


def test_moderate_treatable_multiple_scores_six():
    assert _tomita("moderate", "treatable", "multiple") == (6, "short_term_palliation")


def test_rapid_untreatable_multiple_scores_ten():
    assert _tomita("rapid", "untreatable", "multiple") == (10, "terminal_care")


# Bands 2-3 / 4-5 / 6-7 / 8-10 (standard reproductions of Tomita's table); rapid growth = 4
# points (docs/conflicts.md: a copy with 3 would make 10 unreachable).
@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (("slow", "none", "multiple"), (3, "long_term_local_control")),
        (("moderate", "none", "multiple"), (4, "middle_term_local_control")),
        (("slow", "treatable", "multiple"), (5, "middle_term_local_control")),
        (("rapid", "none", "solitary"), (5, "middle_term_local_control")),
        (("moderate", "untreatable", "solitary"), (7, "short_term_palliation")),
        (("rapid", "treatable", "multiple"), (8, "terminal_care")),
    ],
)
def test_band_boundaries(items, expected):
    assert _tomita(*items) == expected


def test_primary_site_is_not_accepted_in_place_of_growth():
    with pytest.raises(ItemError, match="tomita.primary_tumor_growth: invalid value 'breast'"):
        _tomita("breast", "none", "solitary")
