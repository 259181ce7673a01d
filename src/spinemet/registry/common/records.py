"""Model instances as the tidy cohort's rows, and back (one mapping, used by validation, the
API's output, the cohort extract and the importer)."""

from __future__ import annotations

from typing import Any

from spinemet.registry.common.fields import cohort_columns

__all__ = [
    "ASSESSMENT_KEYS",
    "CHILD_FIELDS",
    "PATIENT_FIELDS",
    "assessment_row",
    "child_row",
    "patient_row",
]

PATIENT_FIELDS: tuple[str, ...] = tuple(
    column.name for column in cohort_columns("patients", exclude=("patient_id", "site"))
)
"""The patient fields stored as columns (the cohort's declared patient columns)."""

CHILD_FIELDS: dict[str, tuple[str, ...]] = {
    table: tuple(column.name for column in cohort_columns(table, exclude=("patient_id",)))
    for table in ("lesions", "procedures", "complications")
}
"""The stored columns of lesions, procedures and complications."""

ASSESSMENT_KEYS = ("visit", "date", "instrument")


def patient_row(patient: Any, *, with_case_fields: bool = True) -> dict[str, Any]:
    """The patient as a row of the cohort's ``patients`` table (without ``patient_id``)."""
    row = {name: getattr(patient, name) for name in PATIENT_FIELDS}
    row["site"] = patient.site.code
    if with_case_fields:
        for name, value in (patient.case_fields or {}).items():
            row.setdefault(name, value)
    return row


def child_row(table: str, record: Any, *, with_case_fields: bool = False) -> dict[str, Any]:
    """A lesion, procedure or complication as a row of its cohort table."""
    row = {name: getattr(record, name) for name in CHILD_FIELDS[table]}
    if with_case_fields and hasattr(record, "case_fields"):
        for name, value in (record.case_fields or {}).items():
            row.setdefault(name, value)
    return row


def assessment_row(assessment: Any) -> dict[str, Any]:
    """An assessment as a row of the cohort's long ``assessments`` table (items as columns)."""
    row: dict[str, Any] = {
        "visit": assessment.visit,
        "date": assessment.date,
        "instrument": assessment.instrument,
    }
    if assessment.total_source == "given":
        row["total"] = assessment.total
    row.update(assessment.items or {})
    return row
