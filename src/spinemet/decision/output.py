"""The recommendation as it leaves spinemet (domain/decision.md §3.4): frozen pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from spinemet.instruments._i18n import N_

__all__ = [
    "DISCLAIMER",
    "NOT_ADDRESSED_TEXT",
    "FiredRule",
    "MissingInput",
    "NotAddressed",
    "NotEvaluated",
    "Note",
    "RatedOption",
    "Reason",
    "Recommendation",
]

DISCLAIMER = N_(
    "Decision support for a multidisciplinary team; not a treatment order. The engine does not "
    "assess the timing of neurological change beyond the fields given, imaging quality, or the "
    "patient's goals of care."
)
NOT_ADDRESSED_TEXT = N_(
    "No rule in this rule set addresses this option for this case; clinical judgement."
)

_MODEL = ConfigDict(frozen=True, extra="forbid")


class Reason(BaseModel):
    """One effect of one rule on an option."""

    model_config = _MODEL
    rule: str
    effect: str  # "raise:recommended", "cap:consider", "note"
    text: str
    citation: str
    overridden_by: list[str] | None = None


class RatedOption(BaseModel):
    """A rated option with every effect that touched it."""

    model_config = _MODEL
    treatment: str
    suitability: str
    role: str
    reasons: list[Reason]


class NotAddressed(BaseModel):
    """An option no rule rated: not advice against it."""

    model_config = _MODEL
    treatment: str
    text: str
    limits: list[Reason]
    notes: list[Reason]


class FiredRule(BaseModel):
    """A rule whose condition was true."""

    model_config = _MODEL
    rule: str
    phase: int
    citation: str
    text: str
    evidence: list[str]


class NotEvaluated(BaseModel):
    """A rule whose condition was unknown, and the inputs that were missing."""

    model_config = _MODEL
    rule: str
    missing: list[str]


class Note(BaseModel):
    """A warning or a flag: code, levels it concerns, the rule that gave it, text."""

    model_config = _MODEL
    code: str
    levels: list[str]
    rule: str | None
    text: str
    citation: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def level(self) -> str | None:
        """The first level of ``levels`` (decision.md §3.4 shows one ``level``; a code appears
        once per output, so ``levels`` lists every level it concerns)."""
        return self.levels[0] if self.levels else None


class MissingInput(BaseModel):
    """A missing input and whether any of its allowed values would change ``top``."""

    model_config = _MODEL
    field: str
    changes_top: bool
    alternatives: list[dict[str, Any]]
    text: str


class Recommendation(BaseModel):
    """The output of ``spinemet recommend`` (domain/decision.md §3.4).

    ``explain`` is filled only when asked for (``--explain``): every rule, fired or not, with
    the value of its condition and the inputs that decided it.
    """

    model_config = _MODEL
    rule_set_version: str
    scores: dict[str, Any]
    predicates: dict[str, Any]
    defaults_applied: list[dict[str, Any]]
    options: list[RatedOption]
    not_addressed: list[NotAddressed]
    top: list[str]
    fired_rules: list[FiredRule]
    not_evaluated: list[NotEvaluated]
    warnings: list[Note]
    flags: list[Note]
    plan: dict[str, Any] | None
    missing_inputs: list[MissingInput]
    could_not_change_top: list[str]
    explain: list[dict[str, Any]] | None = None
    disclaimer: str = DISCLAIMER

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (``explain`` left out unless it was asked for)."""
        data = self.model_dump(mode="json")
        if data["explain"] is None:
            del data["explain"]
        return data
