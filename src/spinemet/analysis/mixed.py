"""Linear mixed model over visits: random intercept per patient, all available data.

The sensitivity analysis beside the MMRM (:mod:`.mmrm`, the primary model): the same REML
machinery (:mod:`._reml`) with a compound-symmetry covariance (patient variance >= 0), which
is exactly ``nlme::lme(total ~ visit, random = ~ 1 | patient)``; SEs from (X'V^-1 X)^-1 and
t tests with nlme's degrees of freedom, so they agree with nlme on unbalanced data too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinemet.analysis._common import Interval, finite_or_none, require_columns, warn_if_small
from spinemet.analysis._reml import compound_symmetry
from spinemet.errors import AnalysisError

__all__ = ["MixedModelResult", "VisitEstimate", "fit_mixed_model", "mixed_model_design"]


@dataclass(frozen=True, slots=True)
class VisitEstimate:
    """A visit's fixed effect: mean difference from baseline, SE, t-based 95 % CI, t, df, p."""

    visit: str
    diff_vs_baseline: float
    se: float | None
    ci95: Interval
    t: float | None
    p: float | None
    df: float | None = None


@dataclass(frozen=True, slots=True)
class MixedModelResult:
    """REML fit of ``total ~ visit + (1 | patient)`` with baseline as the reference visit."""

    baseline: str
    baseline_mean: float
    estimates: tuple[VisitEstimate, ...]
    n_patients: int
    n_observations: int
    patient_variance: float | None
    residual_variance: float | None
    converged: bool
    caveat: str | None = None


def mixed_model_design(
    frame: pd.DataFrame, *, visits: Sequence[str], baseline: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Outcome, fixed-effects design (intercept + visit indicators) and groups, as arrays.

    Rows with a missing total or a visit not in ``visits`` are dropped.
    """
    require_columns(frame, ("patient_id", "visit", "total"), what="outcome frame")
    reference = baseline if baseline is not None else visits[0]
    data = frame[frame["visit"].isin(list(visits)) & frame["total"].notna()]
    others = [visit for visit in visits if visit != reference and (data["visit"] == visit).any()]
    codes = data["visit"].to_numpy()
    design = np.column_stack(
        [np.ones(len(data))] + [(codes == visit).astype(float) for visit in others]
    )
    groups = pd.factorize(data["patient_id"])[0]
    return data["total"].to_numpy(dtype=float), design, groups, ["baseline", *others]


def fit_mixed_model(
    frame: pd.DataFrame, *, visits: Sequence[str], baseline: str | None = None
) -> MixedModelResult:
    """Fit a random-intercept linear mixed model of the outcome on visit (REML).

    Parameters
    ----------
    frame
        Long outcome frame: ``patient_id``, ``visit``, ``total``; every row with a total is used.
    visits
        Visit codes in schedule order.
    baseline
        Reference visit (default: the first of ``visits``); each estimate is the difference of
        a visit's model mean from baseline.

    Returns
    -------
    MixedModelResult

    Raises
    ------
    AnalysisError
        No baseline assessments, fewer than two patients, or assessments at one visit only.

    Notes
    -----
    y_ij = b0 + sum_v b_v [visit_ij = v] + u_i + e_ij, u_i ~ N(0, s_u^2), e_ij ~ N(0, s^2),
    fitted by REML (:mod:`._reml`, compound symmetry with s_u^2 >= 0). SE from
    (X'V^-1 X)^-1; CIs and p from t with nlme's degrees of freedom: N - n_patients - (number of
    terms that vary within patients) for the intercept and within-patient terms (Pinheiro
    and Bates 2000, sec. 2.4.2).

    References
    ----------
    Laird NM, Ware JH. Random-effects models for longitudinal data. Biometrics.
    1982;38(4):963-974. Pinheiro JC, Bates DM. Mixed-Effects Models in S and S-PLUS.
    Springer; 2000. Checked against R 4.2.2, nlme 3.1.162:
    ``lme(value ~ cond, random = ~ 1 | subject, data = long, method = "REML")``, balanced
    and unbalanced.
    """
    from scipy import stats

    from spinemet.analysis.mmrm import fit_structure, prepare

    reference = baseline if baseline is not None else visits[0]
    require_columns(frame, ("patient_id", "visit", "total"), what="outcome frame")
    try:
        prepared = prepare(frame, visits=visits, baseline=reference)
    except AnalysisError:
        prepared = None
    n_patients = int(prepared.patient.max()) + 1 if prepared and prepared.patient.size else 0
    if prepared is None or n_patients < 2:
        raise AnalysisError(
            f"mixed model: needs baseline ({reference}) assessments and at least 2 patients"
        )
    k = len(prepared.visits)
    if k < 2:  # nothing varies within a patient: no random intercept to separate from error
        raise AnalysisError(f"mixed model: needs assessments at 2 or more visits; got {k}")
    caveat = warn_if_small(n_patients, "mixed model")
    _, fit = fit_structure(prepared, compound_symmetry(k))
    converged = fit.converged
    if not converged:
        caveat = "; ".join(filter(None, [caveat, "mixed model: optimiser did not converge"]))
    params = fit.evaluation.beta
    standard_errors = np.sqrt(np.diag(fit.evaluation.covariance_beta))
    n_within = int(prepared.within[1:].sum())
    df = float(prepared.y.size - n_patients - n_within)
    quantile = float(stats.t.ppf(0.975, df))
    estimates = []
    for index, visit in enumerate(prepared.visits[1:], start=1):
        se = finite_or_none(standard_errors[index])
        t_value = params[index] / se if se else None
        estimates.append(
            VisitEstimate(
                visit=visit,
                diff_vs_baseline=float(params[index]),
                se=se,
                ci95=(
                    (float(params[index] - quantile * se), float(params[index] + quantile * se))
                    if se
                    else (None, None)
                ),
                t=None if t_value is None else float(t_value),
                p=float(2 * stats.t.sf(abs(t_value), df)) if t_value is not None else None,
                df=df,
            )
        )
    between, within = fit.evaluation.covariance[0, 1], fit.evaluation.covariance[0, 0]
    return MixedModelResult(
        baseline=reference,
        baseline_mean=float(params[0]),
        estimates=tuple(estimates),
        n_patients=n_patients,
        n_observations=int(prepared.y.size),
        patient_variance=finite_or_none(between),
        residual_variance=finite_or_none(within - between),
        converged=converged,
        caveat=caveat,
    )
