"""Totals of assessments: computed from item columns, or given, and checked against each other.

For each instrument, the rows that carry any of its item columns are scored with
:func:`spinemet.instruments.score_frame` (every bad item cell reported). Where a row also has a
``total``, the two must agree; where it has only a total (published series keep only totals),
the total is range-checked and marked ``given``. VAS declared in millimetres is divided by 10
first, and the conversion is recorded in the provenance notes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinemet.cohort._categories import categorize
from spinemet.cohort._settings import VasUnit
from spinemet.errors import ItemError, Problem
from spinemet.instruments import InstrumentSpec, ItemKind, Scoring, get_spec, score_frame

__all__ = ["ScoredTotals", "item_kinds", "score_totals"]

Locate = Callable[[int], tuple[str | None, int | str]]
Field = Callable[[int, str], str]


@dataclass(frozen=True, slots=True)
class ScoredTotals:
    """Total, its source and category for every assessment row; the problems; the notes."""

    total: np.ndarray
    source: np.ndarray
    category: np.ndarray
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]


def item_kinds() -> dict[str, ItemKind]:
    """Item column name -> kind, over every instrument (text where instruments disagree)."""
    from spinemet.instruments import INSTRUMENTS

    kinds: dict[str, ItemKind] = {}
    for spec in INSTRUMENTS.values():
        for item in spec.items:
            if kinds.get(item.name, item.kind) is not item.kind:
                kinds[item.name] = ItemKind.CHOICE
            else:
                kinds.setdefault(item.name, item.kind)
    return kinds


def _has_total(spec: InstrumentSpec) -> bool:
    return spec.scoring in (Scoring.SUM, Scoring.VALUE)


def score_totals(
    frame: pd.DataFrame,
    *,
    vas_unit: VasUnit,
    locate: Locate,
    field: Field,
) -> ScoredTotals:
    """Score the assessments in ``frame`` (positional index; ``instrument`` already valid).

    ``frame`` is modified in place only for VAS in millimetres (``total`` and a ``vas`` item
    column are divided by 10), so the cohort holds 0-10 values.
    """
    size = len(frame)
    total = np.full(size, np.nan)
    source = np.full(size, None, dtype=object)
    category = np.full(size, None, dtype=object)
    problems: list[Problem] = []
    notes: list[str] = []
    given_all = frame["total"].to_numpy(dtype=np.float64, na_value=np.nan)
    instruments = frame["instrument"].to_numpy(dtype=object)
    for code in pd.unique(instruments[pd.notna(instruments)]):
        spec = get_spec(str(code))
        rows = instruments == code
        if spec.code == "vas" and vas_unit == "mm":
            converted = rows & np.isfinite(given_all)
            given_all[converted] = given_all[converted] / 10
            frame.loc[converted, "total"] = given_all[converted]
            if "vas" in frame.columns:
                frame.loc[rows, "vas"] = frame.loc[rows, "vas"] / 10
            notes.append(
                f"vas: {int(converted.sum())} values recorded in mm converted to the 0-10 scale "
                "(divided by 10)"
            )
        columns = [name for name in spec.item_names if name in frame.columns]
        with_items = rows.copy()
        if columns:
            with_items &= frame[columns].notna().any(axis=1).to_numpy(dtype=bool)
        else:
            with_items[:] = False
        computed = np.full(size, np.nan)
        if with_items.any():
            positions = np.flatnonzero(with_items)
            subset = frame.iloc[positions][columns].set_axis(positions)
            try:
                scored = score_frame(spec.code, subset)
            except ItemError as error:
                problems.extend(_relocate(error, spec, locate, field))
                continue
            computed[positions] = scored["total"].to_numpy(dtype=np.float64, na_value=np.nan)
            if not _has_total(spec):
                category[positions] = scored["category"].astype(object).to_numpy()
        given = np.where(rows, given_all, np.nan)
        both = np.isfinite(computed) & np.isfinite(given)
        for position in np.flatnonzero(both & ~np.isclose(computed, given, rtol=0, atol=1e-9)):
            file, row = locate(int(position))
            problems.append(
                Problem(
                    field(int(position), "total"),
                    _number(given[position]),
                    f"{_number(computed[position])}, the {spec.code} total of this row's items "
                    "(correct the total or the items)",
                    "total_mismatch",
                    row,
                    file,
                )
            )
        only_given = rows & np.isfinite(given) & ~np.isfinite(computed)
        problems.extend(_check_given(spec, given, only_given, locate, field))
        total[rows] = np.where(np.isfinite(computed[rows]), computed[rows], given[rows])
        source[rows & np.isfinite(computed)] = "computed"
        source[only_given] = "given"
        if _has_total(spec):
            category[rows] = categorize(spec.code, total[rows])
    return ScoredTotals(total, source, category, tuple(problems), tuple(notes))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


def _check_given(
    spec: InstrumentSpec, given: np.ndarray, mask: np.ndarray, locate: Locate, field: Field
) -> list[Problem]:
    """Totals given without items: within the instrument's range (and allowed values)."""
    positions = np.flatnonzero(mask)
    if not positions.size:
        return []
    values = given[positions]
    if not _has_total(spec):
        bad = np.ones(len(positions), dtype=bool)
        allowed = f"no total: {spec.code} is a grade; give its item column(s) " + ", ".join(
            spec.item_names
        )
    else:
        low, high = spec.total_range or (-np.inf, np.inf)
        bad = (values < low) | (values > high)
        integer = spec.scoring is Scoring.SUM or spec.items[0].kind is ItemKind.INTEGER
        if integer:
            bad |= np.floor(values) != values
        allowed = f"{_number(low)} <= {'whole number' if integer else 'number'} <= {_number(high)}"
        item = spec.items[0]
        if spec.scoring is Scoring.VALUE and item.choices:
            bad |= ~np.isin(values, np.array(item.codes, dtype=np.float64))
            allowed = ", ".join(str(code) for code in item.codes)
        if spec.code == "vas":
            allowed += " (a VAS in mm? declare vas_unit 'mm' and it is divided by 10)"
    problems = []
    for position, value in zip(positions[bad], values[bad], strict=True):
        file, row = locate(int(position))
        problems.append(
            Problem(
                field(int(position), "total"),
                _number(value),
                f"{spec.code} total: {allowed}",
                "value_not_allowed",
                row,
                file,
            )
        )
    return problems


def _relocate(
    error: ItemError, spec: InstrumentSpec, locate: Locate, field: Field
) -> list[Problem]:
    """Item problems from ``score_frame`` (row = position) as problems of the file's cells."""
    problems = []
    for problem in error.problems:
        item = problem.field.split(".", 1)[1] if "." in problem.field else problem.field
        if isinstance(problem.row, int):
            file, row = locate(problem.row)
            problems.append(
                Problem(
                    f"{field(problem.row, item)} ({spec.code} item)",
                    problem.value,
                    problem.allowed,
                    problem.code,
                    row,
                    file,
                )
            )
        else:
            problems.append(problem)
    return problems
