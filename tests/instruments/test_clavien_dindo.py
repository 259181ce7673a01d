"""Clavien-Dindo: Dindo D et al. Ann Surg 2004;240(2):205-13 (domain/instruments.md §10)."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import clavien_dindo_worst, parse_clavien_dindo, score


@pytest.mark.parametrize(
    ("grade", "category"),
    [("I", "minor"), ("II", "minor"), ("IIIa", "major"), ("IIIb", "major"), ("IVa", "major"),
     ("IVb", "major"), ("V", "major")],
)  # fmt: skip
def test_minor_is_grade_i_and_ii(grade, category):
    data = score("clavien_dindo", {"grade": grade}).as_dict()
    assert (data["grade"], data["category"], data["label"], data["total"]) == (
        grade,
        category,
        grade,
        None,
    )


def test_disability_at_discharge_adds_the_d_suffix():
    data = score("clavien_dindo", {"grade": "IIIb", "disability_at_discharge": True}).as_dict()
    assert (data["category"], data["label"]) == ("major", "IIIb-d")
    assert data["components"] == {"grade": "IIIb", "disability_at_discharge": True}


def test_death_cannot_carry_a_disability_suffix():
    with pytest.raises(
        ItemError, match="clavien_dindo.disability_at_discharge: invalid value True"
    ):
        score("clavien_dindo", {"grade": "V", "disability_at_discharge": True})


@pytest.mark.parametrize("bad", ["III", "IV", "iiia", "3", 2])
def test_grades_without_sub_grade_or_in_other_spelling_are_refused(bad):
    with pytest.raises(ItemError, match=r"clavien_dindo.grade: invalid value .*IIIa, IIIb"):
        score("clavien_dindo", {"grade": bad})


def test_worst_of_several_complications():
    worst = clavien_dindo_worst(["I", "IVa", "II"])
    assert (worst.grade, worst.category) == ("IVa", "major")
    assert clavien_dindo_worst([]).category == "no_complication"
    assert clavien_dindo_worst([]).grade is None
    with pytest.raises(ItemError, match=r"grades\[1\]: invalid value 'IV'"):
        clavien_dindo_worst(["I", "IV"])


@pytest.mark.parametrize(
    ("text", "grade"),
    [("iiia", "IIIa"), ("III-a", "IIIa"), (" ivb ", "IVb"), ("i", "I"), ("II", "II"), ("v", "V")],
)
def test_parse_normalises_typed_grades(text, grade):
    assert parse_clavien_dindo(text) == grade


@pytest.mark.parametrize("text", ["III", "VI", "IIIc", ""])
def test_parse_refuses_incomplete_grades(text):
    with pytest.raises(ItemError, match="clavien_dindo.grade"):
        parse_clavien_dindo(text)
