"""``--explain``: every rule, fired or not, and the inputs that decided it."""

from __future__ import annotations

from typing import Any

from spinemet.decision.engine import Evaluation
from spinemet.decision.truth import Truth

__all__ = ["explain_rules"]


def _label(truth: Truth) -> str:
    return {True: "true", False: "false", None: "unknown"}[truth.value]


def explain_rules(evaluation: Evaluation) -> list[dict[str, Any]]:
    """One entry per rule, in evaluation order: result, condition, what decided it.

    ``decided_by`` lists the atomic tests whose value equals the rule's: for a fired rule every
    test that held, for a silent rule the tests that were false, for a rule that could not be
    evaluated the tests that were unknown (with the missing inputs).
    """
    entries = []
    for outcome in evaluation.outcomes:
        value = outcome.truth.value
        result = "fired" if value is True else "not_fired" if value is False else "not_evaluated"
        decided = [
            f"{text} = {_label(truth)}"
            + (f" (missing: {', '.join(sorted(truth.missing))})" if truth.missing else "")
            for text, truth in outcome.leaves
            if truth.value is value
        ]
        entries.append(
            {
                "rule": outcome.rule.id,
                "phase": outcome.rule.phase,
                "result": result,
                "condition": outcome.rule.when.describe(),
                "decided_by": decided,
                "missing": sorted(outcome.truth.missing),
                "text": outcome.rule.because,
                "citation": evaluation.rules.citation(outcome.rule.source),
            }
        )
    return entries
