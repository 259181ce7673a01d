"""``--explain``: every rule, fired or not, and the inputs that decided it."""

from __future__ import annotations

from typing import Any

from spinemet.decision.engine import Evaluation

__all__ = ["explain_rules"]


def explain_rules(evaluation: Evaluation) -> list[dict[str, Any]]:
    """One entry per rule, in evaluation order: result, condition, what decided it.

    ``decided_by`` lists the atomic tests whose value equals the rule's, each as a sentence
    (``At L1, retropulsion is false, so the requirement 'retropulsion = true' is not met.``): for
    a fired rule every requirement that was met, for a silent rule those not met, for a rule that
    could not be evaluated those undecided (with the missing inputs).
    """
    entries = []
    for outcome in evaluation.outcomes:
        value = outcome.truth.value
        result = "fired" if value is True else "not_fired" if value is False else "not_evaluated"
        decided = [text for text, truth in outcome.leaves if truth.value is value]
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
