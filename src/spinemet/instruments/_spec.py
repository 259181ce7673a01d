"""The declared form of an instrument: items, allowed values, points, bands, citation.

One :class:`InstrumentSpec` per instrument is the single source of truth from which validation,
scoring (single case and whole tables), the JSON Schema and the command-line help are derived.
A points table is written once, in its instrument's module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from spinemet.errors import Problem

Code = str | int | bool
"""An allowed item value: a string code, a whole number (Barthel points) or a boolean."""


class ItemKind(StrEnum):
    """What type of value an item takes (JSON types; ``bool`` is never an ``int``)."""

    CHOICE = "choice"  # a string code from a fixed list
    INTEGER = "integer"  # a whole number: from a fixed list when ``choices`` is set, else a range
    NUMBER = "number"  # an int or a float in a range (VAS 0-10, radiolucent zone in mm)
    BOOLEAN = "boolean"  # true / false


class Scoring(StrEnum):
    """How the total and the category follow from the items."""

    SUM = "sum"  # total = sum of the points of the items; category = band of the total
    VALUE = "value"  # one item; total = its value; category = band of the total
    GRADE = "grade"  # one graded item; total = None; category set on each choice
    RULE = "rule"  # total = None; category from a declared rule (screw loosening)


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed value of an item, with its readable label and what it is worth.

    ``points`` is the value's contribution to a SUM total; ``category`` (GRADE instruments) is
    the band the grade belongs to; ``interpretation`` overrides the category's text for this
    grade only (Bilsky 1c).
    """

    code: Code
    label: str
    points: int | None = None
    category: str | None = None
    interpretation: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One item of an instrument."""

    name: str
    label: str
    kind: ItemKind
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    required: bool = True
    default: Code | None = None
    counts: bool = True  # False: validated and echoed, but not part of the total

    @property
    def codes(self) -> tuple[Code, ...]:
        """The allowed values, in the order of the published table."""
        return tuple(choice.code for choice in self.choices)

    def choice(self, code: Code) -> Choice:
        """The :class:`Choice` of an allowed value (the value must be valid)."""
        for choice in self.choices:
            if choice.code == code and type(choice.code) is type(code):
                return choice
        raise KeyError(code)  # a bug: callers validate first

    def allowed_text(self) -> str:
        """What this item allows, as the error messages and the help show it."""
        if self.choices:
            text = ", ".join(_format_code(code) for code in self.codes)
        elif self.kind is ItemKind.BOOLEAN:
            text = "true, false"
        else:
            kind = "integer" if self.kind is ItemKind.INTEGER else "number"
            low = "" if self.minimum is None else f"{_format_number(self.minimum)} <= "
            high = "" if self.maximum is None else f" <= {_format_number(self.maximum)}"
            text = f"{low}{kind}{high}"
        return text if self.required else f"{text} (or null)"


def counted_flag(name: str, label: str, present: str, absent: str) -> Item:
    """A yes/no item worth 1 point when true (modified Bauer factors, Yeom leak types)."""
    return Item(name, label, ItemKind.BOOLEAN, (Choice(True, present, 1), Choice(False, absent, 0)))


@dataclass(frozen=True, slots=True)
class Band:
    """A category of the total: ``low <= total <= high`` (or ``< high`` when half-open)."""

    code: str
    interpretation: str
    low: float
    high: float
    high_inclusive: bool = True

    def contains(self, total: float) -> bool:
        """Whether ``total`` falls in this band."""
        if total < self.low:
            return False
        return total <= self.high if self.high_inclusive else total < self.high


ItemValues = Mapping[str, Any]
Extras = Callable[[ItemValues, "float | None"], dict[str, object]]
Check = Callable[[ItemValues], list[Problem]]
Rule = Callable[[ItemValues], Any]
FrameExtras = Callable[[Mapping[str, Any], Any], dict[str, Any]]
FrameCheck = Callable[[Mapping[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class InstrumentSpec:
    """Everything spinemet knows about one instrument, declared once.

    Parameters
    ----------
    code, name
        Instrument code (``sins``) and its full name.
    items
        The items in the order of the published table.
    scoring
        How total and category follow from the items (:class:`Scoring`).
    reference
        The primary citation, returned with every result.
    bands
        Categories of the total (SUM and VALUE), covering the range without gaps.
    categories
        Category code to interpretation, for GRADE and RULE instruments.
    band_factor
        The total is multiplied by this before banding (Barthel 0-20 is banded on 0-100).
    check
        Cross-item consistency rule; returns the problems found (empty when consistent).
    extras
        Extra keys of the result defined by the instrument's section (``total_100``, ...).
    rule, rule_outcomes
        The classification rule of a RULE instrument: items in, a boolean out, written with
        ``|``, ``&`` and comparisons so that it works on single values and on whole columns
        alike; ``rule_outcomes`` names the category for false and for true.
    frame_extras, frame_check
        The column-wise forms of ``extras`` and ``check`` for :func:`score_frame` (pandas
        Series in, Series out); ``frame_check`` returns a mask of the inconsistent rows, whose
        messages come from ``check``.
    sources
        Further citations (bands, conventions) shown in the help and the docs.
    """

    code: str
    name: str
    items: tuple[Item, ...]
    scoring: Scoring
    reference: str
    total_range: tuple[float, float] | None = None
    bands: tuple[Band, ...] = ()
    categories: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    band_factor: int = 1
    check: Check | None = None
    extras: Extras | None = None
    rule: Rule | None = None
    rule_outcomes: tuple[str, str] = ("", "")
    frame_extras: FrameExtras | None = None
    frame_check: FrameCheck | None = None
    sources: tuple[str, ...] = ()
    notes: str = ""

    def item(self, name: str) -> Item:
        """The item called ``name``."""
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def item_names(self) -> tuple[str, ...]:
        """Item names in table order."""
        return tuple(item.name for item in self.items)

    @property
    def required_items(self) -> tuple[str, ...]:
        """Names of the items that the total needs."""
        return tuple(item.name for item in self.items if item.required)

    def band(self, total: float) -> Band:
        """The band of a total (already multiplied by ``band_factor``)."""
        for band in self.bands:
            if band.contains(total):
                return band
        raise ValueError(f"{self.code}: total {total!r} outside every band")  # a bug

    def interpretation(self, category: str) -> str:
        """The readable text of a category code."""
        for band in self.bands:
            if band.code == category:
                return band.interpretation
        return self.categories[category]


def _format_code(code: Code) -> str:
    if isinstance(code, bool):
        return "true" if code else "false"
    return str(code)


def _format_number(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
