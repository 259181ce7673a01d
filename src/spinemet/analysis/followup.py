"""Follow-up: how long patients were observed, and the reverse Kaplan-Meier median."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from spinemet.analysis._common import Interval, finite_or_none, require_columns

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
    the observed follow-up understates when patients die early.

    References
    ----------
    Schemper M, Smith TL. A note on quantifying follow-up in studies of failure time. Control
    Clin Trials. 1996;17(4):343-346. Checked against R 4.2.2, survival 3.5.3:
    ``survfit(Surv(week, 1 - arrest) ~ 1, data = rossi)`` (median 52, CI 52 to 52).
    """
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    require_columns(frame, (time, event), what="survival frame")
    days = frame[time].astype(float)
    n = int(days.notna().sum())
    if n == 0:
        return FollowUp(0, None, None, None, None, None, None, (None, None))
    fitter = KaplanMeierFitter().fit(days, 1 - frame[event].astype(int))
    ci = median_survival_times(fitter.confidence_interval_).iloc[0].to_list()
    return FollowUp(
        n=n,
        mean=finite_or_none(days.mean()),
        sd=finite_or_none(days.std(ddof=1)) if n > 1 else None,
        min=finite_or_none(days.min()),
        max=finite_or_none(days.max()),
        median=finite_or_none(days.median()),
        median_reverse_km=finite_or_none(fitter.median_survival_time_),
        median_reverse_km_ci95=(finite_or_none(ci[0]), finite_or_none(ci[1])),
    )
