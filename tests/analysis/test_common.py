"""The subject x visit table every repeated-measures analysis starts from.

:func:`subject_by_visit` fills the table by position; pandas' ``pivot`` + ``reindex`` (what it
replaced, seconds at 40,000 patients) is the reference it must equal, table for table.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.analysis._common import subject_by_visit
from spinemet.errors import AnalysisError

VISITS = ["preop", "d7", "m3", "m6"]
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["P10", "P2", "P1", "A", "b"]),
        st.sampled_from([*VISITS, "m12"]),
        st.one_of(st.none(), st.floats(-5, 5, allow_nan=False)),
    ),
    min_size=1,
    max_size=25,
    unique_by=lambda row: (row[0], row[1]),
)


def _pivot(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    data = frame.dropna(subset=["total"])
    wide = data.pivot(index="patient_id", columns="visit", values="total")
    wide = wide.reindex(columns=order).astype(float)
    wide.columns.name = None
    return wide


@settings(max_examples=80, deadline=None)
@given(ROWS, st.booleans())
def test_the_table_equals_pandas_pivot(rows, schedule_order):
    frame = pd.DataFrame(rows, columns=["patient_id", "visit", "total"])
    if frame["total"].isna().all():
        return
    visits = VISITS if schedule_order else None
    order = VISITS if schedule_order else list(pd.unique(frame.dropna()["visit"]))
    pd.testing.assert_frame_equal(subject_by_visit(frame, visits=visits), _pivot(frame, order))


def test_two_values_at_one_visit_are_refused_naming_the_patient():
    frame = pd.DataFrame(
        {"patient_id": ["P1", "P1", "P2"], "visit": ["m12", "m12", "d7"], "total": [1, 2, 3]}
    )
    with pytest.raises(AnalysisError, match="'P1' has more than one total at visit 'm12'"):
        subject_by_visit(frame, visits=VISITS)
