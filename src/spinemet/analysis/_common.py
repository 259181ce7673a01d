"""Helpers shared by the analysis modules: finite numbers, the subject-by-visit matrix, warnings."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from spinemet.errors import AnalysisError, SmallSampleWarning

SMALL_SAMPLE = 10
"""Below this many patients a statistic is still computed, with a :class:`SmallSampleWarning`."""

Interval = tuple[float | None, float | None]


def finite_or_none(value: object) -> float | None:
    """``value`` as a float, or ``None`` when it is missing, NaN or infinite (never NaN in JSON)."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def require_columns(frame: pd.DataFrame, columns: Sequence[str], *, what: str) -> None:
    """Raise :class:`AnalysisError` naming every column of ``columns`` missing from ``frame``."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise AnalysisError(f"{what}: missing column(s) {', '.join(missing)}")


def subject_by_visit(
    frame: pd.DataFrame,
    *,
    visits: Sequence[str] | None = None,
    subject: str = "patient_id",
    visit: str = "visit",
    value: str = "total",
) -> pd.DataFrame:
    """The long outcome frame as a subject x visit table (NaN where a visit is missing).

    Columns follow ``visits`` (the schedule order) when given, else the order of first
    appearance. Raises :class:`AnalysisError` if a subject has two values at one visit.
    """
    require_columns(frame, (subject, visit, value), what="outcome frame")
    data = frame[[subject, visit, value]].dropna(subset=[value])
    data = data.assign(**{visit: data[visit].astype(object)})  # a Categorical pivots oddly
    if data.duplicated([subject, visit]).any():
        first = data[data.duplicated([subject, visit], keep=False)].iloc[0]
        raise AnalysisError(
            f"outcome frame: {subject} {first[subject]!r} has more than one {value} at "
            f"visit {first[visit]!r}; expected one value per patient and visit"
        )
    order = list(visits) if visits is not None else list(pd.unique(data[visit]))
    subjects, subject_codes = _codes(data[subject], sort=True)
    seen, visit_codes = _codes(data[visit], sort=False)
    if subject_codes is None or visit_codes is None or len(set(order)) < len(order):
        wide = data.pivot(index=subject, columns=visit, values=value)
        wide = wide.reindex(columns=order).astype(float)
        wide.columns.name = None
        return wide
    # pivot's table (subjects sorted, columns in ``order``) filled by position: pandas' pivot
    # builds a MultiIndex and unstacks it, seconds at 40,000 patients for each of 5 callers
    position = {code: index for index, code in enumerate(order)}
    column_of = np.array([position.get(code, -1) for code in seen], dtype=int)[visit_codes]
    kept = column_of >= 0
    table = np.full((len(subjects), len(order)), np.nan)
    values = data[value].to_numpy(dtype=float)
    table[subject_codes[kept], column_of[kept]] = values[kept]
    return pd.DataFrame(table, index=pd.Index(subjects, name=subject), columns=order)


def _codes(column: pd.Series, *, sort: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """Distinct values and each row's code; codes ``None`` when a value is missing."""
    codes, distinct = pd.factorize(column, sort=sort)
    if len(codes) == 0 or (codes < 0).any():
        return np.asarray(distinct), None
    return np.asarray(distinct), codes


def complete_matrix(wide: pd.DataFrame) -> np.ndarray:
    """Rows of ``wide`` observed at every column (complete cases), as a float array."""
    return np.asarray(wide.dropna(how="any").to_numpy(dtype=float))


def warn_if_small(n: int, what: str) -> str | None:
    """Warn and return the caveat text when ``n`` is below :data:`SMALL_SAMPLE`."""
    if n >= SMALL_SAMPLE:
        return None
    caveat = f"{what}: only {n} patient(s); fewer than {SMALL_SAMPLE}, interpret with care"
    warnings.warn(caveat, SmallSampleWarning, stacklevel=3)
    return caveat
