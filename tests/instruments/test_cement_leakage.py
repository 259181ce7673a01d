"""Cement leakage types B/S/C: Yeom JS et al. J Bone Joint Surg Br 2003;85(1):83-9 (§11a)."""

from __future__ import annotations

import pytest

from spinemet.errors import ItemError
from spinemet.instruments import score


def test_no_leak_type_is_no_leakage():
    data = score(
        "cement_leakage_yeom", {"type_b": False, "type_s": False, "type_c": False}
    ).as_dict()
    assert (data["total"], data["category"], data["venous"]) == (0, "no_leakage", False)


def test_basivertebral_and_cortical_leaks_count_two_and_are_venous():
    data = score(
        "cement_leakage_yeom",
        {"type_b": True, "type_s": False, "type_c": True, "symptomatic": True},
    ).as_dict()
    assert (data["total"], data["category"], data["venous"], data["symptomatic"]) == (
        2,
        "leakage",
        True,
        True,
    )
    assert data["components"] == {"type_b": 1, "type_s": 0, "type_c": 1}


def test_cement_leakage_is_an_alias_of_the_yeom_instrument():
    result = score("cement_leakage", {"type_b": False, "type_s": True, "type_c": False})
    assert (result.instrument, result.total) == ("cement_leakage_yeom", 1)


def test_type_d_is_not_part_of_yeoms_scheme():
    with pytest.raises(ItemError, match="unknown item 'type_d'"):
        score(
            "cement_leakage_yeom",
            {"type_b": False, "type_s": False, "type_c": False, "type_d": True},
        )
