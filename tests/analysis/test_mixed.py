"""Random-intercept mixed model against R 4.2.2 nlme::lme on RoundingTimes."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy import stats

from spinemet.analysis.mixed import fit_mixed_model

from .conftest import ROUNDING_VISITS

# R 4.2.2, nlme 3.1.162:
# lme(value ~ cond, random = ~ 1 | subject, data = long, method = "REML")  # ref "Round Out"
#                                 Value          Std.Error
# (Intercept)       5.54318181818181799 0.0571799449930150
# condNarrow Angle -0.00909090909091122 0.0260267322410749
# condWide Angle   -0.08409090909091110 0.0260267322410749
# subject (Intercept) variance = 0.06447871570426  residual variance = 0.00745129870263
R_ESTIMATES = {"Narrow Angle": -0.00909090909091122, "Wide Angle": -0.08409090909091110}
R_SE = 0.0260267322410749


@pytest.fixture(scope="module")
def model(rounding_long):
    return fit_mixed_model(rounding_long, visits=ROUNDING_VISITS)


def test_mixed_model_estimates_match_nlme_lme(model):
    assert model.baseline == "Round Out"
    assert model.baseline_mean == pytest.approx(5.54318181818181799, rel=1e-12)
    for estimate in model.estimates:
        assert estimate.diff_vs_baseline == pytest.approx(R_ESTIMATES[estimate.visit], abs=1e-12)


def test_mixed_model_standard_errors_and_variances_match_nlme_to_optimiser_precision(model):
    # statsmodels' default optimiser stops ~1.5e-7 (relative) from nlme's REML optimum
    for estimate in model.estimates:
        assert estimate.se == pytest.approx(R_SE, rel=1e-6)
    assert model.patient_variance == pytest.approx(0.06447871570426, rel=1e-5)
    assert model.residual_variance == pytest.approx(0.00745129870263, rel=1e-5)
    assert (model.n_patients, model.n_observations) == (22, 66)


def test_mixed_model_p_and_ci_are_wald_z_from_the_estimate_and_se(model):
    # nlme reports t(42) p = 0.0024; spinemet (statsmodels) reports the Wald z test. With
    # nlme's estimate and SE: 2 * pnorm(-abs(-0.0840909090909111 / 0.0260267322410749))
    wide = model.estimates[1]
    z = R_ESTIMATES["Wide Angle"] / R_SE
    assert wide.p == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-5)
    half = stats.norm.ppf(0.975) * R_SE
    assert wide.ci95 == pytest.approx(
        (R_ESTIMATES["Wide Angle"] - half, R_ESTIMATES["Wide Angle"] + half), rel=1e-5
    )


def test_mixed_model_uses_patients_with_missing_visits(rounding_long):
    dropped = rounding_long[
        ~(rounding_long["patient_id"].isin([1, 2, 3]) & (rounding_long["visit"] == "Wide Angle"))
    ]
    result = fit_mixed_model(dropped, visits=ROUNDING_VISITS)
    assert (result.n_patients, result.n_observations) == (22, 63)


def test_mixed_model_does_not_modify_its_input(rounding_long):
    before = rounding_long.copy()
    fit_mixed_model(rounding_long, visits=ROUNDING_VISITS)
    pd.testing.assert_frame_equal(rounding_long, before)
