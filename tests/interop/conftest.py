"""Shared checks of the interop tests: two cohorts hold the same data."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.cohort import Cohort, synthetic_cohort
from spinemet.instruments import INSTRUMENTS, Scoring

_VALUE = [code for code, spec in INSTRUMENTS.items() if spec.scoring is Scoring.VALUE]


def canonical(cohort: Cohort, table: str, *, value_items: bool = True) -> pd.DataFrame:
    """A table in a comparable form: rows in key order, all-blank columns dropped.

    With ``value_items``, a one-item instrument's value is put in its item column and marked
    computed (in REDCap and SPSS the value of a one-item instrument is its item).
    """
    frame = getattr(cohort, table).copy()
    if table == "assessments" and value_items:
        for code in _VALUE:
            rows = frame["instrument"].eq(code)
            if not rows.any():
                continue
            item = INSTRUMENTS[code].items[0].name
            if item not in frame.columns:
                frame[item] = pd.Series(pd.NA, index=frame.index, dtype="Float64")
            values = frame[item].astype("Float64")
            frame[item] = values.where(~rows, values.fillna(frame["total"].astype("Float64")))
            frame.loc[rows, "total_source"] = "computed"
    frame = frame.loc[:, [name for name in frame.columns if frame[name].notna().any()]]
    frame = frame[sorted(frame.columns)]
    keys = [
        name
        for name in ("patient_id", "level", "date", "visit", "instrument", "type")
        if name in frame.columns
    ]
    frame = frame.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)
    return frame


def assert_same_cohort(expected: Cohort, actual: Cohort, *, value_items: bool = True) -> None:
    """Every table holds the same values (dtypes compared as the cohort declares them)."""
    for table in expected.tables():
        left = canonical(expected, table, value_items=value_items)
        right = canonical(actual, table, value_items=value_items)
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=table)
    assert actual.synthetic == expected.synthetic
    for table in ("lesions", "procedures", "complications", "assessments"):
        if expected.is_given(table) and not getattr(expected, table).empty:
            assert actual.is_given(table), table


@pytest.fixture(scope="session")
def cohort() -> Cohort:
    return synthetic_cohort(40)
