"""Score whole tables at once: validate every cell, then compute column-wise (no loop per row).

Item columns should be integer (nullable ``Int64`` where there are blanks) or strings: a
``float64`` column of whole numbers, as pandas reads an integer column with blanks, is accepted
for integer items; a value such as 7.5 in it is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from spinemet.errors import MISSING, ItemError, Problem
from spinemet.instruments._score import is_valid_value
from spinemet.instruments._spec import InstrumentSpec, Item, ItemKind, Scoring

__all__ = ["output_columns", "score_table"]


def output_columns(spec: InstrumentSpec) -> tuple[str, ...]:
    """The columns that :func:`score_table` adds for an instrument."""
    points = (
        tuple(f"{item.name}_points" for item in spec.items if item.counts and item.choices)
        if spec.scoring is Scoring.SUM
        else ()
    )
    extras = {
        "barthel_20": ("total_100",),
        "frankel": ("ambulatory",),
        "cement_leakage_yeom": ("venous",),
        "clavien_dindo": ("label",),
    }.get(spec.code, ())
    return (*points, "total", "category", "missing", *extras)


class _Column:
    """One item column after validation: canonical values, presence, and points."""

    __slots__ = ("bad", "points", "present", "values")

    def __init__(self, values: Any, present: np.ndarray, bad: np.ndarray) -> None:
        self.values = values  # numpy array (codes index for choices, numbers, bools)
        self.present = present
        self.bad = bad
        self.points: np.ndarray | None = None


def _integers(series: pd.Series, item: Item) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whole numbers of a column: (values as int64, present, bad-type mask)."""
    size = len(series)
    present = series.notna().to_numpy()
    if ptypes.is_bool_dtype(series.dtype):
        return np.zeros(size, dtype=np.int64), present, present.copy()
    if ptypes.is_integer_dtype(series.dtype):
        values = series.to_numpy(dtype=np.int64, na_value=0)
        return values, present, np.zeros(size, dtype=bool)
    if ptypes.is_float_dtype(series.dtype):
        floats = series.to_numpy(dtype=np.float64, na_value=np.nan)
        whole = np.isfinite(floats) & (np.floor(floats) == floats)
        values = np.where(whole, floats, 0).astype(np.int64)
        return values, present, present & ~whole
    ok = np.fromiter(
        (
            value is None or value is pd.NA or _is_nan(value) or is_valid_value(item, value)
            for value in series.to_numpy(dtype=object)
        ),
        dtype=bool,
        count=size,
    )
    values = np.zeros(size, dtype=np.int64)
    good = present & ok
    values[good] = series[good].astype(np.int64).to_numpy()
    return values, present, present & ~ok


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and value != value


def _validate(item: Item, series: pd.Series) -> _Column:
    size = len(series)
    if item.kind is ItemKind.CHOICE:
        codes = list(item.codes)
        if isinstance(series.dtype, pd.CategoricalDtype) and list(series.cat.categories) == codes:
            index = series.cat.codes.to_numpy()  # already encoded as the spec's codes
        else:
            index = pd.Categorical(series, categories=codes).codes
        present = index >= 0
        unknown = np.flatnonzero(~present)  # blank or not allowed: look at these cells only
        if len(unknown):
            present[unknown] = series.iloc[unknown].notna().to_numpy()
        column = _Column(index, present, present & (index < 0))
        # Position -1 (blank or bad) reads the trailing 0.
        lut = np.array([*(choice.points or 0 for choice in item.choices), 0], dtype=np.int64)
        column.points = lut[index]
        return column
    if item.kind is ItemKind.BOOLEAN:
        present = series.notna().to_numpy()
        if ptypes.is_bool_dtype(series.dtype):
            flags = series.to_numpy(dtype=bool, na_value=False)
            bad = np.zeros(size, dtype=bool)
        else:
            objects = series.to_numpy(dtype=object)
            is_bool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in objects), bool, size)
            bad = present & ~is_bool
            flags = np.fromiter((v is True or v is np.True_ for v in objects), bool, size)
        column = _Column(flags, present, bad)
        column.points = flags.astype(np.int64)
        return column
    if item.kind is ItemKind.INTEGER:
        values, present, bad = _integers(series, item)
        if item.choices:
            allowed = np.array(item.codes, dtype=np.int64)
            lut = np.full(int(allowed.max()) + 1, -1, dtype=np.int64)
            lut[allowed] = [choice.points or 0 for choice in item.choices]
            in_range = (values >= 0) & (values < len(lut))
            looked_up = lut[np.where(in_range, values, 0)]
            bad = bad | (present & ((looked_up < 0) | ~in_range))
            column = _Column(values, present, bad)
            column.points = np.where(looked_up < 0, 0, looked_up)
            return column
        bad = bad | (present & ~_in_bounds(item, values))
        return _Column(values, present, bad)
    # ItemKind.NUMBER
    present = series.notna().to_numpy()
    if ptypes.is_bool_dtype(series.dtype):
        return _Column(np.zeros(size), present, present.copy())
    if ptypes.is_numeric_dtype(series.dtype):
        numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = present & ~(np.isfinite(numbers) & _in_bounds(item, numbers))
        return _Column(numbers, present, bad)
    objects = series.to_numpy(dtype=object)
    ok = np.fromiter(
        (not present[i] or is_valid_value(item, value) for i, value in enumerate(objects)),
        bool,
        size,
    )
    numbers = np.full(size, np.nan)
    numbers[present & ok] = objects[present & ok].astype(np.float64)
    return _Column(numbers, present, present & ~ok)


def _in_bounds(item: Item, values: np.ndarray) -> np.ndarray:
    ok = np.ones(len(values), dtype=bool)
    if item.minimum is not None:
        ok &= values >= item.minimum
    if item.maximum is not None:
        ok &= values <= item.maximum
    return ok


def _row(index: pd.Index, position: int) -> int | str:
    """The row label of a position, as a plain int or text (for error reports)."""
    label = _cell(index[position])
    return label if isinstance(label, (int, str)) else str(label)


def _cell(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value


def _series_values(item: Item, column: _Column, index: pd.Index) -> pd.Series:
    """Canonical item values as a Series (codes, numbers, booleans; NA where missing)."""
    if item.kind is ItemKind.CHOICE:
        lut = np.array([*item.codes, None], dtype=object)  # position -1 reads None
        codes = lut[np.where(column.present, column.values, -1)]
        return pd.Series(codes, index=index, dtype=object)
    if item.kind is ItemKind.BOOLEAN:
        return pd.Series(pd.array(column.values, dtype="boolean"), index=index).mask(
            ~column.present
        )
    if item.kind is ItemKind.INTEGER:
        return pd.Series(pd.array(column.values, dtype="Int64"), index=index).mask(~column.present)
    return pd.Series(column.values, index=index).where(column.present)


def score_table(spec: InstrumentSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate and score every row of ``frame`` for ``spec`` (see ``score_frame``)."""
    if not isinstance(frame, pd.DataFrame):
        raise ItemError(spec.code, type(frame).__name__, "a pandas DataFrame", "not_a_table")
    problems = [
        Problem(
            f"{spec.code}.{item.name}", MISSING, f"a column named {item.name!r}", "missing_column"
        )
        for item in spec.items
        if item.required and item.name not in frame.columns
    ]
    problems += [
        Problem(spec.code, name, "a table without this column (spinemet adds it)", "column_exists")
        for name in output_columns(spec)
        if name in frame.columns
    ]
    if problems:
        raise ItemError.from_problems(problems)

    size, index = len(frame), frame.index
    columns: dict[str, _Column] = {}
    located: list[tuple[int, int, Problem]] = []
    for item_number, item in enumerate(spec.items):
        if item.name in frame.columns:
            column = _validate(item, frame[item.name])
        else:
            column = _Column(np.zeros(size), np.zeros(size, dtype=bool), np.zeros(size, dtype=bool))
        if not item.required and item.default is not None:
            default = bool(item.default) if item.kind is ItemKind.BOOLEAN else item.default
            column.values = np.where(column.present, column.values, default)
            if column.points is not None:
                column.points = np.where(column.present, column.points, int(default))
            column.present = np.ones(size, dtype=bool)
        columns[item.name] = column
        for position in np.flatnonzero(column.bad):
            located.append(
                (
                    int(position),
                    item_number,
                    Problem(
                        f"{spec.code}.{item.name}",
                        _cell(frame[item.name].iat[position]),
                        item.allowed_text(),
                        row=_row(index, position),
                    ),
                )
            )
    if located:
        located.sort(key=lambda found: (found[0], found[1]))
        raise ItemError.from_problems(problem for _, _, problem in located)

    def values() -> dict[str, pd.Series]:
        """Canonical item values as Series, for the instrument's column-wise rules."""
        return {item.name: _series_values(item, columns[item.name], index) for item in spec.items}

    if spec.frame_check is not None:
        item_values = values()
        inconsistent = np.asarray(spec.frame_check(item_values), dtype=bool)
        for position in np.flatnonzero(inconsistent):
            row = {name: _cell(series.iat[position]) for name, series in item_values.items()}
            for problem in spec.check(row) if spec.check else []:
                problems.append(
                    Problem(
                        problem.field,
                        problem.value,
                        problem.allowed,
                        problem.code,
                        row=_row(index, position),
                    )
                )
        if problems:
            raise ItemError.from_problems(problems)

    incomplete = np.zeros(size, dtype=bool)
    for item in spec.items:
        if item.required:
            incomplete |= ~columns[item.name].present
    result = frame.copy()
    total: pd.Series
    category_codes: np.ndarray | None = None  # index into ``categories``; -1 = none
    if spec.scoring is Scoring.SUM:
        running = np.zeros(size, dtype=np.int64)
        for item in spec.items:
            column = columns[item.name]
            if not item.counts or column.points is None:
                continue
            points = np.where(column.present, column.points, 0)
            result[f"{item.name}_points"] = pd.arrays.IntegerArray(points, ~column.present)
            running += points
        total = pd.Series(pd.arrays.IntegerArray(running, incomplete.copy()), index=index)
    elif spec.scoring is Scoring.VALUE:
        total = _series_values(spec.items[0], columns[spec.items[0].name], index)
    else:
        total = pd.Series(
            pd.arrays.IntegerArray(np.zeros(size, dtype=np.int64), np.ones(size, dtype=bool)),
            index=index,
        )
    categories = [band.code for band in spec.bands] or list(dict.fromkeys(spec.categories))
    if spec.scoring is Scoring.GRADE:
        grade_item = spec.items[0]
        lut = np.array(
            [*(categories.index(str(choice.category)) for choice in grade_item.choices), -1]
        )
        category_codes = lut[columns[grade_item.name].values]
    elif spec.scoring is Scoring.RULE and spec.rule is not None:
        outcome = np.asarray(
            spec.rule({name: column.values for name, column in columns.items()}), dtype=bool
        )
        category_codes = np.where(
            outcome,
            categories.index(spec.rule_outcomes[1]),
            categories.index(spec.rule_outcomes[0]),
        )
    else:
        category_codes = _bands(spec, total)
    category_codes = np.where(incomplete, -1, category_codes)
    result["total"] = total
    result["category"] = pd.Categorical.from_codes(
        category_codes,  # type: ignore[arg-type]  # an int array is a sequence of codes
        categories=pd.Index(categories),
    )
    result["missing"] = _missing_text(spec, columns, incomplete, index)
    if spec.frame_extras is not None:
        for name, series in spec.frame_extras(values(), total).items():
            result[name] = series
    return result


def _band_position(spec: InstrumentSpec, total: float) -> int:
    return next((i for i, band in enumerate(spec.bands) if band.contains(total)), -1)


def _bands(spec: InstrumentSpec, total: pd.Series) -> np.ndarray:
    """Index of each total's band (-1 where there is no total)."""
    numbers = total.to_numpy(dtype=np.float64, na_value=np.nan) * spec.band_factor
    codes = np.full(len(numbers), -1, dtype=np.int64)
    low, high = spec.total_range or (0, 0)
    if float(low).is_integer() and float(high).is_integer() and total.dtype == "Int64":
        # Whole-number totals: one lookup table over the range instead of a mask per band.
        span = np.arange(int(low), int(high) + 1) * spec.band_factor
        lut = np.array([_band_position(spec, float(value)) for value in span], dtype=np.int64)
        valid = ~np.isnan(numbers)
        codes[valid] = lut[numbers[valid].astype(np.int64) // spec.band_factor - int(low)]
        return codes
    for position, band in enumerate(spec.bands):
        upper = numbers <= band.high if band.high_inclusive else numbers < band.high
        codes[(numbers >= band.low) & upper] = position
    return codes


def _missing_text(
    spec: InstrumentSpec, columns: Mapping[str, _Column], incomplete: np.ndarray, index: pd.Index
) -> pd.Series:
    """Comma-separated missing required items per row (sorted), ``None`` where complete."""
    missing = np.full(len(incomplete), None, dtype=object)
    if incomplete.any():
        text = np.full(len(incomplete), "", dtype=object)
        for name in sorted(item.name for item in spec.items if item.required):
            absent = ~columns[name].present
            text[absent] = text[absent] + (name + ", ")
        missing[incomplete] = pd.Series(text[incomplete], dtype=object).str[:-2].to_numpy()
    return pd.Series(missing, index=index, dtype=object)
