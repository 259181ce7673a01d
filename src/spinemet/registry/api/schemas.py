"""The API's request bodies, made from the tidy cohort's column declarations (types, codes,
ranges), so the OpenAPI says what the cohort allows; cross-field rules are the cohort layer's,
applied by the services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    create_model,
)
from pydantic_core import PydanticCustomError

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


def _json_number(value: Any) -> Any:
    """JSON numbers only: pydantic's lax mode would take ``true`` as 1 and ``"3"`` as 3."""
    if isinstance(value, (bool, str)):
        raise PydanticCustomError("number_type", "Input should be a JSON number")
    return value


_NUMBER_ONLY = BeforeValidator(_json_number)


def _annotation(column: Column, *, bounds: dict[str, Any] | None = None) -> Any:
    if column.kind is Kind.CODE and column.codes:
        return Literal[tuple(column.codes)]  # type: ignore[valid-type]
    if column.kind is Kind.INTEGER and column.integers:
        # Literal[0, 10, ...] alone takes false as 0
        return Annotated[Literal[tuple(column.integers)], _NUMBER_ONLY]  # type: ignore[valid-type]
    if column.kind in (Kind.INTEGER, Kind.NUMBER):
        kind = StrictInt if column.kind is Kind.INTEGER else float
        if bounds:
            # the bounds before the validator, or the JSON Schema gets non-standard keys
            return Annotated[kind, Field(**bounds), _NUMBER_ONLY]
        return Annotated[kind, _NUMBER_ONLY]
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
    annotation = _annotation(column, bounds=bounds)
    if required:
        return (annotation, Field(..., description=column.allowed_text()))
    return (annotation | None, Field(None, description=column.allowed_text()))


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
    version: StrictInt = Field(description="the version as last read")
    reason: str = Field(min_length=1, description="why the record changes")
    items: dict[str, Any] | None = None
    visit: str | None = None
    date: dt.date | None = None


class WithdrawIn(BaseModel):
    model_config = _FORBID
    reason: str = Field(min_length=1, description="why the patient is withdrawn")


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


# --- answers ----------------------------------------------------------------------------------
# What the API sends back, declared so that the OpenAPI says it and schemathesis can check it.
# Output fields carry the cohort's types but not its ranges (a stored value is answered as it
# is stored); records may carry the extra decision-case fields they were given.

_OPEN = ConfigDict(extra="allow")


class ErrorOut(BaseModel):
    """401, 403, 404, 429: what went wrong, in words."""

    detail: str


class ProblemOut(BaseModel):
    """One problem of bad input: the field, the value given, what is allowed."""

    model_config = _OPEN
    field: str
    value: Any = None
    allowed: str
    code: str
    message: str
    object: str | None = Field(None, description="the other record a cross-record rule names")


class InvalidOut(BaseModel):
    """422: every problem of the request at once; nothing was written."""

    detail: list[ProblemOut]


class ConflictOut(BaseModel):
    """409: the record changed since it was read; ``current`` is the stored record."""

    detail: str
    current: dict[str, Any]


class TokenOut(BaseModel):
    token: str
    expires: dt.datetime | None


class SiteOut(BaseModel):
    code: str
    name: str


def _output_model(name: str, table: str, exclude: tuple[str, ...], **extra: Any) -> Any:
    fields: dict[str, Any] = {"id": (int, ...)}
    for column in cohort_columns(table, exclude=exclude):
        fields[column.name] = (_annotation(column) | None, None)
    fields.update(extra)
    fields["version"] = (int, Field(..., description="+1 at every change"))
    return create_model(name, __config__=_OPEN, **fields)


PatientOut = _output_model(
    "PatientOut",
    "patients",
    ("patient_id", "site"),
    study_id=(str, Field(..., description="pseudonymous, unique per site")),
    site=(str, ...),
    study=(str, ...),
    withdrawn=(bool, ...),
    withdrawal_reason=(str | None, None),
)
LesionOut = _output_model("LesionOut", "lesions", ("patient_id",))
ProcedureOut = _output_model("ProcedureOut", "procedures", ("patient_id",))
ComplicationOut = _output_model("ComplicationOut", "complications", ("patient_id",))
child_out = {"lesions": LesionOut, "procedures": ProcedureOut, "complications": ComplicationOut}


class AssessmentOut(BaseModel):
    id: int
    instrument: str
    visit: str | None
    date: dt.date | None
    items: dict[str, Any]
    total: int | float | None = Field(description="computed by spinemet.instruments")
    category: str | None
    total_source: str
    version: int


VisitStatus = Literal["upcoming", "due", "overdue", "done", "missed", "not_applicable"]


class VisitOut(BaseModel):
    code: str
    target_date: dt.date
    window_start: dt.date
    window_end: dt.date
    status: VisitStatus


class WorkItemOut(VisitOut):
    patient: int
    study_id: str
    site: str


class DecisionOut(BaseModel):
    id: int
    created_at: dt.datetime
    made_by: str
    rule_set_version: str
    chosen_option: str | None
    note: str | None
    case: dict[str, Any]
    recommendation: dict[str, Any]
    version: int


class PatientDetailOut(PatientOut):  # type: ignore[misc,valid-type]
    lesions: list[LesionOut]  # type: ignore[valid-type]
    procedures: list[ProcedureOut]  # type: ignore[valid-type]
    complications: list[ComplicationOut]  # type: ignore[valid-type]
    visits: list[VisitOut]
    assessments: list[AssessmentOut]
    decisions: list[DecisionOut]


class PatientPage(BaseModel):
    count: int
    items: list[PatientOut]  # type: ignore[valid-type]


class WorkListPage(BaseModel):
    count: int
    items: list[WorkItemOut]


class ChangeOut(BaseModel):
    field: str
    old: Any = None
    new: Any = None


class HistoryEntryOut(BaseModel):
    at: dt.datetime
    user: str
    action: str
    object: str
    changes: list[ChangeOut]
    reason: str


__all__ += [
    "AssessmentOut",
    "ConflictOut",
    "DecisionOut",
    "ErrorOut",
    "HistoryEntryOut",
    "InvalidOut",
    "PatientDetailOut",
    "PatientOut",
    "PatientPage",
    "SiteOut",
    "TokenOut",
    "VisitOut",
    "WorkItemOut",
    "WorkListPage",
    "child_out",
]
