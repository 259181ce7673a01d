"""The proportional-hazards test of R survival 3.x ``cox.zph``, vectorised over event times.

For a fitted Cox model (Efron ties), the test asks whether a term ``gamma_j g(t) x_j`` should
be added: the score for gamma at (beta-hat, gamma = 0) is U_g = sum over deaths of
g(t_i) (x_i - xbar(t_i)), and the statistic U' I^-1 U uses the full 2p x 2p information
matrix [[sum V, sum g V], [sum g V, sum g^2 V]] with the beta score set to zero (R survival
>= 3.0; survival 2.x used an approximation that reaches different conclusions).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

from spinemet.analysis._km import product_limit


class ZphTransform(StrEnum):
    """The time scale g(t) of the test: R ``cox.zph(transform = ...)``."""

    IDENTITY = "identity"
    KM = "km"


@dataclass(frozen=True, slots=True)
class ZphResult:
    """Per-column and global chi-square (1 df each, p df global), and scaled residuals."""

    transform: ZphTransform
    statistic: np.ndarray
    p: np.ndarray
    global_statistic: float
    global_df: int
    global_p: float
    death_times: np.ndarray
    scaled_residuals: np.ndarray
    """Rows: deaths in time order; columns: terms (R ``cox.zph(...)$y``)."""
    g_times: np.ndarray
    """g(t) of each death (R ``$x``)."""


def _g(times: np.ndarray, events: np.ndarray, transform: ZphTransform) -> np.ndarray:
    if transform is ZphTransform.IDENTITY:
        return times.astype(float)
    curve = product_limit(times, events)
    # R: 1 - S(t-), the KM of all patients just before t (findInterval left.open = TRUE)
    index = np.searchsorted(curve.time, times, side="left")
    return 1.0 - np.concatenate([[1.0], curve.surv])[index]


@dataclass(frozen=True, slots=True)
class _EfronSteps:
    """Per death time and per Efron sub-step: means, variances; log-likelihood pieces."""

    order: np.ndarray
    death_times: np.ndarray
    start: np.ndarray
    d: np.ndarray
    xdead: np.ndarray
    step_time: np.ndarray
    mean: np.ndarray
    variance: np.ndarray
    log_likelihood: float


def _efron_steps(
    time: np.ndarray, dead: np.ndarray, x: np.ndarray, beta: np.ndarray
) -> _EfronSteps:
    eta = x @ beta
    risk = np.exp(eta)
    order = np.argsort(time, kind="stable")
    time_o, dead_o, x_o, risk_o = time[order], dead[order], x[order], risk[order]
    outer = x_o[:, :, None] * x_o[:, None, :]
    p = x.shape[1]
    # sums over patients with time >= t (reverse cumulative sums)
    s0 = np.cumsum(risk_o[::-1])[::-1]
    s1 = np.cumsum((risk_o[:, None] * x_o)[::-1], axis=0)[::-1]
    s2 = np.cumsum((risk_o[:, None, None] * outer)[::-1], axis=0)[::-1]
    death_times = np.unique(time_o[dead_o])
    start = np.searchsorted(time_o, death_times, side="left")  # first patient at risk
    in_death = np.searchsorted(death_times, time_o[dead_o])
    d = np.bincount(in_death, minlength=death_times.size).astype(float)
    d0 = np.bincount(in_death, weights=risk_o[dead_o], minlength=death_times.size)
    d1 = np.zeros((death_times.size, p))
    d2 = np.zeros((death_times.size, p, p))
    np.add.at(d1, in_death, risk_o[dead_o, None] * x_o[dead_o])
    np.add.at(d2, in_death, risk_o[dead_o, None, None] * outer[dead_o])
    xdead = np.zeros((death_times.size, p))
    np.add.at(xdead, in_death, x_o[dead_o])
    # Efron: the d deaths at a time enter the risk set with weights k/d, k = 1..d
    step_time = np.repeat(np.arange(death_times.size), d.astype(int))
    k = np.concatenate([np.arange(1, int(n) + 1) for n in d])
    fraction = k / d[step_time]
    excl0 = s0[start] - d0
    denominator = excl0[step_time] + fraction * d0[step_time]
    numerator1 = (s1[start] - d1)[step_time] + fraction[:, None] * d1[step_time]
    numerator2 = (s2[start] - d2)[step_time] + fraction[:, None, None] * d2[step_time]
    mean = numerator1 / denominator[:, None]
    variance = numerator2 / denominator[:, None, None] - mean[:, :, None] * mean[:, None, :]
    log_likelihood = float(eta[dead].sum() - np.log(denominator).sum())
    return _EfronSteps(
        order, death_times, start, d, xdead, step_time, mean, variance, log_likelihood
    )


@dataclass(frozen=True, slots=True)
class CoxFit:
    """Efron partial-likelihood estimate: coefficients, covariance, log-likelihood."""

    beta: np.ndarray
    covariance: np.ndarray
    log_likelihood: float


def fit_efron(
    times: np.ndarray,
    events: np.ndarray,
    covariates: np.ndarray,
    beta: np.ndarray | None = None,
    *,
    max_steps: int = 60,
) -> CoxFit:
    """Maximise the Efron partial likelihood by Newton-Raphson until the step is < 1e-12.

    Full Newton steps (halved while the log-likelihood would fall) from ``beta`` (default 0),
    vectorised over death times; quadratic convergence takes the coefficients to the
    precision R ``coxph`` reaches with ``eps = 1e-14``. Raises ``numpy.linalg.LinAlgError``
    for a singular information matrix and ``ArithmeticError`` when it does not converge
    (e.g. an infinite coefficient: a covariate that separates deaths from survivors).
    """
    time = np.asarray(times, dtype=float)
    dead = np.asarray(events, dtype=float) == 1
    x = np.asarray(covariates, dtype=float)
    x = x - x.mean(axis=0)  # the likelihood is invariant; the sums are better conditioned
    current = np.zeros(x.shape[1]) if beta is None else np.asarray(beta, dtype=float).copy()
    steps = _efron_steps(time, dead, x, current)
    for _ in range(max_steps):
        mean_sum = np.zeros_like(steps.xdead)
        np.add.at(mean_sum, steps.step_time, steps.mean)
        score = (steps.xdead - mean_sum).sum(axis=0)
        step = np.linalg.solve(steps.variance.sum(axis=0), score)
        for _halving in range(30):
            trial = _efron_steps(time, dead, x, current + step)
            if np.isfinite(trial.log_likelihood) and (
                trial.log_likelihood >= steps.log_likelihood - 1e-10 * abs(steps.log_likelihood)
            ):
                break
            step = step / 2
        current, steps = current + step, trial
        if np.max(np.abs(step)) < 1e-12:
            information = steps.variance.sum(axis=0)
            return CoxFit(current, np.linalg.inv(information), steps.log_likelihood)
    raise ArithmeticError("Newton-Raphson did not converge (is a coefficient infinite?)")


def cox_zph(
    times: np.ndarray,
    events: np.ndarray,
    covariates: np.ndarray,
    beta: np.ndarray,
    *,
    transform: ZphTransform = ZphTransform.KM,
) -> ZphResult:
    """R ``cox.zph(fit, transform, terms = FALSE)`` for a Cox fit with Efron ties.

    Parameters
    ----------
    times, events
        Follow-up and 1 (event) / 0 (censored), one per patient.
    covariates
        n x p design of the fit (the columns the coefficients belong to).
    beta
        The fitted coefficients.

    References
    ----------
    Grambsch PM, Therneau TM. Proportional hazards tests and diagnostics based on weighted
    residuals. Biometrika. 1994;81(3):515-526. Therneau TM. survival 3.5: ``cox.zph``,
    C routine ``zph1`` (score test with the full information matrix).
    """
    time = np.asarray(times, dtype=float)
    dead = np.asarray(events, dtype=float) == 1
    x = np.asarray(covariates, dtype=float)
    x = x - x.mean(axis=0)  # R recentres for stability; the test is invariant
    p = x.shape[1]
    g_raw = _g(time, dead.astype(int), transform)
    g_all = g_raw - g_raw[dead].mean()
    steps = _efron_steps(time, dead, x, np.asarray(beta, dtype=float))
    order = steps.order
    dead_o = dead[order]
    g_death = g_all[order][steps.start]  # every patient at a tied time has the same g
    g_step = g_death[steps.step_time]
    variance = steps.variance
    i_bb = variance.sum(axis=0)
    i_bg = (g_step[:, None, None] * variance).sum(axis=0)
    i_gg = (g_step[:, None, None] ** 2 * variance).sum(axis=0)
    information = np.block([[i_bb, i_bg], [i_bg, i_gg]])
    mean_sum = np.zeros_like(steps.xdead)
    np.add.at(mean_sum, steps.step_time, steps.mean)
    u_gamma = (g_death[:, None] * (steps.xdead - mean_sum)).sum(axis=0)
    statistic = np.empty(p)
    for j in range(p):
        keep = [*range(p), p + j]
        u = np.concatenate([np.zeros(p), [u_gamma[j]]])
        statistic[j] = float(u @ np.linalg.solve(information[np.ix_(keep, keep)], u))
    u_all = np.concatenate([np.zeros(p), u_gamma])
    global_statistic = float(u_all @ np.linalg.solve(information, u_all))
    # Schoenfeld residuals: x of each death minus the mean of the Efron means at its time
    time_o, x_o = time[order], x[order]
    per_death_time = np.searchsorted(steps.death_times, time_o[dead_o])
    schoenfeld = x_o[dead_o] - (mean_sum / steps.d[:, None])[per_death_time]
    n_events = int(dead.sum())
    scaled = n_events * schoenfeld @ np.linalg.inv(i_bb) + np.asarray(beta, dtype=float)
    return ZphResult(
        transform=transform,
        statistic=statistic,
        p=stats.chi2.sf(statistic, 1),
        global_statistic=global_statistic,
        global_df=p,
        global_p=float(stats.chi2.sf(global_statistic, p)),
        death_times=time_o[dead_o],
        scaled_residuals=scaled,
        g_times=g_raw[order][dead_o],
    )
