"""The product-limit estimate as R's ``survfit`` computes it, and R's quantile rule.

Private machinery of :mod:`.survival` and :mod:`.followup`: numpy only, so every number (the
curve, its Greenwood standard error, the "log" and "log-log" bands, medians and other
quantiles, restricted mean survival) follows R survival 3.5 line by line, including R's
tolerance for a curve that sits exactly on the target probability.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

QUANTILE_TOLERANCE = float(np.sqrt(np.finfo(float).eps))
"""R ``quantile.survfit(tolerance = sqrt(.Machine$double.eps))``."""


class ConfType(StrEnum):
    """Scale of the pointwise confidence band: R ``survfit(conf.type = ...)``."""

    LOG = "log"
    LOG_LOG = "log-log"


@dataclass(frozen=True, slots=True)
class ProductLimit:
    """A Kaplan-Meier curve at every distinct observed time (events and censorings)."""

    time: np.ndarray
    n_risk: np.ndarray
    n_event: np.ndarray
    surv: np.ndarray
    std_err: np.ndarray
    """Greenwood standard error of log S(t) (R's ``std.err``)."""
    lower: np.ndarray
    upper: np.ndarray
    conf_type: ConfType


def product_limit(
    durations: np.ndarray, events: np.ndarray, *, conf_type: ConfType = ConfType.LOG_LOG
) -> ProductLimit:
    """Kaplan-Meier estimate, Greenwood SE and 95 % band, as R ``survfit(Surv(t, e) ~ 1)``.

    Notes
    -----
    S(t) = prod_{t_i <= t} (1 - d_i / n_i); se(log S) = sqrt(sum d_i / (n_i (n_i - d_i))).
    "log": S exp(+-z se), upper capped at 1, missing where S = 0. "log-log":
    exp(-exp(log(-log S) +- z se / log S)), missing where S is 0 or 1 (R survfit_confint).
    """
    time = np.asarray(durations, dtype=float)
    dead = np.asarray(events, dtype=float)
    unique, inverse = np.unique(time, return_inverse=True)
    n_event = np.bincount(inverse, weights=dead, minlength=unique.size)
    n_leaving = np.bincount(inverse, minlength=unique.size).astype(float)
    n_risk = time.size - np.concatenate([[0.0], np.cumsum(n_leaving)[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        surv = np.cumprod(1.0 - n_event / n_risk)
        greenwood = np.where(n_event > 0, n_event / (n_risk * (n_risk - n_event)), 0.0)
        std_err = np.sqrt(np.cumsum(greenwood))
        z = float(stats.norm.ppf(0.975))
        if conf_type is ConfType.LOG:
            positive = np.where(surv > 0, surv, np.nan)
            lower = positive * np.exp(-z * std_err)
            upper = np.minimum(positive * np.exp(z * std_err), 1.0)
        else:
            inside = np.where((surv > 0) & (surv < 1), surv, np.nan)
            loglog = np.log(-np.log(inside))
            lower = np.exp(-np.exp(loglog - z * std_err / np.log(inside)))
            upper = np.exp(-np.exp(loglog + z * std_err / np.log(inside)))
    return ProductLimit(unique, n_risk, n_event, surv, std_err, lower, upper, conf_type)


def _first_at_least(values: np.ndarray, threshold: float) -> int | None:
    """R ``approx(values, seq_along(values), threshold, "constant", f = 1)``, as an index.

    R sorts the (not necessarily monotone: a capped band) values first and returns the index
    of the smallest value >= ``threshold``; outside their range it gives NA (``None``).
    """
    finite = np.flatnonzero(~np.isnan(values))
    if finite.size == 0:
        return None
    order = np.argsort(values[finite], kind="stable")
    ordered = values[finite][order]
    if threshold > ordered[-1] or threshold < ordered[0]:
        return None
    return int(finite[order[np.searchsorted(ordered, threshold, side="left")]])


def r_quantile(
    time: np.ndarray, surv: np.ndarray, p: float, *, tolerance: float = QUANTILE_TOLERANCE
) -> float | None:
    """Time by which a share ``p`` has had the event, by R's ``quantile.survfit`` rule.

    Where 1 - S(t) equals ``p`` (within ``tolerance``) over an interval, the quantile is the
    midpoint of that interval, so a median on a plateau at exactly 0.5 is the midpoint whatever
    rounding noise the product carries; on a plateau that runs to the end of follow-up it is
    the midpoint up to the last time. ``None``: not reached.

    Examples
    --------
    >>> r_quantile(np.array([1.0, 2, 3, 4]), np.array([0.75, 0.5, 0.5, 0.25]), 0.5)
    3.0
    """
    x = np.concatenate([[0.0], np.asarray(time, dtype=float)])
    y = np.concatenate([[0.0], 1.0 - np.asarray(surv, dtype=float)])
    if np.all(np.isnan(y)) or np.nanmax(y) < p:
        return None
    x_max = float(x[-1])
    keep = np.zeros(y.size, dtype=bool)  # R: drop duplicated y values, first one kept
    _, first = np.unique(np.where(np.isnan(y), np.inf, y), return_index=True)
    keep[first] = True
    x, y = x[keep], y[keep]
    lower = _first_at_least(y + tolerance, p)
    upper = _first_at_least(y - tolerance, p)
    if p == 0:
        return float(x[0])
    last = y[-1]
    if not np.isnan(last) and abs(p - last) < tolerance and lower is not None:
        return (float(x[lower]) + x_max) / 2
    if lower is None or upper is None:
        return None
    return (float(x[lower]) + float(x[upper])) / 2


@dataclass(frozen=True, slots=True)
class Quantile:
    """A survival-time quantile with the times its confidence band crosses it."""

    estimate: float | None
    ci95: tuple[float | None, float | None]


def curve_quantile(curve: ProductLimit, p: float) -> Quantile:
    """Quantile ``p`` of a curve and its CI (R ``quantile(fit, p)``: lower from the lower band)."""
    return Quantile(
        r_quantile(curve.time, curve.surv, p),
        (r_quantile(curve.time, curve.lower, p), r_quantile(curve.time, curve.upper, p)),
    )


def value_at(curve: ProductLimit, day: float) -> tuple[float, float | None, float | None]:
    """S(day) with its band, the step value at the last time <= ``day`` (R ``summary(times)``)."""
    row = int(np.searchsorted(curve.time, day, side="right")) - 1
    if row < 0:
        return 1.0, None, None
    low, high = curve.lower[row], curve.upper[row]
    return (
        float(curve.surv[row]),
        None if np.isnan(low) else float(low),
        None if np.isnan(high) else float(high),
    )


@dataclass(frozen=True, slots=True)
class RestrictedMean:
    """Restricted mean survival time up to ``tau`` days, its SE and normal 95 % CI."""

    tau: float
    estimate: float
    se: float
    ci95: tuple[float, float]


def restricted_mean(curve: ProductLimit, tau: float) -> RestrictedMean:
    """Area under S(t) from 0 to ``tau``, as R ``print(survfit(...), rmean = tau)``.

    Notes
    -----
    RMST = integral_0^tau S(t) dt; var = sum_{t_i <= tau} A_i^2 d_i / (n_i (n_i - d_i)), with
    A_i the area under the curve from t_i to tau (R survival's ``survmean``). The CI is
    RMST +- 1.96 SE.

    References
    ----------
    Royston P, Parmar MKB. Restricted mean survival time: an alternative to the hazard ratio
    for the design and analysis of randomized trials with a time-to-event outcome. BMC Med
    Res Methodol. 2013;13:152.
    """
    inside = curve.time <= tau
    knots = np.concatenate([[0.0], curve.time[inside], [tau]])
    heights = np.concatenate([[1.0], curve.surv[inside]])
    pieces = np.diff(knots) * heights
    estimate = float(pieces.sum())
    after = np.cumsum(pieces[::-1])[::-1][1:]  # area from each time t_i (<= tau) to tau
    with np.errstate(divide="ignore", invalid="ignore"):
        d, n = curve.n_event[inside], curve.n_risk[inside]
        terms = np.where(d > 0, after**2 * d / (n * (n - d)), 0.0)
    se = float(np.sqrt(np.sum(terms[np.isfinite(terms)])))
    z = float(stats.norm.ppf(0.975))
    return RestrictedMean(tau, estimate, se, (estimate - z * se, estimate + z * se))
