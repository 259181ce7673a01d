"""Frankel (Frankel 1969) and ASIA Impairment Scale (Kirshblum 2011), domain §7."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import score


@pytest.mark.parametrize(
    ("grade", "category", "ambulatory"),
    [
        ("A", "complete", False),
        ("B", "sensory_only", False),
        ("C", "motor_useless", False),
        ("D", "motor_useful", True),
        ("E", "recovery", True),
    ],
)
def test_frankel_grades(grade, category, ambulatory):
    data = score("frankel", {"grade": grade}).as_dict()
    assert (data["total"], data["grade"], data["category"], data["ambulatory"]) == (
        None,
        grade,
        category,
        ambulatory,
    )


@pytest.mark.parametrize(
    ("grade", "category"),
    [
        ("A", "complete"),
        ("B", "sensory_incomplete"),
        ("C", "motor_incomplete"),
        ("D", "motor_incomplete"),
        ("E", "normal"),
    ],
)
def test_asia_grades(grade, category):
    result = score("asia", {"grade": grade})
    assert (result.grade, result.category) == (grade, category)


@pytest.mark.parametrize("instrument", ["frankel", "asia"])
@pytest.mark.parametrize("bad", ["a", "F", 1, "D1"])
def test_grades_are_upper_case_letters_a_to_e(instrument, bad):
    with pytest.raises(
        ItemError, match=rf"{instrument}.grade: invalid value .*; allowed: A, B, C, D, E"
    ):
        score(instrument, {"grade": bad})
