"""Read the cells of one column as its declared kind, column-wise, listing every bad cell.

Cells arrive as text (CSV), as Excel cell values (numbers, dates, text) or already typed
(Parquet, frames built in Python); each converter accepts all three and returns the column in
the dtype of :func:`~spinemet.cohort._columns.dtype_of` plus a mask of the bad cells. Nothing is
guessed: ``'F'`` is not ``female`` and ``03/04/2021`` is not a date (which of April and March?).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from spinemet.cohort._columns import Column, Kind, dtype_of

__all__ = ["blank_mask", "convert", "infer_extra", "none_where", "to_text"]

_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "f"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LEVEL_SPLIT = re.compile(r"[,;\s]+")


def none_where(series: pd.Series, keep: np.ndarray) -> pd.Series:
    """``series`` as ``object`` with ``None`` wherever ``keep`` is false."""
    out = series.astype(object).copy()
    out[~np.asarray(keep, dtype=bool)] = None
    return out


def blank_mask(series: pd.Series) -> np.ndarray:
    """Cells that are missing: null, NaN, or text of only spaces."""
    missing = series.isna().to_numpy(dtype=bool)
    if missing.all():  # nothing left that could be text of spaces
        return missing
    if series.dtype == object and ptypes.infer_dtype(series, skipna=True) == "string":
        padded = series.str.len().ne(series.str.strip().str.len()) | series.str.len().eq(0)
        candidates = padded.fillna(False).to_numpy(dtype=bool)
        if candidates.any():
            missing[candidates] |= series[candidates].str.strip().eq("").to_numpy(dtype=bool)
        return missing
    if series.dtype == object or ptypes.is_string_dtype(series.dtype):
        text = series.astype(object)
        is_text = np.fromiter((isinstance(value, str) for value in text), bool, len(text))
        if is_text.any():
            blank = text[is_text].str.strip().eq("").to_numpy(dtype=bool)
            missing[np.flatnonzero(is_text)[blank]] = True
    return missing


def to_text(series: pd.Series) -> pd.Series:
    """Cells as stripped text (``object``; whole floats such as Excel's 2.0 as ``'2'``)."""
    blank = blank_mask(series)
    if ptypes.infer_dtype(series, skipna=True) in ("string", "empty"):
        stripped = none_where(series, ~blank)
        present = ~blank
        if present.any():
            stripped[present] = series[present].str.strip()
        return stripped
    values = series.astype(object).to_numpy()
    out = np.full(len(values), None, dtype=object)
    for position in np.flatnonzero(~blank):
        value = values[position]
        if isinstance(value, str):
            out[position] = value.strip()
        elif isinstance(value, float) and value.is_integer():
            out[position] = str(int(value))
        elif isinstance(value, (bool, np.bool_)):
            out[position] = "true" if value else "false"
        else:
            out[position] = str(value)
    return pd.Series(out, index=series.index, dtype=object)


def _numbers(series: pd.Series, blank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cells as float64 and the mask of present cells that are not numbers (booleans too)."""
    if ptypes.is_bool_dtype(series.dtype):
        return np.full(len(series), np.nan), ~blank
    if ptypes.is_numeric_dtype(series.dtype):
        numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return numbers, ~blank & ~np.isfinite(numbers)
    objects = series.astype(object)
    if ptypes.infer_dtype(objects, skipna=True) == "string":
        is_bool = np.zeros(len(objects), dtype=bool)
    else:
        is_bool = objects.map(lambda value: isinstance(value, (bool, np.bool_))).to_numpy(
            dtype=bool
        )
    text = none_where(objects, ~blank & ~is_bool)
    text = text.map(lambda value: value.strip() if isinstance(value, str) else value)
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return numbers, ~blank & (~np.isfinite(numbers) | is_bool)


def _in_range(column: Column, numbers: np.ndarray) -> np.ndarray:
    ok = np.ones(len(numbers), dtype=bool)
    if column.minimum is not None:
        ok &= numbers >= column.minimum
    if column.maximum is not None:
        ok &= numbers <= column.maximum
    return ok


def _dates(series: pd.Series, blank: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    if ptypes.is_datetime64_any_dtype(series.dtype):
        dates = pd.to_datetime(series)
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_localize(None)
        return dates.dt.normalize().astype("datetime64[ns]"), np.zeros(len(series), bool)
    objects = series.astype(object)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    bad = np.zeros(len(series), dtype=bool)
    is_stamp = objects.map(
        lambda value: (
            isinstance(value, (pd.Timestamp, np.datetime64))
            or (hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"))
        )
    ).to_numpy(dtype=bool)
    stamps = ~blank & is_stamp
    if stamps.any():
        converted = pd.to_datetime(objects[stamps], errors="coerce")
        out[stamps] = converted.dt.normalize().to_numpy()
        bad[stamps] = converted.isna().to_numpy()
    texts = ~blank & ~is_stamp
    if texts.any():
        text = objects[texts].map(lambda value: str(value).strip())
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        well_formed = text.str.match(_ISO_DATE).to_numpy(dtype=bool)
        ok = well_formed & parsed.notna().to_numpy()
        out[texts] = parsed.where(ok).to_numpy()
        bad[texts] = ~ok
    return out, bad


def _booleans(series: pd.Series, blank: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    if ptypes.is_bool_dtype(series.dtype):
        return series.astype("boolean"), np.zeros(len(series), dtype=bool)
    text = to_text(series).str.lower()
    is_true = text.isin(_TRUE).to_numpy(dtype=bool)
    is_false = text.isin(_FALSE).to_numpy(dtype=bool)
    values = pd.array(is_true, dtype="boolean")
    values[~(is_true | is_false)] = pd.NA
    return pd.Series(values, index=series.index), ~blank & ~(is_true | is_false)


def _levels(column: Column, series: pd.Series, blank: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    text = to_text(series)
    allowed = frozenset(column.codes)
    out = np.full(len(text), None, dtype=object)
    bad = np.zeros(len(text), dtype=bool)
    for position in np.flatnonzero(~blank):
        parts = [part for part in _LEVEL_SPLIT.split(str(text.iat[position])) if part]
        if parts and all(part in allowed for part in parts):
            out[position] = ",".join(parts)
        else:
            bad[position] = True
    return pd.Series(out, index=series.index, dtype=object), bad


def convert(column: Column, series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The column in its cohort dtype, and the mask of present cells that are not allowed.

    Examples
    --------
    >>> from spinemet.cohort._columns import Column, Kind
    >>> values, bad = convert(Column("sex", Kind.CODE, codes=("female", "male")),
    ...                       pd.Series(["female", "F", None]))
    >>> values.tolist(), bad.tolist()
    (['female', 'F', None], [False, True, False])
    """
    blank = blank_mask(series)
    if blank.all():
        # Nothing present (a column the rows leave empty, as most of a registry record's are):
        # every converter gives the missing value of the dtype and no bad cell, so skip them.
        return _all_missing(column, series.index), np.zeros(len(series), dtype=bool)
    return _convert_present(column, series, blank)


def _all_missing(column: Column, index: pd.Index) -> pd.Series:
    dtype = dtype_of(column)
    if dtype == "object":
        return pd.Series([None] * len(index), index=index, dtype=object)
    return pd.Series(index=index, dtype=dtype)


def _convert_present(
    column: Column, series: pd.Series, blank: np.ndarray
) -> tuple[pd.Series, np.ndarray]:
    kind = column.kind
    if kind in (Kind.ID, Kind.TEXT):
        return to_text(series), np.zeros(len(series), dtype=bool)
    if kind is Kind.CODE:
        text = to_text(series)
        return text, ~blank & ~text.isin(column.codes).to_numpy(dtype=bool)
    if kind is Kind.DATE:
        return _dates(series, blank)
    if kind is Kind.BOOLEAN:
        return _booleans(series, blank)
    if kind is Kind.LEVELS:
        return _levels(column, series, blank)
    numbers, bad = _numbers(series, blank)
    ok_number = ~blank & ~bad
    if kind is Kind.INTEGER:
        whole = np.isfinite(numbers) & (np.floor(numbers) == numbers)
        allowed = whole & _in_range(column, numbers)
        if column.integers:
            allowed &= np.isin(numbers, column.integers)
        bad = bad | (ok_number & ~allowed)
        values = pd.array(np.where(whole & ~bad, numbers, 0).astype(np.int64), dtype="Int64")
        values[blank | bad] = pd.NA
        return pd.Series(values, index=series.index), bad
    bad = bad | (ok_number & ~_in_range(column, numbers))
    return pd.Series(numbers, index=series.index, dtype="float64"), bad


def infer_extra(series: pd.Series) -> pd.Series:
    """An undeclared column: numbers when every present cell is one, else text."""
    if ptypes.is_bool_dtype(series.dtype) or ptypes.is_datetime64_any_dtype(series.dtype):
        return series
    if ptypes.is_numeric_dtype(series.dtype):
        return series
    blank = blank_mask(series)
    numbers, bad = _numbers(series, blank)
    if not bad.any() and (~blank).any():
        return pd.Series(numbers, index=series.index, dtype="float64")
    return to_text(series)
