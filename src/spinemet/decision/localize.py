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
from spinemet.decision.conditions import (
    EXPLAIN_ALWAYS,
    EXPLAIN_AT,
    EXPLAIN_NEVER,
    EXPLAIN_NOT_GIVEN,
    EXPLAIN_OBSERVED,
    EXPLAIN_REQUIREMENT,
    EXPLAIN_SENTENCE,
    EXPLAIN_SENTENCE_MISSING,
    EXPLAIN_VERDICTS,
    EXPLAIN_WORDS,
)
from spinemet.decision.texts import (
    OPTION_NAMES,
    RATING_NAMES,
    ROLE_NAMES,
    TEMPLATES,
    TRANSLATED_PARAMETERS,
)
from spinemet.decision.whatif import missing_input_text

__all__ = ["localized", "option_name", "translate_explanation", "translate_text"]


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


_EXPLAIN_VALUES = {
    # what a placeholder of an --explain sentence may hold (codes and values otherwise)
    "verdict": "|".join(re.escape(word) for word in EXPLAIN_VERDICTS.values()),
    "word": "|".join(re.escape(word) for word in EXPLAIN_WORDS.values()),
    "name": r"[\w.\[\]]+",
    "level": r"[^,]+",
}


@functools.cache
def _explain_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", template)
    return re.compile(
        "".join(
            re.escape(part)
            if position % 2 == 0
            else f"(?P<{part}>{_EXPLAIN_VALUES.get(part, '.+?')})"
            for position, part in enumerate(parts)
        ),
        re.DOTALL,
    )


def _explain_values(match: re.Match[str]) -> dict[str, str]:
    from spinemet.decision.conditions import PREDICATE_GLOSS

    words = {*EXPLAIN_VERDICTS.values(), *EXPLAIN_WORDS.values(), EXPLAIN_NOT_GIVEN}
    glosses = set(PREDICATE_GLOSS.values())
    values = {}
    for name, value in match.groupdict().items():
        if (name in ("verdict", "word", "value") and value in words) or (
            name == "gloss" and value in glosses
        ):
            value = _(value)
        values[name] = value
    return values


def _observed(text: str) -> str:
    for template in EXPLAIN_OBSERVED:
        match = _explain_pattern(template).fullmatch(text)
        if match is not None:
            return _(template) % _explain_values(match)
    return text


def _explain_sentence(text: str) -> str:
    """A sentence of ``decided_by`` that starts with what was observed (lower case)."""
    for template in (EXPLAIN_SENTENCE_MISSING, EXPLAIN_SENTENCE):
        match = _explain_pattern(template).fullmatch(text)
        if match is not None:
            values = _explain_values(match)
            values["observed"] = _observed(values["observed"])
            return _(template) % values
    return _(text)


def translate_explanation(text: str) -> str:
    """A sentence of ``--explain`` (``decided_by``) in the current language: the sentence's
    words are translated, the rule's fields, values and requirement stay codes.

    >>> translate_explanation("The rule never applies.")
    'The rule never applies.'
    """
    if text in (EXPLAIN_ALWAYS, EXPLAIN_NEVER):
        return _(text)
    match = _explain_pattern(EXPLAIN_REQUIREMENT).fullmatch(text)
    if match is not None:
        return _(EXPLAIN_REQUIREMENT) % _explain_values(match)
    match = _explain_pattern(EXPLAIN_AT).fullmatch(text)
    if match is not None:
        sentence = _explain_sentence(match.group("sentence"))
        return _(EXPLAIN_AT) % {"level": match.group("level"), "sentence": sentence}
    sentence = _explain_sentence(text[:1].lower() + text[1:])
    return sentence[:1].upper() + sentence[1:]


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
    for entry in data.get("explain") or []:
        entry["decided_by"] = [translate_explanation(text) for text in entry["decided_by"]]
    data["disclaimer"] = translate_text(data["disclaimer"])
    return data
