"""The wide sheet and the long assessments hold the same data (property tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.cohort import from_wide, to_wide

VISITS = ("preop", "d7", "m3", "m6")
DAYS = {"preop": 0, "d7": 7, "m3": 91, "m6": 182}


@st.composite
def wide_sheets(draw: st.DrawFn) -> pd.DataFrame:
    """Wide sheets as researchers keep them: VAS with one decimal, Barthel in steps of 5,
    blanks anywhere after the baseline, an optional date per visit."""
    n = draw(st.integers(1, 12))
    ids = [f"P{i:02d}" for i in range(n)]
    start = pd.Timestamp("2020-01-06")
    index = [start + pd.Timedelta(days=draw(st.integers(0, 900))) for _ in ids]
    sheet: dict[str, object] = {
        "patient_id": ids,
        "sex": draw(st.lists(st.sampled_from(["female", "male"]), min_size=n, max_size=n)),
        "index_date": pd.to_datetime(index).astype("datetime64[ns]"),
        "vital_status": ["alive"] * n,
    }
    visits = [visit for visit in VISITS if visit == "preop" or draw(st.booleans())]
    for visit in visits:
        if draw(st.booleans()):
            sheet[f"{visit}_date"] = (
                pd.to_datetime(index) + pd.Timedelta(days=DAYS[visit])
            ).astype("datetime64[ns]")
    for instrument, values in (
        ("vas", st.integers(0, 100).map(lambda tenths: tenths / 10)),
        ("barthel", st.integers(0, 20).map(lambda steps: float(steps * 5))),
    ):
        for visit in visits:
            cells = draw(st.lists(st.none() | values, min_size=n, max_size=n))
            sheet[f"{instrument}_{visit}"] = pd.array(
                [np.nan if cell is None else cell for cell in cells], dtype="float64"
            )
    frame = pd.DataFrame(sheet)
    totals = [c for c in frame.columns if c.startswith(("vas_", "barthel_"))]
    keep = [c for c in totals if frame[c].notna().any()]  # an all-blank column has no data
    dates = [
        f"{visit}_date"
        for visit in visits
        if f"{visit}_date" in frame.columns
        and frame[[c for c in keep if c.endswith(f"_{visit}")]].notna().any(axis=None)
    ]
    return frame[["patient_id", "sex", "index_date", "vital_status", *dates, *keep]]


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of the same meaning in one order (dates, then instruments by visit)."""
    fixed = ["patient_id", "sex", "index_date", "vital_status"]
    dates = [c for c in frame.columns if c.endswith("_date") and c not in fixed]
    totals = sorted(
        (c for c in frame.columns if c.startswith(("vas_", "barthel_"))),
        key=lambda c: (c.split("_")[0], VISITS.index(c.split("_")[1])),
    )
    return frame[fixed + sorted(dates, key=lambda c: VISITS.index(c[:-5])) + totals]


@settings(max_examples=40, deadline=None)
@given(sheet=wide_sheets())
def test_wide_to_long_to_wide_gives_back_the_sheet(sheet: pd.DataFrame) -> None:
    cohort = from_wide(sheet)
    again = to_wide(cohort)
    # Dates only where the visit has a total: a date with no value at it leaves no trace.
    expected = sheet.copy()
    for column in [c for c in sheet.columns if c.endswith("_date") and c != "index_date"]:
        visit = column[: -len("_date")]
        has_value = sheet[[c for c in sheet.columns if c.endswith(f"_{visit}")]].notna()
        expected[column] = sheet[column].where(has_value.any(axis=1))
    pd.testing.assert_frame_equal(
        canonical(again[[c for c in again.columns if c in expected.columns]]),
        canonical(expected),
        check_dtype=False,
    )


@settings(max_examples=40, deadline=None)
@given(sheet=wide_sheets())
def test_every_filled_cell_is_one_long_row_with_its_visit_and_value(sheet: pd.DataFrame) -> None:
    cohort = from_wide(sheet)
    cells = sheet.melt(
        id_vars="patient_id",
        value_vars=[c for c in sheet.columns if c.startswith(("vas_", "barthel_"))],
    ).dropna()
    expected = sorted(
        (row.patient_id, row.variable.split("_")[1], row.variable.split("_")[0], row.value)
        for row in cells.itertuples()
    )
    long = cohort.assessments
    assert (
        sorted(
            zip(long["patient_id"], long["visit"], long["instrument"], long["total"], strict=True)
        )
        == expected
    )
    assert set(long["total_source"]) <= {"given"}
