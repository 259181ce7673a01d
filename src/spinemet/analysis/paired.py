"""Each visit against baseline: paired t-test and Wilcoxon signed-rank, Holm-adjusted.

Both tests are computed on the patients seen at baseline and at the visit. They are declared
sensitivity analyses of the pre-specified primary family (the MMRM contrasts, :mod:`.mmrm`):
which of the two is listed first is fixed in advance (``primary``, default the paired t-test),
never chosen by a normality pre-test of the same data (a Shapiro-Wilk pre-test changes the
test's error rates and is what a statistical reviewer sends back). Holm's adjustment is
applied across the visits of one instrument. The mean change and its 95 % CI (t) are
reported whichever test is listed first.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from spinemet.analysis._common import Interval, subject_by_visit, warn_if_small
from spinemet.errors import SpinemetInputError

__all__ = [
    "PAIRED_TESTS",
    "PairedComparison",
    "PairedTestResult",
    "compare_with_baseline",
    "holm",
    "paired_t",
    "wilcoxon_signed_rank",
]

PAIRED_TESTS = ("paired_t", "wilcoxon")
"""The declared paired tests; the first named in ``primary`` heads the Holm family."""
_TIE_DECIMALS = 9  # differences of decimal data (5.55 - 5.50 vs 5.90 - 5.85) tie as they should


@dataclass(frozen=True, slots=True)
class PairedTestResult:
    """One test: its name, statistic (t, or R's V = sum of positive ranks), p and effect size."""

    test: str
    statistic: float | None
    p: float | None
    effect_size: float | None
    effect_size_name: str
    df: float | None = None
    method: str = ""


@dataclass(frozen=True, slots=True)
class PairedComparison:
    """A visit against baseline on the ``n`` patients seen at both."""

    visit: str
    baseline: str
    n: int
    mean_change: float | None
    ci95: Interval
    sd_change: float | None
    primary: str
    t_test: PairedTestResult
    wilcoxon: PairedTestResult
    p_holm: float | None = None
    caveat: str | None = None

    @property
    def primary_result(self) -> PairedTestResult:
        """The primary test's result (``t_test`` or ``wilcoxon``)."""
        return self.t_test if self.primary == "paired_t" else self.wilcoxon


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjusted p-values (``None`` stays ``None`` and is not counted).

    References
    ----------
    Holm S. A simple sequentially rejective multiple test procedure. Scand J Stat.
    1979;6(2):65-70. Equals R ``p.adjust(p, "holm")``.

    Examples
    --------
    >>> [round(p, 12) for p in holm([0.01, 0.04, 0.03])]
    [0.03, 0.06, 0.06]
    """
    present = [(index, p) for index, p in enumerate(p_values) if p is not None]
    adjusted: list[float | None] = [None] * len(p_values)
    m = len(present)
    running = 0.0
    for rank, (index, p) in enumerate(sorted(present, key=lambda item: item[1])):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[index] = running
    return adjusted


def paired_t(differences: np.ndarray) -> tuple[PairedTestResult, Interval]:
    """Paired t-test of ``differences`` (follow-up minus baseline) and the 95 % CI of their mean.

    Effect size: Cohen's d_z = mean / SD of the differences.

    References
    ----------
    Student. The probable error of a mean. Biometrika. 1908;6(1):1-25. Equals R
    ``t.test(x, y, paired = TRUE)``. Lakens D. Front Psychol. 2013;4:863 (d_z).
    """
    d = np.asarray(differences, dtype=float)
    n = d.size
    if n < 2:
        return PairedTestResult("paired_t", None, None, None, "cohens_dz"), (None, None)
    mean, sd = float(d.mean()), float(d.std(ddof=1))
    if sd == 0.0:
        return PairedTestResult("paired_t", None, None, None, "cohens_dz", df=n - 1), (mean, mean)
    standard_error = sd / np.sqrt(n)
    t_value = mean / standard_error
    p = float(2 * stats.t.sf(abs(t_value), n - 1))
    half = float(stats.t.ppf(0.975, n - 1) * standard_error)
    result = PairedTestResult("paired_t", float(t_value), p, mean / sd, "cohens_dz", df=n - 1)
    return result, (mean - half, mean + half)


def wilcoxon_signed_rank(differences: np.ndarray) -> PairedTestResult:
    """Wilcoxon signed-rank test of ``differences`` as R's ``wilcox.test(paired = TRUE)`` does.

    Zero differences are dropped (Wilcoxon's convention). The p-value is exact when fewer than
    50 non-zero differences remain and none tie, otherwise the normal approximation with
    continuity and tie correction (R's defaults). Differences are rounded to 9 decimals first so
    that equal differences of decimal data tie (R ``digits.rank = 7`` does the same job).
    The statistic is R's V (sum of the ranks of positive differences); the effect size is the
    matched-pairs rank-biserial correlation (V - W-) / (V + W-).

    References
    ----------
    Wilcoxon F. Individual comparisons by ranking methods. Biometrics Bull. 1945;1(6):80-83.
    Kerby DS. The simple difference formula. Compr Psychol. 2014;3:11.IT.3.1 (rank-biserial).
    """
    d = np.round(np.asarray(differences, dtype=float), _TIE_DECIMALS)
    nonzero = d[d != 0]
    n = nonzero.size
    if n == 0:
        return PairedTestResult("wilcoxon", None, None, None, "rank_biserial")
    ranks = stats.rankdata(np.abs(nonzero))
    positive = float(ranks[nonzero > 0].sum())
    negative = float(ranks[nonzero < 0].sum())
    has_ties = np.unique(np.abs(nonzero)).size < n
    exact = n < 50 and not has_ties and n == d.size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # scipy's "exact p with ties" notices
        result = stats.wilcoxon(
            nonzero,
            zero_method="wilcox",
            correction=not exact,
            method="exact" if exact else "asymptotic",
        )
    return PairedTestResult(
        "wilcoxon",
        positive,
        float(result.pvalue),
        (positive - negative) / (positive + negative),
        "rank_biserial",
        method="exact" if exact else "normal approximation, continuity corrected",
    )


def compare_pair(
    differences: np.ndarray, *, visit: str, baseline: str, primary: str = "paired_t"
) -> PairedComparison:
    """Both tests for one visit, ``primary`` (declared in advance) listed first."""
    d = np.asarray(differences, dtype=float)
    caveat = warn_if_small(d.size, f"{visit} vs {baseline}")
    t_result, ci = paired_t(d)
    return PairedComparison(
        visit=visit,
        baseline=baseline,
        n=int(d.size),
        mean_change=float(d.mean()) if d.size else None,
        ci95=ci,
        sd_change=float(d.std(ddof=1)) if d.size > 1 else None,
        primary=primary,
        t_test=t_result,
        wilcoxon=wilcoxon_signed_rank(d),
        caveat=caveat,
    )


def compare_with_baseline(
    frame: pd.DataFrame,
    *,
    visits: Sequence[str],
    baseline: str | None = None,
    primary: str = "paired_t",
) -> tuple[PairedComparison, ...]:
    """Every visit of ``visits`` after ``baseline`` against it, Holm-adjusted across visits.

    Parameters
    ----------
    frame
        Long outcome frame: ``patient_id``, ``visit``, ``total``.
    visits
        Visit codes in schedule order.
    baseline
        The reference visit (default: the first of ``visits``).
    primary
        ``"paired_t"`` (default) or ``"wilcoxon"``: the declared test whose p-values are
        Holm-adjusted.

    Returns
    -------
    tuple of PairedComparison
        One per later visit, with ``p_holm`` set from the primary p-values.
    """
    if primary not in PAIRED_TESTS:
        raise SpinemetInputError("primary", primary, " or ".join(PAIRED_TESTS), "value_not_allowed")
    reference = baseline if baseline is not None else visits[0]
    wide = subject_by_visit(frame, visits=visits)
    comparisons = []
    for visit in visits:
        if visit == reference:
            continue
        both = wide[[reference, visit]].dropna()
        differences = (both[visit] - both[reference]).to_numpy(dtype=float)
        comparisons.append(
            compare_pair(differences, visit=visit, baseline=reference, primary=primary)
        )
    adjusted = holm([comparison.primary_result.p for comparison in comparisons])
    return tuple(
        dataclasses.replace(comparison, p_holm=p)
        for comparison, p in zip(comparisons, adjusted, strict=True)
    )
