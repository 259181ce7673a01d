"""Forms of a patient and of the lesions, procedures and complications under it, generated
from the tidy cohort's declared columns (the same declarations the models and the API's input
come from); the core's validation judges what they send."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from spinemet.cohort._columns import Column, Kind
from spinemet.instruments import get_spec
from spinemet.registry.common.fields import cohort_columns
from spinemet.registry.web.labels import field_label

__all__ = [
    "PatientField",
    "form_text",
    "patient_fields",
    "read_patient",
    "read_record",
    "record_fields",
]

SINS_PREFIX = "sins_"


@dataclass
class PatientField:
    """One input of a generated form (a patient's, a lesion's ...): its widget, what it
    allows, the value as typed and the errors to show beside it."""

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
    hint: str = ""


def _columns(table: str = "patients") -> list[Column]:
    exclude = ("patient_id", "site") if table == "patients" else ("patient_id",)
    return list(cohort_columns(table, exclude=exclude))


def form_text(value: Any) -> str:
    """A stored value as a form shows it and sends it back (``true``/``false``, ISO dates,
    ``64`` rather than ``64.0``); empty for a missing value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _field(
    column: Column, values: Mapping[str, Any], errors: Mapping[str, list[str]]
) -> PatientField:
    options: list[tuple[str, str]] = []
    widget = "text"
    step = "any"
    hint = ""
    label = field_label(column.name)
    if column.name.startswith(SINS_PREFIX):
        # The SINS items are the SINS spec's: its labels, answers and points.
        item = get_spec("sins").item(column.name[len(SINS_PREFIX) :])
        label = f"SINS: {gettext(item.label)}"
        widget = "select"
        options = [
            (str(choice.code), f"{gettext(choice.label)} ({choice.points})")
            for choice in item.choices
        ]
    elif column.kind is Kind.CODE:
        widget, options = "select", [(code, gettext(code)) for code in column.codes]
    elif column.kind is Kind.INTEGER and column.integers:
        widget, options = "select", [(str(n), str(n)) for n in column.integers]
    elif column.kind is Kind.BOOLEAN:
        widget, options = "select", [("true", gettext("yes")), ("false", gettext("no"))]
    elif column.kind in (Kind.INTEGER, Kind.NUMBER):
        widget, step = "number", "1" if column.kind is Kind.INTEGER else "any"
    elif column.kind is Kind.DATE:
        widget = "date"
    elif column.kind is Kind.LEVELS:
        hint = gettext("levels separated by commas, e.g. T11,T12,L2")
    return PatientField(
        column.name,
        label,
        widget,
        column.required,
        options=options,
        minimum=column.minimum,
        maximum=column.maximum,
        step=step,
        value=form_text(values.get(column.name)),
        errors=list(errors.get(column.name, ())),
        hint=hint,
    )


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
    shown += [_field(column, values, errors) for column in _columns()]
    return shown


def record_fields(
    table: str,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[PatientField]:
    """Every declared column of a lesion, procedure or complication as a form field."""
    return [_field(column, values or {}, errors or {}) for column in _columns(table)]


def _read(names: list[str], data: Mapping[str, Any], *, blanks: bool) -> dict[str, Any]:
    sent: dict[str, Any] = {}
    for name in names:
        raw = data.get(name)
        text = "" if raw is None else str(raw).strip()
        if text:
            sent[name] = text
        elif blanks and raw is not None:
            sent[name] = None
    return sent


def read_patient(data: Mapping[str, Any], *, blanks: bool = False) -> dict[str, Any]:
    """The fields a form sent, as text: the cohort layer reads text as it reads a
    spreadsheet's cells and refuses what it cannot read, naming the field. Empty fields are
    left out of a new record; with ``blanks`` (an edit) they clear the stored value."""
    names = ["study_id"] + [column.name for column in _columns()]
    return _read(names, data, blanks=blanks)


def read_record(table: str, data: Mapping[str, Any], *, blanks: bool = False) -> dict[str, Any]:
    """As :func:`read_patient`, the declared columns of a lesion, procedure or complication."""
    return _read([column.name for column in _columns(table)], data, blanks=blanks)
