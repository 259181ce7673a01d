"""score_frame: whole tables, validated cell by cell, scored column-wise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from spinemet.errors import ItemError
from spinemet.instruments import score_frame
from tests.instruments.conftest import BARTHEL_MAX, SINS_T11


def test_every_bad_cell_is_reported_with_row_item_value_and_allowed():
    frame = pd.DataFrame([SINS_T11, SINS_T11 | {"pain": "severe"}, SINS_T11 | {"location": 3}])
    frame.loc[2, "bone_lesion"] = "osteoid"
    with pytest.raises(ItemError) as raised:
        score_frame("sins", frame)
    assert [(p.row, p.field, p.value) for p in raised.value.problems] == [
        (1, "sins.pain", "severe"),
        (2, "sins.location", 3),
        (2, "sins.bone_lesion", "osteoid"),
    ]
    assert "row 1: sins.pain: invalid value 'severe'; allowed: mechanical" in str(raised.value)


def test_the_input_table_is_not_modified():
    frame = pd.DataFrame([BARTHEL_MAX, BARTHEL_MAX | {"stairs": 0}])
    before = frame.copy()
    score_frame("barthel", frame)
    pd.testing.assert_frame_equal(frame, before)


def test_other_columns_and_the_index_are_kept():
    frame = pd.DataFrame([BARTHEL_MAX | {"patient_id": "P1"}], index=["visit-7"])
    scored = score_frame("barthel", frame)
    assert scored.index.tolist() == ["visit-7"]
    assert scored.loc["visit-7", "patient_id"] == "P1"
    assert scored.loc["visit-7", "total"] == 100
    assert scored.loc["visit-7", "stairs_points"] == 10


def test_missing_cells_give_no_total_and_list_the_items():
    frame = pd.DataFrame([BARTHEL_MAX, BARTHEL_MAX | {"stairs": None, "feeding": None}])
    scored = score_frame("barthel", frame)
    assert scored["total"].isna().tolist() == [False, True]
    assert scored["missing"].tolist() == [None, "feeding, stairs"]
    assert scored["category"].isna().tolist() == [False, True]


def test_a_float_column_of_whole_numbers_reads_as_integers_but_decimals_are_refused():
    frame = pd.DataFrame([BARTHEL_MAX, BARTHEL_MAX | {"stairs": np.nan}]).astype({"stairs": float})
    assert score_frame("barthel", frame)["total"].tolist()[0] == 100
    frame.loc[1, "stairs"] = 7.5
    with pytest.raises(ItemError, match="row 1: barthel.stairs: invalid value 7.5"):
        score_frame("barthel", frame)


def test_booleans_are_not_numbers_in_integer_columns():
    frame = pd.DataFrame({"nrs": pd.Series([True, False], dtype=bool)})
    with pytest.raises(ItemError, match="row 0: nrs.nrs: invalid value True"):
        score_frame("nrs", frame)


def test_text_in_a_numeric_column_is_reported_per_cell():
    frame = pd.DataFrame({"vas": pd.Series([7.5, "seven", 11, None], dtype=object)})
    with pytest.raises(ItemError) as raised:
        score_frame("vas", frame)
    assert [(p.row, p.value) for p in raised.value.problems] == [(1, "seven"), (2, 11)]


def test_a_missing_required_column_is_an_error_naming_it():
    with pytest.raises(ItemError, match="sins.pain: missing; required: a column named 'pain'"):
        score_frame("sins", pd.DataFrame([SINS_T11]).drop(columns="pain"))


def test_output_columns_never_overwrite_input_columns():
    with pytest.raises(ItemError, match="sins: invalid value 'total'"):
        score_frame("sins", pd.DataFrame([SINS_T11 | {"total": 11}]))


def test_categorical_input_columns_are_scored():
    frame = pd.DataFrame([SINS_T11] * 3).astype("category")
    assert score_frame("sins", frame)["total"].tolist() == [11, 11, 11]


def test_inconsistent_rows_are_reported_by_the_instruments_rule():
    frame = pd.DataFrame(
        {
            "no_visceral_metastases": [True, True],
            "solitary_skeletal_metastasis": [True, False],
            "not_lung_cancer": [True, False],
            "favorable_primary": [True, True],
        }
    )
    with pytest.raises(ItemError, match="row 1: bauer_modified.favorable_primary"):
        score_frame("bauer_modified", frame)


def test_an_empty_table_scores_to_an_empty_table():
    frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in SINS_T11})
    scored = score_frame("sins", frame)
    assert len(scored) == 0
    assert {"total", "category", "missing"} <= set(scored.columns)


def test_not_a_dataframe_is_refused():
    with pytest.raises(ItemError, match="a pandas DataFrame"):
        score_frame("sins", [SINS_T11])
