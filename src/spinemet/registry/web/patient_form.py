"""Forms of a patient and of the lesions, procedures and complications under it, generated
from the tidy cohort's declared columns (the same declarations the models and the API's input
come from); the core's validation judges what they send."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from django.utils.translation import gettext

from spinemet.cohort._columns import Column, Kind
from spinemet.instruments import get_spec
from spinemet.registry.common.fields import cohort_columns
from spinemet.registry.patients.case_fields import CASE_MODELS, case_only_fields
from spinemet.registry.web.labels import CHOICE_LABELS, code_text, field_label

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
    group: str = ""  # a heading above the first field of a group


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
        widget = "select"
        options = [(code, code_text(code, column.name)) for code in column.codes]
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
    return shown + case_fields("patients", values, errors)


def record_fields(
    table: str,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[PatientField]:
    """Every declared column of a lesion, procedure or complication as a form field, then
    the decision-case findings of a lesion that the cohort does not hold."""
    values = values or {}
    errors = errors or {}
    return [_field(column, values, errors) for column in _columns(table)] + case_fields(
        table, values, errors
    )


def _scalar(annotation: Any) -> tuple[str, tuple[Any, ...]] | None:
    """A case field's type as a form can take it: ``("literal", values)``, ``("bool", ())``,
    ``("int", ())``, ``("number", ())`` or ``("text", ())``; ``None`` for a nested item set
    (revised Tokuhashi or Tomita overrides, a prior radiotherapy), which the API sets."""
    if get_origin(annotation) in (Union, types.UnionType):
        kinds = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _scalar(kinds[0]) if len(kinds) == 1 else None
    if get_origin(annotation) is Literal:
        return "literal", get_args(annotation)
    simple = {bool: "bool", int: "int", float: "number", str: "text"}
    return (simple[annotation], ()) if annotation in simple else None


@cache
def _case_inputs(table: str) -> tuple[tuple[str, str, tuple[Any, ...], float | None], ...]:
    """The decision-case findings of a table (not cohort columns) that its form offers, each
    with its kind, allowed values (see :func:`_scalar`) and lower bound (the model's ``ge``)."""
    model = CASE_MODELS.get(table)
    if model is None:
        return ()
    found = []
    for name in case_only_fields(table):
        info = model.model_fields[name]
        kind = _scalar(info.annotation)
        if kind is not None:
            bounds = [m.ge for m in info.metadata if getattr(m, "ge", None) is not None]
            found.append((name, *kind, bounds[0] if bounds else None))
    return tuple(found)


def case_field_names(table: str) -> list[str]:
    """The names of the decision-case findings that the form of ``table`` offers."""
    return [name for name, *_ in _case_inputs(table)]


def case_fields(
    table: str, values: Mapping[str, Any], errors: Mapping[str, list[str]]
) -> list[PatientField]:
    """The decision-case findings of a patient or a lesion that the tidy cohort does not hold
    (kept in ``case_fields`` and checked by the decision layer's case model): what the
    decision support reads beside the cohort's columns. None is required to save a record."""
    widgets = {"literal": "select", "bool": "select", "int": "number", "number": "number"}
    shown = []
    for position, (name, kind, choices, minimum) in enumerate(_case_inputs(table)):
        options: list[tuple[str, str]] = []
        if kind == "literal":
            labels = CHOICE_LABELS.get(name, {})
            options = [(str(c), str(labels.get(str(c), gettext(str(c))))) for c in choices]
        elif kind == "bool":
            options = [("true", gettext("yes")), ("false", gettext("no"))]
        shown.append(
            PatientField(
                name,
                field_label(name),
                widgets.get(kind, "text"),
                False,
                options=options,
                minimum=minimum,
                step="1" if kind == "int" else "any",
                value=form_text(values.get(name)),
                errors=list(errors.get(name, ())),
                group=gettext("Findings for the decision support") if position == 0 else "",
            )
        )
    return shown


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
    names = ["study_id"] + [column.name for column in _columns()] + case_field_names("patients")
    return _read(names, data, blanks=blanks)


def read_record(table: str, data: Mapping[str, Any], *, blanks: bool = False) -> dict[str, Any]:
    """As :func:`read_patient`, the declared columns of a lesion, procedure or complication."""
    names = [column.name for column in _columns(table)] + case_field_names(table)
    return _read(names, data, blanks=blanks)
