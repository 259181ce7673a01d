"""MMRM: mixed model for repeated measures with an unstructured covariance across visits.

The primary analysis of change over visits (ICH E9(R1) hypothetical estimand: the mean had
every patient been assessed at every visit, assuming missing visits are missing at random).
Visit is a categorical fixed effect (plus declared covariates); the k x k covariance of a
patient's visits is unstructured; REML; Satterthwaite degrees of freedom; least-squares
means per visit and each visit's contrast with baseline. Written on numpy/scipy
(:mod:`._reml`), one covariance factorisation per pattern of observed visits.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from spinemet.analysis._common import Interval, require_columns, warn_if_small
from spinemet.analysis._reml import (
    Patterns,
    RemlFit,
    Structure,
    compound_symmetry,
    fit_reml,
    group_patterns,
    satterthwaite,
    unstructured,
)
from spinemet.analysis.paired import holm
from spinemet.errors import AnalysisError

__all__ = ["MmrmContrast", "MmrmLsMean", "MmrmResult", "fit_mmrm"]


@dataclass(frozen=True, slots=True)
class MmrmLsMean:
    """Least-squares mean of a visit (covariates at their mean), SE, df, 95 % CI."""

    visit: str
    estimate: float
    se: float
    df: float
    ci95: Interval


@dataclass(frozen=True, slots=True)
class MmrmContrast:
    """A visit minus baseline: estimate, SE, Satterthwaite df, t, p, 95 % CI, Holm p."""

    visit: str
    estimate: float
    se: float
    df: float
    t: float
    p: float
    ci95: Interval
    p_holm: float | None = None


@dataclass(frozen=True, slots=True)
class MmrmResult:
    """An MMRM fit; ``covariance`` is the structure used (``fallback`` says why not UN)."""

    baseline: str
    visits: tuple[str, ...]
    covariance: str
    ls_means: tuple[MmrmLsMean, ...]
    contrasts: tuple[MmrmContrast, ...]
    covariates: tuple[str, ...]
    n_patients: int
    n_observations: int
    n_patterns: int
    converged: bool
    fallback: str | None
    covariance_matrix: tuple[tuple[float, ...], ...]
    df_method: str = "Satterthwaite"
    caveats: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Prepared:
    """Arrays of an outcome frame: patients, visit index, y, design, names."""

    patient: np.ndarray
    visit: np.ndarray
    y: np.ndarray
    x: np.ndarray
    visits: tuple[str, ...]
    columns: tuple[str, ...]
    covariate_means: np.ndarray
    within: np.ndarray
    """Columns that vary within some patient (nlme's within-group terms)."""


def prepare(
    frame: pd.DataFrame,
    *,
    visits: Sequence[str],
    baseline: str,
    covariates: Sequence[str] = (),
) -> Prepared:
    """Drop rows without a total (or covariate), code visits, build the fixed-effects design.

    Text covariates become indicators against their first sorted level; the least-squares
    means weight their levels equally and put numeric covariates at their mean over the
    observations (emmeans' defaults).
    """
    require_columns(frame, ("patient_id", "visit", "total", *covariates), what="outcome frame")
    order = [baseline, *[v for v in visits if v != baseline]]
    data = frame[frame["visit"].isin(order) & frame["total"].notna()]
    data = data.dropna(subset=list(covariates))
    present = [v for v in order if (data["visit"] == v).any()]
    if baseline not in present:
        raise AnalysisError(f"MMRM: no assessments at baseline ({baseline})")
    codes = data["visit"].map({v: i for i, v in enumerate(present)}).to_numpy(dtype=int)
    columns = [np.ones(len(data))] + [(codes == i).astype(float) for i in range(1, len(present))]
    names = ["(intercept)", *present[1:]]
    means: list[float] = [1.0] + [0.0] * (len(present) - 1)
    for name in covariates:
        column = data[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            values = column.to_numpy(dtype=float)
            columns.append(values)
            names.append(name)
            means.append(float(values.mean()))
        else:
            levels = sorted(column.astype(str).unique())
            for level in levels[1:]:
                columns.append((column.astype(str) == level).to_numpy(dtype=float))
                names.append(f"{name}={level}")
                means.append(1.0 / len(levels))
    x = np.column_stack(columns)
    patient = pd.factorize(data["patient_id"])[0]
    grouped = pd.DataFrame(x).groupby(patient)
    within = ((grouped.max() - grouped.min()) > 0).any(axis=0).to_numpy()
    return Prepared(
        patient,
        codes,
        data["total"].to_numpy(dtype=float),
        x,
        tuple(present),
        tuple(names),
        np.array(means),
        within,
    )


def _start_covariance(prepared: Prepared) -> np.ndarray:
    beta, *_ = np.linalg.lstsq(prepared.x, prepared.y, rcond=None)
    residual = prepared.y - prepared.x @ beta
    k = len(prepared.visits)
    wide = np.full((int(prepared.patient.max()) + 1, k), np.nan)
    wide[prepared.patient, prepared.visit] = residual
    covariance = pd.DataFrame(wide).cov(min_periods=2).to_numpy()
    variances = np.nanvar(wide, axis=0)
    variances = np.where(np.isfinite(variances) & (variances > 0), variances, np.nanvar(residual))
    if np.all(np.isfinite(covariance)):
        covariance = covariance + np.eye(k) * 1e-6 * variances.mean()
        if np.linalg.eigvalsh(covariance).min() > 0:
            return np.asarray(covariance)
    return np.diag(variances)


def _co_observed(prepared: Prepared) -> np.ndarray:
    k = len(prepared.visits)
    seen = np.zeros((int(prepared.patient.max()) + 1, k))
    seen[prepared.patient, prepared.visit] = 1.0
    return seen.T @ seen


def fit_structure(prepared: Prepared, structure: Structure) -> tuple[Patterns, RemlFit]:
    """Group the prepared data by pattern and fit ``structure`` by REML."""
    patterns = group_patterns(
        prepared.patient, prepared.visit, prepared.y, prepared.x, n_visits=len(prepared.visits)
    )
    start = structure.start(_start_covariance(prepared))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # trial steps outside the PD region
        return patterns, fit_reml(patterns, structure, start)


def fit_mmrm(
    frame: pd.DataFrame,
    *,
    visits: Sequence[str],
    baseline: str | None = None,
    covariates: Sequence[str] = (),
) -> MmrmResult:
    """Fit the MMRM: visit (+ covariates), unstructured covariance, REML, Satterthwaite df.

    Parameters
    ----------
    frame
        Long outcome frame: ``patient_id``, ``visit``, ``total`` and any ``covariates``.
    visits
        Visit codes in schedule order.
    baseline
        The reference visit (default: the first of ``visits``).
    covariates
        Further fixed effects (patient columns: numeric as they are, text as indicators).

    Returns
    -------
    MmrmResult
        Least-squares means per visit and contrasts of each visit with baseline (t with
        Satterthwaite df, Holm-adjusted across visits), the covariance used and why.

    Raises
    ------
    AnalysisError
        No baseline assessments or fewer than 2 patients.

    Notes
    -----
    y_i = X_i beta + e_i, e_i ~ N(0, V[S_i, S_i]) with V unstructured (k(k+1)/2 parameters,
    V = L L', L lower triangular with log diagonal), S_i patient i's observed visits. theta
    maximises the restricted likelihood -1/2 [sum_i log|V_i| + log|X'V^-1 X| + r'V^-1 r];
    beta-hat = (X'V^-1 X)^-1 X'V^-1 y, Var(beta-hat) = (X'V^-1 X)^-1. For a contrast c,
    df = 2 (c'Cc)^2 / (g' I(theta)^-1 g) with g the gradient of c'Cc in theta (Satterthwaite
    1946). When the unstructured fit does not converge, or two visits are never observed in
    the same patient, compound symmetry is fitted instead and ``fallback`` says why.

    References
    ----------
    Mallinckrodt CH, Lane PW, Schnell D, Peng Y, Mancuso JP. Recommendations for the primary
    analysis of continuous endpoints in longitudinal clinical trials. Drug Inf J.
    2008;42(4):303-319. Satterthwaite FE. Biometrics Bull. 1946;2(6):110-114. Equals R
    4.2.2, nlme 3.1.162, emmeans 1.8.4: ``gls(total ~ visit, correlation = corSymm(form = ~
    vnum | patient_id), weights = varIdent(form = ~ 1 | visit), method = "REML")`` with
    ``emmeans(fit, ~ visit, mode = "satterthwaite")``.
    """
    reference = baseline if baseline is not None else visits[0]
    prepared = prepare(frame, visits=visits, baseline=reference, covariates=covariates)
    n_patients = int(prepared.patient.max()) + 1 if prepared.patient.size else 0
    if n_patients < 2:
        raise AnalysisError("MMRM: needs at least 2 patients")
    caveats = [c for c in [warn_if_small(n_patients, "MMRM")] if c]
    k = len(prepared.visits)
    fallback = None
    if (_co_observed(prepared) < 2).any():
        fallback = "two visits are observed together in fewer than 2 patients"
    else:
        structure: Structure = unstructured(k)
        try:
            patterns, fit = fit_structure(prepared, structure)
            if not fit.converged:
                fallback = f"unstructured covariance did not converge ({fit.message})"
        except AnalysisError as error:
            fallback = f"unstructured covariance could not be fitted ({error})"
    if fallback is not None:
        structure = compound_symmetry(k)
        patterns, fit = fit_structure(prepared, structure)
        caveats.append(f"MMRM: compound symmetry used instead of unstructured: {fallback}")
        if not fit.converged:
            raise AnalysisError(
                f"MMRM: neither unstructured nor compound symmetry converged ({fit.message})"
            )
    beta = fit.evaluation.beta
    p = len(prepared.columns)

    def inference(contrast: np.ndarray) -> tuple[float, float, float]:
        variance, df = satterthwaite(patterns, structure, fit, contrast)
        return float(contrast @ beta), float(np.sqrt(variance)), df

    ls_means = []
    for index, visit in enumerate(prepared.visits):
        contrast = prepared.covariate_means.copy()
        contrast[1:k] = 0.0
        if index:
            contrast[index] = 1.0
        estimate, se, df = inference(contrast)
        half = float(stats.t.ppf(0.975, df)) * se
        ls_means.append(MmrmLsMean(visit, estimate, se, df, (estimate - half, estimate + half)))
    contrasts = []
    for index, visit in enumerate(prepared.visits[1:], start=1):
        contrast = np.zeros(p)
        contrast[index] = 1.0
        estimate, se, df = inference(contrast)
        t_value = estimate / se
        half = float(stats.t.ppf(0.975, df)) * se
        contrasts.append(
            MmrmContrast(
                visit,
                estimate,
                se,
                df,
                t_value,
                float(2 * stats.t.sf(abs(t_value), df)),
                (estimate - half, estimate + half),
            )
        )
    adjusted = holm([c.p for c in contrasts])
    contrasts = [
        MmrmContrast(c.visit, c.estimate, c.se, c.df, c.t, c.p, c.ci95, a)
        for c, a in zip(contrasts, adjusted, strict=True)
    ]
    matrix = fit.evaluation.covariance
    return MmrmResult(
        baseline=reference,
        visits=prepared.visits,
        covariance=fit.structure,
        ls_means=tuple(ls_means),
        contrasts=tuple(contrasts),
        covariates=tuple(covariates),
        n_patients=n_patients,
        n_observations=int(prepared.y.size),
        n_patterns=len(patterns.visits),
        converged=fit.converged,
        fallback=fallback,
        covariance_matrix=tuple(tuple(float(v) for v in row) for row in matrix),
        caveats=tuple(caveats),
    )
