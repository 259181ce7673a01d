"""SINS: Fisher CG et al. Spine 2010;35(22):E1221-9; worked cases of domain/instruments.md §1."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import score, sins_location_from_level


# domain/instruments.md §1 worked case 1: 3 + 3 + 2 + 0 + 2 + 1 = 11 -> indeterminate.
def test_t11_lytic_fracture_scores_eleven_indeterminate(sins_t11):
    result = score("sins", sins_t11)
    assert (result.total, result.category) == (11, "indeterminate")
    assert result.components == {
        "location": 3,
        "pain": 3,
        "bone_lesion": 2,
        "radiographic_alignment": 0,
        "vertebral_body_collapse": 2,
        "posterolateral_involvement": 1,
    }
    assert result.reference.startswith("Fisher CG")
    assert "surgical consultation" in result.interpretation


# Worked case 2: T6, pain-free, blastic, normal, none, none: 1 -> stable.
def test_painless_blastic_t6_scores_one_stable():
    items = {
        "location": "semi_rigid",
        "pain": "pain_free",
        "bone_lesion": "blastic",
        "radiographic_alignment": "normal",
        "vertebral_body_collapse": "none",
        "posterolateral_involvement": "none",
    }
    assert (score("sins", items).total, score("sins", items).category) == (1, "stable")


# Worked case 3: L1, every item at its worst: 18 -> unstable.
def test_worst_l1_lesion_scores_eighteen_unstable():
    items = {
        "location": "junctional",
        "pain": "mechanical",
        "bone_lesion": "lytic",
        "radiographic_alignment": "subluxation_translation",
        "vertebral_body_collapse": "gt_50",
        "posterolateral_involvement": "bilateral",
    }
    result = score("sins", items)
    assert (result.total, result.category) == (18, "unstable")


# Worked case 4: L3 lesion at the 6/7 boundary; mechanical pain moves it to 8.
def test_boundary_lesion_is_stable_at_six_and_indeterminate_with_mechanical_pain():
    items = {
        "location": "mobile",
        "pain": "occasional_non_mechanical",
        "bone_lesion": "mixed",
        "radiographic_alignment": "normal",
        "vertebral_body_collapse": "no_collapse_gt_50_involved",
        "posterolateral_involvement": "unilateral",
    }
    assert (score("sins", items).total, score("sins", items).category) == (6, "stable")
    worse = items | {"pain": "mechanical"}
    assert (score("sins", worse).total, score("sins", worse).category) == (8, "indeterminate")


# Bands (Fisher 2010; Fourney 2011 JCO abstract): 0-6 stable, 7-12 indeterminate, 13-18 unstable.
@pytest.mark.parametrize(
    ("alignment", "collapse", "posterolateral", "total", "category"),
    [
        ("normal", "none", "none", 8, "indeterminate"),
        ("normal", "lt_50", "unilateral", 11, "indeterminate"),
        ("de_novo_deformity", "lt_50", "none", 12, "indeterminate"),
        ("de_novo_deformity", "lt_50", "unilateral", 13, "unstable"),
    ],
)
def test_category_boundaries_of_the_upper_bands(
    alignment, collapse, posterolateral, total, category
):
    items = {
        "location": "junctional",
        "pain": "mechanical",
        "bone_lesion": "lytic",
        "radiographic_alignment": alignment,
        "vertebral_body_collapse": collapse,
        "posterolateral_involvement": posterolateral,
    }
    result = score("sins", items)
    assert (result.total, result.category) == (total, category)


def test_lowest_total_is_zero_stable():
    items = {
        "location": "rigid",
        "pain": "pain_free",
        "bone_lesion": "blastic",
        "radiographic_alignment": "normal",
        "vertebral_body_collapse": "none",
        "posterolateral_involvement": "none",
    }
    assert (score("sins", items).total, score("sins", items).category) == (0, "stable")


def test_seven_is_the_first_indeterminate_total():
    items = {
        "location": "junctional",
        "pain": "mechanical",
        "bone_lesion": "mixed",
        "radiographic_alignment": "normal",
        "vertebral_body_collapse": "none",
        "posterolateral_involvement": "none",
    }
    assert (score("sins", items).total, score("sins", items).category) == (7, "indeterminate")


def test_missing_item_gives_no_total_and_no_category(sins_t11):
    del sins_t11["pain"]
    result = score("sins", sins_t11 | {"bone_lesion": None})
    assert result.total is None
    assert result.category is None
    assert result.interpretation is None
    assert result.missing == ("bone_lesion", "pain")
    assert result.components["location"] == 3
    assert result.as_dict()["missing"] == ["bone_lesion", "pain"]


def test_unknown_location_names_item_value_and_allowed_codes(sins_t11):
    with pytest.raises(ItemError) as raised:
        score("sins", sins_t11 | {"location": "lumbar"})
    assert str(raised.value) == (
        "sins.location: invalid value 'lumbar'; allowed: junctional, mobile, semi_rigid, rigid"
    )
    assert (raised.value.field, raised.value.value) == ("sins.location", "lumbar")


@pytest.mark.parametrize(
    ("level", "location"),
    [
        ("C0", "junctional"),
        ("C2", "junctional"),
        ("C3", "mobile"),
        ("C6", "mobile"),
        ("C7", "junctional"),
        ("T2", "junctional"),
        ("T3", "semi_rigid"),
        ("T10", "semi_rigid"),
        ("T11", "junctional"),
        ("L1", "junctional"),
        ("L2", "mobile"),
        ("L4", "mobile"),
        ("L5", "junctional"),
        ("S1", "junctional"),
        ("S2", "rigid"),
        ("S5", "rigid"),
    ],
)
def test_location_from_level_follows_fisher_regions(level, location):
    assert sins_location_from_level(level) == location


@pytest.mark.parametrize("level", ["T13", "L6", "Co1", "t11", "", None, 11])
def test_transitional_or_unparsable_levels_are_refused(level):
    with pytest.raises(ItemError, match="sins.level"):
        sins_location_from_level(level)
