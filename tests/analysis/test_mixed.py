"""Random-intercept mixed model against R 4.2.2 nlme::lme on RoundingTimes."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.analysis.mixed import fit_mixed_model

from .conftest import DATA, ROUNDING_VISITS

# R 4.2.2, nlme 3.1.162:
# lme(value ~ cond, random = ~ 1 | subject, data = long, method = "REML")  # ref "Round Out"
#                                 Value          Std.Error  DF
# (Intercept)       5.54318181818181799 0.0571799449930150  42
# condNarrow Angle -0.00909090909091122 0.0260267322410749  42
# condWide Angle   -0.08409090909091110 0.0260267322410749  42   p-value 0.0024
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


def test_mixed_model_standard_errors_and_variances_match_nlme(model):
    for estimate in model.estimates:
        assert estimate.se == pytest.approx(R_SE, rel=1e-7)
        assert estimate.df == 42
    assert model.patient_variance == pytest.approx(0.06447871570426, rel=1e-6)
    assert model.residual_variance == pytest.approx(0.00745129870263, rel=1e-6)
    assert (model.n_patients, model.n_observations) == (22, 66)


def test_mixed_model_on_unbalanced_data_matches_nlme_ses_df_and_t_tests():
    frame = pd.read_csv(DATA / "rounding_times_unbalanced.csv").rename(
        columns={"subject": "patient_id", "cond": "visit", "value": "total"}
    )
    result = fit_mixed_model(frame, visits=ROUNDING_VISITS)
    # R 4.2.2, nlme 3.1.162 (/work/notes/r/lme_unbalanced.R):
    # lme(value ~ cond, random = ~ 1 | subject, data = u, method = "REML"); summary()$tTable
    # condNarrow Angle  0.00697988984896 0.0264427986437 35 p 0.793357374824
    # condWide Angle   -0.0924784803757  0.0270028732718 35 p 0.00158627163759
    # intervals(fit)$fixed: Wide Angle -0.1472972274903 to -0.0376597332611
    narrow, wide = result.estimates
    assert narrow.diff_vs_baseline == pytest.approx(0.00697988984896, rel=1e-7)
    assert narrow.se == pytest.approx(0.0264427986437, rel=1e-7)
    assert wide.se == pytest.approx(0.0270028732718, rel=1e-7)
    assert (narrow.df, wide.df) == (35, 35)
    assert narrow.p == pytest.approx(0.793357374824, rel=1e-6)
    assert wide.p == pytest.approx(0.00158627163759, rel=1e-6)
    assert wide.ci95 == pytest.approx((-0.1472972274903, -0.0376597332611), rel=1e-6)
    # R VarCorr: 0.0667381368944 0.00688323135108
    assert result.patient_variance == pytest.approx(0.0667381368944, rel=1e-6)
    assert result.residual_variance == pytest.approx(0.00688323135108, rel=1e-6)


def test_mixed_model_p_and_ci_are_t_with_nlme_df(model):
    # nlme: Wide Angle t(42) = -3.2309, p = 2 * pt(-abs(t), 42)
    from scipy import stats

    wide = model.estimates[1]
    t = R_ESTIMATES["Wide Angle"] / R_SE
    assert wide.t == pytest.approx(t, rel=1e-7)
    assert wide.p == pytest.approx(2 * stats.t.sf(abs(t), 42), rel=1e-6)
    half = stats.t.ppf(0.975, 42) * R_SE
    assert wide.ci95 == pytest.approx(
        (R_ESTIMATES["Wide Angle"] - half, R_ESTIMATES["Wide Angle"] + half), rel=1e-6
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


def test_assessments_at_one_visit_only_are_not_computed_with_a_reason(rounding_long):
    # A score assessed once (revised Tokuhashi before surgery) leaves nothing within patients
    # to separate a random intercept from error: a reason, not numpy's IndexError.
    from spinemet.errors import AnalysisError

    once = rounding_long[rounding_long["visit"] == ROUNDING_VISITS[0]]
    with pytest.raises(AnalysisError, match="needs assessments at 2 or more visits; got 1"):
        fit_mixed_model(once, visits=ROUNDING_VISITS)
