"""The assessment form, generated from an instrument's declaration (never written per
instrument): every item with its allowed answers and their points, read back into the values
the scorer takes. The scorer (:func:`spinemet.instruments.score`) is the only judge of what is
valid and of the total; this module only converts what a browser sends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from spinemet.instruments import InstrumentSpec, ItemKind

__all__ = ["FormChoice", "FormItem", "code_text", "form_items", "read_items"]

PREFIX = "item_"


def code_text(code: object) -> str:
    """An item value as a form sends it (booleans as ``true`` / ``false``)."""
    if isinstance(code, bool):
        return "true" if code else "false"
    return str(code)


@dataclass
class FormChoice:
    value: str
    label: str
    points: int | None
    checked: bool


@dataclass
class FormItem:
    """One item as the template renders it: radios for a list of answers, else a number."""

    name: str
    input_name: str
    label: str
    kind: str
    required: bool
    allowed: str
    choices: list[FormChoice] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    step: str = "any"
    value: str = ""
    errors: list[str] = field(default_factory=list)


def _choices(item: Any, current: str) -> list[FormChoice]:
    if item.choices:
        return [
            FormChoice(code_text(c.code), gettext(c.label), c.points, code_text(c.code) == current)
            for c in item.choices
        ]
    if item.kind is ItemKind.BOOLEAN:
        return [
            FormChoice("true", gettext("yes"), None, current == "true"),
            FormChoice("false", gettext("no"), None, current == "false"),
        ]
    return []


def form_items(
    spec: InstrumentSpec,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[FormItem]:
    """The items of ``spec`` as form fields, filled with ``values`` (stored items or what was
    sent) and each with its errors."""
    values = values or {}
    errors = errors or {}
    shown = []
    for item in spec.items:
        current = values.get(item.name)
        current_text = "" if current is None else code_text(current)
        shown.append(
            FormItem(
                name=item.name,
                input_name=PREFIX + item.name,
                label=gettext(item.label),
                kind=item.kind.value,
                required=item.required,
                allowed=item.allowed_text(),
                choices=_choices(item, current_text),
                minimum=item.minimum,
                maximum=item.maximum,
                step="1" if item.kind is ItemKind.INTEGER else "any",
                value=current_text,
                errors=list(errors.get(item.name, ())),
            )
        )
    return shown


def _number(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text  # the scorer refuses it, naming the field, the value and what is allowed


def read_items(spec: InstrumentSpec, data: Mapping[str, Any]) -> dict[str, Any]:
    """The items a form sent, as the scorer takes them; an empty answer is left out (the
    scorer then names it missing). A value matching none of the answers is passed on as sent,
    so that the scorer's message names it."""
    items: dict[str, Any] = {}
    for item in spec.items:
        raw = data.get(PREFIX + item.name)
        if raw is None or str(raw).strip() == "":
            continue
        text = str(raw).strip()
        if item.choices:
            matches = [c.code for c in item.choices if code_text(c.code) == text]
            items[item.name] = matches[0] if matches else _number(text)
        elif item.kind is ItemKind.BOOLEAN:
            items[item.name] = {"true": True, "false": False}.get(text, text)
        else:
            items[item.name] = _number(text)
    return items
