"""Cells of a cohort as text (for REDCap records and CSV exports) and shared file helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from spinemet._files import write_atomically
from spinemet.errors import SpinemetInputError

__all__ = ["blank_to_none", "number_text", "series_text", "write_file"]


def blank_to_none(values: object) -> pd.Series:
    """Text cells with ``""`` as ``None`` (``object``)."""
    cells: list[object] = [None if value == "" else value for value in values]  # type: ignore[attr-defined]
    return pd.Series(cells, dtype=object)


def number_text(value: object) -> str:
    """A number as REDCap and people write it: ``54`` not ``54.0``, ``6.9`` not ``6.90``."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else repr(number)


def series_text(series: pd.Series) -> pd.Series:
    """A column as text, blanks as ``""``: dates ISO, booleans ``1``/``0``, numbers plain."""
    if ptypes.is_datetime64_any_dtype(series.dtype):
        dates: pd.Series = series.dt.strftime("%Y-%m-%d").fillna("").astype(object)
        return dates
    if ptypes.is_bool_dtype(series.dtype):
        return series.map({True: "1", False: "0"}).astype(object).fillna("")
    if ptypes.is_numeric_dtype(series.dtype):
        values = series.astype("float64").to_numpy()
        return pd.Series([number_text(value) for value in values], index=series.index, dtype=object)
    out = series.astype(object)
    text = [
        ""
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
        else number_text(value)
        if isinstance(value, (int, float, np.integer, np.floating, bool, np.bool_))
        else value.strftime("%Y-%m-%d")
        if isinstance(value, pd.Timestamp)
        else str(value)
        for value in out
    ]
    return pd.Series(text, index=series.index, dtype=object)


def write_file(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write one file atomically; a missing parent folder or a folder at ``path`` is bad input."""
    target = Path(path)
    if target.is_dir():
        raise SpinemetInputError("--out", str(target), "a file path, not a folder", "is_a_folder")
    if not target.parent.is_dir():
        raise SpinemetInputError(
            "--out", str(target), "a path in an existing folder", "missing_folder"
        )
    write_atomically(target, write)
    return target
