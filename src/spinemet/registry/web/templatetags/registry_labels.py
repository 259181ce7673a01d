"""Template filters of the registry's pages: ``{{ patient.primary_tumor|code_text }}`` shows a
cohort code in the session's language (:func:`spinemet.registry.web.labels.code_text`)."""

from __future__ import annotations

from django import template

from spinemet.registry.web.labels import code_text as _code_text

register = template.Library()  # Django ships no types: its decorator is untyped


@register.filter  # type: ignore[untyped-decorator]
def code_text(code: object, field: str | None = None) -> str:
    """The code's label in the session's language; blank for a missing value."""
    if code is None or code == "":
        return ""
    return _code_text(code, field)
