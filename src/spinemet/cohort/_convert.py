"""Read the cells of one column as its declared kind, column-wise, listing every bad cell.

Cells arrive as text (CSV), as Excel cell values (numbers, dates, text) or already typed
(Parquet, frames built in Python); each converter accepts all three and returns the column in
the dtype of :func:`~spinemet.cohort._columns.dtype_of` plus a mask of the bad cells. Nothing is
guessed: ``'F'`` is not ``female`` and ``03/04/2021`` is not a date (which of April and March?).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from spinemet.cohort._columns import Column, Kind, dtype_of

__all__ = ["blank_mask", "convert", "filled_mask", "infer_extra", "none_where", "to_text"]

_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "f"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LEVEL_SPLIT = re.compile(r"[,;\s]+")


def none_where(series: pd.Series, keep: np.ndarray) -> pd.Series:
    """``series`` as ``object`` with ``None`` wherever ``keep`` is false."""
    out = series.astype(object).copy()
    out[~np.asarray(keep, dtype=bool)] = None
    return out


def _distinct_texts(series: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """``(codes, texts)`` when every present cell is text, else ``None``.

    Cell ``i`` is ``texts[codes[i]]``; ``codes`` is -1 where the cell is missing. A cohort
    repeats its codes, dates and numbers (40,000 patients: 7 million cells, a few thousand
    distinct values a column), so what is done to ``texts`` is done once per distinct value
    and spread back with :func:`_spread`: the same Python rule on every cell, vectorised.
    """
    if series.dtype != object or ptypes.infer_dtype(series, skipna=True) != "string":
        return None
    return _factorized(series)


def _factorized(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, texts = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    return codes, np.asarray(texts, dtype=object)


def _spread(codes: np.ndarray, per_text: np.ndarray, missing: object) -> np.ndarray:
    """``per_text[code]`` for each cell, ``missing`` where the code is -1."""
    spread: np.ndarray = np.append(per_text, np.array([missing], dtype=per_text.dtype))[codes]
    return spread


def _per_text(texts: np.ndarray, rule: Callable[[str], object], dtype: object) -> np.ndarray:
    """``rule`` applied to each distinct text once, as an array of ``dtype``."""
    out: np.ndarray = np.empty(len(texts), dtype=dtype)  # type: ignore[call-overload]
    out[:] = [rule(text) for text in texts]
    return out


def blank_mask(series: pd.Series) -> np.ndarray:
    """Cells that are missing: null, NaN, or text of only spaces."""
    missing = series.isna().to_numpy(dtype=bool)
    if missing.all():  # nothing left that could be text of spaces
        return missing
    if series.dtype == object and ptypes.infer_dtype(series, skipna=True) == "string":
        codes, texts = _factorized(series)
        blank: np.ndarray = _spread(codes, _per_text(texts, lambda t: not t.strip(), bool), True)
        found: np.ndarray = missing | blank
        return found
    if series.dtype == object or ptypes.is_string_dtype(series.dtype):
        text = series.astype(object)
        is_text = np.fromiter((isinstance(value, str) for value in text), bool, len(text))
        if is_text.any():
            blank = text[is_text].str.strip().eq("").to_numpy(dtype=bool)
            missing[np.flatnonzero(is_text)[blank]] = True
    return missing


def filled_mask(series: pd.Series) -> np.ndarray:
    """Cells with something in them: not null and not empty once written as stripped text."""
    distinct = _distinct_texts(series)
    if distinct is not None:
        codes, texts = distinct
        return _spread(codes, _per_text(texts, lambda text: bool(text.strip()), bool), False)
    return (series.notna() & (series.astype(str).str.strip() != "")).to_numpy(dtype=bool)


def to_text(series: pd.Series) -> pd.Series:
    """Cells as stripped text (``object``; whole floats such as Excel's 2.0 as ``'2'``)."""
    distinct = _distinct_texts(series)
    if distinct is not None:
        codes, texts = distinct
        per_text = _per_text(texts, lambda text: text.strip() or None, object)
        return pd.Series(_spread(codes, per_text, None), index=series.index, dtype=object)
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
    distinct = _distinct_texts(series)
    if distinct is not None:
        codes, texts = distinct
        filled = _per_text(texts, lambda text: bool(text.strip()), bool)
        numbers = np.full(len(texts), np.nan)
        if filled.any():  # blank texts stay NaN, as blank cells are never parsed
            stripped = pd.Series(_per_text(texts[filled], str.strip, object), dtype=object)
            parsed = pd.to_numeric(stripped, errors="coerce")
            numbers[filled] = parsed.to_numpy(dtype=np.float64, na_value=np.nan)
        spread = _spread(codes, numbers, np.nan)
        spread[blank] = np.nan
        return spread, ~blank & ~np.isfinite(spread)
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
    distinct = _distinct_texts(series)
    if distinct is not None:
        codes, texts = distinct
        parsed_texts, bad_texts = _iso_dates(pd.Series(_per_text(texts, str.strip, object)))
        spread = _spread(codes, parsed_texts, np.datetime64("NaT", "ns"))
        spread[blank] = np.datetime64("NaT", "ns")
        return (
            pd.Series(spread, index=series.index, dtype="datetime64[ns]"),
            _spread(codes, bad_texts, False) & ~blank,
        )
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
        out[texts], bad[texts] = _iso_dates(text)
    return out, bad


def _iso_dates(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Stripped texts as dates (``datetime64[ns]``, NaT where bad) and the mask of bad ones:
    only ``YYYY-MM-DD`` of a real day is a date."""
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    well_formed = text.str.match(_ISO_DATE).to_numpy(dtype=bool)
    ok = well_formed & parsed.notna().to_numpy()
    return parsed.where(ok).to_numpy(dtype="datetime64[ns]"), ~ok


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
    allowed = frozenset(column.codes)

    def levels(text: str) -> str | None:
        parts = [part for part in _LEVEL_SPLIT.split(text) if part]
        return ",".join(parts) if parts and all(part in allowed for part in parts) else None

    codes, texts = pd.factorize(to_text(series).to_numpy(dtype=object), use_na_sentinel=True)
    out = _spread(codes, _per_text(np.asarray(texts, dtype=object), levels, object), None)
    out[blank] = None
    bad = ~blank & pd.isna(out)
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
