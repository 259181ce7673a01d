"""The composite-strategy estimand: death before a visit is scored the instrument's worst value."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.analysis.estimands import WORST_VALUE, composite_worst

# P1 dies on day 50 (before m3, target day 91); P2 is alive but missed m3; P3 and P4 assessed.
FRAME = pd.DataFrame(
    {
        "patient_id": ["P1", "P1", "P2", "P2", "P3", "P3", "P4", "P4"],
        "visit": ["preop", "d7", "preop", "d7", "preop", "m3", "preop", "m3"],
        "total": [8.0, 3.0, 7.0, 4.0, 9.0, 2.0, 6.0, 5.0],
    }
)
SURVIVAL = pd.DataFrame(
    {
        "patient_id": ["P1", "P2", "P3", "P4"],
        "time_days": [50.0, 400, 400, 400],
        "event": [1, 0, 0, 0],
    }
)
TARGETS = {"preop": 0, "d7": 7, "m3": 91}


def test_a_patient_who_died_before_the_visit_gets_the_worst_value_and_the_missed_alive_none():
    result = composite_worst(
        FRAME, SURVIVAL, instrument="vas", visits=["preop", "d7", "m3"], target_days=TARGETS
    ).set_index("visit")
    # m3: P1 dead -> 10; P2 alive, not assessed -> left out; P3 2, P4 5: values 10, 2, 5
    assert result.loc["m3", "n"] == 3
    assert result.loc["m3", "n_died"] == 1
    # R: quantile(c(10, 2, 5), c(.25, .5, .75)) = 3.5 5 7.5
    assert (result.loc["m3", "q1"], result.loc["m3", "median"], result.loc["m3", "q3"]) == (
        3.5,
        5.0,
        7.5,
    )
    # R: wilcox.test(c(10, 2, 5), c(8, 9, 6), paired = TRUE): V = 2, p-value = 0.75 (exact)
    assert result.loc["m3", "p"] == pytest.approx(0.75)
    # d7: nobody had died by day 7
    assert result.loc["d7", "n_died"] == 0


def test_worst_values_follow_the_instrument_scales():
    assert WORST_VALUE == {"vas": 10.0, "nrs": 10.0, "barthel": 0.0, "barthel_20": 0.0}


def test_an_instrument_without_a_worst_value_has_no_composite():
    assert (
        composite_worst(
            FRAME, SURVIVAL, instrument="odi", visits=["preop", "d7"], target_days=TARGETS
        )
        is None
    )
