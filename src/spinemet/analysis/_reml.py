"""REML for a linear model with a patient-level covariance across visits, by missing pattern.

y_i ~ N(X_i beta, V[S_i, S_i]) independently over patients, where S_i are the visits patient i
was assessed at and V (k x k) is a structured covariance (:class:`Structure`). Patients with the
same pattern S share V[S, S], so the restricted log-likelihood

    l(theta) = -1/2 [ sum_i log|V_i| + log|X'V^-1 X| + r'V^-1 r ] (+ constant)

needs one Cholesky factorisation per pattern: sums over the patients of a pattern
(sum X_i[r]' X_i[s], sum X_i[r]' y_i[s], sum y_i[r] y_i[s]) are formed once, and every
evaluation is O(patterns), not O(patients). The gradient is analytic:
dl/dV_S = -1/2 (n_S W - W (R_S + A_S) W), W = V_S^-1, R_S the residual cross-products and
A_S = sum_i X_i C X_i' with C = (X'V^-1 X)^-1; the Hessian is the central difference of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from spinemet.errors import AnalysisError

Builder = Callable[[np.ndarray], tuple[np.ndarray, list[np.ndarray]]]


@dataclass(frozen=True, slots=True)
class Structure:
    """A covariance family: V(theta) and dV/dtheta_j, with a starting value."""

    name: str
    build: Builder
    start: Callable[[np.ndarray], np.ndarray]
    """theta from a k x k starting covariance."""


def unstructured(k: int) -> Structure:
    """V = L L', theta = rows of the lower triangle of L with log diagonal (always PD)."""
    rows, cols = np.tril_indices(k)

    def build(theta: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        lower = np.zeros((k, k))
        values = theta.copy()
        diagonal = rows == cols
        values[diagonal] = np.exp(theta[diagonal])
        lower[rows, cols] = values
        derivatives = []
        for index, (a, b) in enumerate(zip(rows, cols, strict=True)):
            unit = np.zeros((k, k))
            unit[a, b] = values[index] if a == b else 1.0
            piece = unit @ lower.T
            derivatives.append(piece + piece.T)
        return lower @ lower.T, derivatives

    def start(covariance: np.ndarray) -> np.ndarray:
        lower = np.linalg.cholesky(covariance)
        theta = lower[rows, cols].copy()
        theta[rows == cols] = np.log(np.diag(lower))
        return theta

    return Structure("unstructured", build, start)


def compound_symmetry(k: int) -> Structure:
    """V = s_b^2 J + s_w^2 I (random intercept: between-patient variance >= 0)."""
    ones = np.ones((k, k))
    identity = np.eye(k)

    def build(theta: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        between, within = np.exp(2 * theta)
        return between * ones + within * identity, [2 * between * ones, 2 * within * identity]

    def start(covariance: np.ndarray) -> np.ndarray:
        variance = float(np.mean(np.diag(covariance)))
        off = covariance[~np.eye(k, dtype=bool)]
        between = max(float(np.mean(off)) if off.size else 0.0, 0.1 * variance)
        values = np.array([between, max(variance - between, 0.1 * variance)], dtype=float)
        return np.asarray(0.5 * np.log(values), dtype=float)

    return Structure("compound_symmetry", build, start)


@dataclass(frozen=True, slots=True)
class Patterns:
    """Per missing-data pattern: visit indices and cross-product sums over its patients."""

    visits: list[np.ndarray]
    counts: np.ndarray
    xx: list[np.ndarray]  # (m, m, p, p): sum_i X_i[r, a] X_i[s, b]
    xy: list[np.ndarray]  # (m, m, p): sum_i X_i[r, a] y_i[s]
    yy: list[np.ndarray]  # (m, m)
    n_visits: int
    n_params: int
    n_observations: int


def group_patterns(
    patient: np.ndarray, visit: np.ndarray, y: np.ndarray, x: np.ndarray, *, n_visits: int
) -> Patterns:
    """Sort observations into patterns of observed visits and form their sums (vectorised)."""
    p = x.shape[1]
    patients, row_patient = np.unique(patient, return_inverse=True)
    mask = np.zeros((patients.size, n_visits), dtype=bool)
    mask[row_patient, visit] = True
    code = mask @ (1 << np.arange(n_visits))
    full_x = np.zeros((patients.size, n_visits, p))
    full_y = np.zeros((patients.size, n_visits))
    full_x[row_patient, visit] = x
    full_y[row_patient, visit] = y
    result: dict[str, list[np.ndarray]] = {"visits": [], "xx": [], "xy": [], "yy": []}
    counts = []
    for pattern in np.unique(code):
        members = code == pattern
        seen = np.flatnonzero(mask[np.flatnonzero(members)[0]])
        xs = full_x[members][:, seen]
        ys = full_y[members][:, seen]
        result["visits"].append(seen)
        n, m = ys.shape
        flat = xs.reshape(n, m * p)  # one matrix product (BLAS) per pattern, not a loop
        result["xx"].append((flat.T @ flat).reshape(m, p, m, p).transpose(0, 2, 1, 3).copy())
        result["xy"].append((flat.T @ ys).reshape(m, p, m).transpose(0, 2, 1).copy())
        result["yy"].append(ys.T @ ys)
        counts.append(int(members.sum()))
    return Patterns(
        result["visits"],
        np.array(counts),
        result["xx"],
        result["xy"],
        result["yy"],
        n_visits,
        p,
        int(y.size),
    )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The restricted log-likelihood at theta, its gradient, beta-hat and (X'V^-1 X)^-1."""

    log_likelihood: float
    gradient: np.ndarray
    beta: np.ndarray
    covariance_beta: np.ndarray
    covariance: np.ndarray


def evaluate(patterns: Patterns, structure: Structure, theta: np.ndarray) -> Evaluation:
    """REML log-likelihood (without the (N - p) log 2 pi / 2 constant) and its gradient."""
    covariance, derivatives = structure.build(theta)
    p = patterns.n_params
    xtwx = np.zeros((p, p))
    xtwy = np.zeros(p)
    ywy = 0.0
    log_det = 0.0
    inverses = []
    for seen, count, xx, xy, yy in zip(
        patterns.visits, patterns.counts, patterns.xx, patterns.xy, patterns.yy, strict=True
    ):
        block = covariance[np.ix_(seen, seen)]
        factor = np.linalg.cholesky(block)
        inverse = np.linalg.inv(block)
        inverses.append(inverse)
        log_det += 2.0 * count * float(np.sum(np.log(np.diag(factor))))
        xtwx += np.einsum("rs,rsab->ab", inverse, xx)
        xtwy += np.einsum("rs,rsa->a", inverse, xy)
        ywy += float(np.sum(inverse * yy))
    factor_x = np.linalg.cholesky(xtwx)
    covariance_beta = np.linalg.inv(xtwx)
    beta = covariance_beta @ xtwy
    residual_quadratic = ywy - float(beta @ xtwy)
    log_likelihood = -0.5 * (
        log_det + 2.0 * float(np.sum(np.log(np.diag(factor_x)))) + residual_quadratic
    )
    gradient_v = np.zeros_like(covariance)
    for seen, count, xx, xy, yy, inverse in zip(
        patterns.visits,
        patterns.counts,
        patterns.xx,
        patterns.xy,
        patterns.yy,
        inverses,
        strict=True,
    ):
        cross = xy @ beta  # (m, m): sum_i (X_i[r] beta) y_i[s]
        fitted = np.einsum("rsab,a,b->rs", xx, beta, beta)
        residual = yy - cross - cross.T + fitted
        spread = np.einsum("rsab,ab->rs", xx, covariance_beta)
        piece = -0.5 * (count * inverse - inverse @ (residual + spread) @ inverse)
        gradient_v[np.ix_(seen, seen)] += piece
    gradient = np.array([float(np.sum(gradient_v * d)) for d in derivatives])
    return Evaluation(log_likelihood, gradient, beta, covariance_beta, covariance)


@dataclass(frozen=True, slots=True)
class RemlFit:
    """The REML optimum: theta, V, beta, its covariance, and the observed information."""

    structure: str
    theta: np.ndarray
    evaluation: Evaluation
    information: np.ndarray
    converged: bool
    message: str


def _hessian(patterns: Patterns, structure: Structure, theta: np.ndarray) -> np.ndarray:
    size = theta.size
    hessian = np.zeros((size, size))
    for j in range(size):
        step = 1e-5 * max(1.0, abs(float(theta[j])))
        up, down = theta.copy(), theta.copy()
        up[j] += step
        down[j] -= step
        hessian[:, j] = (
            evaluate(patterns, structure, up).gradient
            - evaluate(patterns, structure, down).gradient
        ) / (2 * step)
    return (hessian + hessian.T) / 2


def fit_reml(patterns: Patterns, structure: Structure, start: np.ndarray) -> RemlFit:
    """Maximise the restricted likelihood (BFGS, then Newton steps on the analytic gradient)."""

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        try:
            found = evaluate(patterns, structure, theta)
        except np.linalg.LinAlgError:
            return np.inf, np.zeros_like(theta)
        return -found.log_likelihood, -found.gradient

    scale = max(1.0, float(patterns.n_observations))
    result = optimize.minimize(
        objective,
        start,
        jac=True,
        method="BFGS",
        options={"gtol": 1e-6 * scale, "maxiter": 500},
    )
    theta = np.asarray(result.x, dtype=float)
    converged = False
    message = str(result.message)
    try:
        final = evaluate(patterns, structure, theta)
    except np.linalg.LinAlgError as error:
        raise AnalysisError(f"REML ({structure.name}): no valid covariance found") from error
    try:
        for _ in range(20):  # Newton polishing: quadratic convergence to the optimum
            hessian = _hessian(patterns, structure, theta)
            step = np.linalg.solve(hessian, -evaluate(patterns, structure, theta).gradient)
            candidate = theta + step
            final = evaluate(patterns, structure, candidate)
            theta = candidate
            if np.max(np.abs(step)) < 1e-10:
                converged = True
                break
        information = -_hessian(patterns, structure, theta)
    except np.linalg.LinAlgError:
        message = "the covariance became singular while polishing the REML optimum"
        final = evaluate(patterns, structure, theta)
        return RemlFit(
            structure.name, theta, final, np.full((theta.size,) * 2, np.nan), False, message
        )
    finite = np.all(np.isfinite(information)) and np.all(np.isfinite(final.gradient))
    if not finite or np.linalg.eigvalsh(information).min() <= 0:
        converged = False  # (eigvalsh raises on a NaN information: a few patients, a covariate)
        message = "the REML optimum is not a maximum (information not positive definite)"
    return RemlFit(structure.name, theta, final, information, converged, message)


def satterthwaite(
    patterns: Patterns, structure: Structure, fit: RemlFit, contrast: np.ndarray
) -> tuple[float, float]:
    """Variance of ``contrast . beta`` and its Satterthwaite degrees of freedom.

    df = 2 (c'Cc)^2 / (g' A g), g_j = d(c'C c)/d theta_j = c'C (X'W dV_j W X) C c, A the
    inverse observed information of theta (invariant to the parameterisation at the optimum).
    """
    evaluation = fit.evaluation
    covariance, derivatives = structure.build(fit.theta)
    c_beta = evaluation.covariance_beta
    projected = c_beta @ contrast
    variance = float(contrast @ projected)
    gradient = np.zeros(len(derivatives))
    for seen, xx in zip(patterns.visits, patterns.xx, strict=True):
        inverse = np.linalg.inv(covariance[np.ix_(seen, seen)])
        for j, derivative in enumerate(derivatives):
            middle = inverse @ derivative[np.ix_(seen, seen)] @ inverse
            gradient[j] += float(projected @ np.einsum("rs,rsab->ab", middle, xx) @ projected)
    spread = float(gradient @ np.linalg.solve(fit.information, gradient))
    df = 2.0 * variance**2 / spread if spread > 0 else float("inf")
    return variance, df
