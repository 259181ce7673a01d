"""Follow-up: how long patients were observed, and the reverse Kaplan-Meier median."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from spinemet.analysis._common import Interval, finite_or_none, require_columns
from spinemet.analysis._km import curve_quantile, product_limit

__all__ = ["FollowUp", "summarize_followup"]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Observed follow-up in days (index date to death or last contact) of ``n`` patients.

    ``median_reverse_km`` is the median potential follow-up (``None`` when not reached: fewer
    than half the patients were censored, e.g. most died).
    """

    n: int
    mean: float | None
    sd: float | None
    min: float | None
    max: float | None
    median: float | None
    median_reverse_km: float | None
    median_reverse_km_ci95: Interval
    n_alive: int = 0
    median_alive: float | None = None
    """Median follow-up of the patients alive at last contact: the summary to give when the
    reverse Kaplan-Meier median is not reached (``None`` when nobody is alive)."""


def summarize_followup(
    frame: pd.DataFrame, *, time: str = "time_days", event: str = "event"
) -> FollowUp:
    """Mean, SD, range and median of observed follow-up, and the reverse Kaplan-Meier median.

    Parameters
    ----------
    frame
        Survival frame: one row per patient with ``time`` (days) and ``event`` (1 died).

    Returns
    -------
    FollowUp

    Notes
    -----
    The reverse Kaplan-Meier method swaps the roles of event and censoring: being alive at last
    contact is the "event", death censors. Its median is the median potential follow-up, which
    the observed follow-up understates when patients die early; it is computed by R's
    quantile rule (:func:`spinemet.analysis._km.r_quantile`). When it is not reached (most
    patients died), the median follow-up of the patients alive at last contact is reported.

    References
    ----------
    Schemper M, Smith TL. A note on quantifying follow-up in studies of failure time. Control
    Clin Trials. 1996;17(4):343-346. Checked against R 4.2.2, survival 3.5.3:
    ``survfit(Surv(week, 1 - arrest) ~ 1, data = rossi)`` (median 52, CI 52 to 52).
    """
    require_columns(frame, (time, event), what="survival frame")
    days = frame[time].astype(float)
    n = int(days.notna().sum())
    if n == 0:
        return FollowUp(0, None, None, None, None, None, None, (None, None))
    alive = frame[event].astype(int).to_numpy() == 0
    curve = product_limit(days.to_numpy(dtype=float), alive.astype(int))
    median = curve_quantile(curve, 0.5)  # R's rule, also on a plateau at exactly 0.5
    ci = median.ci95
    return FollowUp(
        n=n,
        mean=finite_or_none(days.mean()),
        sd=finite_or_none(days.std(ddof=1)) if n > 1 else None,
        min=finite_or_none(days.min()),
        max=finite_or_none(days.max()),
        median=finite_or_none(days.median()),
        median_reverse_km=median.estimate,
        median_reverse_km_ci95=(ci[0], ci[1]),
        n_alive=int(alive.sum()),
        median_alive=finite_or_none(days[alive].median()) if alive.any() else None,
    )
