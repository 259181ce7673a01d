"""Missing inputs: which of them could change the top recommendation.

For every input that is missing (``null`` or omitted) and that the rules read, the case is
re-evaluated once per allowed value (numbers: one value on each side of the cut-off the rules
use) and the resulting ``top`` compared with the actual one. The answer is what a surgeon asks
first: "ESCC unknown: grades 2-3 would change the top option to separation_surgery".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from spinemet.decision.case import Lesion, Patient
from spinemet.decision.engine import Evaluation, evaluate
from spinemet.decision.output import MissingInput
from spinemet.decision.plan import make_plan
from spinemet.decision.predicates import body_lesion_state, compute_facts
from spinemet.decision.rules import RuleSet
from spinemet.decision.texts import MISSING_INPUT, MISSING_INPUT_CHANGE, NO_SUPPORTED_TOP
from spinemet.errors import SpinemetInputError
from spinemet.instruments import get_spec
from spinemet.instruments._i18n import N_

__all__ = ["NUMERIC_LABELS", "candidate_values", "missing_input_text", "missing_inputs"]

# Numbers the rules compare with a cut-off: one value on each side, with a label.
_NUMERIC: dict[str, tuple[tuple[object, str], ...]] = {
    "patient.paraplegia_hours": ((24, N_("≤ 48 h")), (72, N_("> 48 h"))),
    # cut-offs at 3 months (short_life_expectancy) and 6 months (le_under_6 / le_at_least_6)
    "patient.life_expectancy_months": (
        (1, N_("< 3 months")),
        (4, N_("3 to < 6 months")),
        (12, N_("≥ 6 months")),
    ),
    "patient.kps": tuple((value, str(value)) for value in range(0, 101, 10)),
}
NUMERIC_LABELS = frozenset(
    label
    for field in ("patient.paraplegia_hours", "patient.life_expectancy_months")
    for _value, label in _NUMERIC[field]
)
"""The value labels that are words (translated); the others are codes and numbers."""
# Optional inputs that rules read as two-valued (no rule is "not evaluated" without them).
_ALSO_READ = (
    "patient.life_expectancy_months",
    "patient.neurological_symptoms",
    "patient.deficit_new_or_progressive",
    "patient.anticoagulation",
    "patient.osteoporosis",
)


def candidate_values(field: str) -> tuple[tuple[object, str], ...]:
    """The values a missing input is tried with, each with its label.

    >>> candidate_values("lesions[0].retropulsion")
    ((True, 'true'), (False, 'false'))
    >>> candidate_values("patient.radiosensitivity")
    (('radiosensitive', 'radiosensitive'), ('radioresistant', 'radioresistant'))
    """
    from spinemet.decision._parse_condition import field_values

    if field in _NUMERIC:
        return _NUMERIC[field]
    parts = field.split(".")
    if parts[0] == "patient" and len(parts) == 3:
        item = next(item for item in get_spec(parts[1]).items if item.name == parts[2])
        return tuple((code, str(code)) for code in item.codes)
    model = Patient if parts[0] == "patient" else Lesion
    values = field_values(model, parts[-1]) or ()
    return tuple(
        (value, str(value).lower() if isinstance(value, bool) else str(value))
        for value in values
        if value is not None
    )


def missing_input_text(
    field: str,
    alternatives: list[dict[str, Any]],
    translate: Callable[[str], str] = str,
) -> str:
    """``<field> unknown: <values> would change the top option to <options>; ...``.

    ``translate`` turns an English text into the reader's language (the identity for the
    output, which carries English); values that are codes or numbers are not translated.

    >>> missing_input_text("lesions[0].escc_grade", [{"values": ["2", "3"], "top": ["sbrt"]}])
    'lesions[0].escc_grade unknown: 2 / 3 would change the top option to sbrt'
    """
    phrases = [
        translate(MISSING_INPUT_CHANGE)
        % {
            "values": " / ".join(
                translate(label) if label in NUMERIC_LABELS else label
                for label in alternative["values"]
            ),
            "options": ", ".join(alternative["top"])
            if alternative["top"]
            else translate(NO_SUPPORTED_TOP),
        }
        for alternative in alternatives
    ]
    return translate(MISSING_INPUT) % {"field": field, "changes": "; ".join(phrases)}


def _set(data: dict[str, Any], field: str, value: object) -> None:
    target: Any = data
    tokens = [token for token in re.split(r"\.|\[(\d+)\]", field) if token]
    for token in tokens[:-1]:
        key: Any = int(token) if token.isdigit() else token
        if isinstance(target, dict) and target.get(key) is None:
            target[key] = {}
        target = target[key]
    target[tokens[-1]] = value


def _top(data: dict[str, Any], rules: RuleSet) -> tuple[str, ...] | None:
    from spinemet.decision.case import parse_case

    try:
        evaluation = evaluate(compute_facts(parse_case(data)), rules)
    except SpinemetInputError:
        return None  # the value contradicts another input; not a possible case
    make_plan(evaluation)
    return tuple(option.value for option in evaluation.top)


def _fields(evaluation: Evaluation) -> list[str]:
    fields: list[str] = []
    for outcome in evaluation.outcomes:
        for name in sorted(outcome.truth.missing):
            fields.extend(part.strip() for part in name.split(","))
    patient = evaluation.facts.case.patient
    fields.extend(name for name in _ALSO_READ if getattr(patient, name.split(".")[1]) is None)
    for position, lesion in enumerate(evaluation.facts.case.lesions):
        if lesion.retropulsion is None:
            fields.append(f"lesions[{position}].retropulsion")
        # body_lesion is a two-valued gate: unknown reads as "no cement target" (rev 4)
        if lesion.body_involvement is None and body_lesion_state(lesion) is None:
            fields.append(f"lesions[{position}].body_involvement")
    return list(dict.fromkeys(fields))


def missing_inputs(
    evaluation: Evaluation, rules: RuleSet | None = None
) -> tuple[list[MissingInput], list[str]]:
    """For each missing input: the values that would change ``top``; and those that could not."""
    rule_set = rules or evaluation.rules
    base = evaluation.facts.case.model_dump(mode="json")
    actual = tuple(option.value for option in evaluation.top)
    changing: list[MissingInput] = []
    unchanged: list[str] = []
    for field in _fields(evaluation):
        groups: dict[tuple[str, ...], list[str]] = {}
        for value, label in candidate_values(field):
            data = copy.deepcopy(base)
            _set(data, field, value)
            top = _top(data, rule_set)
            if top is not None and top != actual:
                groups.setdefault(top, []).append(label)
        if not groups:
            unchanged.append(field)
            continue
        alternatives = [{"values": labels, "top": list(top)} for top, labels in groups.items()]
        text = missing_input_text(field, alternatives)
        changing.append(
            MissingInput(field=field, changes_top=True, alternatives=alternatives, text=text)
        )
    return changing, unchanged
