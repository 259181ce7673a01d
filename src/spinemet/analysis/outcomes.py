"""Per instrument and visit: n, mean, SD, median, IQR, 95 % CI of the mean; the share of
patients reaching the minimal clinically important difference (MCID)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from spinemet.analysis._common import require_columns, subject_by_visit
from spinemet.analysis.complications import clopper_pearson
from spinemet.instruments.barthel import BARTHEL_MCID_100

__all__ = ["MCID_RULES", "McidRule", "describe_outcome", "mcid_share"]


@dataclass(frozen=True, slots=True)
class McidRule:
    """An instrument's MCID: ``improvement`` is ``"decrease"`` (pain) or ``"increase"``.

    A patient reaches it when the change from baseline improves by at least ``points``, or by
    at least ``percent`` of the baseline value when ``percent`` is set and ``primary`` is
    ``"percent"``. Both shares are reported; ``primary`` names the one to cite.
    """

    instrument: str
    improvement: str
    points: float
    percent: float | None
    primary: str
    reference: str


_FARRAR = "Farrar JT et al. Pain. 2001;94(2):149-158 (2 points or 30 %, NRS, chronic pain)"
_HSIEH = "Hsieh YW et al. Neurorehabil Neural Repair. 2007;21(3):233-238 (1.85/20, stroke)"

MCID_RULES: dict[str, McidRule] = {
    "vas": McidRule("vas", "decrease", 2.0, 30.0, "percent", _FARRAR),
    "nrs": McidRule("nrs", "decrease", 2.0, 30.0, "percent", _FARRAR),
    "barthel": McidRule("barthel", "increase", BARTHEL_MCID_100, None, "points", _HSIEH),
    "barthel_20": McidRule("barthel_20", "increase", 1.85, None, "points", _HSIEH),
}
"""MCIDs of domain/instruments.md §8 (VAS, NRS) and §9 (Barthel)."""


def describe_outcome(frame: pd.DataFrame, *, visits: Sequence[str]) -> pd.DataFrame:
    """n, mean, SD, median, quartiles, range and 95 % CI of the mean at each visit.

    Parameters
    ----------
    frame
        Long outcome frame of one instrument: ``patient_id``, ``visit``, ``total``.
    visits
        Visit codes in schedule order; every one gets a row (n = 0 and ``NaN`` when unseen).

    Returns
    -------
    pandas.DataFrame
        ``visit``, ``n``, ``mean``, ``sd``, ``median``, ``q1``, ``q3``, ``min``, ``max``,
        ``ci95_low``, ``ci95_high``.

    Notes
    -----
    Quartiles by linear interpolation (R ``quantile(type = 7)``, the default). The CI of the
    mean is mean +/- t(0.975, n - 1) SD / sqrt(n). At later visits these describe the patients
    still alive and assessed.
    """
    require_columns(frame, ("visit", "total"), what="outcome frame")
    rows = []
    for visit in visits:
        values = frame.loc[frame["visit"] == visit, "total"].dropna().to_numpy(dtype=float)
        n = values.size
        row: dict[str, object] = {"visit": visit, "n": n}
        if n:
            sd = float(values.std(ddof=1)) if n > 1 else np.nan
            half = float(stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)) if n > 1 else np.nan
            q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
            mean = float(values.mean())
            row |= {
                "mean": mean,
                "sd": sd,
                "median": float(median),
                "q1": float(q1),
                "q3": float(q3),
                "min": float(values.min()),
                "max": float(values.max()),
                "ci95_low": mean - half,
                "ci95_high": mean + half,
            }
        rows.append(row)
    columns = ["visit", "n", "mean", "sd", "median", "q1", "q3", "min", "max"]
    return pd.DataFrame(rows, columns=[*columns, "ci95_low", "ci95_high"])


def mcid_share(
    frame: pd.DataFrame, *, instrument: str, visits: Sequence[str], baseline: str | None = None
) -> pd.DataFrame | None:
    """Share of patients whose change from baseline reaches the instrument's MCID, per visit.

    Parameters
    ----------
    frame
        Long outcome frame of ``instrument``.
    instrument
        A key of :data:`MCID_RULES`; other instruments have no MCID and give ``None``.
    visits
        Visit codes in schedule order; the first is the baseline unless ``baseline`` is given.

    Returns
    -------
    pandas.DataFrame or None
        ``visit``, ``n`` (patients with baseline and visit), ``n_points``, ``share_points``,
        ``n_percent``, ``share_percent``, ``primary``, ``share_primary``, ``ci95_low``,
        ``ci95_high`` (Clopper-Pearson CI of the primary share).

    Notes
    -----
    Changes are rounded to 6 decimals before comparing, so a change of exactly the MCID
    (VAS 3.8 to 1.8) counts (domain/instruments.md §8). A pain baseline of 0 cannot improve:
    the patient counts in ``n`` and not as reaching the MCID. Patients not assessed (dead,
    lost) are not in ``n``.
    """
    rule = MCID_RULES.get(instrument)
    if rule is None:
        return None
    reference = baseline if baseline is not None else visits[0]
    wide = subject_by_visit(frame, visits=visits)
    sign = -1.0 if rule.improvement == "decrease" else 1.0
    rows = []
    for visit in visits:
        if visit == reference:
            continue
        both = wide[[reference, visit]].dropna()
        start = both[reference].to_numpy(dtype=float)
        improvement = np.round(sign * (both[visit].to_numpy(dtype=float) - start), 6)
        points = improvement >= rule.points
        if rule.improvement == "decrease":
            points &= start != 0
        n = len(both)
        row: dict[str, object] = {"visit": visit, "n": n, "n_points": int(points.sum())}
        row["share_points"] = points.mean() if n else np.nan
        chosen = points
        if rule.percent is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                relative = np.round(np.where(start != 0, improvement / start * 100, 0.0), 6)
            percent = (start != 0) & (relative >= rule.percent)
            row |= {
                "n_percent": int(percent.sum()),
                "share_percent": percent.mean() if n else np.nan,
            }
            if rule.primary == "percent":
                chosen = percent
        low, high = clopper_pearson(int(chosen.sum()), n) if n else (np.nan, np.nan)
        row |= {
            "primary": rule.primary,
            "n_primary": int(chosen.sum()),
            "share_primary": chosen.mean() if n else np.nan,
            "ci95_low": low,
            "ci95_high": high,
        }
        rows.append(row)
    return pd.DataFrame(rows)
