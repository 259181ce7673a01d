"""Survival from the index date: Kaplan-Meier, log-rank and Cox models (lifelines).

Input is a survival frame, one row per patient: ``time_days`` (index date to death or last
contact), ``event`` (1 dead, 0 censored) and any patient columns (groups, covariates).
lifelines is imported inside the functions: it costs about 0.7 s to import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from spinemet.analysis._common import Interval, finite_or_none, require_columns, warn_if_small
from spinemet.errors import AnalysisError

__all__ = [
    "AT_RISK_STEP_DAYS",
    "CoxResult",
    "CoxTerm",
    "KaplanMeierResult",
    "LogRankResult",
    "at_risk_days",
    "fit_cox",
    "kaplan_meier",
    "kaplan_meier_by",
    "logrank",
]

AT_RISK_STEP_DAYS = 365.25 / 4
"""Numbers at risk are reported every quarter year (day 0, 91, 182, 273, 365, ...)."""


@dataclass(frozen=True, slots=True)
class KaplanMeierResult:
    """Kaplan-Meier estimate: median (``None`` = not reached) with 95 % CI, S(t), at risk.

    Confidence intervals are lifelines' exponential Greenwood ("log-log") intervals, equal to R
    ``survfit(..., conf.type = "log-log")``.
    """

    n: int
    events: int
    median_days: float | None
    median_ci95_days: Interval
    survival_at_days: dict[str, dict[str, float | None]]
    at_risk: dict[str, int]
    caveat: str | None = None


@dataclass(frozen=True, slots=True)
class LogRankResult:
    """Log-rank test across the groups of ``by`` (chi-square with groups - 1 df)."""

    by: str
    statistic: float
    df: int
    p: float
    groups: tuple[str, ...]
    n_excluded_missing_group: int


@dataclass(frozen=True, slots=True)
class CoxTerm:
    """One covariate of a Cox model: log hazard ratio, HR with 95 % CI, Wald z and p, PH test."""

    term: str
    coef: float
    se: float
    hazard_ratio: float
    hr_ci95: tuple[float, float]
    z: float
    p: float
    ph_statistic: float | None
    ph_p: float | None


@dataclass(frozen=True, slots=True)
class CoxResult:
    """A Cox proportional-hazards model (Efron ties) and its proportional-hazards check."""

    covariates: tuple[str, ...]
    terms: tuple[CoxTerm, ...]
    n: int
    events: int
    n_excluded_missing: int
    concordance: float
    log_likelihood: float
    ph_test: str
    caveats: tuple[str, ...] = field(default=())


def _check(frame: pd.DataFrame, time: str, event: str) -> None:
    require_columns(frame, (time, event), what="survival frame")
    if len(frame) == 0:
        raise AnalysisError("survival frame: no patients")
    if frame[time].isna().any() or (frame[time] < 0).any():
        raise AnalysisError(f"survival frame: {time} must be present and >= 0 for every patient")
    if not frame[event].isin([0, 1]).all():
        raise AnalysisError(f"survival frame: {event} must be 1 (died) or 0 (censored)")


def at_risk_days(max_days: float) -> list[int]:
    """Quarter-year days from 0 up to ``max_days``: 0, 91, 182, 273, 365, 456, ..."""
    count = int(max_days // AT_RISK_STEP_DAYS) + 1 if max_days >= 0 else 1
    return [int(k * AT_RISK_STEP_DAYS) for k in range(count)]


def kaplan_meier(
    frame: pd.DataFrame,
    *,
    time: str = "time_days",
    event: str = "event",
    times: Sequence[int] = (182, 365),
    group: str | None = None,
) -> KaplanMeierResult:
    """Kaplan-Meier survival: median with 95 % CI, survival at ``times``, numbers at risk.

    Parameters
    ----------
    frame
        One row per patient with ``time`` and ``event`` (1 event, 0 censored).
    times
        Days at which S(t) and its CI are reported; ``None`` beyond the last follow-up.
    group
        The group ``frame`` holds (``"sex=female"``), named in the small-sample caveat.

    Returns
    -------
    KaplanMeierResult

    Notes
    -----
    Product-limit estimator; Greenwood variance; CI on the log(-log S) scale. The median is
    the first time S(t) <= 0.5; its CI the times the CI bands cross 0.5 (Brookmeyer-Crowley
    style, as R). Infinite (not reached) values are ``None``.

    References
    ----------
    Kaplan EL, Meier P. J Am Stat Assoc. 1958;53(282):457-481. Davidson-Pilon C. lifelines:
    survival analysis in Python. J Open Source Softw. 2019;4(40):1317. Checked against
    R 4.2.2, survival 3.5.3: ``survfit(Surv(T, E) ~ 1, data = waltons, conf.type = "log-log")``.
    """
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    _check(frame, time, event)
    durations = frame[time].to_numpy(dtype=float)
    events = frame[event].to_numpy(dtype=int)
    caveat = warn_if_small(len(frame), "Kaplan-Meier" + (f" ({group})" if group else ""))
    fitter = KaplanMeierFitter().fit(durations, events)
    median_ci = median_survival_times(fitter.confidence_interval_)
    low, high = (finite_or_none(value) for value in median_ci.iloc[0].to_list())
    survival: dict[str, dict[str, float | None]] = {}
    last = float(durations.max())
    curve = fitter.survival_function_.iloc[:, 0]
    bands = fitter.confidence_interval_
    for day in times:
        if day > last:
            survival[str(day)] = {"estimate": None, "ci95_low": None, "ci95_high": None}
            continue
        row = curve.index.searchsorted(day, side="right") - 1
        survival[str(day)] = {
            "estimate": float(curve.iloc[row]),
            "ci95_low": finite_or_none(bands.iloc[row, 0]),
            "ci95_high": finite_or_none(bands.iloc[row, 1]),
        }
    at_risk = {str(day): int((durations >= day).sum()) for day in at_risk_days(last)}
    return KaplanMeierResult(
        n=len(frame),
        events=int(events.sum()),
        median_days=finite_or_none(fitter.median_survival_time_),
        median_ci95_days=(low, high),
        survival_at_days=survival,
        at_risk=at_risk,
        caveat=caveat,
    )


def _groups(frame: pd.DataFrame, by: str) -> tuple[pd.DataFrame, int]:
    require_columns(frame, (by,), what="survival frame")
    present = frame[frame[by].notna()]
    return present, len(frame) - len(present)


def kaplan_meier_by(
    frame: pd.DataFrame, *, by: str, time: str = "time_days", event: str = "event"
) -> dict[str, KaplanMeierResult]:
    """Kaplan-Meier per group of column ``by`` (patients with ``by`` missing are left out)."""
    present, _ = _groups(frame, by)
    return {
        str(level): kaplan_meier(group, time=time, event=event, group=f"{by}={level}")
        for level, group in present.groupby(by, sort=True, observed=True)
    }


def logrank(
    frame: pd.DataFrame, *, by: str, time: str = "time_days", event: str = "event"
) -> LogRankResult:
    """Log-rank test of equal survival across the groups of ``by``.

    References
    ----------
    Mantel N. Cancer Chemother Rep. 1966;50(3):163-170. Peto R, Peto J. J R Stat Soc A.
    1972;135(2):185-207. Equals R 4.2.2, survival 3.5.3: ``survdiff(Surv(T, E) ~ group)``.
    """
    from lifelines.statistics import multivariate_logrank_test

    present, excluded = _groups(frame, by)
    _check(present, time, event)
    levels = tuple(str(level) for level in sorted(present[by].unique()))
    if len(levels) < 2:
        raise AnalysisError(f"log-rank test: {by} has {len(levels)} group(s); needs at least 2")
    result = multivariate_logrank_test(
        present[time].to_numpy(dtype=float),
        present[by].astype(str).to_numpy(),
        present[event].to_numpy(dtype=int),
    )
    return LogRankResult(
        by=by,
        statistic=float(result.test_statistic),
        df=len(levels) - 1,
        p=float(result.p_value),
        groups=levels,
        n_excluded_missing_group=excluded,
    )


def _design(frame: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    columns: list[pd.DataFrame | pd.Series] = []
    for name in covariates:
        column = frame[name]
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
            columns.append(column.astype(float))
        else:
            dummies = pd.get_dummies(column.astype("string"), prefix=name, prefix_sep="=")
            dummies = dummies.iloc[:, 1:].astype(float)  # first level (sorted) is the reference
            dummies[column.isna().to_numpy()] = np.nan
            columns.append(dummies)
    return pd.concat(columns, axis=1)


def fit_cox(
    frame: pd.DataFrame,
    *,
    covariates: Sequence[str],
    time: str = "time_days",
    event: str = "event",
) -> CoxResult:
    """Cox proportional-hazards model with a Grambsch-Therneau check of each covariate.

    Parameters
    ----------
    frame
        Survival frame with ``time``, ``event`` and the ``covariates``.
    covariates
        Column names; numeric and boolean columns enter as they are, text columns as
        indicators against their first level in sorted order. Patients with a missing
        covariate are left out and counted.

    Returns
    -------
    CoxResult
        Per term: coef, SE, HR with 95 % Wald CI, z, p, and the PH test statistic and p.

    Raises
    ------
    AnalysisError
        Unknown covariate, no events, or a model that does not converge.

    Notes
    -----
    Efron's method for ties (R's default). The PH check is lifelines'
    ``proportional_hazard_test`` with the identity time transform: the score test of
    scaled Schoenfeld residuals against time as in R survival 2.x ``cox.zph(fit, "identity")``;
    survival >= 3.0 computes an exact score test whose values differ.

    References
    ----------
    Cox DR. J R Stat Soc B. 1972;34(2):187-220. Efron B. J Am Stat Assoc. 1977;72:557-565.
    Grambsch PM, Therneau TM. Biometrika. 1994;81(3):515-526. Checked against R 4.2.2,
    survival 3.5.3: ``coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio,
    data = rossi, ties = "efron")``.
    """
    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError
    from lifelines.statistics import proportional_hazard_test

    _check(frame, time, event)
    require_columns(frame, covariates, what="Cox model covariates")
    if not covariates:
        raise AnalysisError("Cox model: no covariates given")
    design = _design(frame, covariates)
    data = pd.concat([frame[[time, event]].astype(float), design], axis=1)
    complete = data.dropna()
    excluded = len(data) - len(complete)
    events = int(complete[event].sum())
    if events == 0:
        raise AnalysisError("Cox model: no deaths among the patients with every covariate")
    caveats = [c for c in [warn_if_small(events, "Cox model (events)")] if c]
    constant = [name for name in design.columns if complete[name].nunique() < 2]
    if constant:
        raise AnalysisError(f"Cox model: covariate(s) {', '.join(constant)} do not vary")
    fitter = CoxPHFitter()
    try:
        fitter.fit(complete, duration_col=time, event_col=event)
        ph = proportional_hazard_test(fitter, complete, time_transform="identity")
    except ConvergenceError as error:
        raise AnalysisError(f"Cox model did not converge: {error}".splitlines()[0]) from None
    summary = fitter.summary
    ph_summary = ph.summary
    terms = []
    for name in design.columns:
        row = summary.loc[name]
        ph_row = ph_summary.loc[name] if name in ph_summary.index else None
        terms.append(
            CoxTerm(
                term=str(name),
                coef=float(row["coef"]),
                se=float(row["se(coef)"]),
                hazard_ratio=float(row["exp(coef)"]),
                hr_ci95=(float(row["exp(coef) lower 95%"]), float(row["exp(coef) upper 95%"])),
                z=float(row["z"]),
                p=float(row["p"]),
                ph_statistic=None if ph_row is None else float(ph_row["test_statistic"]),
                ph_p=None if ph_row is None else float(ph_row["p"]),
            )
        )
    if any(term.ph_p is not None and term.ph_p < 0.05 for term in terms):
        caveats.append("proportional hazards rejected (p < 0.05) for at least one covariate")
    return CoxResult(
        covariates=tuple(covariates),
        terms=tuple(terms),
        n=len(complete),
        events=events,
        n_excluded_missing=excluded,
        concordance=float(fitter.concordance_index_),
        log_likelihood=float(fitter.log_likelihood_),
        ph_test="Grambsch-Therneau (lifelines proportional_hazard_test, identity transform)",
        caveats=tuple(caveats),
    )
