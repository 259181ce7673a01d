"""The new-patient form, generated from the tidy cohort's declared patient columns (the same
declarations the models and the API's input come from); the core's validation judges it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from spinemet.cohort._columns import Kind
from spinemet.registry.common.fields import cohort_columns
from spinemet.registry.web.labels import field_label

__all__ = ["PatientField", "patient_fields", "read_patient"]


@dataclass
class PatientField:
    name: str
    label: str
    widget: str  # select, number, date, text
    required: bool
    options: list[tuple[str, str]] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    step: str = "any"
    value: str = ""
    errors: list[str] = field(default_factory=list)


def _columns() -> list[Any]:
    return list(cohort_columns("patients", exclude=("patient_id", "site")))


def patient_fields(
    values: Mapping[str, Any] | None = None, errors: Mapping[str, list[str]] | None = None
) -> list[PatientField]:
    """The study id and every declared patient column as a form field."""
    values = values or {}
    errors = errors or {}
    shown = [
        PatientField(
            "study_id",
            field_label("study_id"),
            "text",
            True,
            value=str(values.get("study_id", "")),
            errors=list(errors.get("study_id", ())),
        )
    ]
    for column in _columns():
        options: list[tuple[str, str]] = []
        widget = "text"
        step = "any"
        if column.kind is Kind.CODE:
            widget, options = "select", [(code, gettext(code)) for code in column.codes]
        elif column.kind is Kind.INTEGER and column.integers:
            widget, options = "select", [(str(n), str(n)) for n in column.integers]
        elif column.kind is Kind.BOOLEAN:
            widget, options = "select", [("true", gettext("yes")), ("false", gettext("no"))]
        elif column.kind in (Kind.INTEGER, Kind.NUMBER):
            widget, step = "number", "1" if column.kind is Kind.INTEGER else "any"
        elif column.kind is Kind.DATE:
            widget = "date"
        shown.append(
            PatientField(
                column.name,
                field_label(column.name),
                widget,
                column.required,
                options=options,
                minimum=column.minimum,
                maximum=column.maximum,
                step=step,
                value=str(values.get(column.name, "") or ""),
                errors=list(errors.get(column.name, ())),
            )
        )
    return shown


def read_patient(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a form sent (empty ones left out), as text: the cohort layer reads text as
    it reads a spreadsheet's cells and refuses what it cannot read, naming the field."""
    names = ["study_id"] + [column.name for column in _columns()]
    sent = {}
    for name in names:
        raw = data.get(name)
        if raw is not None and str(raw).strip() != "":
            sent[name] = str(raw).strip()
    return sent
