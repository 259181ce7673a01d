"""Paired t-test, Wilcoxon signed-rank and Holm against R 4.2.2."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from spinemet.analysis.paired import (
    compare_with_baseline,
    holm,
    paired_t,
    wilcoxon_signed_rank,
)
from spinemet.errors import SpinemetInputError

from .conftest import ROUNDING_VISITS

# Hollander & Wolfe 1973 p. 29, the ?wilcox.test example (Hamilton depression scale)
HX = np.array([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30])
HY = np.array([0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29])


def test_paired_t_matches_r_t_test_on_rounding_times(rounding_wide):
    d = (rounding_wide["Round Out"] - rounding_wide["Narrow Angle"]).to_numpy()
    result, ci = paired_t(d)
    # R 4.2.2: t.test(x, y, paired = TRUE), x = Round Out, y = Narrow Angle
    # t = 0.346410161513779, df = 21, p = 0.732481326855865
    # 95 % CI [-0.045484800593818, 0.0636666187756363]
    assert result.statistic == pytest.approx(0.346410161513779, rel=1e-12)
    assert result.df == 21
    assert result.p == pytest.approx(0.732481326855865, rel=1e-12)
    assert ci[0] == pytest.approx(-0.045484800593818, rel=1e-12)
    assert ci[1] == pytest.approx(0.0636666187756363, rel=1e-12)


def test_paired_t_matches_r_on_the_depression_example():
    result, ci = paired_t(HX - HY)
    # R 4.2.2: t.test(hx, hy, paired = TRUE)
    # t = 3.03537541564859  df = 8  p = 0.0161766274349081
    # CI = [0.103778712272169, 0.759999065505609]
    assert result.statistic == pytest.approx(3.03537541564859, rel=1e-12)
    assert result.p == pytest.approx(0.0161766274349081, rel=1e-12)
    assert ci == pytest.approx((0.103778712272169, 0.759999065505609), rel=1e-12)


def test_wilcoxon_exact_p_matches_r_when_there_are_no_ties():
    result = wilcoxon_signed_rank(HX - HY)
    # R 4.2.2: wilcox.test(hx, hy, paired = TRUE) -> V = 40, p-value = 0.0390625 (exact)
    assert result.statistic == 40
    assert result.p == pytest.approx(0.0390625, rel=1e-12)
    assert result.method == "exact"


def test_wilcoxon_ties_decimal_differences_as_r_does_on_hundredths(rounding_wide):
    d = (rounding_wide["Round Out"] - rounding_wide["Narrow Angle"]).to_numpy()
    result = wilcoxon_signed_rank(d)
    # R 4.2.2: wilcox.test(round(100*x), round(100*y), paired = TRUE)
    # V = 103, p-value = 0.448962218571282 (normal approximation, continuity correction)
    # (raw doubles break true ties in R: V = 106.5; see notes h)
    assert result.statistic == 103
    assert result.p == pytest.approx(0.448962218571282, rel=1e-12)


def test_holm_matches_r_p_adjust():
    # R 4.2.2: p.adjust(c(0.01, 0.04, 0.03), "holm") -> 0.03 0.06 0.06
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06], abs=1e-15)


def test_holm_keeps_missing_p_values_missing_and_does_not_count_them():
    assert holm([0.01, None, 0.04]) == pytest.approx([0.02, None, 0.04])


def test_each_visit_is_compared_with_baseline_and_holm_adjusted(rounding_long):
    comparisons = compare_with_baseline(rounding_long, visits=ROUNDING_VISITS)
    assert [c.visit for c in comparisons] == ["Narrow Angle", "Wide Angle"]
    primaries = [c.primary_result.p for c in comparisons]
    assert [c.p_holm for c in comparisons] == pytest.approx(holm(primaries))
    narrow = comparisons[0]
    # mean change is visit minus baseline: Narrow Angle - Round Out = -0.00909...
    assert narrow.mean_change == pytest.approx(-0.00909090909090918, rel=1e-10)
    assert narrow.n == 22


def test_the_primary_test_is_declared_not_chosen_by_a_normality_pretest():
    rng = np.random.default_rng(7)
    baseline = rng.normal(7, 1, 60)
    skewed = baseline - rng.exponential(2, 60) ** 2  # strongly skewed differences
    normal = baseline - rng.normal(2, 1, 60)
    frame = pd.DataFrame(
        {
            "patient_id": np.tile(np.arange(60), 3),
            "visit": np.repeat(["preop", "skewed", "normal"], 60),
            "total": np.concatenate([baseline, skewed, normal]),
        }
    )
    visits = ["preop", "skewed", "normal"]
    assert [c.primary for c in compare_with_baseline(frame, visits=visits)] == ["paired_t"] * 2
    declared = compare_with_baseline(frame, visits=visits, primary="wilcoxon")
    assert [c.primary for c in declared] == ["wilcoxon"] * 2
    assert declared[0].p_holm == holm([c.wilcoxon.p for c in declared])[0]


def test_an_undeclared_primary_test_is_rejected():
    frame = pd.DataFrame({"patient_id": [1, 1], "visit": ["a", "b"], "total": [1.0, 2.0]})
    with pytest.raises(SpinemetInputError, match="primary: invalid value 'sign'"):
        compare_with_baseline(frame, visits=["a", "b"], primary="sign")
