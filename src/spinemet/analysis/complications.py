"""Complications: for each type, patients affected, proportion and exact 95 % CI."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from scipy import stats

from spinemet.analysis._common import Interval, require_columns
from spinemet.errors import AnalysisError

__all__ = ["ALWAYS_REPORTED", "clopper_pearson", "summarize_complications"]

ALWAYS_REPORTED = ("infection", "screw_loosening", "cement_leakage")
"""The seed study's complication types (Ma et al. 2023), reported even when none occurred."""


def clopper_pearson(successes: int, trials: int, *, level: float = 0.95) -> Interval:
    """Exact (Clopper-Pearson) confidence interval of a binomial proportion.

    Parameters
    ----------
    successes, trials
        0 <= successes <= trials, trials >= 1.
    level
        Confidence level (default 0.95).

    Returns
    -------
    tuple of float
        (lower, upper); lower is exactly 0 when successes = 0 and upper exactly 1 when
        successes = trials.

    Notes
    -----
    lower = B(alpha/2; x, n - x + 1), upper = B(1 - alpha/2; x + 1, n - x), B the beta
    quantile function.

    References
    ----------
    Clopper CJ, Pearson ES. The use of confidence or fiducial limits illustrated in the case of
    the binomial. Biometrika. 1934;26(4):404-413. Equals R 4.2.2 ``binom.test(x, n)$conf.int``.

    Examples
    --------
    >>> lower, upper = clopper_pearson(0, 40)
    >>> lower, round(upper, 6)
    (0.0, 0.088097)
    """
    if trials < 1 or not 0 <= successes <= trials:
        raise AnalysisError(
            f"Clopper-Pearson interval: successes={successes}, trials={trials}; "
            "expected 0 <= successes <= trials and trials >= 1"
        )
    alpha = 1.0 - level
    lower = 0.0 if successes == 0 else stats.beta.ppf(alpha / 2, successes, trials - successes + 1)
    upper = (
        1.0
        if successes == trials
        else stats.beta.ppf(1 - alpha / 2, successes + 1, trials - successes)
    )
    return float(lower), float(upper)


def summarize_complications(
    complications: pd.DataFrame,
    *,
    patient_ids: Sequence[str] | pd.Series,
    always: Sequence[str] = ALWAYS_REPORTED,
) -> pd.DataFrame:
    """Per complication type: patients with it, events, proportion of patients, exact CI.

    Parameters
    ----------
    complications
        Tidy complications table: ``patient_id``, ``type`` (one row per complication).
    patient_ids
        Every patient of the cohort (the denominator).
    always
        Types reported even when no patient had them.

    Returns
    -------
    pandas.DataFrame
        One row per type (``always`` first, then others alphabetically), plus ``any``:
        ``type``, ``n`` (patients with at least one), ``events``, ``n_patients``,
        ``proportion``, ``ci95_low``, ``ci95_high``.

    Raises
    ------
    AnalysisError
        No patients, or a complication of a patient not in ``patient_ids``.
    """
    require_columns(complications, ("patient_id", "type"), what="complications")
    patients = pd.Index(pd.unique(pd.Series(patient_ids, dtype=object)))
    n_patients = len(patients)
    if n_patients == 0:
        raise AnalysisError("complications: the cohort has no patients")
    unknown = ~complications["patient_id"].isin(patients)
    if unknown.any():
        raise AnalysisError(
            f"complications: patient_id {complications.loc[unknown, 'patient_id'].iloc[0]!r} "
            "is not a patient of the cohort"
        )
    others = sorted(set(complications["type"].dropna()) - set(always))
    rows = []
    for complication_type in [*always, *others, "any"]:
        selected = (
            complications
            if complication_type == "any"
            else complications[complications["type"] == complication_type]
        )
        n = int(selected["patient_id"].nunique())
        low, high = clopper_pearson(n, n_patients)
        rows.append(
            {
                "type": complication_type,
                "n": n,
                "events": len(selected),
                "n_patients": n_patients,
                "proportion": n / n_patients,
                "ci95_low": low,
                "ci95_high": high,
            }
        )
    return pd.DataFrame(rows)
