"""Parse a rule condition from YAML data into the typed tree of :mod:`.conditions`.

Every name is checked here, when the rule file loads: predicates, case fields, option codes,
ratings, rule ids. Problems are collected (never raised one by one) so that the loader reports
every problem in the file at once.
"""

from __future__ import annotations

import enum
import typing
from typing import Any

from pydantic import BaseModel

from spinemet.decision.case import Lesion, Patient, SinsItems
from spinemet.decision.codes import Option, Rating
from spinemet.decision.conditions import (
    COMPARISONS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Const,
    Fired,
    LesionQuantifier,
    Name,
    Not,
    Raised,
    RatingIn,
)
from spinemet.decision.predicates import CASE_PREDICATES, COMPUTED_FIELDS, LESION_PREDICATES
from spinemet.errors import Problem

__all__ = ["ConditionParser", "field_values"]


def _args(annotation: Any) -> list[Any]:
    inner = typing.get_args(annotation)
    if not inner:
        return [annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return [annotation]
    return [item for arg in inner for item in _args(arg)]


def field_values(model: type[BaseModel], name: str) -> tuple[Any, ...] | None:
    """The allowed values of a field with a fixed set (Literal, enum, bool), else None."""
    info = model.model_fields[name]
    values: list[Any] = []
    for arg in _args(info.annotation):
        if typing.get_origin(arg) is typing.Literal:
            values.extend(typing.get_args(arg))
        elif isinstance(arg, type) and issubclass(arg, enum.Enum):
            values.extend(member.value for member in arg)
        elif arg is bool:
            values.extend([True, False])
        elif arg is type(None):
            values.append(None)
        else:
            return None
    return tuple(values)


_BOOLEAN_PATIENT = tuple(
    name
    for name in Patient.model_fields
    if (values := field_values(Patient, name)) is not None and True in values
)


def _field_model(field: str) -> tuple[type[BaseModel], str] | None:
    parts = field.split(".")
    if parts[0] == "patient" and len(parts) == 2 and parts[1] in Patient.model_fields:
        return Patient, parts[1]
    if parts[0] == "lesion" and len(parts) == 2 and parts[1] in Lesion.model_fields:
        return Lesion, parts[1]
    if parts[:2] == ["lesion", "sins"] and len(parts) == 3 and parts[2] in SinsItems.model_fields:
        return SinsItems, parts[2]
    return None


class ConditionParser:
    """Parses the conditions of one rule, collecting problems under the rule's name."""

    def __init__(self, rule: str, phase: int, rule_phases: dict[str, int]) -> None:
        self.rule = rule
        self.phase = phase
        self.rule_phases = rule_phases
        self.problems: list[Problem] = []

    def problem(self, where: str, value: object, allowed: str, code: str) -> None:
        """Record one problem, naming the rule."""
        self.problems.append(Problem(f"rule {self.rule}: {where}", value, allowed, code))

    def parse(self, raw: Any, where: str, *, in_lesion: bool = False) -> Condition:
        """The condition tree of ``raw`` (a placeholder ``Const(False)`` after a problem)."""
        if isinstance(raw, bool):
            return Const(raw)
        if isinstance(raw, str):
            return self._name(raw, where, in_lesion)
        if not isinstance(raw, dict) or not raw:
            self.problem(where, raw, "a predicate name or a one-key mapping", "invalid_condition")
            return Const(False)
        if "field" in raw:
            return self._compare(raw, where, in_lesion)
        if "rating" in raw or "raised" in raw:
            return self._results(raw, where)
        if len(raw) != 1:
            self.problem(where, raw, "a mapping with exactly one operator", "invalid_condition")
            return Const(False)
        key, value = next(iter(raw.items()))
        if key == "not":
            return Not(self.parse(value, f"{where}.not", in_lesion=in_lesion))
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                self.problem(f"{where}.{key}", value, "a non-empty list", "invalid_condition")
                return Const(False)
            parts = tuple(
                self.parse(item, f"{where}.{key}[{n}]", in_lesion=in_lesion)
                for n, item in enumerate(value)
            )
            return AllOf(parts) if key == "all" else AnyOf(parts)
        quantifiers = {
            "any_index_lesion": ("any", True),
            "every_index_lesion": ("every", True),
            "any_lesion": ("any", False),
        }
        if key in quantifiers:
            quantifier, index_only = quantifiers[key]
            part = self.parse(value, f"{where}.{key}", in_lesion=True)
            return LesionQuantifier(quantifier, index_only, part)
        if key == "fired":
            return self._fired(value, f"{where}.fired")
        allowed = "not, all, any, field, any_index_lesion, every_index_lesion, any_lesion, "
        self.problem(where, key, allowed + "fired, raised, rating", "unknown_operator")
        return Const(False)

    def _name(self, name: str, where: str, in_lesion: bool) -> Condition:
        known = set(CASE_PREDICATES) | set(_BOOLEAN_PATIENT)
        if in_lesion:
            known |= set(LESION_PREDICATES)
        if name not in known:
            self.problem(
                where,
                name,
                "a predicate of decision.md §2.2 or a boolean patient field",
                "unknown_predicate",
            )
            return Const(False)
        return Name(name)

    def _compare(self, raw: dict[str, Any], where: str, in_lesion: bool) -> Condition:
        field = raw["field"]
        ops = [key for key in raw if key != "field"]
        if len(ops) != 1 or ops[0] not in COMPARISONS:
            self.problem(where, ops, f"exactly one of {', '.join(COMPARISONS)}", "invalid_operator")
            return Const(False)
        op = ops[0]
        operand = raw[op]
        located = _field_model(field) if isinstance(field, str) else None
        if field in COMPUTED_FIELDS:
            allowed_values = None
        elif located is None or (field.startswith("lesion.") and not in_lesion):
            self.problem(
                f"{where}.field",
                field,
                "patient.<field>, lesion.<field> (inside a "
                "lesion quantifier) or " + ", ".join(COMPUTED_FIELDS),
                "unknown_field",
            )
            return Const(False)
        else:
            allowed_values = field_values(*located)
        if op == "between" and not (isinstance(operand, list) and len(operand) == 2):
            self.problem(f"{where}.between", operand, "[low, high]", "invalid_operand")
        operands = operand if op in ("in", "not_in") else [operand]
        if op in ("in", "not_in") and not isinstance(operand, list):
            self.problem(f"{where}.{op}", operand, "a list of values", "invalid_operand")
            operands = []
        if allowed_values is not None and op != "between":
            for value in operands:
                if value not in allowed_values:
                    shown = ", ".join(repr(v) for v in allowed_values)
                    self.problem(f"{where}.{op}", value, shown, "value_not_allowed")
        if op in ("in", "not_in"):
            operand = tuple(operand) if isinstance(operand, list) else ()
        elif op == "between":
            operand = tuple(operand) if isinstance(operand, list) else (0, 0)
        return Compare(field, op, operand)

    def _fired(self, value: Any, where: str) -> Condition:
        rules = value if isinstance(value, list) else [value]
        for rule in rules:
            phase = self.rule_phases.get(rule)
            if phase is None:
                self.problem(where, rule, "the id of a rule in this file", "unknown_rule")
            elif phase >= self.phase:
                self.problem(where, rule, f"a rule of a phase before {self.phase}", "phase_order")
        return Fired(tuple(str(rule) for rule in rules))

    def _results(self, raw: dict[str, Any], where: str) -> Condition:
        if "raised" in raw:
            if self.phase != 2:
                self.problem(f"{where}.raised", raw["raised"], "only in phase 2", "phase_order")
            option = self._option(raw["raised"], f"{where}.raised")
            prefix = raw.get("by", "")
            if not isinstance(prefix, str) or set(raw) - {"raised", "by"}:
                self.problem(
                    where, raw, "{raised: option, by: 'rule-id prefix'}", "invalid_condition"
                )
            return Raised(option or Option.PPSF_PVP, str(prefix))
        if self.phase not in (3, 5):
            self.problem(
                f"{where}.rating",
                raw["rating"],
                "only in phase 3 (provisional) or phase 5 (final)",
                "phase_order",
            )
        names = raw["rating"] if isinstance(raw["rating"], list) else [raw["rating"]]
        options = tuple(
            option for name in names if (option := self._option(name, f"{where}.rating"))
        )
        ratings_raw = raw.get("in", [])
        ratings: list[Rating] = []
        for name in ratings_raw if isinstance(ratings_raw, list) else [ratings_raw]:
            if name in Rating.__members__.values() or name in {r.value for r in Rating}:
                ratings.append(Rating(name))
            else:
                self.problem(
                    f"{where}.in", name, ", ".join(r.value for r in Rating), "unknown_rating"
                )
        return RatingIn(options, tuple(ratings))

    def _option(self, name: Any, where: str) -> Option | None:
        if name in {option.value for option in Option}:
            return Option(name)
        self.problem(where, name, ", ".join(option.value for option in Option), "unknown_option")
        return None
