"""Text cells are converted once per distinct value: the same result as cell by cell.

A column whose present cells are all text (a CSV) takes the distinct-value path of
:mod:`spinemet.cohort._convert`; one other cell (an Excel number) sends the same texts down
the cell-by-cell path. Both must give the same values and the same bad cells, for every kind.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet._spreadsheet import neutralise_csv, restore_csv_frame, restore_csv_text
from spinemet.cohort._columns import Column, Kind
from spinemet.cohort._convert import blank_mask, convert, filled_mask, to_text

CELLS = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(
            [
                "",
                "  ",
                "\t",
                " 3 ",
                "3",
                "2.5",
                "-1",
                "1e3",
                "nan",
                "inf",
                "x",
                "2021-03-04",
                " 2021-02-30",
                "2021-3-4",
                "yes",
                "N",
                "lung, breast",
                "lung;;",
                "female",
                " male ",
            ]
        ),
        st.text(max_size=6),
    ),
    max_size=30,
)
COLUMNS = [
    Column("a", Kind.TEXT),
    Column("a", Kind.CODE, codes=("female", "male")),
    Column("a", Kind.NUMBER, minimum=0, maximum=10),
    Column("a", Kind.INTEGER, minimum=-1, maximum=5),
    Column("a", Kind.DATE),
    Column("a", Kind.BOOLEAN),
    Column("a", Kind.LEVELS, codes=("lung", "breast")),
]


def _cell_by_cell(cells: list[str | None]) -> pd.Series:
    """The same cells with one non-text cell after them (it takes the other path)."""
    return pd.Series([*cells, 1.5], dtype=object)


@settings(max_examples=60, deadline=None)
@given(CELLS)
def test_distinct_value_path_equals_the_cell_by_cell_path(cells):
    texts = pd.Series(cells, dtype=object)
    mixed = _cell_by_cell(cells)
    n = len(cells)
    assert blank_mask(texts).tolist() == blank_mask(mixed)[:n].tolist()
    assert filled_mask(texts).tolist() == filled_mask(mixed)[:n].tolist()
    assert to_text(texts).tolist() == to_text(mixed)[:n].tolist()
    for column in COLUMNS:
        values, bad = convert(column, texts)
        expected_values, expected_bad = convert(column, mixed)
        assert bad.tolist() == expected_bad[:n].tolist(), column.kind
        pd.testing.assert_series_equal(
            values.reset_index(drop=True),
            expected_values.iloc[:n].reset_index(drop=True),
            check_dtype=column.kind is not Kind.TEXT,
        )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=5), st.sampled_from(["=1+1", "-2", "'@x"]))))
def test_restoring_a_written_csv_frame_equals_restoring_each_cell(cells):
    frame = neutralise_csv(pd.DataFrame({"a": pd.Series(cells, dtype=object)}))
    expected = [restore_csv_text(value) for value in frame["a"]]
    assert restore_csv_frame(frame)["a"].tolist() == expected


def test_a_column_without_protected_text_is_kept_as_read():
    frame = pd.DataFrame({"a": ["it's", np.nan], "b": [1.0, 2.0]})
    restored = restore_csv_frame(frame)
    assert restored["a"].tolist()[0] == "it's"
    assert np.isnan(restored["a"].tolist()[1])
    assert restored["b"].tolist() == [1.0, 2.0]
