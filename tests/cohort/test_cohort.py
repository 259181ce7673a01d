"""The helpers the analysis uses: survival time, outcomes by visit, who was assessed when."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from spinemet.cohort import read_cohort
from spinemet.errors import CohortError


def test_survival_time_runs_from_index_date_to_death_or_last_contact(example_folder: Path) -> None:
    frame = read_cohort(example_folder).survival_frame()
    # P01 alive 2021-03-02 -> 2023-01-15; P02 dead 2021-04-12 -> 2021-09-30.
    assert frame[["patient_id", "time_days", "event"]].head(2).values.tolist() == [
        ["P01", 684.0, 0],
        ["P02", 171.0, 1],
    ]
    assert "primary_tumor" in frame.columns


def test_outcome_frame_orders_visits_as_the_schedule(example_folder: Path) -> None:
    frame = read_cohort(example_folder).outcome_frame("vas")
    assert list(frame["visit"].cat.categories) == ["preop", "d7", "m3", "m6"]
    assert frame["visit"].is_monotonic_increasing
    assert frame[frame["patient_id"] == "P01"]["total"].tolist() == [7.8, 3.2, 2.5, 2.0]
    assert "P04" in set(frame["patient_id"])  # its day-226 VAS (no visit) is left out
    assert len(frame[frame["patient_id"] == "P04"]) == 4


def test_visit_status_counts_alive_assessed_dead_and_censored(example_folder: Path) -> None:
    status = read_cohort(example_folder).visit_status("vas")
    # P02 died on day 171 and P05 on day 111: both before m6 (day 182); P05 also had no m3.
    assert status.to_dict("list") == {
        "visit": ["preop", "d7", "m3", "m6"],
        "target_day": [0, 7, 91, 182],
        "n_patients": [5, 5, 5, 5],
        "n_alive_in_follow_up": [5, 5, 5, 3],
        "n_assessed": [5, 5, 4, 3],
        "n_died_before": [0, 0, 0, 2],
        "n_censored_before": [0, 0, 0, 0],
        "n_follow_up_unknown": [0, 0, 0, 0],
    }


def test_an_instrument_without_assessments_is_named_with_those_available(
    example_folder: Path,
) -> None:
    with pytest.raises(CohortError, match="allowed: vas, barthel"):
        read_cohort(example_folder).visit_status("odi")


def test_the_helpers_do_not_change_the_cohort(example_folder: Path) -> None:
    cohort = read_cohort(example_folder)
    before = cohort.assessments.copy()
    cohort.outcome_frame("barthel")
    cohort.visit_status("barthel")
    cohort.survival_frame()
    pd.testing.assert_frame_equal(cohort.assessments, before)


def test_visit_status_counts_an_unknown_vital_status_as_follow_up_unknown(
    example_folder: Path,
) -> None:
    # read_cohort refuses a blank vital_status, but a Cohort made directly (a database
    # extract, a notebook) may still carry one: it must be counted, not crash.
    cohort = read_cohort(example_folder)
    patients = cohort.patients.copy()
    patients.loc[patients["patient_id"] == "P01", "vital_status"] = None
    status = dataclasses.replace(cohort, patients=patients).visit_status("vas")
    assert status["n_follow_up_unknown"].tolist() == [1] * len(status)
    assert (status["n_alive_in_follow_up"] + status["n_died_before"]).iloc[0] == 4
