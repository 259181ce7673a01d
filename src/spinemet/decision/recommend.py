"""``recommend``: a case in, a :class:`~spinemet.decision.output.Recommendation` out."""

from __future__ import annotations

from typing import Any

from spinemet.decision.case import Case, parse_case
from spinemet.decision.codes import OPTION_ORDER, Option, Role, WarningCode
from spinemet.decision.conditions import names_read
from spinemet.decision.engine import Applied, Evaluation, evaluate
from spinemet.decision.histology import tumour_facts
from spinemet.decision.input_warnings import input_warnings
from spinemet.decision.output import (
    NOT_ADDRESSED_TEXT,
    FiredRule,
    NotAddressed,
    Note,
    NotEvaluated,
    RatedOption,
    Reason,
    Recommendation,
)
from spinemet.decision.plan import PlanNote, PlanOutcome, make_plan
from spinemet.decision.predicates import compute_facts, predicates_as_dict
from spinemet.decision.rules import RuleSet, load_rules
from spinemet.decision.texts import RADIOSENSITIVITY_OVERRIDE, sentence

__all__ = ["recommend", "run_engine"]


def run_engine(
    case: Case | dict[str, Any], rules: RuleSet | None = None
) -> tuple[Evaluation, PlanOutcome]:
    """Phases 0-5 without the output: the evaluation and the construct plan."""
    parsed = parse_case(case)
    evaluation = evaluate(compute_facts(parsed), rules or load_rules())
    return evaluation, make_plan(evaluation)


def recommend(
    case: Case | dict[str, Any],
    *,
    explain: bool = False,
    what_if: bool = True,
    rules: RuleSet | None = None,
) -> Recommendation:
    """Recommend treatment options for a case, with reasons, sources and a construct plan.

    Parameters
    ----------
    case
        The case (domain/decision.md §1) as parsed JSON or a :class:`Case`.
    explain
        Also list every rule, fired or not, with the inputs that decided it.
    what_if
        Re-evaluate over the allowed values of each missing input and report which would
        change ``top`` (``missing_inputs``).
    rules
        Another rule set (tests); the shipped ``rules.yaml`` by default.

    Returns
    -------
    Recommendation
        The output of domain/decision.md §3.4.

    Raises
    ------
    CaseError
        The case breaks the schema; every problem is named (field, value, what is allowed).

    Examples
    --------
    >>> import json
    >>> from spinemet._examples import examples_dir
    >>> case = json.loads((examples_dir() / "case_seed.json").read_text())
    >>> result = recommend(case)
    >>> result.top, result.plan["screw_levels"], result.plan["cement_levels"]
    (['ppsf_pvp'], ['T11', 'T12', 'L2', 'L3'], ['L1'])
    """
    from spinemet.decision.explain import explain_rules
    from spinemet.decision.whatif import missing_inputs

    evaluation, plan = run_engine(case, rules)
    facts = evaluation.facts
    missing, unchanged = missing_inputs(evaluation, rules) if what_if else ([], [])
    return Recommendation(
        rule_set_version=evaluation.rules.version,
        scores=facts.scores.as_dict(facts.case.patient),
        predicates=predicates_as_dict(facts),
        defaults_applied=[
            {"field": name, "value": value} for name, value in facts.parsed.defaults_applied
        ],
        options=_rated(evaluation),
        not_addressed=_not_addressed(evaluation),
        top=[option.value for option in evaluation.top],
        fired_rules=[
            FiredRule(
                rule=rule.id,
                phase=rule.phase,
                citation=evaluation.rules.citation(rule.source),
                text=rule.because,
                evidence=list(rule.evidence),
            )
            for rule in (evaluation.rules.rule(rule_id) for rule_id in evaluation.fired)
        ],
        not_evaluated=[
            NotEvaluated(rule=outcome.rule.id, missing=sorted(outcome.truth.missing))
            for outcome in evaluation.outcomes
            if outcome.truth.value is None
        ],
        warnings=_warnings(evaluation, plan),
        flags=_notes(effect for effect in evaluation.applied if effect.kind == "flag"),
        plan=plan.as_dict(),
        missing_inputs=missing,
        could_not_change_top=unchanged,
        explain=explain_rules(evaluation) if explain else None,
    )


_HISTOLOGY_GROUPS = frozenset({"radiosensitive", "radioresistant"})


def _reason_text(evaluation: Evaluation, rule_id: str, text: str) -> str:
    """Decision.md §1.1: an override of the radiosensitivity group is echoed in the reasons."""
    patient = evaluation.facts.case.patient
    if patient.radiosensitivity is None:
        return text
    rule = evaluation.rules.rule(rule_id)
    read = names_read(rule.when).union(
        *(names_read(effect.when_true) | names_read(effect.unless) for effect in rule.effects)
    )
    if not read & _HISTOLOGY_GROUPS:
        return text
    default = tumour_facts(patient.primary_tumor).radiosensitivity or "not classified"
    return RADIOSENSITIVITY_OVERRIDE % {
        "reason": text,
        "group": patient.radiosensitivity,
        "primary": patient.primary_tumor.value,
        "default": default,
    }


def _reason(effect: Applied, evaluation: Evaluation) -> Reason:
    label = "note" if effect.rating is None else f"{effect.kind}:{effect.rating.value}"
    overridden: list[str] | None = None
    final = evaluation.final.get(effect.option) if effect.option else None
    if effect.kind == "raise" and effect.rating and final and final.rank < effect.rating.rank:
        overridden = sorted(
            {
                other.rule
                for other in evaluation.reasons(effect.option)  # type: ignore[arg-type]
                if other.kind == "cap" and other.rating is final
            }
        )
    return Reason(
        rule=effect.rule,
        effect=label,
        text=_reason_text(evaluation, effect.rule, effect.text),
        citation=effect.citation,
        overridden_by=overridden,
    )


def _rated(evaluation: Evaluation) -> list[RatedOption]:
    rated = [(option, rating) for option, rating in evaluation.final.items() if rating]
    rated.sort(
        key=lambda pair: (
            -pair[1].rank,
            evaluation.roles[pair[0]] is not Role.PRIMARY,
            OPTION_ORDER[pair[0]],
        )
    )
    return [
        RatedOption(
            treatment=option.value,
            suitability=rating.value,
            role=evaluation.roles[option].value,
            reasons=[_reason(effect, evaluation) for effect in evaluation.reasons(option)],
        )
        for option, rating in rated
    ]


def _not_addressed(evaluation: Evaluation) -> list[NotAddressed]:
    entries = []
    for option in Option:
        if evaluation.final[option] is not None:
            continue
        effects = evaluation.reasons(option)
        entries.append(
            NotAddressed(
                treatment=option.value,
                text=NOT_ADDRESSED_TEXT,
                limits=[_reason(e, evaluation) for e in effects if e.kind == "cap"],
                notes=[_reason(e, evaluation) for e in effects if e.kind == "note"],
            )
        )
    return entries


def _notes(effects: Any) -> list[Note]:
    merged: dict[str, Note] = {}
    for effect in effects:
        levels = [level.value for level in effect.levels]
        if effect.code in merged:
            known = merged[effect.code]
            union = sorted(
                set(known.levels) | set(levels), key=lambda v: [*levels, *known.levels].index(v)
            )
            merged[effect.code] = known.model_copy(update={"levels": union})
            continue
        merged[effect.code] = Note(
            code=effect.code,
            levels=levels,
            rule=effect.rule,
            text=effect.text,
            citation=effect.citation,
        )
    return list(merged.values())


def _warnings(evaluation: Evaluation, plan: PlanOutcome) -> list[Note]:
    facts = evaluation.facts
    notes: list[Note] = []
    if facts.index_inferred:
        notes.append(
            Note(
                code=WarningCode.INDEX_LESIONS_INFERRED.value,
                levels=[level.value for level in facts.index_levels],
                rule=None,
                text=sentence(WarningCode.INDEX_LESIONS_INFERRED),
            )
        )
    for found in input_warnings(facts):
        notes.append(
            Note(
                code=found.code,
                levels=[level.value for level in found.levels],
                rule=None,
                text=found.text,
                citation=found.citation,
            )
        )
    if facts.parsed.collapse_exactly_50:
        notes.append(
            Note(
                code=WarningCode.COLLAPSE_EXACTLY_50.value,
                levels=[level.value for level in facts.parsed.collapse_exactly_50],
                rule=None,
                text=sentence(WarningCode.COLLAPSE_EXACTLY_50),
            )
        )
    notes.extend(_notes(effect for effect in evaluation.applied if effect.kind == "warning"))
    if not evaluation.top:
        notes.append(
            Note(
                code=WarningCode.NO_SUPPORTED_OPTION.value,
                levels=[],
                rule=None,
                text=sentence(WarningCode.NO_SUPPORTED_OPTION),
            )
        )
    for moved in plan.moved_warnings:
        notes.append(_plan_note(moved))
    return notes


def _plan_note(note: PlanNote) -> Note:
    data = note.as_dict()
    return Note(
        code=note.code,
        levels=[level.value for level in note.levels],
        rule="plan",
        text=str(data["text"]),
        citation=str(data["citation"]),
    )
