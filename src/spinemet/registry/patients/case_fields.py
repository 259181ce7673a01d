"""Decision-case fields that the tidy cohort does not declare (``coagulopathy_uncorrectable``,
``active_infection``, ``prior_radiotherapy`` ...): kept in ``case_fields`` and validated by the
decision layer's own case model, field by field."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from spinemet.decision.case import Lesion as CaseLesion
from spinemet.decision.case import Patient as CasePatient
from spinemet.errors import Problem
from spinemet.registry.common.records import CHILD_FIELDS, PATIENT_FIELDS

__all__ = ["CASE_MODELS", "case_only_fields", "check_case_fields", "split_case_fields"]

CASE_MODELS: dict[str, type[BaseModel]] = {"patients": CasePatient, "lesions": CaseLesion}
# Case fields that the cohort holds under other names: the SINS items are sins_* columns.
_HELD_OTHERWISE = {"lesions": {"sins"}}


@cache
def case_only_fields(table: str) -> tuple[str, ...]:
    """The decision-case fields of a table that are not cohort columns."""
    model = CASE_MODELS.get(table)
    if model is None:
        return ()
    stored = set(PATIENT_FIELDS if table == "patients" else CHILD_FIELDS[table])
    held = _HELD_OTHERWISE.get(table, set())
    return tuple(name for name in model.model_fields if name not in stored and name not in held)


@cache
def _adapter(table: str, name: str) -> TypeAdapter[Any]:
    # The annotation with the field's constraints (ge=0 of the hours, gt=0 of a dose ...): the
    # bare annotation would let the registry keep a value the decision case then refuses.
    field = CASE_MODELS[table].model_fields[name]
    return TypeAdapter(Annotated[field.annotation, field])  # type: ignore[arg-type]


def split_case_fields(
    data: Mapping[str, Any], *, table: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``data`` split into cohort columns and decision-only case fields (others left out)."""
    stored = set(PATIENT_FIELDS if table == "patients" else CHILD_FIELDS[table])
    extra = set(case_only_fields(table))
    cohort = {name: value for name, value in data.items() if name in stored}
    case = {name: value for name, value in data.items() if name in extra}
    return cohort, case


def check_case_fields(case: dict[str, Any], *, table: str) -> list[Problem]:
    """Validate decision-only fields by the case model; values become their JSON form in place."""
    problems: list[Problem] = []
    for name, value in list(case.items()):
        if value is None:
            continue
        adapter = _adapter(table, name)
        try:
            parsed = adapter.validate_python(value)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            field = f"{name}.{where}" if where else name
            problems.append(Problem(field, value, first["msg"], "value_not_allowed"))
            continue
        case[name] = adapter.dump_python(parsed, mode="json")
    return problems
