"""Rule conditions: a small typed syntax tree, parsed from the rule file, evaluated in 3VL.

Never ``eval``: a condition is one of these nodes, parsed from YAML data and checked against the
case schema and the predicates of domain/decision.md §2.2 when the rule file is loaded.

Syntax (YAML)::

    gross_instability                        # a predicate, or a boolean patient field
    {not: C}  {all: [C, ...]}  {any: [C, ...]}  true
    {field: patient.active_infection, eq: local_at_site}   # eq ne in not_in lt le gt ge between
    {field: lesion.retropulsion, is: null}                 # is / is_not: two-valued identity
    {any_index_lesion: C}  {every_index_lesion: C}  {any_lesion: C}   # C about one lesion
    {fired: [rule_id, ...]}                  # phase >= 2: a rule of an earlier phase fired
    {raised: ppsf_pvp, by: "seed."}          # phase >= 2: a phase-1 rule raised the option
    {rating: [option, ...], in: [recommended]}  # phase 3: provisional, phase 5: final ratings
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from spinemet.decision.case import Lesion
from spinemet.decision.codes import Option, Rating
from spinemet.decision.predicates import COMPUTED_FIELDS, Facts
from spinemet.decision.truth import Truth, all_of, any_of, known, unknown
from spinemet.instruments._i18n import N_

__all__ = [
    "PREDICATE_GLOSS",
    "AllOf",
    "AnyOf",
    "Compare",
    "Condition",
    "Const",
    "Fired",
    "LesionQuantifier",
    "Name",
    "Not",
    "Raised",
    "RatingIn",
    "Scope",
    "names_read",
]

# What a predicate means, in the words of domain/decision.md §2.2 (shown by ``--explain``).
PREDICATE_GLOSS: dict[str, str] = {
    "unstable": N_("SINS 13 or more at an index lesion"),
    "indeterminate": N_("highest index SINS 7-12"),
    "stable": N_("highest index SINS 6 or less"),
    "translation": N_("subluxation/translation at an index lesion"),
    "gross_instability": N_("SINS 13 or more, or subluxation/translation"),
    "high_grade_escc": N_("ESCC 2 or 3 at any lesion"),
    "significant_compression": N_("ESCC 2 or 3 at any lesion"),
    "cord_abutment_or_worse": N_("ESCC 1c, 2 or 3 at any lesion"),
    "compression_one_segment": N_("the ESCC 2-3 lesions form one contiguous run"),
    "compression_above_conus": N_("every ESCC 2-3 lesion at C1-L1"),
    "compression_below_conus_only": N_("every ESCC 2-3 lesion at L2-S5"),
    "pathological_fracture": N_("collapse above 0 % at an index lesion"),
    "mechanical_pain": N_("mechanical pain at an index lesion"),
    "painful": N_("pain at an index lesion"),
    "radiosensitive": N_("radiosensitive to conventional radiotherapy"),
    "radioresistant": N_("radioresistant to conventional radiotherapy"),
    "haematological": N_("myeloma, lymphoma or leukaemia"),
    "patchell_excluded_histology": N_("lymphoma, leukaemia, myeloma or germ-cell tumour"),
    "neuro_deficit": N_("Frankel/ASIA A-D or neurological symptoms"),
    "paraplegia_gt_48h": N_("Frankel/ASIA A-B for more than 48 h"),
    "solitary_spinal": N_("one involved vertebra, no other bone metastasis"),
    "short_life_expectancy": N_("clinician's estimate under 3 months"),
    "le_at_least_6": N_("clinician's estimate 6 months or more"),
    "le_under_6": N_("clinician's estimate under 6 months"),
    "performance_good": N_("KPS 70 or more, or ECOG 0-1 without KPS"),
    "performance_poor": N_("KPS 40 or less, or ECOG 3-5 without KPS"),
    "sbrt_poor_candidate": N_("poor performance or an estimate under 6 months"),
    "urgent_deficit": N_("cord abutment or compression with a deficit not recorded as stable"),
    "index_in_t1_l5": N_("every index lesion at T1-L5"),
    "index_cervical": N_("an index lesion at C1-C7"),
    "index_lumbosacral_junction_or_below": N_("an index lesion at L5-S5"),
    "percutaneous_construct_possible": N_("index at T1-L5 with an anchor level on each side"),
    "body_lesion": N_("tumour in the vertebral body"),
    "cement_permitted": N_("ESCC 0/1a and retropulsion assessed and absent"),
    "cement_target_ok": N_("cement permitted, body lesion, lytic or mixed, posterior wall intact"),
}

# The sentences of ``--explain`` (``decided_by``), msgids of the catalogue: the output keeps
# them in English, :func:`spinemet.decision.localize.translate_explanation` translates them. The
# fields, values and the requirement inside stay codes.
EXPLAIN_SENTENCE = N_("%(observed)s, so the requirement '%(requirement)s' is %(verdict)s.")
EXPLAIN_SENTENCE_MISSING = N_(
    "%(observed)s, so the requirement '%(requirement)s' is %(verdict)s (missing: %(missing)s)."
)
EXPLAIN_AT = N_("At %(level)s, %(sentence)s")
EXPLAIN_REQUIREMENT = N_("The requirement '%(requirement)s' is %(verdict)s.")
EXPLAIN_ALWAYS = N_("The rule applies to every case.")
EXPLAIN_NEVER = N_("The rule never applies.")
EXPLAIN_OBSERVED = (
    # what was observed, most specific first (a sentence's start; lower case)
    N_("the predicate %(name)s (%(gloss)s) is %(word)s"),
    N_("the predicate %(name)s is %(word)s"),
    N_("the field patient.%(name)s is %(word)s"),
    N_("the computed value %(name)s is %(value)s"),
    N_("the field %(name)s is %(value)s"),
    N_("%(name)s is %(value)s"),
)
EXPLAIN_VERDICTS = {True: N_("met"), False: N_("not met"), None: N_("undecided")}
EXPLAIN_WORDS = {True: N_("true"), False: N_("false"), None: N_("unknown")}
EXPLAIN_NOT_GIVEN = N_("not given")

COMPARISONS = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "between", "is", "is_not")


@dataclass(frozen=True, slots=True)
class Scope:
    """What a condition is evaluated against: the facts, one lesion, earlier phases' results."""

    facts: Facts
    lesion: Lesion | None = None
    fired: frozenset[str] = frozenset()
    raises: Mapping[tuple[str, Option], Rating] | None = None  # phase-1 raises, before caps
    ratings: Mapping[Option, Rating | None] | None = None  # provisional or final

    def at(self, lesion: Lesion) -> Scope:
        """The same scope, about one lesion."""
        return Scope(self.facts, lesion, self.fired, self.raises, self.ratings)

    def resolve(self, name: str) -> tuple[Any, str | None]:
        """The value of a field, and the field to name when it is missing (``None``)."""
        facts = self.facts
        if name.startswith("lesion."):
            lesion = self.lesion
            if lesion is None:  # the loader allows lesion fields only inside a quantifier
                raise RuntimeError(f"{name} outside a lesion quantifier")
            position = facts.case.lesions.index(lesion)
            value: Any = lesion
            for part in name.split(".")[1:]:
                value = getattr(value, part) if value is not None else None
            if name == "lesion.sins.location":
                from spinemet.instruments import sins_location_from_level

                value = sins_location_from_level(lesion.level.value)
            return _plain(value), f"lesions[{position}].{name.removeprefix('lesion.')}"
        if name.startswith("patient."):
            return _plain(getattr(facts.case.patient, name.split(".", 1)[1])), name
        value = facts.values[name]
        if value is None:
            if name == "radiosensitivity_group":
                return None, "patient.radiosensitivity"
            score = facts.scores.tokuhashi_revised if "tokuhashi" in name else facts.scores.tomita
            return None, ", ".join(score.missing) or name
        return value, name


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") and not isinstance(value, bool) else value


class Condition:
    """Base of the condition nodes."""

    def evaluate(self, scope: Scope) -> Truth:
        """The three-valued value of the condition."""
        raise NotImplementedError

    def describe(self) -> str:
        """The condition as readable text."""
        raise NotImplementedError

    def leaves(self, scope: Scope, negated: bool = False) -> list[tuple[str, Truth]]:
        """Each atomic test as a sentence, with its value as it counts in the rule.

        What decided the rule, for ``--explain``. ``negated``: the test sits under a ``not``
        (its value counts inverted, and the sentence names the requirement as ``not ...``).
        """
        truth = self.evaluate(scope)
        counted = ~truth if negated else truth
        requirement = f"not ({self.describe()})" if negated else self.describe()
        verdict = EXPLAIN_VERDICTS[counted.value]
        return [(EXPLAIN_REQUIREMENT % {"requirement": requirement, "verdict": verdict}, counted)]


def _word(truth: Truth) -> str:
    return EXPLAIN_WORDS[truth.value]


def _shown(value: Any) -> str:
    if value is None:
        return EXPLAIN_NOT_GIVEN
    if isinstance(value, bool):
        return EXPLAIN_WORDS[value]
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    return str(_plain(value))


def _sentence(
    scope: Scope, observed: str, condition: Condition, negated: bool, truth: Truth
) -> str:
    """``At L1, retropulsion is false, so the requirement 'retropulsion = true' is not met.``"""
    counted = ~truth if negated else truth
    requirement = condition.describe()
    if negated:
        requirement = f"not {requirement}"
    values = {
        "observed": observed,
        "requirement": requirement,
        "verdict": EXPLAIN_VERDICTS[counted.value],
        "missing": ", ".join(sorted(truth.missing)),
    }
    text = (EXPLAIN_SENTENCE_MISSING if truth.missing else EXPLAIN_SENTENCE) % values
    if scope.lesion is not None:
        return EXPLAIN_AT % {"level": scope.lesion.level.value, "sentence": text}
    return text[0].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Const(Condition):
    """``true`` (a rule that always applies) or ``false``."""

    value: bool

    def evaluate(self, scope: Scope) -> Truth:
        return known(self.value)

    def describe(self) -> str:
        return "always" if self.value else "never"

    def leaves(self, scope: Scope, negated: bool = False) -> list[tuple[str, Truth]]:
        truth = known(self.value != negated)
        text = EXPLAIN_ALWAYS if truth.is_true else EXPLAIN_NEVER
        return [(text, truth)]


@dataclass(frozen=True, slots=True)
class Name(Condition):
    """A predicate (§2.2) or a boolean field of the patient (``refuses_open_surgery``)."""

    name: str

    def evaluate(self, scope: Scope) -> Truth:
        if scope.lesion is not None and self.name in scope.facts.lesion_truths[scope.lesion.level]:
            return scope.facts.lesion_truths[scope.lesion.level][self.name]
        if self.name in scope.facts.predicates:
            return scope.facts.predicates[self.name]
        value = getattr(scope.facts.case.patient, self.name)
        return unknown(f"patient.{self.name}") if value is None else known(bool(value))

    def describe(self) -> str:
        return self.name

    def leaves(self, scope: Scope, negated: bool = False) -> list[tuple[str, Truth]]:
        truth = self.evaluate(scope)
        gloss = PREDICATE_GLOSS.get(self.name)
        if self.name in scope.facts.predicates or gloss:
            template = EXPLAIN_OBSERVED[0] if gloss else EXPLAIN_OBSERVED[1]
        else:
            template = EXPLAIN_OBSERVED[2]
        observed = template % {"name": self.name, "gloss": gloss, "word": _word(truth)}
        return [(_sentence(scope, observed, self, negated, truth), ~truth if negated else truth)]


@dataclass(frozen=True, slots=True)
class Compare(Condition):
    """A comparison of a field with a value; with a null field it is unknown (``is``: not)."""

    field: str
    op: str
    operand: Any

    def evaluate(self, scope: Scope) -> Truth:
        value, missing = scope.resolve(self.field)
        if self.op == "is":
            return known(value == self.operand)
        if self.op == "is_not":
            return known(value != self.operand)
        if value is None:
            return unknown(missing or self.field)
        return known(_OPERATORS[self.op](value, self.operand))

    def describe(self) -> str:
        symbol = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
        name = self.field.removeprefix("lesion.")
        operand = _shown(self.operand) if self.operand is not None else "null"
        if self.op in symbol:
            return f"{name} {symbol[self.op]} {operand}"
        if self.op == "between":
            return f"{name} in {self.operand[0]}..{self.operand[1]}"
        if self.op in ("is", "is_not"):
            return f"{name} {'is' if self.op == 'is' else 'is not'} {operand}"
        return f"{name} {self.op.replace('_', ' ')} {operand}"

    def leaves(self, scope: Scope, negated: bool = False) -> list[tuple[str, Truth]]:
        truth = self.evaluate(scope)
        value, _ = scope.resolve(self.field)
        name = self.field.removeprefix("lesion.")
        if scope.lesion is not None:
            template = EXPLAIN_OBSERVED[5]
        else:
            template = EXPLAIN_OBSERVED[3 if self.field in COMPUTED_FIELDS else 4]
        observed = template % {"name": name, "value": _shown(value)}
        return [(_sentence(scope, observed, self, negated, truth), ~truth if negated else truth)]


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda value, operand: bool(value == operand),
    "ne": lambda value, operand: bool(value != operand),
    "in": lambda value, operand: value in operand,
    "not_in": lambda value, operand: value not in operand,
    "lt": lambda value, operand: bool(value < operand),
    "le": lambda value, operand: bool(value <= operand),
    "gt": lambda value, operand: bool(value > operand),
    "ge": lambda value, operand: bool(value >= operand),
    "between": lambda value, operand: bool(operand[0] <= value <= operand[1]),
}


@dataclass(frozen=True, slots=True)
class Not(Condition):
    """Negation (``not`` unknown is unknown)."""

    part: Condition

    def evaluate(self, scope: Scope) -> Truth:
        return ~self.part.evaluate(scope)

    def describe(self) -> str:
        return f"not {self.part.describe()}"

    def leaves(self, scope: Scope, negated: bool = False) -> list[tuple[str, Truth]]:
        return self.part.leaves(scope, not negated)


@dataclass(frozen=True, slots=True)
class AllOf(Condition):
    """``and`` over the parts."""

    parts: tuple[Condition, ...]

    def evaluate(self, scope: Scope) -> Truth:
        return all_of(part.evaluate(scope) for part in self.parts)

    def describe(self) -> str:
        return "(" + " and ".join(part.describe() for part in self.parts) + ")"

    def leaves(self, scope: Scope, negated: bool = False) -> list[tuple[str, Truth]]:
        return [leaf for part in self.parts for leaf in part.leaves(scope, negated)]


@dataclass(frozen=True, slots=True)
class AnyOf(Condition):
    """``or`` over the parts."""

    parts: tuple[Condition, ...]

    def evaluate(self, scope: Scope) -> Truth:
        return any_of(part.evaluate(scope) for part in self.parts)

    def describe(self) -> str:
        return "(" + " or ".join(part.describe() for part in self.parts) + ")"

    def leaves(self, scope: Scope, negated: bool = False) -> list[tuple[str, Truth]]:
        return [leaf for part in self.parts for leaf in part.leaves(scope, negated)]


@dataclass(frozen=True, slots=True)
class LesionQuantifier(Condition):
    """``any``/``every`` index lesion, or any lesion, meeting a lesion condition."""

    quantifier: str  # "any" or "every"
    index_only: bool
    part: Condition

    def lesions(self, scope: Scope) -> list[Lesion]:
        """The lesions quantified over."""
        if self.index_only:
            return scope.facts.index_lesions()
        return list(scope.facts.case.lesions)

    def evaluate(self, scope: Scope) -> Truth:
        values = (self.part.evaluate(scope.at(lesion)) for lesion in self.lesions(scope))
        return any_of(values) if self.quantifier == "any" else all_of(values)

    def describe(self) -> str:
        what = "index lesion" if self.index_only else "lesion"
        return f"{self.quantifier} {what}: {self.part.describe()}"

    def leaves(self, scope: Scope, negated: bool = False) -> list[tuple[str, Truth]]:
        return [
            leaf
            for lesion in self.lesions(scope)
            for leaf in self.part.leaves(scope.at(lesion), negated)
        ]


@dataclass(frozen=True, slots=True)
class Fired(Condition):
    """Any of the named rules (of an earlier phase) fired."""

    rules: tuple[str, ...]

    def evaluate(self, scope: Scope) -> Truth:
        return known(any(rule in scope.fired for rule in self.rules))

    def describe(self) -> str:
        return "fired: " + " or ".join(self.rules)


@dataclass(frozen=True, slots=True)
class Raised(Condition):
    """A phase-1 rule whose id starts with ``prefix`` raised ``option`` (before caps)."""

    option: Option
    prefix: str

    def evaluate(self, scope: Scope) -> Truth:
        raises = scope.raises or {}
        return known(
            any(rule.startswith(self.prefix) and opt is self.option for rule, opt in raises)
        )

    def describe(self) -> str:
        return f"a {self.prefix}* rule raised {self.option.value}"


@dataclass(frozen=True, slots=True)
class RatingIn(Condition):
    """Any of the options is rated one of the ratings (provisional in phase 3, final in 5)."""

    options: tuple[Option, ...]
    ratings: tuple[Rating, ...]

    def evaluate(self, scope: Scope) -> Truth:
        ratings = scope.ratings or {}
        return known(any(ratings.get(option) in self.ratings for option in self.options))

    def describe(self) -> str:
        options = ", ".join(option.value for option in self.options)
        ratings = " or ".join(r.value for r in self.ratings)
        if len(self.options) > 1:
            return f"one of {options} rated {ratings}"
        return f"{options} is rated {ratings}"


def names_read(condition: Condition | None) -> frozenset[str]:
    """Every predicate and field name a condition reads (for explaining what decided it).

    >>> sorted(names_read(AllOf((Name("radioresistant"), Not(Name("high_grade_escc"))))))
    ['high_grade_escc', 'radioresistant']
    """
    if condition is None:
        return frozenset()
    if isinstance(condition, Name):
        return frozenset({condition.name})
    if isinstance(condition, Compare):
        return frozenset({condition.field})
    if isinstance(condition, (Not, LesionQuantifier)):
        return names_read(condition.part)
    if isinstance(condition, (AllOf, AnyOf)):
        return frozenset().union(*(names_read(part) for part in condition.parts))
    return frozenset()
