"""KPS (Karnofsky 1949) and ECOG (Oken 1982), and their conversions (domain §6)."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import ecog_to_kps, kps_to_ecog, score


@pytest.mark.parametrize(
    ("kps", "category"),
    [(0, "unable_self_care"), (40, "unable_self_care"), (50, "unable_to_work"),
     (70, "unable_to_work"), (80, "able_normal_activity"), (100, "able_normal_activity")],
)  # fmt: skip
def test_kps_groups(kps, category):
    result = score("kps", {"kps": kps})
    assert (result.total, result.category) == (kps, category)


@pytest.mark.parametrize("bad", [75, 110, -10, 70.0, True, "70"])
def test_kps_takes_only_multiples_of_ten(bad):
    with pytest.raises(ItemError, match=r"kps.kps: invalid value .*; allowed: 100, 90, 80"):
        score("kps", {"kps": bad})


@pytest.mark.parametrize("ecog", range(6))
def test_ecog_category_names_the_grade(ecog):
    result = score("ecog", {"ecog": ecog})
    assert (result.total, result.category) == (ecog, f"ecog_{ecog}")


@pytest.mark.parametrize("bad", [6, -1, 1.5, False])
def test_ecog_outside_0_to_5_is_refused(bad):
    with pytest.raises(ItemError, match="ecog.ecog"):
        score("ecog", {"ecog": bad})


# Worked cases of §6: KPS 70 -> ECOG 1 (conventional), 2 (Ma et al. 2010); ECOG 2 -> KPS 50-60.
def test_kps_70_converts_by_the_named_table():
    assert kps_to_ecog(70) == 1
    assert kps_to_ecog(70, "ma_2010") == 2


def test_ecog_to_kps_gives_a_range_never_a_single_value():
    assert ecog_to_kps(2) == (50, 60)
    assert ecog_to_kps(1, "ma_2010") == (80, 90)
    assert ecog_to_kps(5) == (0, 0)


# Ma C et al. Eur J Cancer 2010: 100 -> 0, 80-90 -> 1, 60-70 -> 2, 40-50 -> 3, 10-30 -> 4.
@pytest.mark.parametrize(
    ("kps", "ecog"), [(100, 0), (90, 1), (80, 1), (60, 2), (50, 3), (40, 3), (30, 4), (10, 4)]
)
def test_ma_2010_table(kps, ecog):
    assert kps_to_ecog(kps, "ma_2010") == ecog


def test_unknown_mapping_is_refused():
    with pytest.raises(ItemError, match="mapping: invalid value 'buccheri'"):
        kps_to_ecog(70, "buccheri")
