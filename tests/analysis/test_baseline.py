"""Table 1 with tableone."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.analysis.baseline import baseline_table
from spinemet.errors import AnalysisError


@pytest.fixture
def patients() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "patient_id": [f"p{i}" for i in range(8)],
            "sex": ["female", "male"] * 4,
            "age": [61.0, 55.0, 70.0, 66.0, 59.0, 72.0, 64.0, 58.0],
            "ecog": [1, 2, 1, 3, 2, 1, 2, 2],
            "index_date": pd.to_datetime(["2020-01-01"] * 8),
            "vital_status": ["dead"] * 8,
        }
    )


def test_table_one_counts_levels_and_leaves_out_ids_dates_and_outcomes(patients):
    table = baseline_table(patients)
    variables = set(table.rows["variable"])
    assert {"sex, n (%)", "age, mean (SD)", "ecog, n (%)"} <= variables
    assert not any("patient_id" in v or "index_date" in v or "vital" in v for v in variables)
    female = table.rows[
        (table.rows["variable"] == "sex, n (%)") & (table.rows["level"] == "female")
    ]
    assert female["overall"].iloc[0] == "4 (50.0)"
    assert table.categorical == ("sex", "ecog")


def test_table_one_by_a_column_has_group_columns_and_named_tests(patients):
    table = baseline_table(patients, by="sex")
    assert {"female", "male", "pvalue"} <= set(table.rows.columns)
    assert table.tests  # each p-value names its test


def test_table_one_does_not_modify_its_input(patients):
    before = patients.copy()
    baseline_table(patients, by="sex")
    pd.testing.assert_frame_equal(patients, before)


def test_table_one_of_no_patients_is_an_analysis_error(patients):
    with pytest.raises(AnalysisError, match="no patients"):
        baseline_table(patients.iloc[:0])
