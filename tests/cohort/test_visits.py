"""Visits from dates: windows of the schedule, their boundaries, what falls outside them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from spinemet.cohort import DEFAULT_SCHEDULE, Visit, VisitSchedule, load_schedule, read_cohort
from spinemet.errors import CohortError
from tests.cohort.conftest import WriteFolder

# P01's index date is 2021-03-02 (conftest.PATIENTS).
DAY = {
    -31: "2021-01-30",
    -30: "2021-01-31",
    0: "2021-03-02",
    1: "2021-03-03",
    3: "2021-03-05",
    4: "2021-03-06",
    10: "2021-03-12",
    11: "2021-03-13",
    76: "2021-05-17",
    77: "2021-05-18",
    105: "2021-06-15",
    106: "2021-06-16",
}


def read_dated(write_folder: WriteFolder, day: int, visit: str = "") -> object:
    text = f"patient_id,visit,date,instrument,total\nP01,{visit},{DAY[day]},vas,5\n"
    return read_cohort(write_folder(assessments=text))


@pytest.mark.parametrize(
    ("day", "visit"),
    [
        (-30, "preop"),
        (0, "preop"),
        (4, "d7"),
        (10, "d7"),
        (77, "m3"),
        (105, "m3"),
    ],
)
def test_a_date_on_a_window_boundary_gets_that_visit(
    write_folder: WriteFolder, day: int, visit: str
) -> None:
    cohort = read_dated(write_folder, day)
    assert cohort.assessments["visit"].tolist() == [visit]  # type: ignore[attr-defined]
    assert cohort.assessments["day"].tolist() == [day]  # type: ignore[attr-defined]


@pytest.mark.parametrize("day", [-31, 1, 3, 11, 76, 106])
def test_a_date_outside_every_window_is_kept_without_a_visit_and_reported(
    write_folder: WriteFolder, day: int
) -> None:
    cohort = read_dated(write_folder, day)
    assert cohort.assessments["visit"].tolist() == [None]  # type: ignore[attr-defined]
    outside = cohort.provenance.visit_assignment.outside  # type: ignore[attr-defined]
    assert [(item.patient_id, item.day, item.file, item.row) for item in outside] == [
        ("P01", day, "assessments.csv", 2)
    ]
    assert any("outside every visit window" in n for n in cohort.provenance.notes)  # type: ignore[attr-defined]


def test_the_windows_used_and_the_assigned_counts_are_reported(write_folder: WriteFolder) -> None:
    cohort = read_dated(write_folder, 77)
    report = cohort.provenance.visit_assignment.as_dict()  # type: ignore[attr-defined]
    assert report["windows"][2] == "m3: day 77 to 105 (target 91)"
    assert report["assigned_from_date"] == {"m3": 1}


def test_a_dated_visit_outside_its_window_is_refused(write_folder: WriteFolder) -> None:
    with pytest.raises(CohortError) as caught:
        read_dated(write_folder, 11, visit="d7")
    assert caught.value.problems[0].message() == (
        "assessments.csv: row 2: date: invalid value '2021-03-13'; allowed: a date on day 4 to "
        "10 after the index date for visit 'd7' (this date is day 11); correct the date or the "
        "visit, or widen the window in the study's schedule file"
    )


def test_relaxed_window_check_keeps_the_visit_and_lists_the_mismatch(
    write_folder: WriteFolder,
) -> None:
    text = f"patient_id,visit,date,instrument,total\nP01,d7,{DAY[11]},vas,5\n"
    cohort = read_cohort(write_folder(assessments=text), check_visit_windows=False)
    assert cohort.assessments["visit"].tolist() == ["d7"]
    assert cohort.provenance.visit_assignment.mismatched == (
        "assessments.csv: row 2: P01 vas visit d7 dated day 11 (window 4 to 10); visit kept "
        "as given",
    )


def test_a_visit_assigned_from_a_date_can_collide_with_a_given_one(
    write_folder: WriteFolder,
) -> None:
    text = f"patient_id,visit,date,instrument,total\nP01,d7,{DAY[4]},vas,5\nP01,,{DAY[10]},vas,4\n"
    with pytest.raises(CohortError, match="each patient_id \\+ visit \\+ instrument once"):
        read_cohort(write_folder(assessments=text))


def test_an_assessment_with_neither_visit_nor_date_is_refused(write_folder: WriteFolder) -> None:
    text = "patient_id,visit,date,instrument,total\nP01,,,vas,5\n"
    with pytest.raises(CohortError, match="row 2: visit / date: missing"):
        read_cohort(write_folder(assessments=text))


def test_a_schedule_file_in_the_folder_is_used(write_folder: WriteFolder) -> None:
    folder = write_folder(
        assessments=f"patient_id,visit,date,instrument,total\nP01,,{DAY[11]},vas,5\n"
    )
    (folder / "schedule.toml").write_text(
        "[[visits]]\ncode = 'preop'\ntarget_day = 0\nwindow_low_day = -30\nwindow_high_day = 0\n"
        "[[visits]]\ncode = 'w2'\ntarget_day = 14\nwindow_low_day = 1\nwindow_high_day = 28\n"
    )
    cohort = read_cohort(folder)
    assert cohort.schedule.codes == ("preop", "w2")
    assert cohort.assessments["visit"].tolist() == ["w2"]


@pytest.mark.parametrize("suffix", [".toml", ".yaml", ".json"])
def test_the_default_schedule_round_trips_through_a_file(tmp_path: Path, suffix: str) -> None:
    import json

    import yaml

    data = DEFAULT_SCHEDULE.as_dict()
    path = tmp_path / f"schedule{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(data))
    elif suffix == ".yaml":
        path.write_text(yaml.safe_dump(data))
    else:
        lines = []
        for visit in DEFAULT_SCHEDULE:
            lines.append("[[visits]]")
            lines += [f"{key} = {value!r}" for key, value in visit.as_dict().items()]
        path.write_text("\n".join(lines).replace("'", '"') + "\n")
    assert load_schedule(path) == DEFAULT_SCHEDULE


def test_default_schedule_is_the_seed_studys() -> None:
    assert [visit.as_dict() for visit in DEFAULT_SCHEDULE] == [
        {"code": "preop", "target_day": 0, "window_low_day": -30, "window_high_day": 0},
        {"code": "d7", "target_day": 7, "window_low_day": 4, "window_high_day": 10},
        {"code": "m3", "target_day": 91, "window_low_day": 77, "window_high_day": 105},
        {"code": "m6", "target_day": 182, "window_low_day": 152, "window_high_day": 212},
        {"code": "m12", "target_day": 365, "window_low_day": 320, "window_high_day": 410},
        {"code": "m24", "target_day": 730, "window_low_day": 685, "window_high_day": 775},
    ]


def test_overlapping_windows_are_refused() -> None:
    with pytest.raises(CohortError, match="windows must not overlap"):
        VisitSchedule((Visit("a", 0, -5, 5), Visit("b", 7, 5, 10)))


def test_a_target_outside_its_window_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    path.write_text(
        '{"visits": [{"code": "m3", "target_day": 120, "window_low_day": 77, '
        '"window_high_day": 105}]}'
    )
    with pytest.raises(CohortError) as caught:
        load_schedule(path)
    assert caught.value.problems[0].file == str(path)
    assert "a day inside the window 77..105" in caught.value.problems[0].allowed


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (-60, "before the first window, preop (day -30 to 0)"),
        (2, "between the windows of preop (day -30 to 0) and d7 (day 4 to 10)"),
        (130, "between the windows of m3 (day 77 to 105) and m6 (day 152 to 212)"),
        (800, "after the last window, m24 (day 685 to 775)"),
    ],
)
def test_an_assessment_outside_every_window_says_why(
    write_folder: WriteFolder, day: int, reason: str
) -> None:
    date = (pd.Timestamp("2021-03-02") + pd.Timedelta(days=day)).date().isoformat()
    cohort = read_cohort(
        write_folder(
            patients="patient_id,index_date,last_contact_date,vital_status\n"
            "P01,2021-03-02,2024-01-01,alive\n",
            assessments=f"patient_id,date,instrument,total\nP01,{date},vas,5\n",
        )
    )
    (outside,) = cohort.provenance.visit_assignment.outside
    assert (outside.day, outside.reason) == (day, reason)
    assert outside.as_dict()["reason"] == reason
