"""The API's request bodies, made from the tidy cohort's column declarations (types, codes,
ranges), so the OpenAPI says what the cohort allows; cross-field rules are the cohort layer's,
applied by the services."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, create_model

from spinemet.cohort._columns import Column, Kind
from spinemet.registry.common.fields import cohort_columns
from spinemet.registry.patients.case_fields import case_only_fields

__all__ = [
    "AnswerIn",
    "AssessmentIn",
    "AssessmentPatch",
    "DecisionIn",
    "QueryIn",
    "TokenIn",
    "WithdrawIn",
    "child_in",
    "patient_in",
    "patient_patch",
]

_FORBID = ConfigDict(extra="forbid")


def _annotation(column: Column) -> Any:
    if column.kind is Kind.CODE and column.codes:
        return Literal[tuple(column.codes)]  # type: ignore[valid-type]
    if column.kind is Kind.INTEGER and column.integers:
        return Literal[tuple(column.integers)]  # type: ignore[valid-type]
    if column.kind is Kind.INTEGER:
        return StrictInt
    if column.kind is Kind.NUMBER:
        return float
    if column.kind is Kind.DATE:
        return dt.date
    if column.kind is Kind.BOOLEAN:
        return StrictBool
    return str


def _field(column: Column, *, required: bool) -> tuple[Any, Any]:
    bounds: dict[str, Any] = {}
    if column.minimum is not None:
        bounds["ge"] = column.minimum
    if column.maximum is not None:
        bounds["le"] = column.maximum
    annotation = _annotation(column)
    if required:
        return (annotation, Field(..., description=column.allowed_text(), **bounds))
    return (annotation | None, Field(None, description=column.allowed_text(), **bounds))


def _model(
    name: str, table: str, *, exclude: tuple[str, ...], patch: bool, extra: dict[str, Any]
) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for column in cohort_columns(table, exclude=exclude):
        fields[column.name] = _field(column, required=column.required and not patch)
    for case_field in case_only_fields(table):
        fields[case_field] = (Any, Field(None, description="a decision-case field (docs/case.md)"))
    fields.update(extra)
    return create_model(name, __config__=_FORBID, **fields)


patient_in = _model(
    "PatientIn",
    "patients",
    exclude=("patient_id",),
    patch=False,
    extra={"study_id": (str, Field(..., min_length=1, max_length=64)), "study": (str | None, None)},
)
patient_patch = _model(
    "PatientPatch",
    "patients",
    exclude=("patient_id", "site"),
    patch=True,
    extra={
        "version": (StrictInt, Field(..., description="the version as last read")),
        "reason": (str, Field(..., min_length=1, description="why the record changes")),
        "study_id": (str | None, Field(None, min_length=1, max_length=64)),
    },
)


def _child(table: str, name: str) -> type[BaseModel]:
    return _model(name, table, exclude=("patient_id",), patch=False, extra={})


child_in = {
    "lesions": _child("lesions", "LesionIn"),
    "procedures": _child("procedures", "ProcedureIn"),
    "complications": _child("complications", "ComplicationIn"),
}


class TokenIn(BaseModel):
    model_config = _FORBID
    username: str = Field(max_length=150)
    password: str = Field(max_length=1000)


class AssessmentIn(BaseModel):
    model_config = _FORBID
    instrument: str = Field(description="instrument code (spinemet instruments)")
    visit: str | None = Field(None, description="visit code of the study's schedule")
    date: dt.date | None = None
    items: dict[str, Any] = Field(description="the raw items; the total is computed")


class AssessmentPatch(BaseModel):
    model_config = _FORBID
    version: StrictInt
    reason: str = Field(min_length=1)
    items: dict[str, Any] | None = None
    visit: str | None = None
    date: dt.date | None = None


class WithdrawIn(BaseModel):
    model_config = _FORBID
    reason: str = Field(min_length=1)


class DecisionIn(BaseModel):
    model_config = _FORBID
    chosen_option: str = Field("", description="the team's final choice (an option code)")
    note: str = ""


class QueryIn(BaseModel):
    model_config = _FORBID
    patient: StrictInt
    object: str = Field(
        pattern=r"^(patient|(lesion|procedure|complication|assessment|decision):\d+)$"
    )
    field: str = Field(min_length=1, max_length=60)
    text: str = Field(min_length=1)


class AnswerIn(BaseModel):
    model_config = _FORBID
    text: str = Field(min_length=1)
