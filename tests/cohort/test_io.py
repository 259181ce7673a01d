"""Readers and writers: every format reads back the same cohort, synthetic label included."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from spinemet._examples import examples_dir
from spinemet.cohort import (
    TABLE_NAMES,
    Cohort,
    read_cohort,
    synthetic_cohort,
    to_wide,
    write_cohort,
)
from spinemet.errors import CohortError


def assert_same_tables(left: Cohort, right: Cohort) -> None:
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name), obj=name)


@pytest.mark.parametrize(
    ("format", "name"), [("csv", "folder"), ("parquet", "pq"), ("xlsx", "c.xlsx")]
)
def test_a_cohort_reads_back_the_same_from_every_format(
    tmp_path: Path, format: str, name: str
) -> None:
    cohort = synthetic_cohort(30, seed=7)
    written = write_cohort(cohort, tmp_path / name, format=format)  # type: ignore[arg-type]
    again = read_cohort(written)
    assert_same_tables(cohort, again)
    assert again.schedule == cohort.schedule
    assert again.synthetic


def test_the_example_folder_reads_back_the_same_after_writing(
    example_folder: Path, tmp_path: Path
) -> None:
    cohort = read_cohort(example_folder)
    again = read_cohort(write_cohort(cohort, tmp_path / "copy"))
    assert_same_tables(cohort, again)
    assert not again.synthetic


@pytest.mark.parametrize("name", ["wide.csv", "wide.xlsx"])
def test_a_wide_sheet_reads_back_the_same_wide_sheet(tmp_path: Path, name: str) -> None:
    cohort = synthetic_cohort(25, seed=3)
    again = read_cohort(write_cohort(cohort, tmp_path / name, format="wide"))
    pd.testing.assert_frame_equal(to_wide(cohort), to_wide(again))
    assert set(again.assessments["total_source"]) == {"given"}


def test_the_example_wide_sheet_becomes_long_assessments() -> None:
    cohort = read_cohort(examples_dir() / "cohort_wide.csv")
    w02 = cohort.assessments[cohort.assessments["patient_id"] == "W02"]
    assert w02[["visit", "instrument", "total"]].values.tolist() == [
        ["preop", "vas", 8.2],
        ["preop", "barthel", 40.0],
        ["d7", "vas", 3.8],
        ["d7", "barthel", 55.0],
        ["m3", "vas", 3.1],
        ["m3", "barthel", 60.0],
    ]


def test_a_wide_column_with_an_unknown_visit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("patient_id,index_date,vas_preop,vas_m9\nP1,2021-01-04,7,2\n")
    with pytest.raises(CohortError) as caught:
        read_cohort(path)
    # Reported together with every other problem of the sheet (here: no vital_status column).
    assert [problem.message() for problem in caught.value.problems] == [
        "wide.csv: vital_status: missing; required: a column named 'vital_status' in patients",
        "wide.csv: row 1: vas_m9: invalid value 'm9'; allowed: a visit code of the study's "
        "schedule after the instrument: preop, d7, m3, m6, m12, m24",
    ]


def test_a_bad_total_in_a_wide_sheet_names_its_column_and_row(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(
        "patient_id,index_date,vital_status,vas_preop,barthel_preop\n"
        "P1,2021-01-04,alive,7,45\nP2,2021-01-05,alive,7,47\n"
    )
    with pytest.raises(CohortError) as caught:
        read_cohort(path)
    assert [p.message() for p in caught.value.problems] == [
        "wide.csv: row 3: barthel_preop: invalid value 47; allowed: barthel total: 0 <= whole "
        "number <= 100 in steps of 5"
    ]


def test_a_workbook_reports_its_sheet_and_row(tmp_path: Path) -> None:
    cohort = synthetic_cohort(5)
    path = write_cohort(cohort, tmp_path / "c.xlsx")
    sheets = pd.read_excel(path, sheet_name=None, dtype=object)
    sheets["patients"].loc[2, "sex"] = "x"
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    with pytest.raises(CohortError) as caught:
        read_cohort(path)
    assert caught.value.problems[0].message() == (
        "c.xlsx (sheet patients): row 4: sex: invalid value 'x'; allowed: female, male (or blank)"
    )


def test_the_input_hash_is_the_sha256_of_the_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("patient_id,index_date,vital_status,vas_preop\nP1,2021-01-04,alive,7\n")
    assert read_cohort(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_hash_of_a_folder_covers_every_file_read(example_folder: Path) -> None:
    before = read_cohort(example_folder).sha256
    with (example_folder / "complications.csv").open("a") as handle:
        handle.write("P01,2021-03-04,infection,I,,true\n")
    after = read_cohort(example_folder)
    assert after.sha256 != before
    assert str(example_folder / "complications.csv") in after.provenance.sources


def test_synthetic_data_are_marked_in_the_files_themselves(tmp_path: Path) -> None:
    folder = write_cohort(synthetic_cohort(5), tmp_path / "s")
    assert json.loads((folder / "provenance.json").read_text())["synthetic"] is True
    assert set(pd.read_csv(folder / "patients.csv")["synthetic"]) == {True}
    (folder / "provenance.json").unlink()
    assert read_cohort(folder).synthetic  # the column alone keeps the label


def test_a_mix_of_synthetic_and_real_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("patient_id,index_date,synthetic\nP1,2021-01-04,true\nP2,2021-01-05,false\n")
    with pytest.raises(CohortError, match="synthetic and patient data are never mixed"):
        read_cohort(path)


def test_a_folder_without_patients_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lesions.csv").write_text("patient_id,level\nP1,T12\n")
    with pytest.raises(CohortError, match=r"a patients\.csv"):
        read_cohort(tmp_path)


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cohort.sav"
    path.write_bytes(b"")
    with pytest.raises(CohortError, match=r"an \.xlsx workbook"):
        read_cohort(path)


def test_from_tables_reports_rows_by_index_label() -> None:
    patients = pd.DataFrame(
        {"patient_id": ["A", "B"], "index_date": ["2021-01-01", "2021-02-30"]}, index=[10, 11]
    )
    with pytest.raises(CohortError) as caught:
        Cohort.from_tables(patients)
    assert caught.value.problems[0].message() == (
        "row 11: patients.index_date: invalid value '2021-02-30'; allowed: a date YYYY-MM-DD"
    )


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("VAS_m6", "did you mean vas_m6?"),
        ("Vas_d7", "did you mean vas_d7?"),
        ("odi_preop", "'odi' is not an instrument code"),
        ("M3_date", "did you mean m3_date?"),
    ],
)
def test_a_wide_column_that_looks_like_an_outcome_but_is_not_one_is_refused(
    tmp_path: Path, column: str, expected: str
) -> None:
    # Read as a patient field it would silently become a Table 1 variable.
    path = tmp_path / "wide.csv"
    path.write_text(
        f"patient_id,index_date,vital_status,vas_preop,{column}\nP1,2021-01-04,alive,7,2\n"
    )
    with pytest.raises(CohortError) as caught:
        read_cohort(path)
    (problem,) = caught.value.problems
    assert problem.code == "unknown_outcome_column"
    message = problem.message()
    assert message.startswith(f"wide.csv: row 1: {column}: invalid value {column!r}; allowed: ")
    assert expected in message
    assert "instrument codes" in message
    assert "preop, d7, m3, m6, m12, m24" in message


def test_patient_columns_and_other_fields_of_a_wide_sheet_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(
        "patient_id,index_date,vital_status,kps,bmi,vas_preop\nP1,2021-01-04,alive,60,24.1,7\n"
    )
    cohort = read_cohort(path)
    assert cohort.patients[["kps", "bmi"]].iloc[0].tolist() == [60, 24.1]
