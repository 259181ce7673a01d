"""Small cohort folders written from text, so each test shows the exact cells it is about."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from spinemet._examples import examples_dir

PATIENTS = """\
patient_id,sex,age,primary_tumor,index_date,last_contact_date,vital_status,death_date
P01,female,58,breast,2021-03-02,2022-01-15,alive,
P02,male,66,lung_nsclc,2021-04-12,2021-09-30,dead,2021-09-30
"""

ASSESSMENTS = """\
patient_id,visit,date,instrument,total
P01,preop,2021-03-01,vas,7.8
P01,d7,2021-03-09,vas,3.2
P02,preop,2021-04-10,vas,8.5
"""

WriteFolder = Callable[..., Path]


@pytest.fixture
def write_folder(tmp_path: Path) -> WriteFolder:
    """Write tables (name -> CSV text) into a fresh folder; patients default to PATIENTS."""

    def write(**tables: str) -> Path:
        folder = tmp_path / "cohort"
        folder.mkdir(exist_ok=True)
        tables.setdefault("patients", PATIENTS)
        for name, text in tables.items():
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
        return folder

    return write


@pytest.fixture
def example_folder(tmp_path: Path) -> Path:
    """A copy of the shipped examples/cohort folder."""
    target = tmp_path / "example"
    shutil.copytree(examples_dir() / "cohort", target)
    return target
