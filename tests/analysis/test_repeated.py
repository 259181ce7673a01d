"""Friedman and repeated-measures ANOVA against R 4.2.2 on published examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from spinemet.analysis.repeated import friedman, friedman_matrix, rm_anova, rm_anova_matrix
from spinemet.errors import AnalysisError, SmallSampleWarning

from .conftest import ROUNDING_VISITS


def test_friedman_matches_r_friedman_test_on_rounding_times(rounding_wide):
    result = friedman_matrix(rounding_wide[ROUNDING_VISITS].to_numpy())
    # R 4.2.2: friedman.test(RoundingTimes)
    # Friedman chi-squared = 11.1428571428571, df = 2, p-value = 0.00380504077551136
    assert result.statistic == pytest.approx(11.1428571428571, rel=1e-12)
    assert result.df == 2
    assert result.p == pytest.approx(0.00380504077551136, rel=1e-12)
    assert result.n_complete == 22


def test_friedman_on_a_long_frame_uses_complete_cases_only(rounding_long):
    incomplete = rounding_long[
        ~((rounding_long["patient_id"] == 1) & (rounding_long["visit"] == "Wide Angle"))
    ]
    result = friedman(incomplete, visits=ROUNDING_VISITS)
    assert result.n_complete == 21


def test_rm_anova_matches_r_aov_and_anova_mlm_on_rounding_times(rounding_wide):
    result = rm_anova_matrix(rounding_wide[ROUNDING_VISITS].to_numpy())
    # R 4.2.2: summary(aov(value ~ cond + Error(subject/cond), data = long))
    # F = 6.28830791575888  df1 = 2  df2 = 42  p = 0.00408410072219738
    assert pytest.approx(6.28830791575888, rel=1e-12) == result.F
    assert (result.df1, result.df2) == (2, 42)
    assert result.p == pytest.approx(0.00408410072219738, rel=1e-11)
    # R 4.2.2: stats:::sphericity(SSD(lm(RoundingTimes ~ 1)), X = ~1, idata = ...)$GG.eps
    assert result.epsilon == pytest.approx(0.773501463270237, abs=1e-11)
    # R 4.2.2: anova(lm(RoundingTimes ~ 1), X = ~1, test = "Spherical") -> G-G Pr
    # (anova.mlm's own F route differs from pf(F, eps*df1, eps*df2) near 1e-11: rtol 1e-8)
    assert result.p_greenhouse_geisser == pytest.approx(0.00843979903189373, rel=1e-8)
    # R 4.2.2: same anova() call, "Huynh-Feldt epsilon" (stats:::sphericity HF.eps)
    assert result.epsilon_huynh_feldt == pytest.approx(0.823370924873981, abs=1e-10)


def test_rm_anova_matches_r_on_maxwell_delaney_reacttime(reacttime):
    result = rm_anova_matrix(reacttime.to_numpy())
    # R 4.2.2: summary(aov(value ~ cond + Error(subject/cond))) on ?SSD reacttime, 6 levels
    # F = 38.0279329608938  df1 = 5  df2 = 45  p = 4.47106426814778e-15
    assert pytest.approx(38.0279329608938, rel=1e-12) == result.F
    assert (result.df1, result.df2) == (5, 45)
    assert result.p == pytest.approx(4.47106426814778e-15, rel=1e-9)
    # R 4.2.2: anova(lm(reacttime ~ 1), X = ~1, test = "Spherical"); GG.eps full precision
    assert result.epsilon == pytest.approx(0.485491764776298, abs=1e-10)
    assert result.p_greenhouse_geisser == pytest.approx(2.53199188582932e-08, rel=1e-8)
    assert result.epsilon_huynh_feldt == pytest.approx(0.677807491560499, abs=1e-10)


def test_rm_anova_from_the_long_frame_equals_the_matrix_route(rounding_long, rounding_wide):
    from_long = rm_anova(rounding_long, visits=ROUNDING_VISITS)
    from_matrix = rm_anova_matrix(rounding_wide[ROUNDING_VISITS].to_numpy())
    assert pytest.approx(from_matrix.F, rel=1e-13) == from_long.F
    assert from_long.visits == tuple(ROUNDING_VISITS)


def test_rm_anova_with_only_one_complete_patient_raises_analysis_error():
    with pytest.raises(AnalysisError, match="2 complete patients"):
        rm_anova_matrix(np.array([[1.0, 2.0, 3.0]]))


def test_friedman_needs_three_visits():
    with pytest.raises(AnalysisError, match="3 visits"):
        friedman_matrix(np.ones((12, 2)))


def test_small_samples_warn_and_record_the_caveat():
    data = np.array([[1.0, 2, 4], [2, 3, 3], [1, 3, 5], [2, 2, 4]])
    with pytest.warns(SmallSampleWarning, match="only 4 patient"):
        result = rm_anova_matrix(data)
    assert result.caveat is not None


def test_repeated_measures_do_not_modify_their_input(rounding_long):
    before = rounding_long.copy()
    rm_anova(rounding_long, visits=ROUNDING_VISITS)
    friedman(rounding_long, visits=ROUNDING_VISITS)
    pd.testing.assert_frame_equal(rounding_long, before)


def test_two_values_for_one_patient_at_one_visit_are_refused(rounding_long):
    doubled = pd.concat([rounding_long, rounding_long.iloc[[0]]])
    with pytest.raises(AnalysisError, match="more than one total"):
        rm_anova(doubled, visits=ROUNDING_VISITS)


def test_huynh_feldt_is_null_when_too_few_patients_define_it():
    # 2 complete patients over 3 visits: the covariance has rank 1, so epsilon = 1 / (k - 1)
    # = 0.5 and n - 1 = 1 = (k - 1) * epsilon: the Huynh-Feldt formula divides by zero.
    # F and Greenhouse-Geisser still exist.
    with pytest.warns(SmallSampleWarning):
        result = rm_anova_matrix(np.array([[7.0, 3, 2], [8, 2, 4]]))
    assert result.epsilon_huynh_feldt is None
    assert result.df1 == 2
    assert result.epsilon == pytest.approx(0.5)


def test_mauchly_huynh_feldt_p_and_kendall_w_match_r(reacttime):
    data = reacttime.to_numpy(dtype=float)
    result = rm_anova_matrix(data)
    # R 4.2.2 (/work/notes/r/rm_anova.R): mlm <- lm(rt ~ 1)
    # mauchly.test(mlm, X = ~ 1): W = 0.0310844593827, p = 0.0476518670321
    assert result.mauchly == pytest.approx({"W": 0.0310844593827, "p": 0.0476518670321}, rel=1e-9)
    # anova(mlm, X = ~ 1, test = "Spherical"): H-F Pr 7.393013564498e-11
    assert result.p_huynh_feldt == pytest.approx(7.393013564498e-11, rel=1e-8)
    # R (/work/notes/r/eta.R): s <- summary(aov(y ~ cond + Error(subject/cond), data = long))
    # SS_cond / (SS_cond + SS_error) = 0.808624376336 (partial eta squared);
    # SS_cond / (SS_subject + SS_cond + SS_error) = 0.600296311974 (generalised, Olejnik and
    # Algina 2003, one within-subject factor)
    assert result.partial_eta_squared == pytest.approx(0.808624376336, rel=1e-10)
    assert result.generalized_eta_squared == pytest.approx(0.600296311974, rel=1e-10)
    # R: friedman.test(rt)$statistic / (nrow(rt) * (ncol(rt) - 1)) = 0.780120481928
    assert friedman_matrix(data).kendall_w == pytest.approx(0.780120481928, rel=1e-10)
