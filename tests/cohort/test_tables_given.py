"""A table is read only under its exact name; a misnamed one is refused, never ignored; the
cohort records which tables were given (an absent table is unknown, an empty one is none)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from spinemet.cohort import read_cohort, synthetic_cohort, write_cohort
from spinemet.errors import CohortError
from tests.cohort.conftest import ASSESSMENTS, PATIENTS, WriteFolder

COMPLICATIONS = "patient_id,date,type\nP01,2021-03-20,infection\n"


def messages(path: Path) -> list[str]:
    with pytest.raises(CohortError) as caught:
        read_cohort(path)
    return [problem.message() for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Complications.csv", "complications.csv"), ("assesments.csv", "assessments.csv")],
)
def test_a_misnamed_table_in_a_folder_is_refused_with_the_expected_spelling(
    write_folder: WriteFolder, name: str, expected: str
) -> None:
    folder = write_folder()
    (folder / name).write_text(COMPLICATIONS, encoding="utf-8")
    (found,) = messages(folder)
    assert found.startswith(f"{folder}: {name}: not a cohort table; did you mean {expected}?")
    assert "patients, lesions, procedures, assessments, complications" in found
    assert "provenance.json" in found
    assert "cohort.toml" in found
    assert "schedule.toml" in found


def test_an_unrelated_file_in_a_folder_is_refused_naming_the_allowed_files(
    write_folder: WriteFolder,
) -> None:
    folder = write_folder()
    (folder / "notes.xlsx").write_bytes(b"")
    assert messages(folder) == [
        f"{folder}: notes.xlsx: not a cohort table; allowed files: patients, lesions, "
        "procedures, assessments, complications (each .csv or .parquet), provenance.json, "
        "mapping.toml, cohort.toml, cohort.json, cohort.yaml, cohort.yml, schedule.toml, "
        "schedule.json, schedule.yaml, schedule.yml, README (any extension)"
    ]


def test_known_extra_files_hidden_files_and_subfolders_are_accepted(
    write_folder: WriteFolder,
) -> None:
    folder = write_folder(assessments=ASSESSMENTS)
    (folder / "cohort.toml").write_text('vas_unit = "cm"\n')
    (folder / "README.md").write_text("Our cohort.\n")
    (folder / ".DS_Store").write_bytes(b"")
    (folder / "figures").mkdir()
    assert read_cohort(folder).n_patients == 2


def _workbook(path: Path, sheets: dict[str, str]) -> Path:
    with pd.ExcelWriter(path) as writer:
        for name, text in sheets.items():
            rows = [line.split(",") for line in text.strip().splitlines()]
            pd.DataFrame(rows[1:], columns=rows[0]).to_excel(writer, sheet_name=name, index=False)
    return path


def test_a_workbook_with_a_misnamed_table_sheet_is_refused_not_read_as_wide(
    tmp_path: Path,
) -> None:
    path = _workbook(
        tmp_path / "c.xlsx",
        {"Patients": PATIENTS, "assessments": ASSESSMENTS, "complications": COMPLICATIONS},
    )
    assert messages(path) == [
        "c.xlsx: sheet 'Patients': not a cohort table; did you mean patients? allowed sheets: "
        "patients, lesions, procedures, assessments, complications, schedule, provenance, "
        "settings, README"
    ]


def test_a_wide_workbook_with_other_sheets_is_still_read_as_wide(tmp_path: Path) -> None:
    wide = "patient_id,index_date,vital_status,vas_preop\nP1,2021-01-04,alive,7\n"
    path = _workbook(tmp_path / "w.xlsx", {"data": wide, "codebook": "column,meaning\na,b\n"})
    assert read_cohort(path).assessments["total"].tolist() == [7.0]


def test_the_cohort_records_which_tables_were_given(write_folder: WriteFolder) -> None:
    cohort = read_cohort(write_folder(assessments=ASSESSMENTS))
    assert cohort.provenance.tables_given == ("patients", "assessments")
    assert not cohort.is_given("complications")
    assert cohort.provenance.as_dict()["tables_given"] == ["patients", "assessments"]
    empty = read_cohort(write_folder(complications="patient_id,date,type\n"))
    assert empty.is_given("complications")
    assert empty.complications.empty


def test_an_empty_given_table_is_written_and_read_back_as_given(tmp_path: Path) -> None:
    cohort = synthetic_cohort(3, seed=0)  # no complication in these three patients
    assert cohort.complications.empty
    assert cohort.is_given("complications")
    for name in ("folder", "c.xlsx"):
        again = read_cohort(write_cohort(cohort, tmp_path / name))
        assert again.is_given("complications"), name
