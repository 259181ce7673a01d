"""A column whose every cell is missing is read without running its converter (most columns of
a registry record are empty, and each save validates the patient as a one-patient cohort):
the result must be exactly what the converter gives, for every declared column of every
table, every item kind of the assessments, and every way a cell is missing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from spinemet.cohort._columns import TABLES, Column, Kind
from spinemet.cohort._convert import _convert_present, blank_mask, convert

COLUMNS = [column for columns in TABLES.values() for column in columns] + [
    Column(f"item_{kind.value}", kind) for kind in Kind
]
BLANKS = {
    "none": [None, None],
    "nan": [np.nan, np.nan],
    "spaces": ["", "   "],
    "mixed": [None, " "],
    "pd.NA": [pd.NA, pd.NA],
}


@pytest.mark.parametrize("cells", list(BLANKS.values()), ids=list(BLANKS))
@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: f"{c.name}:{c.kind.value}")
def test_an_all_blank_column_reads_as_its_converter_reads_it(
    column: Column, cells: list[object]
) -> None:
    series = pd.Series(cells, index=["a", "b"], dtype=object)
    blank = blank_mask(series)
    assert blank.all()
    expected, expected_bad = _convert_present(column, series, blank)
    values, bad = convert(column, series)
    pd.testing.assert_series_equal(values, expected)
    # the same missing value too (None, not NaN, in text columns)
    assert [type(v) for v in values] == [type(v) for v in expected]
    np.testing.assert_array_equal(bad, expected_bad)


def test_a_column_with_one_value_is_converted() -> None:
    column = Column("sex", Kind.CODE, codes=("female", "male"))
    values, bad = convert(column, pd.Series([None, "F"], dtype=object))
    assert values.tolist() == [None, "F"]
    assert bad.tolist() == [False, True]
