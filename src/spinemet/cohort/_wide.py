"""The wide sheet researchers keep: one row per patient, an outcome column per visit.

Columns named ``<instrument>_<visit>`` (``vas_preop``, ``vas_d7``, ``barthel_m6``; instrument
codes of domain/instruments.md, visit codes of the study's schedule) hold totals; a column
``<visit>_date`` (``m3_date``) holds the date of that visit; every other column is a patient
field (``patient_id``, ``sex``, ``index_date``, ...). Totals from a wide sheet are marked
``given``. A column such as ``vas_m9`` whose visit is not in the schedule is refused with the
schedule's codes, not read as a patient field. So is a column that looks like an outcome or a
visit date but is not spelled as one (``VAS_m6``, ``Vas_d7``, ``M3_date``), and one that ends
in a visit code after something that is not an instrument (``odi_preop``), unless it is a
declared patient column: read as patient fields, they would silently become Table 1 variables.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from spinemet.cohort._classify import ColumnUse
from spinemet.cohort._columns import TABLES
from spinemet.cohort._convert import blank_mask
from spinemet.cohort._raw import RawTable
from spinemet.cohort._schedule import DEFAULT_SCHEDULE, VisitSchedule
from spinemet.cohort._settings import VasUnit
from spinemet.cohort.cohort import Cohort, build_cohort
from spinemet.errors import Problem
from spinemet.instruments import INSTRUMENTS

__all__ = ["from_wide", "has_outcome_columns", "split_wide", "to_wide"]

_PATIENT_COLUMNS = frozenset(column.name for column in TABLES["patients"])


def _outcome_column(name: str, schedule: VisitSchedule) -> tuple[str, str] | str | None:
    """``(instrument, visit)`` for an outcome column, ``None`` for a patient field, or the
    unknown visit suffix (a str) for ``<instrument>_<not a visit>``."""
    if name in _PATIENT_COLUMNS or name in INSTRUMENTS:
        return None
    for code in sorted(INSTRUMENTS, key=len, reverse=True):
        if name.startswith(code + "_"):
            visit = name[len(code) + 1 :]
            return (code, visit) if visit in schedule.codes else visit
    return None


def _misspelled_outcome(name: str, schedule: VisitSchedule) -> str | None:
    """What is wrong with a column that looks like ``<instrument>_<visit>`` or
    ``<visit>_date`` without being one (``None`` when it looks like neither)."""
    folded = name.casefold()
    visits = {code.casefold(): code for code in schedule.codes}
    if folded.endswith("_date") and folded[: -len("_date")] in visits:
        return f"did you mean {visits[folded[: -len('_date')]]}_date?"
    for code in sorted(INSTRUMENTS, key=len, reverse=True):
        if folded.startswith(code.casefold() + "_"):
            visit = folded[len(code) + 1 :]
            if visit in visits:
                return f"did you mean {code}_{visits[visit]}?"
            return f"{name[len(code) + 1 :]!r} is not a visit of the study's schedule"
    for visit in visits:
        if folded.endswith("_" + visit):
            return f"{name[: -len(visit) - 1]!r} is not an instrument code"
    return None


def _outcome_allowed(hint: str, schedule: VisitSchedule) -> str:
    return (
        f"an outcome column <instrument>_<visit> or a <visit>_date column, spelled exactly "
        f"({hint}); instrument codes: {', '.join(INSTRUMENTS)}; visits of the study's "
        f"schedule: {', '.join(schedule.codes)}; a patient field must not end in _<visit>"
    )


def split_wide(
    frame: pd.DataFrame,
    *,
    schedule: VisitSchedule,
    file: str | None,
    rows: Sequence[int | str] | None,
) -> tuple[dict[str, RawTable], list[Problem], list[ColumnUse]]:
    """The patients and assessments tables of a wide sheet (cells as read), the problems
    of its header, and the use of each outcome and visit-date column."""
    problems: list[Problem] = []
    uses: list[ColumnUse] = []
    outcomes: list[tuple[str, str, str]] = []
    dates: dict[str, str] = {}
    patient_columns: list[str] = []
    for name in map(str, frame.columns):
        if name.endswith("_date") and name[: -len("_date")] in schedule.codes:
            dates[name[: -len("_date")]] = name
            uses.append(ColumnUse(name, name, "outcome", "date of that visit"))
            continue
        found = _outcome_column(name, schedule)
        if isinstance(found, tuple):
            outcomes.append((name, *found))
            uses.append(ColumnUse(name, name, "outcome", f"{found[0]} at {found[1]}"))
        elif isinstance(found, str):
            problems.append(
                Problem(
                    name,
                    found,
                    "a visit code of the study's schedule after the instrument: "
                    + ", ".join(schedule.codes),
                    "unknown_visit",
                    1 if file is not None else None,
                    file,
                )
            )
        elif (
            name not in _PATIENT_COLUMNS
            and (hint := _misspelled_outcome(name, schedule)) is not None
        ):
            problems.append(
                Problem(
                    name,
                    name,
                    _outcome_allowed(hint, schedule),
                    "unknown_outcome_column",
                    1 if file is not None else None,
                    file,
                )
            )
        else:
            patient_columns.append(name)
    row_numbers = list(rows) if rows is not None else list(range(1, len(frame) + 1))
    patients = RawTable(
        frame[patient_columns].reset_index(drop=True), "patients", file, row_numbers
    )
    columns: dict[str, list[np.ndarray]] = {
        name: []
        for name in (
            "patient_id",
            "visit",
            "date",
            "instrument",
            "total",
            "_row",
            "_total",
            "_date",
        )
    }
    ids = frame["patient_id"].to_numpy(dtype=object) if "patient_id" in frame.columns else None
    rows_array = np.asarray(row_numbers, dtype=object)
    for column, instrument, visit in outcomes:
        present = np.flatnonzero(~blank_mask(frame[column]))
        date_column = dates.get(visit)
        size = present.size

        def constant(value: object, size: int = size) -> np.ndarray:
            return np.full(size, value, dtype=object)

        columns["patient_id"].append(ids[present] if ids is not None else constant(None))
        columns["visit"].append(constant(visit))
        columns["date"].append(
            frame[date_column].to_numpy(dtype=object)[present] if date_column else constant(None)
        )
        columns["instrument"].append(constant(instrument))
        columns["total"].append(frame[column].to_numpy(dtype=object)[present])
        columns["_row"].append(rows_array[present])
        columns["_total"].append(constant(column))
        columns["_date"].append(constant(date_column or f"{visit}_date"))
    tables = {"patients": patients}
    if outcomes:
        joined = {name: np.concatenate(arrays) for name, arrays in columns.items()}
        long = pd.DataFrame(
            {name: joined[name] for name in ("patient_id", "visit", "date", "instrument", "total")}
        )
        tables["assessments"] = RawTable(
            long,
            "assessments",
            file,
            joined["_row"].tolist(),
            {
                "total": joined["_total"],
                "date": joined["_date"],
                "patient_id": np.full(len(long), "patient_id", dtype=object),
                "visit": joined["_total"],
                "instrument": joined["_total"],
            },
        )
    return tables, problems, uses


def has_outcome_columns(columns: Sequence[object], schedule: VisitSchedule) -> bool:
    """Whether any column is a wide outcome ``<instrument>_<visit>`` or ``<visit>_date``, or
    ``<instrument>_<not a visit>`` (``vas_m9``: refused by :func:`split_wide`, never a
    patient field)."""
    for name in map(str, columns):
        if name.endswith("_date") and name[: -len("_date")] in schedule.codes:
            return True
        if _outcome_column(name, schedule) is not None:
            return True
    return False


def from_wide(
    frame: pd.DataFrame,
    *,
    schedule: VisitSchedule = DEFAULT_SCHEDULE,
    vas_unit: VasUnit = "cm",
    check_visit_windows: bool = True,
    synthetic: bool = False,
) -> Cohort:
    """A cohort from a wide sheet held in memory (rows reported by their index label).

    Examples
    --------
    >>> wide = pd.DataFrame({"patient_id": ["P1"], "index_date": ["2021-03-01"],
    ...                      "vital_status": ["alive"], "vas_preop": [8.0], "vas_d7": [3.5]})
    >>> from_wide(wide).outcome_frame("vas")[["visit", "total"]].to_dict("list")
    {'visit': ['preop', 'd7'], 'total': [8.0, 3.5]}
    """
    labels = RawTable.from_frame(frame, name="patients").rows
    tables, problems, uses = split_wide(frame, schedule=schedule, file=None, rows=labels)
    return build_cohort(
        tables,
        schedule=schedule,
        synthetic=synthetic,
        vas_unit=vas_unit,
        check_visit_windows=check_visit_windows,
        sources=(),
        sha256=None,
        problems=problems,
        column_uses=uses,
    )


def to_wide(cohort: Cohort, *, instruments: Sequence[str] | None = None) -> pd.DataFrame:
    """The cohort as one wide sheet: patient columns, ``<visit>_date``, ``<instrument>_<visit>``.

    Visits follow the schedule, instruments their first appearance (or ``instruments``). The
    date of a visit is the earliest assessment date of that patient at that visit. Lesions,
    procedures, complications, item columns and assessments outside every window are not in a
    wide sheet; synthetic cohorts get a ``synthetic`` column.
    """
    wide = cohort.patients.copy()
    chosen = list(instruments) if instruments is not None else list(cohort.instruments())
    rows = cohort.assessments[cohort.assessments["visit"].notna()]
    visits = [code for code in cohort.schedule.codes if code in set(rows["visit"])]
    ids = wide["patient_id"]
    if rows["date"].notna().any():
        first = rows.groupby(["patient_id", "visit"])["date"].min()
        for visit in visits:
            if visit in first.index.get_level_values("visit"):
                by_patient = first.xs(visit, level="visit")
                if by_patient.notna().any():
                    wide[f"{visit}_date"] = ids.map(by_patient).astype("datetime64[ns]")
    for instrument in chosen:
        subset = rows[rows["instrument"] == instrument]
        totals = subset.set_index(["patient_id", "visit"])["total"]
        for visit in visits:
            if visit not in set(subset["visit"]):
                continue
            by_patient = totals.xs(visit, level="visit")
            wide[f"{instrument}_{visit}"] = ids.map(by_patient).astype("float64")
    if cohort.synthetic:
        wide["synthetic"] = True
    return wide.reset_index(drop=True)
