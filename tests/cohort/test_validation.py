"""Every rule of the tidy cohort, each with a bad file: refused whole, every problem listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinemet.cohort import read_cohort
from spinemet.errors import CohortError, SpinemetInputError
from tests.cohort.conftest import WriteFolder


def problems_of(folder: Path, **options: object) -> list[str]:
    with pytest.raises(CohortError) as caught:
        read_cohort(folder, **options)  # type: ignore[arg-type]
    return [problem.message() for problem in caught.value.problems]


def test_a_good_folder_is_read(write_folder: WriteFolder) -> None:
    cohort = read_cohort(write_folder())
    assert cohort.patients["patient_id"].tolist() == ["P01", "P02"]
    assert str(cohort.patients["index_date"].dtype) == "datetime64[ns]"


def test_cohort_error_is_an_input_error_for_the_cli(write_folder: WriteFolder) -> None:
    folder = write_folder(patients="patient_id,index_date\nP01,2021-13-01\n")
    with pytest.raises(SpinemetInputError):
        read_cohort(folder)


def test_bad_codes_are_all_listed_with_file_row_column_value_and_allowed(
    write_folder: WriteFolder,
) -> None:
    folder = write_folder(
        patients=(
            "patient_id,sex,primary_tumor,index_date,vital_status\n"
            "P01,F,breast,2021-03-02,alive\n"
            "P02,male,lung,2021-04-12,alive\n"
            "P03,male,kidney,2021-05-12,living\n"
        )
    )
    assert problems_of(folder) == [
        # A synonym ('F') or a close spelling ('living') is named: "did you mean".
        "patients.csv: row 2: sex: invalid value 'F'; allowed: female, male (or blank); "
        "did you mean 'female'? recode it in mapping.toml",
        "patients.csv: row 3: primary_tumor: invalid value 'lung'; allowed: breast, prostate, "
        "thyroid, kidney, uterus, lung_nsclc, lung_sclc, liver, stomach, colon, rectum, "
        "esophagus, pancreas, bladder, gallbladder, ovary, neuroendocrine, melanoma, sarcoma, "
        "myeloma, lymphoma, leukemia, germ_cell, unknown_primary, other (or blank)",
        "patients.csv: row 4: vital_status: invalid value 'living'; allowed: alive, dead; "
        "did you mean 'alive'? recode it in mapping.toml",
    ]


def test_unknown_patient_ids_in_child_tables_are_listed(write_folder: WriteFolder) -> None:
    folder = write_folder(
        lesions="patient_id,level\nP01,T12\nP09,L1\n",
        complications="patient_id,date,type\nP07,2021-05-01,infection\n",
    )
    messages = problems_of(folder)
    assert messages == [
        "lesions.csv: row 3: patient_id: invalid value 'P09'; allowed: a patient_id of the "
        "patients table",
        "complications.csv: row 2: patient_id: invalid value 'P07'; allowed: a patient_id of "
        "the patients table",
    ]


def test_death_before_surgery_is_refused(write_folder: WriteFolder) -> None:
    folder = write_folder(
        patients=(
            "patient_id,index_date,last_contact_date,vital_status,death_date\n"
            "P01,2021-03-02,2021-02-01,dead,2021-02-01\n"
        )
    )
    messages = problems_of(folder)
    assert (
        "patients.csv: row 2: death_date: invalid value '2021-02-01'; allowed: a date on or "
        "after index_date (death before surgery?)"
    ) in messages
    assert any("last_contact_date: invalid value '2021-02-01'" in m for m in messages)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("P01,2021-03-02,2021-06-01,dead,", "death_date: missing; required: a death_date when"),
        (
            "P01,2021-03-02,2021-06-01,alive,2021-06-01",
            "vital_status: invalid value 'alive'; allowed: 'dead' when a death_date is given",
        ),
        (
            "P01,2021-03-02,2021-08-01,dead,2021-06-01",
            "last_contact_date: invalid value '2021-08-01'; allowed: a date on or before "
            "death_date",
        ),
    ],
)
def test_vital_status_and_dates_must_agree(
    write_folder: WriteFolder, row: str, expected: str
) -> None:
    header = "patient_id,index_date,last_contact_date,vital_status,death_date\n"
    folder = write_folder(patients=header + row + "\n")
    assert any(expected in message for message in problems_of(folder))


def test_assessment_after_death_is_refused(write_folder: WriteFolder) -> None:
    folder = write_folder(assessments="patient_id,date,instrument,total\nP02,2021-10-15,vas,3\n")
    assert problems_of(folder) == [
        "assessments.csv: row 2: date: invalid value '2021-10-15'; allowed: a date on or "
        "before the patient's death_date"
    ]


def test_a_total_that_disagrees_with_its_items_is_refused(write_folder: WriteFolder) -> None:
    items = "feeding,bathing,grooming,dressing,bowels,bladder,toilet_use,transfers,mobility,stairs"
    folder = write_folder(
        assessments=(
            f"patient_id,visit,instrument,total,{items}\n"
            "P01,preop,barthel,50,5,0,0,5,10,10,5,5,5,0\n"
            "P01,d7,barthel,65,10,0,5,5,10,10,5,10,10,0\n"
        )
    )
    assert problems_of(folder) == [
        "assessments.csv: row 2: total: invalid value 50; allowed: 45, the barthel total of "
        "this row's items (correct the total or the items)"
    ]


def test_bad_item_values_are_reported_at_their_cells(write_folder: WriteFolder) -> None:
    items = "feeding,bathing,grooming,dressing,bowels,bladder,toilet_use,transfers,mobility,stairs"
    folder = write_folder(
        assessments=(
            f"patient_id,visit,instrument,{items}\n"
            "P01,preop,barthel,5,0,0,5,10,10,5,5,5,0\n"
            "P01,d7,barthel,7,0,5,5,10,10,5,10,20,0\n"
        )
    )
    assert problems_of(folder) == [
        "assessments.csv: row 3: feeding (barthel item): invalid value 7; allowed: 0, 5, 10",
        "assessments.csv: row 3: mobility (barthel item): invalid value 20; allowed: 0, 5, 10, 15",
    ]


def test_unknown_visit_and_instrument_codes_are_refused(write_folder: WriteFolder) -> None:
    folder = write_folder(
        assessments="patient_id,visit,instrument,total\nP01,m9,vas,3\nP01,preop,pain,7\n"
    )
    messages = problems_of(folder)
    assert messages[1].startswith("assessments.csv: row 3: instrument: invalid value 'pain'")
    assert messages[0] == (
        "assessments.csv: row 2: visit: invalid value 'm9'; allowed: a visit code of the "
        "study's schedule: preop, d7, m3, m6, m12, m24"
    )


def test_duplicate_keys_are_refused_naming_both_rows(write_folder: WriteFolder) -> None:
    folder = write_folder(
        patients=(
            "patient_id,index_date,vital_status\n"
            "P01,2021-03-02,alive\nP02,2021-03-02,alive\nP01,2021-04-02,alive\n"
        ),
        assessments="patient_id,visit,instrument,total\nP01,preop,vas,7\nP01,preop,vas,8\n",
    )
    assert problems_of(folder) == [
        "patients.csv: row 2: patient_id: invalid value 'P01'; allowed: each patient_id once "
        "in patients (also on row 4)",
        "patients.csv: row 4: patient_id: invalid value 'P01'; allowed: each patient_id once "
        "in patients (also on row 2)",
        "assessments.csv: row 2: patient_id + visit + instrument: invalid value "
        "'P01 / preop / vas'; allowed: each patient_id + visit + instrument once in "
        "assessments (also on row 3)",
        "assessments.csv: row 3: patient_id + visit + instrument: invalid value "
        "'P01 / preop / vas'; allowed: each patient_id + visit + instrument once in "
        "assessments (also on row 2)",
    ]


@pytest.mark.parametrize(
    ("table", "text", "expected"),
    [
        ("lesions", "patient_id,level\nP01,T13\n", "level: invalid value 'T13'"),
        ("procedures", "patient_id,date,type\nP01,2021-03-02,ppsf\n", None),
        ("procedures", "patient_id,date,type\nP01,2021-03-02,fusion\n", "type: invalid value"),
        (
            "procedures",
            "patient_id,date,type,screw_levels\nP01,2021-03-02,ppsf_pvp,T11-L1\n",
            "screw_levels: invalid value 'T11-L1'",
        ),
        (
            "complications",
            "patient_id,date,type,grade\nP01,2021-03-05,infection,III\n",
            "grade: invalid value 'III'",
        ),
        (
            "complications",
            "patient_id,date,type\nP01,2021-03-05,sepsis\n",
            "type: invalid value 'sepsis'",
        ),
        ("patients", "patient_id,index_date\nP01,03/02/2021\n", "index_date: invalid value"),
    ],
)
def test_codes_of_every_table_are_checked(
    write_folder: WriteFolder, table: str, text: str, expected: str | None
) -> None:
    folder = write_folder(**{table: text})
    if expected is None:
        read_cohort(folder)
    else:
        assert any(expected in message for message in problems_of(folder))


def test_vas_out_of_range_is_refused_with_a_hint_about_millimetres(
    write_folder: WriteFolder,
) -> None:
    folder = write_folder(
        assessments="patient_id,visit,instrument,total\nP01,preop,vas,78\nP01,d7,vas,32\n"
    )
    messages = problems_of(folder)
    assert len(messages) == 2
    assert messages[0] == (
        "assessments.csv: row 2: total: invalid value 78; allowed: vas total: 0 <= number <= "
        "10 (a VAS in mm? declare vas_unit 'mm' and it is divided by 10)"
    )


def test_vas_declared_in_mm_is_converted_and_the_conversion_noted(
    write_folder: WriteFolder,
) -> None:
    folder = write_folder(
        assessments="patient_id,visit,instrument,total\nP01,preop,vas,78\nP01,d7,vas,32\n"
    )
    cohort = read_cohort(folder, vas_unit="mm")
    assert cohort.assessments["total"].tolist() == [7.8, 3.2]
    assert "vas: 2 values recorded in mm converted to the 0-10 scale (divided by 10)" in (
        cohort.provenance.notes
    )


def test_vas_unit_can_be_declared_in_the_folder(write_folder: WriteFolder) -> None:
    folder = write_folder(assessments="patient_id,visit,instrument,total\nP01,preop,vas,78\n")
    (folder / "cohort.toml").write_text('vas_unit = "mm"\n')
    assert read_cohort(folder).assessments["total"].tolist() == [7.8]


def test_table1_summaries_can_be_declared_in_the_folder(write_folder: WriteFolder) -> None:
    folder = write_folder()
    (folder / "cohort.toml").write_text('[summary]\nage = "median_iqr"\nbmi = "mean_sd"\n')
    summaries = read_cohort(folder).provenance.table1_summaries
    assert summaries == (("age", "median_iqr"), ("bmi", "mean_sd"))


def test_a_bad_table1_summary_in_the_folder_is_refused_naming_key_value_and_choices(
    write_folder: WriteFolder,
) -> None:
    folder = write_folder()
    (folder / "cohort.toml").write_text('[summary]\nage = "mean"\nkps = "median_iqr"\n')
    with pytest.raises(CohortError) as caught:
        read_cohort(folder)
    (problem,) = caught.value.problems
    assert (problem.field, problem.value, problem.allowed) == (
        "summary.age",
        "mean",
        "mean_sd or median_iqr",
    )
    assert str(problem.file).endswith("cohort.toml")
    (folder / "cohort.toml").write_text('summary = "median_iqr"\n')
    with pytest.raises(CohortError, match="summary: invalid value 'median_iqr'"):
        read_cohort(folder)
    (folder / "cohort.toml").write_text('summaries = {age = "median_iqr"}\n')
    with pytest.raises(CohortError, match="only the keys 'vas_unit' and 'summary'"):
        read_cohort(folder)


def test_missing_required_cells_and_columns_are_listed(write_folder: WriteFolder) -> None:
    folder = write_folder(
        patients="patient_id,index_date,vital_status\nP01,,alive\n,2021-03-02,alive\n",
        lesions="patient_id\nP01\n",
    )
    assert problems_of(folder) == [
        "patients.csv: row 2: index_date: missing; required: a date YYYY-MM-DD",
        "patients.csv: row 3: patient_id: missing; required: a patient identifier (text)",
        "lesions.csv: level: missing; required: a column named 'level' in lesions",
    ]


def test_nothing_is_returned_when_any_problem_is_found(write_folder: WriteFolder) -> None:
    folder = write_folder(
        assessments="patient_id,visit,instrument,total\nP01,preop,vas,7\nP01,d7,vas,11\n"
    )
    with pytest.raises(CohortError) as caught:
        read_cohort(folder)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].file == "assessments.csv"
    assert caught.value.problems[0].row == 3


def test_blank_lines_are_skipped_but_row_numbers_stay_those_of_the_file(
    write_folder: WriteFolder,
) -> None:
    folder = write_folder(
        patients=(
            "patient_id,sex,index_date,vital_status\n"
            "P01,female,2021-03-02,alive\n\nP02,M,2021-04-02,alive\n"
        )
    )
    assert problems_of(folder) == [
        "patients.csv: row 4: sex: invalid value 'M'; allowed: female, male (or blank); "
        "did you mean 'male'? recode it in mapping.toml"
    ]


def test_a_blank_vital_status_is_refused_naming_its_rows(write_folder: WriteFolder) -> None:
    # Survival and "died before a visit" counts need to know whether a patient is alive.
    folder = write_folder(
        patients=(
            "patient_id,index_date,last_contact_date,vital_status,death_date\n"
            "P01,2021-03-02,2022-01-15,,\n"
            "P02,2021-04-12,2021-09-30,dead,2021-09-30\n"
            "P03,2021-05-12,2021-12-01,,\n"
        )
    )
    assert problems_of(folder) == [
        "patients.csv: row 2: vital_status: missing; required: alive, dead",
        "patients.csv: row 4: vital_status: missing; required: alive, dead",
    ]


def test_a_patients_table_without_vital_status_is_refused(write_folder: WriteFolder) -> None:
    folder = write_folder(patients="patient_id,index_date\nP01,2021-03-02\n")
    assert problems_of(folder) == [
        "patients.csv: vital_status: missing; required: a column named 'vital_status' in patients"
    ]


def test_lesion_fields_that_contradict_each_other_are_refused(write_folder: WriteFolder) -> None:
    # domain/decision.md §1.2, the same checks as a decision case; blanks are not compared.
    header = (
        "patient_id,level,lesion_type,collapse_percent,pedicle_involvement,sins_location,"
        "sins_bone_lesion,sins_vertebral_body_collapse,sins_posterolateral_involvement\n"
    )
    rows = (
        "P01,T12,lytic,60,bilateral,junctional,lytic,gt_50,bilateral\n"  # consistent
        "P01,L1,mixed,,,,blastic,,\n"  # bone lesion disagrees
        "P01,L2,,70,,,,lt_50,\n"  # > 50 needs gt_50
        "P01,L3,,30,,,,gt_50,\n"  # 0 < x < 50 needs lt_50
        "P02,T5,,0,,,,lt_50,\n"  # 0 with lt_50
        "P02,T6,,,bilateral,,,,none\n"  # bilateral pedicle, no posterolateral involvement
        "P02,T7,,,,junctional,,,\n"  # T7 is semi_rigid (T3-T10)
        "P02,T8,,,,,lytic,none,unilateral\n"  # partner fields blank: nothing to compare
    )
    folder = write_folder(lesions=header + rows)
    assert problems_of(folder) == [
        "lesions.csv: row 3: sins_bone_lesion: invalid value 'blastic'; allowed: 'mixed' "
        "(equal to lesion_type)",
        "lesions.csv: row 4: sins_vertebral_body_collapse: invalid value 'lt_50'; allowed: "
        "'gt_50' (collapse_percent > 50); collapse_percent is 70",
        "lesions.csv: row 5: sins_vertebral_body_collapse: invalid value 'gt_50'; allowed: "
        "'lt_50' (0 < collapse_percent < 50); collapse_percent is 30",
        "lesions.csv: row 6: sins_vertebral_body_collapse: invalid value 'lt_50'; allowed: "
        "'no_collapse_gt_50_involved' or 'none' (collapse_percent = 0); collapse_percent is 0",
        "lesions.csv: row 7: sins_posterolateral_involvement: invalid value 'none'; allowed: "
        "'unilateral' or 'bilateral' (pedicle_involvement is 'bilateral')",
        "lesions.csv: row 8: sins_location: invalid value 'junctional'; allowed: 'semi_rigid' "
        "(derived from level T7) or omitted",
    ]
