"""The decision output in the reader's language (English or Simplified Chinese).

The output (:class:`~spinemet.decision.output.Recommendation`, its JSON) always carries the
English texts: they are the gettext msgids, marked with ``N_`` where they are written
(:mod:`spinemet.decision.texts`, :mod:`spinemet.decision.plan`, ``rules.yaml``). They are
translated here, when rendered, in the language of :func:`spinemet._i18n.language`. Codes
(rules, options, ratings, warnings, flags, fields), levels, numbers and citations are never
translated.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from typing import Any

from spinemet._i18n import _
from spinemet.decision.texts import (
    OPTION_NAMES,
    RATING_NAMES,
    ROLE_NAMES,
    TEMPLATES,
    TRANSLATED_PARAMETERS,
)
from spinemet.decision.whatif import missing_input_text

__all__ = ["localized", "option_name", "translate_text"]


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a pattern that takes a filled-in English text apart."""
    patterns = []
    for template in TEMPLATES:
        parts = re.split(r"%\((\w+)\)s", template)
        regex = "".join(
            re.escape(part) if position % 2 == 0 else f"(?P<{part}>.+?)"
            for position, part in enumerate(parts)
        )
        patterns.append((re.compile(regex, re.DOTALL), template))
    return tuple(patterns)


def translate_text(text: str) -> str:
    """An English text of the output in the current language.

    A text made from a template (it carries a value) is taken apart, the template translated
    and filled with the same values; any other text is looked up as it is (a text the
    catalogue lacks comes back in English).

    >>> from spinemet._i18n import language
    >>> with language("zh-Hans"):
    ...     translate_text("Separation surgery")
    '分离手术'
    """
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match is not None:
            values = {
                name: translate_text(value) if name in TRANSLATED_PARAMETERS else value
                for name, value in match.groupdict().items()
            }
            return _(template) % values
    return _(text)


def option_name(code: str) -> str:
    """The name of an option code in the current language.

    >>> option_name("ppsf")
    'Percutaneous pedicle screw fixation'
    """
    return _(OPTION_NAMES[code])


def _reasons(reasons: list[dict[str, Any]]) -> None:
    for reason in reasons:
        reason["text"] = translate_text(reason["text"])


def _notes(notes: list[dict[str, Any]]) -> None:
    for note in notes:
        note["text"] = translate_text(note["text"])


def localized(output: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the output's JSON for display in the current language.

    Every text is translated; each option (rated, not addressed, the plan's) gains ``name``,
    each rated option ``suitability_label`` and ``role_label``, and each missing input's text is
    rebuilt from its fields in the reader's language. Codes and keys are unchanged, so this is
    a view for reading, not the JSON contract (``Recommendation.as_json()`` is).

    Parameters
    ----------
    output
        ``Recommendation.as_json()`` (English).

    Returns
    -------
    dict
        The same structure, texts in the language of :func:`spinemet._i18n.language`.
    """
    data = copy.deepcopy(dict(output))
    for option in data["options"]:
        option["name"] = option_name(option["treatment"])
        option["suitability_label"] = _(RATING_NAMES[option["suitability"]])
        option["role_label"] = _(ROLE_NAMES[option["role"]])
        _reasons(option["reasons"])
    for entry in data["not_addressed"]:
        entry["name"] = option_name(entry["treatment"])
        entry["text"] = translate_text(entry["text"])
        _reasons(entry["limits"])
        _reasons(entry["notes"])
    _reasons(data["fired_rules"])
    _notes(data["warnings"])
    _notes(data["flags"])
    plan = data.get("plan")
    if plan is not None:
        plan["name"] = option_name(plan["treatment"])
        plan["cement_note"] = translate_text(plan["cement_note"])
        _notes(plan["warnings"])
        _notes(plan["flags"])
    for entry in data["missing_inputs"]:
        entry["text"] = missing_input_text(entry["field"], entry["alternatives"], translate=_)
    data["disclaimer"] = translate_text(data["disclaimer"])
    return data
