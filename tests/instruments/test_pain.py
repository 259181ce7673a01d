"""Pain: VAS (Jensen 2003 bands), NRS (Serlin 1995 bands), change (Farrar 2001), domain §8."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import pain_change, score, vas_mm_to_cm


# Jensen MP et al. J Pain 2003: 0-4 mm none, 5-44 mild, 45-74 moderate, 75-100 severe;
# on 0-10 half-open: < 0.5 none, < 4.5 mild, < 7.5 moderate, >= 7.5 severe.
@pytest.mark.parametrize(
    ("vas", "category"),
    [(0, "none"), (0.4, "none"), (0.5, "mild"), (4.4, "mild"), (4.5, "moderate"),
     (7.4, "moderate"), (7.5, "severe"), (7.6, "severe"), (10, "severe")],
)  # fmt: skip
def test_vas_severity_bands(vas, category):
    result = score("vas", {"vas": vas})
    assert (result.total, result.category) == (vas, category)


@pytest.mark.parametrize("bad", [76, -0.1, 10.01, float("nan"), float("inf"), True, "7"])
def test_vas_outside_0_to_10_is_refused_never_rescaled(bad):
    with pytest.raises(ItemError, match=r"vas.vas: invalid value .*; allowed: 0 <= number <= 10"):
        score("vas", {"vas": bad})


# Serlin RC et al. Pain 1995: 1-4 mild, 5-6 moderate, 7-10 severe.
@pytest.mark.parametrize(
    ("nrs", "category"),
    [(0, "none"), (1, "mild"), (4, "mild"), (5, "moderate"), (6, "moderate"), (7, "severe"),
     (10, "severe")],
)  # fmt: skip
def test_nrs_severity_bands(nrs, category):
    assert score("nrs", {"nrs": nrs}).category == category


@pytest.mark.parametrize("bad", [7.5, 11, -1, 7.0])
def test_nrs_takes_whole_numbers_only(bad):
    with pytest.raises(ItemError, match="nrs.nrs"):
        score("nrs", {"nrs": bad})


def test_vas_in_millimetres_converts_by_tenths():
    assert vas_mm_to_cm(76) == 7.6
    assert vas_mm_to_cm(0) == 0.0
    with pytest.raises(ItemError, match="vas_mm"):
        vas_mm_to_cm(101)


# Worked cases of §8 (Farrar JT et al. Pain 2001: ~2 points or ~30 % is clinically important).
def test_nrs_8_to_4_meets_both_thresholds():
    change = pain_change(8, 4, "nrs")
    assert (change.absolute_change, change.percent_change) == (-4.0, -50.0)
    assert change.mcid_points_met
    assert change.mcid_percent_met
    assert change.clinically_important_improvement


def test_vas_3_to_1_8_is_important_by_percent_only():
    change = pain_change(3.0, 1.8, "vas")
    assert (change.absolute_change, change.percent_change) == (-1.2, -40.0)
    assert (change.mcid_points_met, change.mcid_percent_met) == (False, True)
    assert change.clinically_important_improvement


def test_zero_baseline_has_no_percent_and_no_improvement():
    change = pain_change(0, 0, "nrs")
    assert change.percent_change is None
    assert not change.mcid_points_met
    assert not change.mcid_percent_met


# Boundaries computed exactly (decimal arithmetic), not lost to binary floating point.
def test_boundary_changes_are_exact():
    assert pain_change(3.8, 1.8, "vas").mcid_points_met
    assert pain_change(7.0, 4.9, "vas").mcid_percent_met


def test_mixed_or_unknown_scales_are_refused():
    with pytest.raises(ItemError, match="scale: invalid value 'mm'"):
        pain_change(70, 40, "mm")
    with pytest.raises(ItemError, match="nrs.follow_up: invalid value 4.5"):
        pain_change(8, 4.5, "nrs")
