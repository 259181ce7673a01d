"""Validate and score one case (pure Python: no pandas, no numpy, fast to import)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from spinemet.errors import ItemError, Problem
from spinemet.instruments._result import ScoreResult
from spinemet.instruments._spec import InstrumentSpec, Item, ItemKind, Scoring


def is_valid_value(item: Item, value: object) -> bool:
    """Whether ``value`` (not ``None``) is allowed for ``item``; ``True`` is never ``1``."""
    if item.kind is ItemKind.BOOLEAN:
        return isinstance(value, bool) and (not item.choices or value in item.codes)
    if item.kind is ItemKind.CHOICE:
        return isinstance(value, str) and value in item.codes
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    if item.kind is ItemKind.INTEGER:
        if not isinstance(value, numbers.Integral):
            return False
        if item.choices:
            return int(value) in item.codes
    elif not math.isfinite(float(value)):
        return False
    if item.minimum is not None and value < item.minimum:
        return False
    return item.maximum is None or value <= item.maximum


def _plain(item: Item, value: object) -> object:
    """A valid value as a plain Python object (numpy scalars become int/float)."""
    if item.kind is ItemKind.INTEGER and isinstance(value, numbers.Integral):
        return int(value)
    if item.kind is ItemKind.NUMBER and isinstance(value, numbers.Real):
        return value if isinstance(value, (int, float)) else float(value)
    return value


def validate(spec: InstrumentSpec, items: object) -> tuple[dict[str, Any], list[Problem]]:
    """Check every item; return the values (defaults applied, ``None`` = missing) and problems."""
    if not isinstance(items, Mapping):
        return {}, [
            Problem(
                spec.code,
                items,
                f"an object of items: {', '.join(spec.item_names)}",
                "not_an_object",
            )
        ]
    names = set(spec.item_names)
    problems = [
        Problem(spec.code, key, ", ".join(spec.item_names), "unknown_item")
        for key in items
        if key not in names
    ]
    values: dict[str, Any] = {}
    for item in spec.items:
        value = items.get(item.name)
        if value is None:
            values[item.name] = None if item.required else item.default
        elif is_valid_value(item, value):
            values[item.name] = _plain(item, value)
        else:
            problems.append(Problem(f"{spec.code}.{item.name}", value, item.allowed_text()))
    if not problems and spec.check is not None:
        problems.extend(spec.check(values))
    return values, problems


def score_items(spec: InstrumentSpec, items: object) -> ScoreResult:
    """Score one case of ``spec`` (see :func:`spinemet.instruments.score`)."""
    values, problems = validate(spec, items)
    if problems:
        raise ItemError.from_problems(problems)
    missing = tuple(
        sorted(item.name for item in spec.items if item.required and values[item.name] is None)
    )
    total: int | float | None = None
    category: str | None = None
    interpretation: str | None = None
    grade: str | None = None
    components: dict[str, object] = {}

    if spec.scoring is Scoring.SUM:
        for item in spec.items:
            value = values[item.name]
            if item.counts and value is not None:
                components[item.name] = item.choice(value).points
        if not missing:
            total = sum(int(points) for points in components.values())  # type: ignore[call-overload]
    elif spec.scoring is Scoring.VALUE:
        value = values[spec.items[0].name]
        if value is not None:
            components[spec.items[0].name] = value
            total = value
    elif spec.scoring is Scoring.GRADE:
        grade_item = spec.items[0]
        components = {
            item.name: values[item.name] for item in spec.items if values[item.name] is not None
        }
        if not missing:
            grade = values[grade_item.name]
            choice = grade_item.choice(grade)
            category = choice.category
            interpretation = choice.interpretation or spec.interpretation(str(category))
    else:  # Scoring.RULE
        components = {item.name: values[item.name] for item in spec.items if item.counts}
        if not missing and spec.rule is not None:
            category = spec.rule_outcomes[bool(spec.rule(values))]
            interpretation = spec.interpretation(category)

    if total is not None:
        band = spec.band(total * spec.band_factor)
        category, interpretation = band.code, band.interpretation
    extras = spec.extras(values, total) if spec.extras is not None else {}
    return ScoreResult(
        instrument=spec.code,
        total=total,
        category=category,
        interpretation=interpretation,
        components=MappingProxyType(components),
        reference=spec.reference,
        grade=grade,
        missing=missing,
        extras=MappingProxyType(extras),
        is_classification=spec.scoring is Scoring.GRADE,
    )
