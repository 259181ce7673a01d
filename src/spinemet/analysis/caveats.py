"""Every caveat ``results.json`` records, so that the report can show each one.

The statistics record caveats in several places (a test's ``caveat``, the Cox model's
``caveats`` with its proportional-hazards check, the analysis' warnings). The report's
"Caveats" section is built from the same dictionary ``results.json`` is written from, so a
caveat can never be in one and missing from the other.
"""

from __future__ import annotations

from typing import Any

__all__ = ["caveats_of"]


def _walk(value: Any, path: tuple[str, ...], found: list[tuple[tuple[str, ...], str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("caveat", "caveats"):
                texts = item if isinstance(item, list) else [item]
                found.extend((path, text) for text in texts if isinstance(text, str) and text)
            else:
                _walk(item, (*path, str(key)), found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, path, found)


def caveats_of(results: dict[str, Any]) -> tuple[str, ...]:
    """Each caveat of a ``results.json`` dictionary once, named by where it was recorded
    when its text does not already say it (``"survival, cox: proportional hazards rejected
    ..."``).

    Examples
    --------
    >>> caveats_of({"caveats": ["vas, n small"],
    ...             "survival": {"cox": {"caveats": ["proportional hazards rejected"]}}})
    ('vas, n small', 'survival, cox: proportional hazards rejected')
    """
    found: list[tuple[tuple[str, ...], str]] = []
    _walk(results, (), found)
    texts = []
    top = {text for path, text in found if not path}
    for path, text in found:
        if path and text not in top:
            texts.append(f"{', '.join(path)}: {text}")
        else:
            texts.append(text)
    seen: dict[str, None] = {}
    for text in texts:
        if not any(text.endswith(": " + other) or text == other for other in seen):
            seen[text] = None
    return tuple(seen)
