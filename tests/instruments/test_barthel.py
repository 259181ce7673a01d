"""Barthel Index 0-100 and 0-20 (Mahoney 1965; Collin 1988; Shah 1989 bands), domain §9."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import barthel_20_to_100, barthel_100_to_20, score


# Worked case 1: every item maximal = 100, independent.
def test_all_items_maximal_is_100_independent(barthel_max):
    result = score("barthel", barthel_max)
    assert (result.total, result.category) == (100, "independent")


# Worked case 2: 5+0+5+5+10+5+5+10+10+0 = 55, severe dependency.
def test_worked_case_two_is_55_severe_dependency():
    items = {"feeding": 5, "bathing": 0, "grooming": 5, "dressing": 5, "bowels": 10,
             "bladder": 5, "toilet_use": 5, "transfers": 10, "mobility": 10,
             "stairs": 0}  # fmt: skip
    assert (score("barthel", items).total, score("barthel", items).category) == (
        55,
        "severe_dependency",
    )


# Worked case 3: 90 on 0-100, and 18 on 0-20 with total_100 = 90.
def test_worked_case_three_agrees_on_both_forms():
    items_100 = {"feeding": 10, "bathing": 5, "grooming": 5, "dressing": 10, "bowels": 10,
                 "bladder": 10, "toilet_use": 10, "transfers": 15, "mobility": 10,
                 "stairs": 5}  # fmt: skip
    items_20 = {name: value // 5 for name, value in items_100.items()}
    assert (score("barthel", items_100).total, score("barthel", items_100).category) == (
        90,
        "moderate_dependency",
    )
    form_20 = score("barthel_20", items_20).as_dict()
    assert (form_20["total"], form_20["total_100"], form_20["category"]) == (
        18,
        90,
        "moderate_dependency",
    )
    assert form_20["reference"].startswith("Collin C")


# Shah bands on 0-100: 0-20 total, 21-60 severe, 61-90 moderate, 91-99 slight, 100 independent.
@pytest.mark.parametrize(
    ("stairs", "mobility", "total", "category"),
    [(10, 15, 100, "independent"), (5, 15, 95, "slight_dependency"),
     (0, 15, 90, "moderate_dependency")],
)  # fmt: skip
def test_upper_band_boundaries(barthel_max, stairs, mobility, total, category):
    result = score("barthel", barthel_max | {"stairs": stairs, "mobility": mobility})
    assert (result.total, result.category) == (total, category)


def test_lower_band_boundaries():
    zero = dict.fromkeys(
        ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder", "toilet_use",
         "transfers", "mobility", "stairs"), 0)  # fmt: skip
    assert score("barthel", zero).category == "total_dependency"
    twenty = zero | {"transfers": 15, "bathing": 5}
    assert (score("barthel", twenty).total, score("barthel", twenty).category) == (
        20,
        "total_dependency",
    )
    twenty_five = twenty | {"grooming": 5}
    assert score("barthel", twenty_five).category == "severe_dependency"
    sixty_five = twenty_five | {"feeding": 10, "dressing": 10, "bowels": 10, "bladder": 10}
    assert (score("barthel", sixty_five).total, score("barthel", sixty_five).category) == (
        65,
        "moderate_dependency",
    )


@pytest.mark.parametrize(
    ("item", "bad"),
    [("feeding", 15), ("bathing", 10), ("transfers", 20), ("mobility", 7), ("stairs", 5.0),
     ("feeding", True), ("grooming", "5")],
)  # fmt: skip
def test_values_outside_an_items_levels_are_refused(barthel_max, item, bad):
    with pytest.raises(ItemError, match=rf"barthel.{item}: invalid value {bad!r}; allowed: 0, 5"):
        score("barthel", barthel_max | {item: bad})


def test_conversions_between_forms():
    assert barthel_100_to_20(90) == 18
    assert barthel_20_to_100(18) == 90
    with pytest.raises(ItemError, match="multiple of 5"):
        barthel_100_to_20(92)
    with pytest.raises(ItemError, match="barthel_20.total"):
        barthel_20_to_100(21)
