"""Descriptives per visit and the share of patients reaching the MCID."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from spinemet.analysis.outcomes import describe_outcome, mcid_share


def _frame(baseline, later, *, visit="m3"):
    ids = [f"p{i}" for i in range(len(baseline))]
    return pd.DataFrame(
        {
            "patient_id": ids + ids[: len(later)],
            "visit": ["preop"] * len(baseline) + [visit] * len(later),
            "total": list(baseline) + list(later),
        }
    )


def test_descriptives_use_r_type_7_quartiles_and_t_interval():
    frame = _frame([1.0, 2.0, 3.0, 4.0, 10.0], [])
    row = describe_outcome(frame, visits=["preop"]).iloc[0]
    # R 4.2.2: x <- c(1, 2, 3, 4, 10); quantile(x) -> 25% 2, 50% 3, 75% 4
    assert (row["n"], row["median"], row["q1"], row["q3"], row["mean"]) == (5, 3, 2, 4, 4)
    # R 4.2.2: sd(x) -> 3.53553390593274
    assert row["sd"] == pytest.approx(3.53553390593274, rel=1e-13)
    # R 4.2.2: t.test(x)$conf.int -> -0.389945165425414  8.389945165425415
    assert (row["ci95_low"], row["ci95_high"]) == pytest.approx(
        (-0.389945165425414, 8.389945165425415), rel=1e-12
    )


def test_a_visit_nobody_attended_has_n_zero_and_missing_statistics():
    row = describe_outcome(_frame([5.0, 6.0], []), visits=["preop", "m6"]).iloc[1]
    assert row["n"] == 0
    assert np.isnan(row["mean"])


def test_vas_mcid_counts_exact_two_point_and_thirty_percent_changes():
    # domain/instruments.md §8 worked cases: 3.8 -> 1.8 is exactly -2 points (points met);
    # 7.0 -> 4.9 is exactly -30 % (percent met); 3.0 -> 1.8 is -40 % but -1.2 points;
    # 0 -> 0 cannot improve
    frame = _frame([3.8, 7.0, 3.0, 0.0], [1.8, 4.9, 1.8, 0.0])
    row = mcid_share(frame, instrument="vas", visits=["preop", "m3"]).iloc[0]
    assert (row["n"], row["n_points"], row["n_percent"]) == (4, 2, 3)
    assert row["primary"] == "percent"
    assert row["share_primary"] == 0.75


def test_barthel_mcid_is_an_increase_of_at_least_9_25_points():
    frame = _frame([40, 40, 40], [50, 45, 30])
    row = mcid_share(frame, instrument="barthel", visits=["preop", "m3"]).iloc[0]
    assert (row["n"], row["n_primary"]) == (3, 1)


def test_an_instrument_without_an_mcid_gives_none():
    assert mcid_share(_frame([1], [2]), instrument="sins", visits=["preop", "m3"]) is None
