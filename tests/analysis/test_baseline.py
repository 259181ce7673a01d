"""Table 1 with tableone."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.analysis.baseline import baseline_table
from spinemet.errors import AnalysisError, SpinemetInputError


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
    table = baseline_table(patients, by="sex", p_values=True)
    assert {"female", "male", "pvalue"} <= set(table.rows.columns)
    assert table.tests  # each p-value names its test


def test_table_one_does_not_modify_its_input(patients):
    before = patients.copy()
    baseline_table(patients, by="sex")
    pd.testing.assert_frame_equal(patients, before)


def test_table_one_of_no_patients_is_an_analysis_error(patients):
    with pytest.raises(AnalysisError, match="no patients"):
        baseline_table(patients.iloc[:0])


def test_declared_columns_are_classified_by_meaning_not_by_their_number_of_values():
    # Five patients: age and life expectancy have five values but are continuous numbers;
    # KPS and ECOG are scores from a list, shown as n (%) however many values they have.
    five = pd.DataFrame(
        {
            "patient_id": ["a", "b", "c", "d", "e"],
            "age": [61.0, 55.0, 70.0, 66.0, 59.0],
            "life_expectancy_months": [6.0, 12.0, 3.0, 24.0, 9.0],
            "kps": pd.array(
                [
                    60,
                    70,
                    80,
                    90,
                    50,
                ],
                dtype="Int64",
            ),
            "ecog": pd.array([0, 1, 2, 3, 4], dtype="Int64"),
        }
    )
    table = baseline_table(five)
    assert table.categorical == ("kps", "ecog")
    assert set(table.continuous + table.nonnormal) == {"age", "life_expectancy_months"}


def test_an_undeclared_column_is_categorical_only_when_it_has_few_whole_number_values():
    extra = pd.DataFrame(
        {
            "patient_id": ["a", "b", "c", "d", "e", "f"],
            "n_prior_lines": [0.0, 1.0, 2.0, 1.0, 0.0, 1.0],  # whole numbers, 3 values
            "bmi": [22.5, 24.1, 22.5, 30.2, 24.1, 22.5],  # 3 values, not whole numbers
        }
    )
    table = baseline_table(extra)
    assert table.categorical == ("n_prior_lines",)
    assert set(table.continuous + table.nonnormal) == {"bmi"}


def test_involved_vertebrae_are_not_counted_without_a_lesions_table(tiny_cohort_folder):
    from spinemet.analysis.pipeline import analyze_cohort
    from spinemet.cohort import read_cohort
    from spinemet.errors import SmallSampleWarning

    with pytest.warns(SmallSampleWarning):
        analysis = analyze_cohort(read_cohort(tiny_cohort_folder))
    assert analysis.table1 is not None
    assert not any("n_involved_vertebrae" in v for v in analysis.table1.rows["variable"])


def test_table_one_has_no_p_values_by_default_and_keeps_group_labels_as_given(patients):
    labelled = patients.assign(sex=patients["sex"].map({"female": "Lev+5FU", "male": "Obs"}))
    table = baseline_table(labelled, by="sex")
    assert "pvalue" not in table.rows.columns
    assert {"Lev+5FU", "Obs"} <= set(table.rows.columns)
    assert table.tests == {}


def test_numeric_summaries_are_declared_not_pre_tested(patients):
    table = baseline_table(patients)
    assert "age" in table.continuous  # declared mean (SD) whatever its distribution
    table = baseline_table(patients, summaries={"age": "median_iqr"})
    assert "age" in table.nonnormal


def test_an_unknown_summary_is_rejected_naming_the_column(patients):
    with pytest.raises(SpinemetInputError, match="--summary age: invalid value 'mean'"):
        baseline_table(patients, summaries={"age": "mean"})
