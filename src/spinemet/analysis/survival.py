"""Survival from the index date: Kaplan-Meier, log-rank and Cox models.

Input is a survival frame, one row per patient: ``time_days`` (index date to death or last
contact), ``event`` (1 dead, 0 censored) and any patient columns (groups, covariates).
The Kaplan-Meier curve, its quantiles and restricted means follow R survival 3.5 exactly
(:mod:`._km`); log-rank and the Cox fit are lifelines, the Cox fit driven to R's precision;
the proportional-hazards test is R survival 3.x ``cox.zph`` (:mod:`._zph`).
lifelines is imported inside the functions: it costs about 0.7 s to import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from spinemet.analysis._common import Interval, require_columns, warn_if_small
from spinemet.analysis._km import (
    ConfType,
    curve_quantile,
    product_limit,
    restricted_mean,
    value_at,
)
from spinemet.analysis._zph import ZphResult, ZphTransform, cox_zph, fit_efron
from spinemet.errors import AnalysisError

__all__ = [
    "AT_RISK_STEP_DAYS",
    "PH_TEST",
    "RMST_DAYS",
    "ConfType",
    "CoxResult",
    "CoxTerm",
    "KaplanMeierResult",
    "LogRankResult",
    "ZphTransform",
    "at_risk_days",
    "fit_cox",
    "kaplan_meier",
    "kaplan_meier_by",
    "logrank",
]

PH_TEST = (
    "Grambsch-Therneau score test, R survival 3.x cox.zph "
    '(transform = "{transform}", terms = FALSE)'
)
"""The name of the proportional-hazards test (``CoxResult.ph_test``), a template of the
catalogue: the report translates it with the fit's time transform."""

AT_RISK_STEP_DAYS = 365.25 / 4
"""Numbers at risk are reported every quarter year (day 0, 91, 182, 273, 365, ...)."""

RMST_DAYS = (182, 365)
"""Restricted mean survival time is reported up to 6 and 12 months."""


QUANTILES = (0.25, 0.5, 0.75)
"""Survival-time quantiles reported beside the median (R ``quantile(fit)``)."""


@dataclass(frozen=True, slots=True)
class KaplanMeierResult:
    """Kaplan-Meier estimate: median (``None`` = not reached) with 95 % CI, S(t), at risk.

    Confidence intervals are Greenwood intervals on the ``conf_type`` scale, equal to R
    ``survfit(..., conf.type = conf_type)`` (default "log-log"); quantiles by R's rule.
    ``rmst`` maps tau (days, as text) to the restricted mean survival time up to tau.
    """

    n: int
    events: int
    median_days: float | None
    median_ci95_days: Interval
    survival_at_days: dict[str, dict[str, float | None]]
    at_risk: dict[str, int]
    caveat: str | None = None
    conf_type: str = ConfType.LOG_LOG.value
    quantiles_days: dict[str, dict[str, float | None]] = field(default_factory=dict)
    rmst_days: dict[str, dict[str, float | None]] = field(default_factory=dict)


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
    ph_km_statistic: float | None = None
    ph_km_p: float | None = None
    ph_identity_statistic: float | None = None
    ph_identity_p: float | None = None


@dataclass(frozen=True, slots=True)
class CoxResult:
    """A Cox proportional-hazards model (Efron ties) and its proportional-hazards check.

    ``ph_statistic`` / ``ph_p`` of each term and ``ph_global`` use ``ph_transform``; the
    test on the other time scale is kept beside it (``ph_km_*``, ``ph_identity_*``).
    """

    covariates: tuple[str, ...]
    terms: tuple[CoxTerm, ...]
    n: int
    events: int
    n_excluded_missing: int
    concordance: float
    log_likelihood: float
    ph_test: str
    caveats: tuple[str, ...] = field(default=())
    ph_transform: str = ZphTransform.IDENTITY.value
    ph_global: dict[str, float] = field(default_factory=dict)
    zph: ZphResult | None = None
    """The test on ``ph_transform`` with the scaled Schoenfeld residuals (for the figures)."""

    @property
    def ph_failing(self) -> tuple[str, ...]:
        """Terms whose proportional-hazards test rejects at p < 0.05."""
        return tuple(t.term for t in self.terms if t.ph_p is not None and t.ph_p < 0.05)


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
    conf_type: ConfType | str = ConfType.LOG_LOG,
    rmst_days: Sequence[int] = RMST_DAYS,
) -> KaplanMeierResult:
    """Kaplan-Meier survival: median and quartiles with 95 % CI, S(t), RMST, numbers at risk.

    Parameters
    ----------
    frame
        One row per patient with ``time`` and ``event`` (1 event, 0 censored).
    times
        Days at which S(t) and its CI are reported; ``None`` beyond the last follow-up.
    group
        The group ``frame`` holds (``"sex=female"``), named in the small-sample caveat.
    conf_type
        ``"log-log"`` (default) or ``"log"`` (R's default): the scale of the CI.
    rmst_days
        Horizons (days) of the restricted mean survival time.

    Returns
    -------
    KaplanMeierResult

    Notes
    -----
    Product-limit estimator; Greenwood variance; CI on the ``conf_type`` scale. Quantiles
    (median, quartiles) and their CIs by R's ``quantile.survfit`` rule with its tolerance
    sqrt(machine epsilon): where S(t) equals 1 - p over an interval the quantile is the
    interval's midpoint, however the product rounds. Not reached is ``None``. S(t) with no
    event yet has no log-log CI (R: NA). RMST with SE as R ``print(fit, rmean = tau)``.

    References
    ----------
    Kaplan EL, Meier P. J Am Stat Assoc. 1958;53(282):457-481. Brookmeyer R, Crowley J.
    Biometrics. 1982;38(1):29-41. Checked against R 4.2.2, survival 3.5.3:
    ``survfit(Surv(T, E) ~ 1, data = waltons, conf.type = "log-log")`` and
    ``quantile(survfit(...), c(0.25, 0.5, 0.75))`` on a curve with a plateau at 0.5.
    """
    _check(frame, time, event)
    scale = ConfType(conf_type)
    durations = frame[time].to_numpy(dtype=float)
    events = frame[event].to_numpy(dtype=int)
    caveat = warn_if_small(len(frame), "Kaplan-Meier" + (f" ({group})" if group else ""))
    curve = product_limit(durations, events, conf_type=scale)
    median = curve_quantile(curve, 0.5)
    quantiles = {}
    for p in QUANTILES:
        found = curve_quantile(curve, p)
        quantiles[f"{p:g}"] = {
            "estimate": found.estimate,
            "ci95_low": found.ci95[0],
            "ci95_high": found.ci95[1],
        }
    survival: dict[str, dict[str, float | None]] = {}
    last = float(durations.max())
    for day in times:
        if day > last:
            survival[str(day)] = {"estimate": None, "ci95_low": None, "ci95_high": None}
            continue
        estimate, low, high = value_at(curve, day)
        survival[str(day)] = {"estimate": estimate, "ci95_low": low, "ci95_high": high}
    rmst: dict[str, dict[str, float | None]] = {}
    for tau in rmst_days:
        if tau > last:  # the curve is unknown beyond the last follow-up: no area to report
            rmst[str(tau)] = {"estimate": None, "se": None, "ci95_low": None, "ci95_high": None}
            continue
        area = restricted_mean(curve, float(tau))
        rmst[str(tau)] = {
            "estimate": area.estimate,
            "se": area.se,
            "ci95_low": area.ci95[0],
            "ci95_high": area.ci95[1],
        }
    at_risk = {str(day): int((durations >= day).sum()) for day in at_risk_days(last)}
    return KaplanMeierResult(
        n=len(frame),
        events=int(events.sum()),
        median_days=median.estimate,
        median_ci95_days=median.ci95,
        survival_at_days=survival,
        at_risk=at_risk,
        caveat=caveat,
        conf_type=scale.value,
        quantiles_days=quantiles,
        rmst_days=rmst,
    )


def _groups(frame: pd.DataFrame, by: str) -> tuple[pd.DataFrame, int]:
    require_columns(frame, (by,), what="survival frame")
    present = frame[frame[by].notna()]
    return present, len(frame) - len(present)


def kaplan_meier_by(
    frame: pd.DataFrame,
    *,
    by: str,
    time: str = "time_days",
    event: str = "event",
    conf_type: ConfType | str = ConfType.LOG_LOG,
) -> dict[str, KaplanMeierResult]:
    """Kaplan-Meier per group of column ``by`` (patients with ``by`` missing are left out)."""
    present, _ = _groups(frame, by)
    return {
        str(level): kaplan_meier(
            group, time=time, event=event, group=f"{by}={level}", conf_type=conf_type
        )
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
            if dummies.shape[1] == 0:  # one level: no indicator, the term would vanish unsaid
                raise AnalysisError(f"Cox model: covariate(s) {name} do not vary")
            dummies[column.isna().to_numpy()] = np.nan
            columns.append(dummies)
    return pd.concat(columns, axis=1)


def fit_cox(
    frame: pd.DataFrame,
    *,
    covariates: Sequence[str],
    time: str = "time_days",
    event: str = "event",
    ph_transform: ZphTransform | str = ZphTransform.IDENTITY,
) -> CoxResult:
    """Cox proportional-hazards model with R survival 3.x's test of proportional hazards.

    Parameters
    ----------
    frame
        Survival frame with ``time``, ``event`` and the ``covariates``.
    covariates
        Column names; numeric and boolean columns enter as they are, text columns as
        indicators against their first level in sorted order. Patients with a missing
        covariate are left out and counted.
    ph_transform
        Time scale of the proportional-hazards test reported as ``ph_statistic`` / ``ph_p``:
        ``"identity"`` (default, as spinemet has documented) or ``"km"`` (R's default); both
        are computed.

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
    Efron's method for ties (R's default), Newton-Raphson (vectorised over death times,
    :func:`._zph.fit_efron`) run until the step is below 1e-12, so coefficients agree with R
    ``coxph(control = coxph.control(eps = 1e-14))`` to 1e-10 (lifelines' default stop left
    them ~1e-5 apart); concordance is Harrell's C (lifelines ``concordance_index``). The PH test
    is R survival 3.x ``cox.zph(fit, transform, terms = FALSE)``: per column and globally, the
    score test of adding x g(t) with the full information matrix (:mod:`._zph`).

    References
    ----------
    Cox DR. J R Stat Soc B. 1972;34(2):187-220. Efron B. J Am Stat Assoc. 1977;72:557-565.
    Grambsch PM, Therneau TM. Biometrika. 1994;81(3):515-526. Checked against R 4.2.2,
    survival 3.5.3: ``coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio,
    data = rossi, ties = "efron")`` and ``cox.zph(fit, transform = "identity", terms = FALSE)``.
    """
    from lifelines.utils import concordance_index

    transform = ZphTransform(ph_transform)
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
    arrays = (
        complete[time].to_numpy(dtype=float),
        complete[event].to_numpy(dtype=int),
        complete[list(design.columns)].to_numpy(dtype=float),
    )
    try:
        polished = fit_efron(*arrays)
    except (ArithmeticError, np.linalg.LinAlgError) as error:
        raise AnalysisError(f"Cox model did not converge: {error}") from None
    beta = polished.beta
    standard_errors = np.sqrt(np.diag(polished.covariance))
    tests = {t: cox_zph(*arrays, beta, transform=t) for t in ZphTransform}
    chosen = tests[transform]
    quantile = float(stats.norm.ppf(0.975))
    terms = []
    for index, name in enumerate(design.columns):
        coef, se = float(beta[index]), float(standard_errors[index])
        terms.append(
            CoxTerm(
                term=str(name),
                coef=coef,
                se=se,
                hazard_ratio=float(np.exp(coef)),
                hr_ci95=(float(np.exp(coef - quantile * se)), float(np.exp(coef + quantile * se))),
                z=coef / se,
                p=float(2 * stats.norm.sf(abs(coef / se))),
                ph_statistic=float(chosen.statistic[index]),
                ph_p=float(chosen.p[index]),
                ph_km_statistic=float(tests[ZphTransform.KM].statistic[index]),
                ph_km_p=float(tests[ZphTransform.KM].p[index]),
                ph_identity_statistic=float(tests[ZphTransform.IDENTITY].statistic[index]),
                ph_identity_p=float(tests[ZphTransform.IDENTITY].p[index]),
            )
        )
    failing = [term.term for term in terms if term.ph_p is not None and term.ph_p < 0.05]
    if failing:
        caveats.append(
            f"proportional hazards rejected (p < 0.05, {transform.value} time scale) for "
            f"{', '.join(failing)}: see the scaled Schoenfeld residual plot; the hazard ratio "
            "is an average over follow-up"
        )
    return CoxResult(
        covariates=tuple(covariates),
        terms=tuple(terms),
        n=len(complete),
        events=events,
        n_excluded_missing=excluded,
        # Harrell's C of the risk score (higher risk, shorter survival), as R's concordance
        concordance=float(concordance_index(arrays[0], -(arrays[2] @ beta), arrays[1])),
        log_likelihood=polished.log_likelihood,
        ph_test=PH_TEST.format(transform=transform.value),
        caveats=tuple(caveats),
        ph_transform=transform.value,
        ph_global={
            "statistic": chosen.global_statistic,
            "df": float(chosen.global_df),
            "p": chosen.global_p,
        },
        zph=chosen,
    )
