"""Template filters of the registry's pages: ``{{ patient.primary_tumor|code_text }}`` shows a
cohort code, ``{{ query.status|status_label }}`` a status, in the session's language
(:mod:`spinemet.registry.web.labels`)."""

from __future__ import annotations

from django import template

from spinemet.registry.web.labels import code_text as _code_text
from spinemet.registry.web.labels import status_label as _status_label

register = template.Library()  # Django ships no types: its decorator is untyped


@register.filter  # type: ignore[untyped-decorator]
def code_text(code: object, field: str | None = None) -> str:
    """The code's label in the session's language; blank for a missing value."""
    if code is None or code == "":
        return ""
    return _code_text(code, field)


@register.filter  # type: ignore[untyped-decorator]
def status_label(status: str) -> str:
    """A visit's or a data query's status in the session's language."""
    return _status_label(status)
