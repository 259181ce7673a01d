"""Modified Bauer score: Leithner A et al. Eur Spine J 2008;17(11):1488-95 (domain §5a)."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import score


def _bauer(no_visceral: bool, solitary: bool, not_lung: bool, favorable: bool) -> tuple:
    result = score(
        "bauer_modified",
        {
            "no_visceral_metastases": no_visceral,
            "solitary_skeletal_metastasis": solitary,
            "not_lung_cancer": not_lung,
            "favorable_primary": favorable,
        },
    )
    return result.total, result.category


# Worked cases of domain/instruments.md §5a.
def test_solitary_breast_metastasis_scores_four_good():
    assert _bauer(True, True, True, True) == (4, "good")


def test_lung_cancer_with_liver_and_multiple_bone_metastases_scores_zero_poor():
    assert _bauer(False, False, False, False) == (0, "poor")


def test_prostate_with_multiple_bone_metastases_scores_two_moderate():
    assert _bauer(True, False, True, False) == (2, "moderate")


@pytest.mark.parametrize(
    ("factors", "expected"),
    [((True, False, False, False), (1, "poor")), ((True, True, True, False), (3, "good"))],
)
def test_group_boundaries(factors, expected):
    assert _bauer(*factors) == expected


def test_favourable_primary_cannot_be_lung_cancer():
    with pytest.raises(ItemError) as raised:
        _bauer(True, True, False, True)
    message = str(raised.value)
    assert "bauer_modified.favorable_primary" in message
    assert "not_lung_cancer" in message


@pytest.mark.parametrize("bad", [1, 0, "yes", "true"])
def test_factors_must_be_booleans(bad):
    with pytest.raises(
        ItemError, match=r"bauer_modified.not_lung_cancer: invalid value .*true, false"
    ):
        score(
            "bauer_modified",
            {
                "no_visceral_metastases": True,
                "solitary_skeletal_metastasis": True,
                "not_lung_cancer": bad,
                "favorable_primary": False,
            },
        )
