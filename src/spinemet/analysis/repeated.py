"""Tests over all visits on complete cases: Friedman and one-way repeated-measures ANOVA.

Both use only patients observed at every visit (complete cases), so in a cohort where patients
die before the later visits they describe survivors; the mixed model (:mod:`.mixed`) uses all
available data and is the primary analysis. The ANOVA is computed from the subject x visit
matrix directly (sums of squares and the Greenhouse-Geisser epsilon from its covariance), which
takes milliseconds at 40,000 patients, where ``statsmodels`` ``AnovaRM`` needs minutes and GiB.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from spinemet.analysis._common import complete_matrix, subject_by_visit, warn_if_small
from spinemet.errors import AnalysisError

__all__ = [
    "FriedmanResult",
    "RmAnovaResult",
    "friedman",
    "friedman_matrix",
    "rm_anova",
    "rm_anova_matrix",
]


@dataclass(frozen=True, slots=True)
class FriedmanResult:
    """Friedman rank-sum test over ``visits`` on ``n_complete`` complete cases."""

    statistic: float
    df: int
    p: float
    n_complete: int
    visits: tuple[str, ...]
    caveat: str | None = None
    kendall_w: float | None = None
    """Kendall's coefficient of concordance W = chi-square / (n (k - 1)), the effect size."""


@dataclass(frozen=True, slots=True)
class RmAnovaResult:
    """One-way repeated-measures ANOVA with sphericity corrections.

    ``F`` on ``df1`` = k - 1 and ``df2`` = (n - 1)(k - 1) degrees of freedom; ``p`` assumes
    sphericity; ``p_greenhouse_geisser`` uses ``epsilon * df1`` and ``epsilon * df2``.
    """

    F: float
    df1: int
    df2: int
    p: float
    epsilon: float
    p_greenhouse_geisser: float
    epsilon_huynh_feldt: float | None
    n_complete: int
    visits: tuple[str, ...]
    ss_effect: float
    ss_error: float
    caveat: str | None = None
    p_huynh_feldt: float | None = None
    """p with the Huynh-Feldt epsilon, truncated at 1 (as R ``anova.mlm``)."""
    mauchly: dict[str, float] | None = None
    """Mauchly's test of sphericity: ``W`` and ``p`` (R ``mauchly.test``)."""
    partial_eta_squared: float | None = None
    generalized_eta_squared: float | None = None
    ss_subjects: float | None = None


def friedman_matrix(matrix: np.ndarray, *, visits: Sequence[str] | None = None) -> FriedmanResult:
    """Friedman test on a complete subjects x conditions matrix.

    Parameters
    ----------
    matrix
        n subjects (rows) x k >= 3 conditions (columns), no missing values.
    visits
        Names of the columns, kept in the result.

    Returns
    -------
    FriedmanResult
        Chi-square statistic with the tie correction, df = k - 1, p.

    Raises
    ------
    AnalysisError
        Fewer than 3 conditions or 2 subjects.

    References
    ----------
    Friedman M. The use of ranks to avoid the assumption of normality implicit in the analysis
    of variance. J Am Stat Assoc. 1937;32(200):675-701. Hollander M, Wolfe DA. Nonparametric
    Statistical Methods. Wiley; 1973:139-146. Equals R 4.2.2 ``friedman.test(matrix)``.

    Examples
    --------
    >>> result = friedman_matrix(np.array([[1, 2, 3], [1, 3, 2], [1, 2, 3], [2, 1, 3.0]]))
    >>> round(result.statistic, 4), result.df
    (4.5, 2)
    """
    data = np.asarray(matrix, dtype=float)
    n, k = data.shape
    names = tuple(visits) if visits is not None else tuple(str(i) for i in range(k))
    if k < 3 or n < 2:
        raise AnalysisError(
            f"Friedman test: needs at least 3 visits and 2 complete patients; got {k} and {n}"
        )
    caveat = warn_if_small(n, "Friedman test")
    result = stats.friedmanchisquare(*data.T)
    return FriedmanResult(
        statistic=float(result.statistic),
        df=k - 1,
        p=float(result.pvalue),
        n_complete=n,
        visits=names,
        caveat=caveat,
        kendall_w=float(result.statistic) / (n * (k - 1)),
    )


def friedman(frame: pd.DataFrame, *, visits: Sequence[str]) -> FriedmanResult:
    """Friedman test over ``visits`` on the complete cases of a long outcome frame.

    ``frame`` has ``patient_id``, ``visit`` and ``total``; see :func:`friedman_matrix`.
    """
    wide = subject_by_visit(frame, visits=visits)
    return friedman_matrix(complete_matrix(wide), visits=visits)


def rm_anova_matrix(matrix: np.ndarray, *, visits: Sequence[str] | None = None) -> RmAnovaResult:
    """One-way repeated-measures ANOVA on a complete subjects x conditions matrix.

    Parameters
    ----------
    matrix
        n subjects (rows) x k >= 2 conditions (columns), no missing values.
    visits
        Names of the columns, kept in the result.

    Returns
    -------
    RmAnovaResult
        F, df1, df2, p, the Greenhouse-Geisser epsilon and corrected p, and the Huynh-Feldt
        epsilon as R prints it.

    Raises
    ------
    AnalysisError
        Fewer than 2 conditions or 2 subjects, or no within-subject variation.

    Notes
    -----
    With grand mean m, condition means c_j, subject means s_i:
    SS_effect = n sum_j (c_j - m)^2, SS_error = sum_ij (y_ij - c_j - s_i + m)^2,
    F = (SS_effect / (k - 1)) / (SS_error / ((n - 1)(k - 1))).
    Greenhouse-Geisser (Box 1954): with S the k x k covariance of the columns, double-centred
    D = C S C (C = I - J/k), epsilon = tr(D)^2 / ((k - 1) tr(D D)).
    Huynh-Feldt as R's ``stats:::sphericity``: ((n' + 1)(k - 1) e - 2) / ((k - 1)(n' - (k - 1) e))
    with n' = n - 1, e the GG epsilon (not truncated at 1).

    References
    ----------
    Greenhouse SW, Geisser S. On methods in the analysis of profile data. Psychometrika.
    1959;24(2):95-112. Box GEP. Ann Math Stat. 1954;25(3):484-498. Huynh H, Feldt LS.
    J Educ Stat. 1976;1(1):69-82. Maxwell SE, Delaney HD. Designing Experiments and Analyzing
    Data. 2nd ed. 2004, ch. 11. Checked against R 4.2.2:
    ``summary(aov(value ~ cond + Error(subject/cond)))`` and
    ``anova(lm(wide ~ 1), X = ~1, test = "Spherical")``.

    Examples
    --------
    >>> y = np.array([[1.0, 2, 4], [2, 3, 3], [1, 3, 5], [2, 2, 4]])
    >>> result = rm_anova_matrix(y)
    >>> round(result.F, 4), result.df1, result.df2
    (11.4, 2, 6)
    """
    data = np.asarray(matrix, dtype=float)
    n, k = data.shape
    names = tuple(visits) if visits is not None else tuple(str(i) for i in range(k))
    if k < 2 or n < 2:
        raise AnalysisError(
            f"repeated-measures ANOVA: needs at least 2 visits and 2 complete patients; "
            f"got {k} and {n}"
        )
    caveat = warn_if_small(n, "repeated-measures ANOVA")
    grand = data.mean()
    condition_means = data.mean(axis=0)
    subject_means = data.mean(axis=1)
    ss_effect = float(n * np.sum((condition_means - grand) ** 2))
    residual = data - condition_means[None, :] - subject_means[:, None] + grand
    ss_error = float(np.sum(residual**2))
    df1, df2 = k - 1, (n - 1) * (k - 1)
    if ss_error <= 0.0:
        raise AnalysisError(
            "repeated-measures ANOVA: no within-patient variation left after the visit effect "
            "(every patient changes identically), so F is undefined"
        )
    f_value = (ss_effect / df1) / (ss_error / df2)
    p_value = float(stats.f.sf(f_value, df1, df2))
    centring = np.eye(k) - np.full((k, k), 1.0 / k)
    double_centred = centring @ np.cov(data, rowvar=False) @ centring
    epsilon = float(np.trace(double_centred) ** 2 / (df1 * np.sum(double_centred**2)))
    p_gg = float(stats.f.sf(f_value, epsilon * df1, epsilon * df2))
    residual_df = n - 1
    denominator = df1 * (residual_df - df1 * epsilon)
    # Huynh-Feldt is undefined when n - 1 <= (k - 1) e (too few patients for the visits).
    epsilon_hf = (
        float(((residual_df + 1) * df1 * epsilon - 2) / denominator)
        if denominator > 1e-9 * df1
        else None
    )
    p_hf = (
        float(stats.f.sf(f_value, min(epsilon_hf, 1.0) * df1, min(epsilon_hf, 1.0) * df2))
        if epsilon_hf is not None
        else None
    )
    ss_subjects = float(k * np.sum((subject_means - grand) ** 2))
    return RmAnovaResult(
        p_huynh_feldt=p_hf,
        mauchly=_mauchly(data),
        partial_eta_squared=ss_effect / (ss_effect + ss_error),
        generalized_eta_squared=ss_effect / (ss_effect + ss_subjects + ss_error),
        ss_subjects=ss_subjects,
        F=float(f_value),
        df1=df1,
        df2=df2,
        p=p_value,
        epsilon=epsilon,
        p_greenhouse_geisser=p_gg,
        epsilon_huynh_feldt=epsilon_hf,
        n_complete=n,
        visits=names,
        ss_effect=ss_effect,
        ss_error=ss_error,
        caveat=caveat,
    )


def _mauchly(data: np.ndarray) -> dict[str, float] | None:
    """Mauchly's W and p as R ``mauchly.test(lm(Y ~ 1), X = ~ 1)`` (Anderson's approximation)."""
    n, k = data.shape
    p = k - 1
    if p < 2 or n - 1 < p:
        return None
    contrasts = np.linalg.qr(np.eye(k) - 1.0 / k)[0][:, :p]  # orthonormal, orthogonal to 1
    sscp = np.cov(data, rowvar=False) * (n - 1)
    transformed = contrasts.T @ sscp @ contrasts
    sign, log_det = np.linalg.slogdet(transformed)
    if sign <= 0:
        return None
    log_w = log_det - p * np.log(np.trace(transformed) / p)
    df_residual = n - 1
    rho = 1 - (2 * p**2 + p + 2) / (6 * p * df_residual)
    # R writes 3 * p with p the number of visits (k), not k - 1; kept to equal R
    w2 = (
        (p + 2)
        * (p - 1)
        * (p - 2)
        * (2 * p**3 + 6 * p**2 + 3 * k + 2)
        / (288 * (df_residual * p * rho) ** 2)
    )
    z = -df_residual * rho * log_w
    f = p * (p + 1) / 2 - 1
    pr1 = stats.chi2.sf(z, f)
    pr2 = stats.chi2.sf(z, f + 4)
    return {"W": float(np.exp(log_w)), "p": float(pr1 + w2 * (pr2 - pr1))}


def rm_anova(frame: pd.DataFrame, *, visits: Sequence[str]) -> RmAnovaResult:
    """Repeated-measures ANOVA over ``visits`` on the complete cases of a long outcome frame.

    ``frame`` has ``patient_id``, ``visit`` and ``total``; see :func:`rm_anova_matrix`.
    """
    wide = subject_by_visit(frame, visits=visits)
    return rm_anova_matrix(complete_matrix(wide), visits=visits)
