"""Every spreadsheet spinemet writes holds text as text (OWASP formula injection).

One test per writer: ``spinemet score --out`` (.xlsx and .csv), the cohort writers (workbook,
folder of CSVs, wide sheet as .xlsx and .csv), the report's table workbook.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from spinemet._spreadsheet import neutralise_csv, restore_csv_text
from spinemet.cohort import read_cohort, synthetic_cohort, write_cohort

ATTACK = '=HYPERLINK("http://example.invalid/x","click")'


def _cells(path: Path) -> list[openpyxl.cell.cell.Cell]:
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _no_formula(path: Path) -> list[str]:
    """The values of the workbook's cells that start with '=' (each must be text)."""
    found = []
    for cell in _cells(path):
        assert cell.data_type != "f", f"{cell.coordinate} holds a formula: {cell.value!r}"
        if isinstance(cell.value, str) and cell.value.startswith("="):
            found.append(cell.value)
    return found


def _barthel_csv(tmp_path: Path) -> Path:
    items = {
        "feeding": 10, "bathing": 5, "grooming": 5, "dressing": 10, "bowels": 10,
        "bladder": 10, "toilet_use": 10, "transfers": 15, "mobility": 15, "stairs": 10,
    }  # fmt: skip
    frame = pd.DataFrame([{"note": ATTACK, **items}, {"note": "-1+2", **items}])
    path = tmp_path / "in.csv"
    frame.to_csv(path, index=False)
    return path


def test_score_xlsx_writes_an_input_formula_as_text(spinemet_cli, tmp_path):
    out = tmp_path / "out.xlsx"
    done = spinemet_cli("score", "barthel", "--csv", str(_barthel_csv(tmp_path)), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert _no_formula(out) == [ATTACK]


def test_score_csv_neutralises_leading_formula_characters(spinemet_cli, tmp_path):
    out = tmp_path / "out.csv"
    done = spinemet_cli("score", "barthel", "--csv", str(_barthel_csv(tmp_path)), "--out", str(out))
    assert done.returncode == 0, done.stderr
    notes = pd.read_csv(out, dtype=str)["note"].tolist()
    assert notes == ["'" + ATTACK, "'-1+2"]
    assert pd.read_csv(out)["total"].tolist() == [100, 100]  # numbers stay numbers


def _cohort_with_attack() -> object:
    cohort = synthetic_cohort(4, seed=1)
    patients = cohort.patients.copy()
    patients["site"] = [ATTACK, "+cmd", "@SUM(A1)", "ward 3"]
    from spinemet.cohort import Cohort

    return Cohort.from_tables(
        patients.drop(columns=["synthetic"], errors="ignore"),
        assessments=cohort.assessments[["patient_id", "visit", "date", "instrument", "total"]],
        synthetic=True,
    )


def test_cohort_workbook_writes_text_as_text_and_reads_it_back(tmp_path):
    cohort = _cohort_with_attack()
    path = write_cohort(cohort, tmp_path / "c.xlsx")  # type: ignore[arg-type]
    assert _no_formula(path) == [ATTACK]
    assert read_cohort(path).patients["site"].tolist()[:3] == [ATTACK, "+cmd", "@SUM(A1)"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_wide_sheet_writer_writes_text_as_text(tmp_path, suffix):
    cohort = _cohort_with_attack()
    path = write_cohort(cohort, tmp_path / f"wide{suffix}", format="wide")  # type: ignore[arg-type]
    if suffix == ".xlsx":
        assert _no_formula(path) == [ATTACK]
    else:
        sites = pd.read_csv(path, dtype=str)["site"].tolist()
        assert sites == ["'" + ATTACK, "'+cmd", "'@SUM(A1)", "ward 3"]
    # spinemet reads its own neutralised text back as it was
    assert read_cohort(path).patients["site"].tolist()[:3] == [ATTACK, "+cmd", "@SUM(A1)"]


def test_cohort_csv_folder_neutralises_text_cells(tmp_path):
    folder = write_cohort(_cohort_with_attack(), tmp_path / "folder", format="csv")  # type: ignore[arg-type]
    text = (folder / "patients.csv").read_text(encoding="utf-8")
    assert not any(piece in text for piece in ("\n=", ",=", ',"='))
    assert read_cohort(folder).patients["site"].tolist()[0] == ATTACK


def test_neutralise_leaves_numbers_and_plain_text_alone():
    frame = pd.DataFrame({"text": ["a", "=1", "\t=2"], "number": [-1.5, 2.0, 3.0]})
    out = neutralise_csv(frame)
    assert out["text"].tolist() == ["a", "'=1", "'\t=2"]
    assert out["number"].tolist() == [-1.5, 2.0, 3.0]
    assert [restore_csv_text(v) for v in out["text"]] == ["a", "=1", "\t=2"]
    assert restore_csv_text("'quoted") == "'quoted"  # a quote before plain text is data
