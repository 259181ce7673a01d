"""Complication proportions with exact (Clopper-Pearson) CIs, against R's binom.test."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.analysis.complications import clopper_pearson, summarize_complications
from spinemet.errors import AnalysisError


# R 4.2.2: binom.test(x, n)$conf.int
@pytest.mark.parametrize(
    ("successes", "trials", "expected"),
    [
        (0, 40, (0.0, 0.0880973028788024)),  # binom.test(0, 40)
        (3, 40, (0.0157421798510415, 0.203864748732899)),  # binom.test(3, 40)
        (40, 40, (0.911902697121198, 1.0)),  # binom.test(40, 40)
        (7, 101, (0.0283174078149408, 0.137595880808817)),  # binom.test(7, 101)
    ],
)
def test_clopper_pearson_matches_r_binom_test(successes, trials, expected):
    assert clopper_pearson(successes, trials) == pytest.approx(expected, rel=1e-13, abs=0)


def test_the_bounds_are_exactly_zero_and_one_at_the_extremes():
    assert clopper_pearson(0, 40)[0] == 0.0
    assert clopper_pearson(40, 40)[1] == 1.0


def test_the_seed_types_are_reported_even_when_no_patient_had_them():
    complications = pd.DataFrame({"patient_id": ["p2"], "type": ["neurological_deterioration"]})
    table = summarize_complications(complications, patient_ids=[f"p{i}" for i in range(40)])
    assert table["type"].tolist() == [
        "infection",
        "screw_loosening",
        "cement_leakage",
        "neurological_deterioration",
        "any",
    ]
    infection = table.iloc[0]
    assert (infection["n"], infection["proportion"], infection["ci95_low"]) == (0, 0.0, 0.0)
    # R 4.2.2: binom.test(0, 40)$conf.int[2] = 0.0880973028788024
    assert infection["ci95_high"] == pytest.approx(0.0880973028788024, rel=1e-13)


def test_a_patient_with_two_leaks_counts_once_and_both_events_are_kept():
    complications = pd.DataFrame({"patient_id": ["p1", "p1", "p2"], "type": ["cement_leakage"] * 3})
    table = summarize_complications(complications, patient_ids=["p1", "p2", "p3", "p4"])
    leak = table.set_index("type").loc["cement_leakage"]
    assert (leak["n"], leak["events"], leak["proportion"]) == (2, 3, 0.5)


def test_a_complication_of_an_unknown_patient_is_refused():
    complications = pd.DataFrame({"patient_id": ["x9"], "type": ["infection"]})
    with pytest.raises(AnalysisError, match="x9"):
        summarize_complications(complications, patient_ids=["p1"])
