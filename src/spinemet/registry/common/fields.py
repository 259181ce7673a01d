"""Model fields made from the tidy cohort's column declarations.

The registry stores a patient, a lesion, a procedure or a complication under the names, codes
and ranges of :mod:`spinemet.cohort` (DESIGN.md "The tidy cohort"), so a registry patient is a
decision case and the registry is a cohort. The columns are declared once, there; the model
fields and the API's input models are derived from them here, never written a second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from spinemet.cohort._columns import TABLES, Column, Kind

__all__ = ["cohort_columns", "cohort_model_fields"]


def cohort_columns(table: str, *, exclude: Iterable[str] = ()) -> tuple[Column, ...]:
    """The declared columns of a cohort table, less those the model keeps otherwise."""
    skip = set(exclude)
    return tuple(column for column in TABLES[table] if column.name not in skip)


def _model_field(column: Column) -> models.Field[Any, Any]:
    null = not column.required
    common: dict[str, Any] = {"null": null, "blank": null}
    if column.kind is Kind.CODE:
        choices = [(code, code) for code in column.codes]
        return models.CharField(max_length=40, choices=choices, **common)
    if column.kind is Kind.INTEGER:
        if column.integers:
            common["choices"] = [(value, str(value)) for value in column.integers]
        return models.IntegerField(**common)
    if column.kind is Kind.NUMBER:
        return models.FloatField(**common)
    if column.kind is Kind.DATE:
        return models.DateField(**common)
    if column.kind is Kind.BOOLEAN:
        return models.BooleanField(**common)
    if column.kind is Kind.LEVELS:
        return models.CharField(max_length=200, **common)
    return models.TextField(**common)


def cohort_model_fields(table: str, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """``{name: field}`` for a model's class body, one per declared column of ``table``."""
    return {column.name: _model_field(column) for column in cohort_columns(table, exclude=exclude)}
