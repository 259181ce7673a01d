"""Screw loosening: Sanden B et al. J Bone Joint Surg Br 2004;86(3):457-61 (domain §11b)."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import score, screw_loosening_patient


# Worked cases of §11b; 1.0 mm counts as loosened (inclusive project rule).
@pytest.mark.parametrize(
    ("items", "category"),
    [
        ({"radiolucent_zone_mm": 0.5}, "not_loosened"),
        ({"radiolucent_zone_mm": 0.99}, "not_loosened"),
        ({"radiolucent_zone_mm": 1.0}, "loosened"),
        ({"radiolucent_zone_mm": 0.0, "double_halo": True}, "loosened"),
    ],
)
def test_loosened_at_one_millimetre_or_with_a_double_halo(items, category):
    result = score("screw_loosening", items)
    assert (result.total, result.category) == (None, category)


def test_absent_double_halo_means_false():
    assert score("screw_loosening", {"radiolucent_zone_mm": 0.2}).components == {
        "radiolucent_zone_mm": 0.2,
        "double_halo": False,
    }


@pytest.mark.parametrize("bad", [-0.1, "1mm", True])
def test_negative_or_text_widths_are_refused(bad):
    with pytest.raises(ItemError, match="screw_loosening.radiolucent_zone_mm"):
        score("screw_loosening", {"radiolucent_zone_mm": bad})


def test_patient_is_loosened_when_any_screw_is():
    result = screw_loosening_patient(
        [{"radiolucent_zone_mm": 0.3}, {"radiolucent_zone_mm": 1.4}, {"radiolucent_zone_mm": 2.0}]
    )
    assert (result.category, result.extras["n_loosened"]) == ("loosened", 2)
    assert screw_loosening_patient([{"radiolucent_zone_mm": 0.3}]).category == "not_loosened"
