"""Bilsky ESCC grade: Bilsky MH et al. J Neurosurg Spine 2010;13(3):324-8 (domain §2)."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import score


@pytest.mark.parametrize(
    ("grade", "category"),
    [
        ("0", "low_grade"),
        ("1a", "low_grade"),
        ("1b", "low_grade"),
        ("1c", "low_grade"),
        ("2", "high_grade"),
        ("3", "high_grade"),
    ],
)
def test_grades_group_into_low_and_high(grade, category):
    result = score("bilsky", {"escc_grade": grade})
    assert (result.total, result.grade, result.category) == (None, grade, category)
    assert result.components == {"escc_grade": grade}


def test_grade_1c_interpretation_says_management_is_debated():
    assert score("bilsky", {"escc_grade": "1c"}).interpretation == (
        "low grade (1c: cord abutment; management debated)"
    )


def test_classification_result_carries_the_grade_key():
    data = score("bilsky", {"escc_grade": "2"}).as_dict()
    assert data["grade"] == "2"
    assert data["total"] is None


@pytest.mark.parametrize("bad", [2, "1C", "4", "1", True, 2.0])
def test_grade_must_be_one_of_the_string_codes(bad):
    with pytest.raises(ItemError, match=r"bilsky.escc_grade: invalid value .*; allowed: 0, 1a, 1b"):
        score("bilsky", {"escc_grade": bad})


def test_absent_grade_gives_no_category():
    result = score("bilsky", {})
    assert (result.category, result.grade, result.missing) == (None, None, ("escc_grade",))
