"""Nothing is silently misread (issue 12 §1): every column is classified, unknown columns stay
out of Table 1, doubtful ones warn (or are refused with strict), wide outcome columns in a
patients sheet are outcomes, undated assessments after death are refused."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from spinemet.analysis.pipeline import analyze_cohort
from spinemet.cohort import read_cohort
from spinemet.errors import CohortError, ColumnWarning, Problem, grouped_messages

PATIENTS = (
    "patient_id,sex,age,index_date,last_contact_date,vital_status,death_date,initials,"
    "VAS术后,bmi\n"
    + "".join(
        f"P{n:02d},{'female' if n % 2 else 'male'},{50 + n},2021-01-{n + 1:02d},"
        f"2021-12-01,alive,,{chr(65 + n)}{chr(75 + n)},{n % 7},{20 + n}\n"
        for n in range(10)
    )
)


def _folder(tmp_path: Path, patients: str = PATIENTS, **tables: str) -> Path:
    folder = tmp_path / "cohort"
    folder.mkdir(exist_ok=True)
    (folder / "patients.csv").write_text(patients, encoding="utf-8")
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_every_column_is_classified_and_unknown_ones_stay_out_of_table_1(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cohort = read_cohort(_folder(tmp_path))
    uses = {use.column: use.use for use in cohort.provenance.columns}
    assert uses == {
        "patient_id": "patient_field", "sex": "patient_field", "age": "patient_field",
        "index_date": "patient_field", "last_contact_date": "patient_field",
        "vital_status": "patient_field", "death_date": "patient_field",
        "initials": "identifier", "VAS术后": "outcome_like", "bmi": "unknown",
    }  # fmt: skip
    messages = [str(w.message) for w in caught if issubclass(w.category, ColumnWarning)]
    assert messages == [
        "columns not analysed: initials (identifier-like); VAS术后 (looks like an outcome) "
        "(--strict refuses them)"
    ]
    table1 = analyze_cohort(cohort).table1
    assert table1 is not None
    assert set(table1.rows["variable"]) == {"n", "sex, n (%)", "age, mean (SD)"}


def test_strict_refuses_columns_that_look_like_outcomes_or_identifiers(tmp_path):
    with pytest.raises(CohortError) as caught:
        read_cohort(_folder(tmp_path), strict=True)
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("initials", "doubtful_column"),
        ("VAS术后", "doubtful_column"),
    ]


def test_a_column_declared_for_table_1_is_summarised(tmp_path):
    folder = _folder(tmp_path)
    (folder / "mapping.toml").write_text('[table1]\ninclude = ["bmi"]\n', encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cohort = read_cohort(folder)
        table1 = analyze_cohort(cohort).table1
    assert table1 is not None
    # Summaries are pre-specified, not chosen by a normality pre-test (issue 11): a numeric
    # column without a declared summary is median [Q1,Q3].
    assert "bmi, median [Q1,Q3]" in set(table1.rows["variable"])


def test_wide_outcome_columns_in_a_workbook_patients_sheet_are_outcomes(tmp_path):
    patients = pd.DataFrame(
        {
            "patient_id": ["P1", "P2"],
            "index_date": ["2021-01-04", "2021-02-01"],
            "vital_status": ["alive", "alive"],
            "last_contact_date": ["2021-12-01", "2021-12-01"],
            "vas_preop": [8, 7],
            "vas_m6": [2, 3],
            "barthel_m6": [90, 85],
        }
    )
    assessments = pd.DataFrame(
        {"patient_id": ["P1"], "visit": ["m3"], "instrument": ["vas"], "total": [4]}
    )
    path = tmp_path / "c.xlsx"
    with pd.ExcelWriter(path) as writer:
        patients.to_excel(writer, sheet_name="patients", index=False)
        assessments.to_excel(writer, sheet_name="assessments", index=False)
    cohort = read_cohort(path)
    assert "vas_m6" not in cohort.patients.columns
    vas = cohort.outcome_frame("vas")
    assert vas[["patient_id", "visit", "total"]].values.tolist() == [
        ["P1", "preop", 8.0], ["P2", "preop", 7.0], ["P1", "m3", 4.0],
        ["P1", "m6", 2.0], ["P2", "m6", 3.0],
    ]  # fmt: skip
    assert cohort.outcome_frame("barthel")["total"].tolist() == [90.0, 85.0]


def test_a_bad_wide_value_in_a_patients_sheet_names_its_column_and_row(tmp_path):
    patients = "patient_id,index_date,vital_status,vas_preop,vas_m3\nP1,2021-01-04,alive,8,eleven\n"
    with pytest.raises(CohortError) as caught:
        read_cohort(_folder(tmp_path, patients))
    assert [p.message() for p in caught.value.problems] == [
        "patients.csv: row 2: vas_m3: invalid value 'eleven'; allowed: number (or blank)"
    ]


def test_an_undated_assessment_at_a_visit_after_death_is_refused(tmp_path):
    # died on day 128
    patients = "patient_id,index_date,vital_status,death_date\nP1,2021-01-01,dead,2021-05-09\n"
    assessments = "patient_id,visit,instrument,total\nP1,preop,vas,8\nP1,m3,vas,4\nP1,m6,vas,2\n"
    with pytest.raises(CohortError) as caught:
        read_cohort(_folder(tmp_path, patients, assessments=assessments))
    assert [p.message() for p in caught.value.problems] == [
        "assessments.csv: row 4: visit: invalid value 'm6'; allowed: a visit on or before the "
        "patient's death (died on day 128 after the index date; visit 'm6' is day 182): give "
        "the assessment's date, correct the visit, or the death date"
    ]


def test_every_problem_of_a_folder_is_reported_at_once(tmp_path):
    folder = _folder(
        tmp_path,
        "patient_id,index_date,vital_status,vas_m9\nP1,2021-01-01,living,3\n",
        assessments="patient_id,visit,instrument,total\nP2,preop,vas,8\n",
    )
    (folder / "Complications.csv").write_text("patient_id\n", encoding="utf-8")
    with pytest.raises(CohortError) as caught:
        read_cohort(folder)
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == ["not_a_cohort_table", "unknown_patient", "unknown_visit", "value_not_allowed"]


def test_a_title_row_and_semicolons_are_recognised_and_named(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Spine unit 2021;;\npatient_id;index_date;vital_status\nP1;2021-01-04;alive\n",
        encoding="utf-8",
    )
    cohort = read_cohort(path)
    assert cohort.patients["patient_id"].tolist() == ["P1"]
    assert cohort.provenance.notes == (
        "sheet.csv: columns separated by ';'",
        "sheet.csv: row 1 read as a title, not data: 'Spine unit 2021'",
    )


def test_problems_alike_but_for_their_row_are_one_line_with_ranges():
    problems = [
        Problem("vital_status", "存活", "alive, dead", row=row, file="a.csv")
        for row in (*range(3, 43), 50)
    ]
    problems.append(Problem("sex", "x", "female, male", row=7, file="a.csv"))
    assert grouped_messages(problems) == [
        "a.csv: vital_status: invalid value '存活' on rows 3-42, 50 (41 rows); "
        "allowed: alive, dead",
        "a.csv: row 7: sex: invalid value 'x'; allowed: female, male",
    ]


def test_the_cli_groups_causes_unless_verbose(spinemet_cli, tmp_path):
    rows = "".join(f"P{n},2021-01-01,存活\n" for n in range(5))
    folder = _folder(tmp_path, "patient_id,index_date,vital_status\n" + rows)
    done = spinemet_cli("analyze", str(folder), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "vital_status: invalid value '存活' on rows 2-6 (5 rows)" in done.stderr
    done = spinemet_cli("analyze", str(folder), "--out", str(tmp_path / "out"), "--verbose")
    assert done.stderr.count("存活") == 5
