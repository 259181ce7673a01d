"""Revised Tokuhashi: Tokuhashi Y et al. Spine 2005;30(19):2186-91 (domain/instruments.md §3)."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import general_condition_from_kps, palsy_from_frankel, score


def _items(**changes: str) -> dict[str, str]:
    base = {
        "general_condition": "good",
        "extraspinal_bone_metastases": "none",
        "vertebral_body_metastases": "one",
        "major_organ_metastases": "none",
        "primary_site": "breast",
        "palsy": "none",
    }
    return base | changes


# Worked case 1: 2 + 2 + 2 + 2 + 5 + 2 = 15 -> >= 1 year.
def test_breast_single_lesion_scores_fifteen():
    result = score("tokuhashi_revised", _items())
    assert (result.total, result.category) == (15, "ge_12_months")
    assert result.components["primary_site"] == 5
    assert result.as_dict()["primary_site_code"] == "breast"


# Worked case 2: 1 + 1 + 1 + 1 + 3 + 1 = 8 -> < 6 months.
def test_kidney_case_scores_eight_below_six_months():
    items = {
        "general_condition": "moderate",
        "extraspinal_bone_metastases": "one_to_two",
        "vertebral_body_metastases": "two",
        "major_organ_metastases": "removable",
        "primary_site": "kidney",
        "palsy": "incomplete",
    }
    assert (
        score("tokuhashi_revised", items).total,
        score("tokuhashi_revised", items).category,
    ) == (
        8,
        "lt_6_months",
    )


# Worked case 3: 2 + 2 + 1 + 2 + 2 + 1 = 10 -> >= 6 months.
def test_other_primary_scores_ten_at_least_six_months():
    items = _items(vertebral_body_metastases="two", primary_site="other", palsy="incomplete")
    assert score("tokuhashi_revised", items).total == 10
    assert score("tokuhashi_revised", items).category == "ge_6_months"


# Bands in the direction of NICE CG75's author-corrected table (higher = longer survival):
# 0-8 < 6 months, 9-11 >= 6 months, 12-15 >= 1 year. Some online copies invert them.
@pytest.mark.parametrize(
    ("site", "total", "category"),
    [
        ("lung", 10, "ge_6_months"),
        ("unidentified", 11, "ge_6_months"),
        ("other", 12, "ge_12_months"),
    ],
)
def test_band_boundaries_follow_the_2005_direction(site, total, category):
    items = _items(primary_site=site)
    assert (
        score("tokuhashi_revised", items).total,
        score("tokuhashi_revised", items).category,
    ) == (
        total,
        category,
    )


def test_boundary_eight_to_nine():
    # poor 0 + none 2 + two 1 + none 2 + other 2 + complete 0 = 7
    seven = _items(general_condition="poor", vertebral_body_metastases="two", primary_site="other",
                   palsy="complete")  # fmt: skip
    assert score("tokuhashi_revised", seven).total == 7
    eight = seven | {"palsy": "incomplete"}
    assert (
        score("tokuhashi_revised", eight).total,
        score("tokuhashi_revised", eight).category,
    ) == (
        8,
        "lt_6_months",
    )
    nine_total = eight | {"palsy": "none"}
    assert (
        score("tokuhashi_revised", nine_total).total,
        score("tokuhashi_revised", nine_total).category,
    ) == (9, "ge_6_months")


@pytest.mark.parametrize(
    ("site", "points"),
    [
        ("lung", 0), ("osteosarcoma", 0), ("stomach", 0), ("bladder", 0), ("esophagus", 0),
        ("pancreas", 0), ("liver", 1), ("gallbladder", 1), ("unidentified", 1), ("other", 2),
        ("kidney", 3), ("uterus", 3), ("rectum", 4), ("thyroid", 5), ("breast", 5),
        ("prostate", 5), ("carcinoid", 5),
    ],
)  # fmt: skip
def test_primary_site_points_follow_the_revised_table(site, points):
    assert (
        score("tokuhashi_revised", _items(primary_site=site)).components["primary_site"] == points
    )


@pytest.mark.parametrize("site", ["colon", "Breast", "renal", "unknown"])
def test_free_text_primary_sites_are_rejected(site):
    with pytest.raises(ItemError, match=f"tokuhashi_revised.primary_site: invalid value '{site}'"):
        score("tokuhashi_revised", _items(primary_site=site))


@pytest.mark.parametrize(
    ("kps", "condition"), [(10, "poor"), (40, "poor"), (50, "moderate"), (70, "moderate"),
                           (80, "good"), (100, "good")],
)  # fmt: skip
def test_general_condition_from_kps(kps, condition):
    assert general_condition_from_kps(kps) == condition


@pytest.mark.parametrize("kps", [0, 75, 110, True, "80"])
def test_general_condition_refuses_dead_or_non_kps_values(kps):
    with pytest.raises(ItemError, match="kps"):
        general_condition_from_kps(kps)


@pytest.mark.parametrize(
    ("frankel", "palsy"),
    [("A", "complete"), ("B", "complete"), ("C", "incomplete"), ("D", "incomplete"), ("E", "none")],
)
def test_palsy_from_frankel(frankel, palsy):
    assert palsy_from_frankel(frankel) == palsy


def test_palsy_refuses_unknown_frankel_grade():
    with pytest.raises(ItemError, match="frankel: invalid value 'F'"):
        palsy_from_frankel("F")
