"""Validation of a write by the layers above: a patient's data, as they would stand after the
write, are checked as a one-patient :class:`spinemet.cohort.Cohort` (every per-cell rule and
every rule across tables: a death before the index date, an assessment after death, a
procedure before the index date, lesion consistency ...), so no rule is written twice.

Rows of the record being written are labelled :data:`TARGET`; its problems name the field
alone (``death_date``), problems of other records keep their table (``assessments.date``) and
name the record (``assessment:12``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from spinemet.cohort import Cohort, VisitSchedule
from spinemet.errors import CohortError, Problem, SpinemetInputError

__all__ = ["TARGET", "check_patient_data", "problems_as_detail", "python_value", "row_values"]

TARGET = "this"


def check_patient_data(
    *,
    patient: Mapping[str, Any],
    lesions: Sequence[tuple[str, Mapping[str, Any]]] = (),
    procedures: Sequence[tuple[str, Mapping[str, Any]]] = (),
    assessments: Sequence[tuple[str, Mapping[str, Any]]] = (),
    complications: Sequence[tuple[str, Mapping[str, Any]]] = (),
    schedule: VisitSchedule,
    patient_label: str = "patient",
) -> Cohort:
    """Validate one patient's tables; the typed one-patient cohort, or a ``CohortError``.

    Each sequence holds ``(label, row)`` pairs; the label locates a problem (``this`` for the
    record being written). ``patient_id`` is filled in.
    """
    key = str(patient.get("patient_id") or "patient")

    def frame(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> pd.DataFrame | None:
        if not rows:
            return None
        records = [{**dict(row), "patient_id": key} for _, row in rows]
        return pd.DataFrame.from_records(records, index=[label for label, _ in rows])

    patients = pd.DataFrame.from_records(
        [{**dict(patient), "patient_id": key}], index=[patient_label]
    )
    return Cohort.from_tables(
        patients,
        lesions=frame(lesions),
        procedures=frame(procedures),
        assessments=frame(assessments),
        complications=frame(complications),
        schedule=schedule,
        check_visit_windows=True,
    )


def problems_as_detail(error: SpinemetInputError, *, prefix: str = "") -> list[dict[str, Any]]:
    """The problems of an input error as the API's 422 ``detail`` items (field, value,
    allowed, code, message), the record being written named by its field alone."""
    detail = []
    for problem in error.problems:
        field = problem.field
        row = problem.row
        if row == TARGET or (row == "patient" and prefix in ("", "patients.")):
            if "." in field and field.split(".", 1)[0] in (
                "patients",
                "lesions",
                "procedures",
                "complications",
                "assessments",
            ):
                field = field.split(".", 1)[1]
            row = None
        if prefix and not field.startswith(prefix) and row is None:
            field = f"{prefix}{field}"
        shown = Problem(field, problem.value, problem.allowed, problem.code, row, None)
        item = shown.as_dict()
        item.pop("file", None)
        item.pop("row", None)
        if row is not None:
            item["object"] = row
        detail.append(item)
    return detail


def python_value(value: Any) -> Any:
    """A cell of a typed cohort frame as a plain Python value for the database."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value


def row_values(frame: pd.DataFrame, position: int, names: Sequence[str]) -> dict[str, Any]:
    """Plain values of the columns ``names`` (those present) at ``position``."""
    return {
        name: python_value(frame[name].iat[position]) for name in names if name in frame.columns
    }


__all__ += ["CohortError"]
