"""Issue 12: a hospital's own sheet goes from ``spinemet map`` to a complete report in two
commands, every column accounted for, and nothing is silently misread on the way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spinemet.cohort import read_cohort
from spinemet.cohort._propose import propose_mapping
from spinemet.errors import CohortError
from tests.cohort.hospital_sheets import N_PATIENTS, chinese_workbook, european_csv

SHEETS = {"chinese.xlsx": chinese_workbook, "european.csv": european_csv}


@pytest.fixture(params=list(SHEETS))
def sheet(request, tmp_path: Path) -> Path:
    return SHEETS[request.param](tmp_path / request.param)


def _headers(path: Path) -> list[str]:
    proposal = propose_mapping(path)
    return [header for header, *_ in proposal.columns]


def test_map_then_analyze_makes_a_complete_report_in_two_commands(spinemet_cli, sheet, tmp_path):
    mapping = tmp_path / "mapping.toml"
    done = spinemet_cli("map", str(sheet), "--out", str(mapping))
    assert done.returncode == 0, done.stderr
    out = tmp_path / "report"
    done = spinemet_cli("analyze", str(sheet), "--mapping", str(mapping), "--out", str(out))
    assert done.returncode == 0, done.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["n_patients"] == N_PATIENTS
    assert set(results["outcomes"]) == {"vas", "barthel"}
    # every column of the sheet is accounted for, each under its own header
    columns = results["provenance"]["cohort"]["columns"]
    assert sorted(use["column"] for use in columns) == sorted(_headers(sheet))
    assert "columns read:" in done.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Columns read" in html


def test_the_chinese_sheet_is_read_as_meant(tmp_path):
    path = chinese_workbook(tmp_path / "chinese.xlsx")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(propose_mapping(path).toml(), encoding="utf-8")
    cohort = read_cohort(path, mapping=mapping)
    patients = cohort.patients
    assert set(patients["sex"]) == {"male", "female"}
    assert patients["age"].notna().all()  # "47岁" read as 47
    assert set(patients["primary_tumor"]) == {
        "breast", "kidney", "lung_nsclc", "prostate", "liver", "thyroid",
    }  # fmt: skip
    assert patients["index_date"].notna().all()  # one typed "2017.03.15" as text
    uses = {use.column: use.use for use in cohort.provenance.columns}
    assert uses["姓名缩写"] == "ignored"  # initials: proposed as ignore
    assert uses["备注"] == "unknown"  # a free-text note: kept, not in Table 1
    assert uses["VAS术后6个月"] == "outcome"
    assert cohort.provenance.no_follow_up == ("ZY2017259",)
    # complications from the free-text column, graded; the procedure from its columns
    assert set(cohort.complications["type"]) == {"infection", "cement_leakage", "pneumonia"}
    assert set(cohort.complications["grade"].dropna()) == {"I", "II"}
    assert len(cohort.procedures) == N_PATIENTS
    assert any("title" in note for note in cohort.provenance.notes)
    assert any("skipped" in note for note in cohort.provenance.notes)  # the note row


def test_the_european_sheet_is_read_as_meant(tmp_path):
    path = european_csv(tmp_path / "european.csv")
    proposal = propose_mapping(path)
    assert (proposal.separator, proposal.decimal, proposal.vas_unit) == (";", ",", "mm")
    assert proposal.date_formats == ["DD/MM/YYYY"]
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(proposal.toml(), encoding="utf-8")
    cohort = read_cohort(path, mapping=mapping)
    vas = cohort.outcome_frame("vas")["total"]
    assert vas.max() <= 10  # mm divided by 10
    assert cohort.procedures["cement_ml"].notna().all()  # "4,5" read as 4.5
    assert (cohort.procedures["cement_ml"] % 1 != 0).any()


@pytest.mark.parametrize("name", list(SHEETS))
def test_without_a_mapping_the_sheet_is_refused_not_misread(spinemet_cli, tmp_path, name):
    path = SHEETS[name](tmp_path / name)
    done = spinemet_cli("analyze", str(path), "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stdout
    assert not (tmp_path / "out").exists()


def test_ambiguous_dates_are_left_to_the_user_and_refused(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "patient_id,index_date,vital_status,vas_preop\n"
        "P1,03/04/2021,alive,7\nP2,05/06/2021,alive,6\n",
        encoding="utf-8",
    )
    proposal = propose_mapping(path)
    assert proposal.date_formats == []
    assert any("read both as DD/MM/YYYY and MM/DD/YYYY" in c for c in proposal.date_comments)
    (tmp_path / "mapping.toml").write_text(proposal.toml(), encoding="utf-8")
    with pytest.raises(CohortError, match="index_date: invalid value '03/04/2021'"):
        read_cohort(path)  # mapping.toml beside the sheet is read


def test_an_unrecognised_value_is_left_as_todo_and_refused(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "住院号,手术日期,生存状态,原发肿瘤\nA1,2021-01-04,存活,肺癌\n", encoding="utf-8"
    )
    text = propose_mapping(path).toml()
    assert '# "肺癌" = ""  # TODO' in text  # NSCLC or SCLC: not guessed
    mapping = tmp_path / "m.toml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(CohortError, match="primary_tumor: invalid value '肺癌'"):
        read_cohort(path, mapping=mapping)
