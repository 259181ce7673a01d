"""``spinemet analyze`` through the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _spinemet() -> str:
    found = Path(sys.executable).with_name("spinemet")
    if found.exists():
        return str(found)
    which = shutil.which("spinemet")
    if which is None:
        pytest.skip("the spinemet console script is not installed")
    return which


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_spinemet(), *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_analyze_writes_results_report_pdf_and_figures(tiny_cohort_folder, tmp_path):
    out = tmp_path / "out"
    result = _run("analyze", str(tiny_cohort_folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in out.iterdir()} == {
        "results.json",
        "report.html",
        "report.pdf",
        "figures",
    }
    assert json.loads((out / "results.json").read_text())["n_patients"] == 3
    assert "reading and validating" in result.stderr  # progress lines
    assert not list(tmp_path.glob(".out.*"))  # the staging folder is gone


def test_bad_cohort_exits_2_lists_every_problem_and_writes_nothing(tiny_cohort_folder, tmp_path):
    patients = tiny_cohort_folder / "patients.csv"
    text = patients.read_text().replace("P2,male,70", "P2,robot,70")
    patients.write_text(text.replace("2021-03-01,dead,2021-03-01", "2021-03-01,dead,2020-01-01"))
    assessments = tiny_cohort_folder / "assessments.csv"
    assessments.write_text(assessments.read_text() + "P9,preop,2021-01-01,vas,5\n")
    out = tmp_path / "out"
    result = _run("analyze", str(tiny_cohort_folder), "--out", str(out))
    assert result.returncode == 2
    assert "robot" in result.stderr
    assert "P9" in result.stderr
    assert "death_date" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tiny_cohort_folder]


def test_bad_input_leaves_an_existing_output_folder_untouched(tiny_cohort_folder, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text("earlier run")
    (tiny_cohort_folder / "patients.csv").write_text("patient_id\n")
    result = _run("analyze", str(tiny_cohort_folder), "--out", str(out), "--by", "sex")
    assert result.returncode == 2
    assert [p.name for p in out.iterdir()] == ["results.json"]
    assert (out / "results.json").read_text() == "earlier run"


def test_an_unknown_covariate_exits_2_naming_it(tiny_cohort_folder, tmp_path):
    out = tmp_path / "out"
    result = _run("analyze", str(tiny_cohort_folder), "--out", str(out), "--covariates", "age,bmi")
    assert result.returncode == 2
    assert "--covariates: invalid value 'bmi'" in result.stderr
    assert not out.exists()
