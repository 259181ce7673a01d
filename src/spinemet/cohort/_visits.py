"""Visits from dates: the day after the index date, the window it falls in, what falls in none.

Rules (documented in :func:`~spinemet.cohort.read_cohort`):

- an assessment with a date and no visit gets the visit whose window holds its day; one in no
  window is kept with ``visit`` null and listed in ``provenance.visit_assignment`` (never
  dropped);
- an assessment with both a visit and a date must have the date inside that visit's window.
  By default a date outside it is refused (a typing error in the date or the visit would
  otherwise move a value to the wrong time point without anyone noticing); a study whose visits
  were really that late widens the window in its schedule file, or passes
  ``check_visit_windows=False`` to keep the given visit and have the mismatch listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinemet.cohort._provenance import OutsideWindow, VisitAssignment
from spinemet.cohort._schedule import Visit, VisitSchedule
from spinemet.errors import Problem

__all__ = ["AssignedVisits", "assign_visits"]

Locate = Callable[[int], tuple[str | None, int | str]]
"""Position of a row -> (file, row number) for reports."""


@dataclass(frozen=True, slots=True)
class AssignedVisits:
    """Visit codes and days of every assessment row, with the report and the problems."""

    visit: np.ndarray  # object: code or None
    day: pd.Series  # Int64
    report: VisitAssignment
    problems: tuple[Problem, ...]


def _iso(date: pd.Series, position: int) -> str:
    stamp: pd.Timestamp = date.iloc[position]
    return stamp.date().isoformat()


def _between(schedule: VisitSchedule, day: int) -> str:
    """Where ``day`` lies relative to the schedule's windows (it is in none of them)."""
    visits = sorted(schedule.visits, key=lambda entry: entry.window_low_day)

    def text(entry: Visit) -> str:
        return f"{entry.code} (day {entry.window_low_day} to {entry.window_high_day})"

    before = [entry for entry in visits if entry.window_high_day < day]
    after = [entry for entry in visits if entry.window_low_day > day]
    if not before:
        return f"before the first window, {text(visits[0])}"
    if not after:
        return f"after the last window, {text(max(visits, key=lambda e: e.window_high_day))}"
    last_before = max(before, key=lambda entry: entry.window_high_day)
    return f"between the windows of {text(last_before)} and {text(after[0])}"


def assign_visits(
    *,
    patient_id: pd.Series,
    visit: pd.Series,
    date: pd.Series,
    index_date: pd.Series,
    instrument: pd.Series,
    schedule: VisitSchedule,
    check_visit_windows: bool,
    locate: Locate,
    field: Callable[[int, str], str],
) -> AssignedVisits:
    """Assign visits from dates and check dated visits against their windows.

    ``index_date`` is each row's patient's index date (NaT when unknown: no day, no assignment).
    ``field(position, column)`` names the column of a cell as the user sees it.
    """
    day_float = (date - index_date).dt.days.to_numpy(dtype=np.float64, na_value=np.nan)
    has_day = np.isfinite(day_float)
    day = np.where(has_day, day_float, 0).astype(np.int64)
    lows = np.array([entry.window_low_day for entry in schedule.visits])
    highs = np.array([entry.window_high_day for entry in schedule.visits])
    codes = np.array(schedule.codes, dtype=object)
    inside = (day[:, None] >= lows) & (day[:, None] <= highs) & has_day[:, None]
    any_window = inside.any(axis=1)
    window_code = codes[inside.argmax(axis=1)]
    window_code[~any_window] = None

    given = visit.to_numpy(dtype=object)
    has_visit = visit.notna().to_numpy(dtype=bool)
    result = given.copy()
    from_date = ~has_visit & has_day & any_window
    result[from_date] = window_code[from_date]

    outside_rows = np.flatnonzero(~has_visit & has_day & ~any_window)
    outside = []
    for position in outside_rows:
        file, row = locate(int(position))
        outside.append(
            OutsideWindow(
                patient_id=str(patient_id.iat[position]),
                instrument=str(instrument.iat[position]),
                date=_iso(date, int(position)),
                day=int(day[position]),
                file=file,
                row=row,
                reason=_between(schedule, int(day[position])),
            )
        )

    known = np.isin(given, codes) & has_visit
    mismatch = known & has_day & (window_code != given)
    problems: list[Problem] = []
    mismatched: list[str] = []
    for position in np.flatnonzero(mismatch):
        entry = schedule.visit(str(given[position]))
        file, row = locate(int(position))
        stamp = _iso(date, int(position))
        allowed = (
            f"a date on day {entry.window_low_day} to {entry.window_high_day} after the index "
            f"date for visit {entry.code!r} (this date is day {int(day[position])}); correct "
            "the date or the visit, or widen the window in the study's schedule file"
        )
        if check_visit_windows:
            problems.append(
                Problem(
                    field(int(position), "date"), stamp, allowed, "date_outside_window", row, file
                )
            )
        else:
            where = f"{file}: " if file else ""
            mismatched.append(
                f"{where}row {row}: {patient_id.iat[position]} {instrument.iat[position]} "
                f"visit {entry.code} dated day {int(day[position])} (window "
                f"{entry.window_low_day} to {entry.window_high_day}); visit kept as given"
            )

    assigned_codes, counts = np.unique(result[from_date].astype(str), return_counts=True)
    by_code = dict(zip(assigned_codes.tolist(), counts.tolist(), strict=True))
    report = VisitAssignment(
        windows=tuple(entry.window_text() for entry in schedule.visits),
        assigned={code: by_code[code] for code in schedule.codes if code in by_code},
        outside=tuple(outside),
        mismatched=tuple(mismatched),
    )
    days = pd.array(day, dtype="Int64")
    days[~has_day] = pd.NA
    return AssignedVisits(
        visit=result,
        day=pd.Series(days, index=visit.index),
        report=report,
        problems=tuple(problems),
    )
