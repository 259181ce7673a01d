"""The phased evaluation of domain/decision.md §3.2: rules in, ratings, roles and top out.

Phase 0 (validation, scores, predicates) is :func:`~spinemet.decision.predicates.compute_facts`;
this module runs phases 1-3 (rules, provisional and final combination), phase 4 (roles, top)
and the rules of phase 5 (notes on the final ratings). The construct plan (also phase 5) is
:mod:`spinemet.decision.plan`. Nothing here changes a rating after the final combination.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from spinemet.decision.codes import OPTION_ORDER, PROCEDURES, RADIOTHERAPY, Option, Rating, Role
from spinemet.decision.conditions import Scope
from spinemet.decision.levels import Level, sort_levels
from spinemet.decision.predicates import Facts
from spinemet.decision.rules import Effect, Rule, RuleSet
from spinemet.decision.texts import sentence
from spinemet.decision.truth import Truth

__all__ = ["Applied", "Evaluation", "RuleOutcome", "combine", "evaluate"]


@dataclass(frozen=True, slots=True)
class Applied:
    """One effect that took place: which rule, what it did, to what, why, with which source."""

    rule: str
    phase: int
    kind: str  # raise, cap, note, warning, flag
    text: str
    citation: str
    option: Option | None = None
    rating: Rating | None = None
    code: str | None = None
    levels: tuple[Level, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """A rule's condition value and the scope it was evaluated in; the atomic tests behind it
    (for ``--explain``) are worded only when asked for, not on every evaluation (the what-if
    analysis evaluates the rules once per candidate value and reads none of them)."""

    rule: Rule
    truth: Truth
    scope: Scope

    @property
    def leaves(self) -> tuple[tuple[str, Truth], ...]:
        return tuple(self.rule.when.leaves(self.scope))


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything phases 1-5 (without the plan) produced."""

    facts: Facts
    rules: RuleSet
    applied: tuple[Applied, ...]
    outcomes: tuple[RuleOutcome, ...]
    provisional: Mapping[Option, Rating | None]
    final: Mapping[Option, Rating | None]
    roles: Mapping[Option, Role]
    top: tuple[Option, ...]
    fired: tuple[str, ...] = field(default=())

    def reasons(self, option: Option) -> list[Applied]:
        """Every raise, cap and note that touched an option, in evaluation order."""
        return [effect for effect in self.applied if effect.option is option]


def combine(applied: Iterable[Applied]) -> dict[Option, Rating | None]:
    """The combination step of §3.2: caps beat raises; unraised options are not addressed.

    >>> a = [Applied("r1", 1, "raise", "", "", Option.PVP, Rating.RECOMMENDED),
    ...      Applied("r2", 1, "cap", "", "", Option.PVP, Rating.CONSIDER),
    ...      Applied("r3", 1, "cap", "", "", Option.PKP, Rating.CONSIDER)]
    >>> ratings = combine(a)
    >>> ratings[Option.PVP], ratings[Option.PKP]
    (<Rating.CONSIDER: 'consider'>, None)
    """
    effects = list(applied)
    ratings: dict[Option, Rating | None] = {}
    for option in Option:
        raises = [e.rating for e in effects if e.kind == "raise" and e.option is option]
        caps = [e.rating for e in effects if e.kind == "cap" and e.option is option]
        raised = [rating for rating in raises if rating is not None]
        capped = [rating for rating in caps if rating is not None]
        if raised:
            best = max(raised, key=lambda rating: rating.rank)
            if capped:
                limit = min(capped, key=lambda rating: rating.rank)
                best = best if best.rank <= limit.rank else limit
            ratings[option] = best
        elif Rating.NOT_ADVISED in capped:
            ratings[option] = Rating.NOT_ADVISED
        else:
            ratings[option] = None
    return ratings


def evaluate(facts: Facts, rules: RuleSet) -> Evaluation:
    """Run phases 1 to 5 of §3.2 (the plan excepted) on a case's facts."""
    applied: list[Applied] = []
    outcomes: list[RuleOutcome] = []
    fired: list[str] = []

    def run(phase: int, scope: Scope) -> None:
        for rule in rules.rules:
            if rule.phase != phase:
                continue
            truth = rule.when.evaluate(scope)
            outcomes.append(RuleOutcome(rule, truth, scope))
            if truth.is_true:
                fired.append(rule.id)
                for effect in rule.effects:
                    applied.extend(_apply(rule, effect, scope, rules))

    run(1, Scope(facts))
    phase_one_raises = {
        (effect.rule, effect.option): effect.rating
        for effect in applied
        if effect.kind == "raise" and effect.option is not None and effect.rating is not None
    }
    run(2, Scope(facts, fired=frozenset(fired), raises=phase_one_raises))
    provisional = combine(applied)
    run(3, Scope(facts, fired=frozenset(fired), ratings=provisional))
    final = combine(applied)
    roles, top = roles_and_top(final)
    run(5, Scope(facts, fired=frozenset(fired), ratings=final))
    return Evaluation(
        facts=facts,
        rules=rules,
        applied=tuple(applied),
        outcomes=tuple(outcomes),
        provisional=provisional,
        final=final,
        roles=roles,
        top=top,
        fired=tuple(fired),
    )


def roles_and_top(
    final: Mapping[Option, Rating | None],
) -> tuple[dict[Option, Role], tuple[Option, ...]]:
    """Phase 4: radiotherapy is adjuvant when a procedure is recommended; top = best primary."""
    procedure_recommended = any(final[option] is Rating.RECOMMENDED for option in PROCEDURES)
    roles = {
        option: Role.ADJUVANT if procedure_recommended and option in RADIOTHERAPY else Role.PRIMARY
        for option in Option
    }
    primary = [
        (option, rating)
        for option, rating in final.items()
        if rating is not None and roles[option] is Role.PRIMARY
    ]
    if not primary:
        return roles, ()
    best = max(rating.rank for _, rating in primary)
    if best < Rating.CONSIDER.rank:
        return roles, ()
    top = tuple(
        sorted(
            (option for option, rating in primary if rating.rank == best),
            key=lambda option: OPTION_ORDER[option],
        )
    )
    return roles, top


def _applies(effect: Effect, scope: Scope) -> bool:
    if effect.when_true is not None and not effect.when_true.evaluate(scope).is_true:
        return False
    return effect.unless is None or not effect.unless.evaluate(scope).is_true


def _apply(rule: Rule, effect: Effect, scope: Scope, rules: RuleSet) -> list[Applied]:
    if not _applies(effect, scope):
        return []
    # A warning without its own text says what the warning means (§3.4); a flag, the action of
    # the rule that gave it.
    fallback = sentence(effect.code) if effect.kind == "warning" and effect.code else rule.because
    text = (effect.text or fallback).strip()
    citation = rules.citation(effect.source or rule.source)
    base = Applied(rule=rule.id, phase=rule.phase, kind=effect.kind, text=text, citation=citation)
    if effect.kind in ("raise", "cap"):
        rating = effect.rating
        if effect.highest_raise_of is not None:
            option, prefix = effect.highest_raise_of
            raised = [
                value
                for (rule_id, target), value in (scope.raises or {}).items()
                if target is option and rule_id.startswith(prefix)
            ]
            rating = max(raised, key=lambda value: value.rank) if raised else None
        if rating is None:
            return []
        return [replace(base, option=option, rating=rating) for option in effect.options]
    if effect.kind == "note":
        return [replace(base, option=option) for option in effect.options]
    levels: tuple[Level, ...] = ()
    if effect.levels is not None:
        index_only, condition = effect.levels
        lesions = scope.facts.index_lesions() if index_only else scope.facts.case.lesions
        levels = tuple(
            sort_levels(
                lesion.level for lesion in lesions if condition.evaluate(scope.at(lesion)).is_true
            )
        )
    return [replace(base, code=effect.code, levels=levels)]
