"""The rule set: loaded from ``rules.yaml`` (rules) and ``sources.yaml`` (citations).

Adding a rule is editing ``rules.yaml``, not code. The loader validates the whole file at start
and reports every problem at once, each naming its rule: an unknown field, an unknown option,
warning or flag code, an unknown predicate or case field, a rule without a source, a citation
key that is not in ``sources.yaml``, a rule that reads a rule of a later phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from spinemet.decision._parse_condition import ConditionParser
from spinemet.decision.codes import OPTION_GROUPS, FlagCode, Option, Rating, WarningCode
from spinemet.decision.conditions import Condition
from spinemet.errors import MISSING, Problem, RuleFileError

# libyaml's safe loader where PyYAML was built with it (the wheels are): same result, faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["Effect", "Rule", "RuleSet", "load_rules", "parse_rules"]

RULE_KEYS = ("id", "phase", "when", "effects", "because", "source", "evidence", "source_note")
EFFECT_KINDS = ("raise", "cap", "warning", "flag", "note")
_EFFECT_OPTIONS = ("to", "at", "to_highest_raise", "if", "unless", "text", "source", "levels")
EFFECT_KEYS = (*EFFECT_KINDS, *_EFFECT_OPTIONS)
EVIDENCE = ("common_practice", "unverified", "project_convention")
PHASES = (1, 2, 3, 5)


@dataclass(frozen=True, slots=True)
class Effect:
    """One effect of a rule: raise, cap, warning, flag or note, possibly conditional."""

    kind: str
    options: tuple[Option, ...] = ()
    rating: Rating | None = None
    highest_raise_of: tuple[Option, str] | None = None  # (option, rule-id prefix), phase 2
    code: str | None = None
    when_true: Condition | None = None  # ``if``: applies only when true
    unless: Condition | None = None  # ``unless``: applies only when not true
    text: str | None = None
    source: tuple[str, ...] | None = None
    levels: tuple[bool, Condition] | None = None  # (index lesions only, condition)


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: id, phase, condition, effects, the reason in words, and its sources."""

    id: str
    phase: int
    when: Condition
    effects: tuple[Effect, ...]
    because: str
    source: tuple[str, ...]
    evidence: tuple[str, ...]
    source_note: str | None


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A validated rule set with its version and citation table."""

    version: str
    rules: tuple[Rule, ...]
    sources: dict[str, dict[str, str]]

    def rule(self, rule_id: str) -> Rule:
        """The rule with an id."""
        return next(rule for rule in self.rules if rule.id == rule_id)

    def citation(self, keys: tuple[str, ...]) -> str:
        """Citation keys as shown in the output (``MA2023; VERSTEEG2016``)."""
        return "; ".join(keys)


@cache
def load_rules() -> RuleSet:
    """The rule set shipped with spinemet (validated once, then cached).

    >>> rules = load_rules()
    >>> rules.rule("seed.ppsf_pvp.poor_systemic").source
    ('MA2023', 'VERSTEEG2016')
    """
    package = files("spinemet.decision")
    return parse_rules(
        package.joinpath("rules.yaml").read_text("utf-8"),
        package.joinpath("sources.yaml").read_text("utf-8"),
    )


def parse_rules(rules_text: str, sources_text: str, *, file: str = "rules.yaml") -> RuleSet:
    """Validate and parse a rule file and its sources table.

    Raises
    ------
    RuleFileError
        Every problem in the files, each naming the rule it is in.
    """
    problems: list[Problem] = []
    try:
        raw = yaml.load(rules_text, Loader=_LOADER)
        sources_raw = yaml.load(sources_text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise RuleFileError(
            file, str(error).splitlines()[0], "valid YAML", "invalid_yaml", file=file
        ) from None
    sources = _sources(sources_raw, problems)
    if not isinstance(raw, dict) or set(raw) != {"version", "rules"}:
        keys = sorted(raw) if isinstance(raw, dict) else raw
        raise RuleFileError(file, keys, "a mapping with 'version' and 'rules'", "invalid_file")
    entries = raw["rules"] if isinstance(raw["rules"], list) else []
    phases = {
        str(entry.get("id")): entry.get("phase", 1) for entry in entries if isinstance(entry, dict)
    }
    rules: list[Rule] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries):
        rule = _rule(entry, position, phases, sources, problems)
        if rule is not None:
            if rule.id in seen:
                problems.append(Problem(f"rule {rule.id}", rule.id, "a unique id", "duplicate"))
            seen.add(rule.id)
            rules.append(rule)
    if problems:
        raise RuleFileError.from_problems(
            Problem(p.field, p.value, p.allowed, p.code, file=file) for p in problems
        )
    return RuleSet(str(raw["version"]), tuple(rules), sources)


def _sources(raw: Any, problems: list[Problem]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        problems.append(Problem("sources", raw, "a mapping KEY: {reference, verified}"))
        return {}
    for key, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) != {"reference", "verified"}:
            problems.append(Problem(f"source {key}", entry, "{reference, verified}"))
    return {str(key): dict(entry) for key, entry in raw.items() if isinstance(entry, dict)}


def _rule(
    entry: Any,
    position: int,
    phases: dict[str, int],
    sources: dict[str, dict[str, str]],
    problems: list[Problem],
) -> Rule | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        problems.append(
            Problem(f"rules[{position}]", entry, "a rule with a text 'id'", "invalid_rule")
        )
        return None
    rule_id = entry["id"]
    phase = entry.get("phase", 1)
    parser = ConditionParser(rule_id, phase if isinstance(phase, int) else 1, phases)
    for key in entry:
        if key not in RULE_KEYS:
            parser.problem(str(key), key, ", ".join(RULE_KEYS), "unknown_field")
    if phase not in PHASES:
        parser.problem("phase", phase, "1, 2, 3 or 5 (decision.md §3.2)", "value_not_allowed")
    for key in ("when", "because", "source"):
        if key not in entry or entry[key] in (None, "", []):
            parser.problem(key, MISSING, "required for every rule", "missing")
    source = _keys(entry.get("source"), "source", sources, parser)
    evidence = tuple(entry.get("evidence") or ())
    for tag in evidence:
        if tag not in EVIDENCE:
            parser.problem("evidence", tag, ", ".join(EVIDENCE), "value_not_allowed")
    when = parser.parse(entry.get("when", False), "when")
    raw_effects = entry.get("effects") or []
    if not isinstance(raw_effects, list):
        parser.problem("effects", raw_effects, "a list of effects", "invalid_effect")
        raw_effects = []
    effects = tuple(
        _effect(item, f"effects[{n}]", parser, sources) for n, item in enumerate(raw_effects)
    )
    problems.extend(parser.problems)
    return Rule(
        id=rule_id,
        phase=phase if isinstance(phase, int) else 1,
        when=when,
        effects=tuple(effect for effect in effects if effect is not None),
        because=str(entry.get("because", "")).strip(),
        source=source,
        evidence=evidence,
        source_note=entry.get("source_note"),
    )


def _keys(
    raw: Any, where: str, sources: dict[str, dict[str, str]], parser: ConditionParser
) -> tuple[str, ...]:
    keys = raw if isinstance(raw, list) else [] if raw is None else [raw]
    for key in keys:
        if key not in sources:
            parser.problem(
                where, key, "a citation key of sources.yaml (decision.md §7)", "unknown_citation"
            )
    return tuple(str(key) for key in keys)


def _options(raw: Any, where: str, parser: ConditionParser) -> tuple[Option, ...]:
    names = raw if isinstance(raw, list) else [raw]
    options: list[Option] = []
    for name in names:
        if name in OPTION_GROUPS:
            options.extend(sorted(OPTION_GROUPS[name], key=list(Option).index))
        elif name in {option.value for option in Option}:
            options.append(Option(name))
        else:
            allowed = ", ".join([o.value for o in Option] + list(OPTION_GROUPS))
            parser.problem(where, name, allowed, "unknown_option")
    return tuple(options)


def _rating(raw: Any, where: str, parser: ConditionParser) -> Rating | None:
    if raw in {rating.value for rating in Rating}:
        return Rating(raw)
    parser.problem(where, raw, ", ".join(r.value for r in Rating), "unknown_rating")
    return None


def _effect(
    raw: Any, where: str, parser: ConditionParser, sources: dict[str, dict[str, str]]
) -> Effect | None:
    if not isinstance(raw, dict):
        parser.problem(
            where, raw, "a mapping such as {raise: option, to: rating}", "invalid_effect"
        )
        return None
    for key in raw:
        if key not in EFFECT_KEYS:
            parser.problem(f"{where}.{key}", key, ", ".join(EFFECT_KEYS), "unknown_field")
    kinds = [key for key in EFFECT_KINDS if key in raw]
    if len(kinds) != 1:
        parser.problem(where, kinds, "exactly one of " + ", ".join(EFFECT_KINDS), "invalid_effect")
        return None
    kind = kinds[0]
    when_true = parser.parse(raw["if"], f"{where}.if") if "if" in raw else None
    unless = parser.parse(raw["unless"], f"{where}.unless") if "unless" in raw else None
    source = _keys(raw["source"], f"{where}.source", sources, parser) if "source" in raw else None
    common: dict[str, Any] = {
        "when_true": when_true,
        "unless": unless,
        "text": raw.get("text"),
        "source": source,
    }
    if kind in ("raise", "cap"):
        options = _options(raw[kind], f"{where}.{kind}", parser)
        if kind == "raise" and "to_highest_raise" in raw:
            spec = raw["to_highest_raise"]
            if parser.phase != 2 or not isinstance(spec, dict) or set(spec) != {"option", "by"}:
                parser.problem(
                    f"{where}.to_highest_raise", spec, "{option, by} in phase 2", "invalid_effect"
                )
                return None
            of = _options(spec["option"], f"{where}.to_highest_raise.option", parser)
            highest = (of[0], str(spec["by"])) if of else None
            return Effect(kind, options, highest_raise_of=highest, **common)
        rating = _rating(raw.get("to" if kind == "raise" else "at"), f"{where}.{kind}", parser)
        return Effect(kind, options, rating=rating, **common)
    if kind == "note":
        return Effect(kind, _options(raw["note"], f"{where}.note", parser), **common)
    codes = WarningCode if kind == "warning" else FlagCode
    if raw[kind] not in {code.value for code in codes}:
        parser.problem(
            f"{where}.{kind}", raw[kind], f"a {kind} code of decision.md §3.4", f"unknown_{kind}"
        )
    levels = None
    if "levels" in raw:
        spec = raw["levels"]
        if not isinstance(spec, dict) or set(spec) - {"of", "where"} or "where" not in spec:
            parser.problem(
                f"{where}.levels", spec, "{of: index|all, where: condition}", "invalid_effect"
            )
        else:
            condition = parser.parse(spec["where"], f"{where}.levels.where", in_lesion=True)
            levels = (spec.get("of", "index") == "index", condition)
    return Effect(kind, code=str(raw[kind]), levels=levels, **common)
