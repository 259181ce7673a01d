"""Shared fixtures of the analysis tests: the public reference data sets (tests/analysis/data)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"

ROUNDING_VISITS = ["Round Out", "Narrow Angle", "Wide Angle"]


@pytest.fixture(scope="session")
def waltons() -> pd.DataFrame:
    """lifelines.datasets.load_waltons(), exported to CSV (163 rows: T, E, group)."""
    return pd.read_csv(DATA / "waltons.csv")


@pytest.fixture(scope="session")
def rossi() -> pd.DataFrame:
    """lifelines.datasets.load_rossi() (Rossi et al. 1980 recidivism data), exported to CSV."""
    return pd.read_csv(DATA / "rossi.csv")


@pytest.fixture(scope="session")
def rounding_wide() -> pd.DataFrame:
    """RoundingTimes of R's ?friedman.test (Hollander & Wolfe 1973, p. 140), 22 x 3."""
    return pd.read_csv(DATA / "rounding_times_wide.csv")


@pytest.fixture(scope="session")
def rounding_long() -> pd.DataFrame:
    """RoundingTimes in the long form of an outcome frame: patient_id, visit, total."""
    long = pd.read_csv(DATA / "rounding_times_long.csv")
    return long.rename(columns={"subject": "patient_id", "cond": "visit", "value": "total"})


@pytest.fixture(scope="session")
def reacttime() -> pd.DataFrame:
    """reacttime of R's ?SSD / ?mauchly.test (Maxwell & Delaney p. 497), 10 x 6."""
    return pd.read_csv(DATA / "reacttime_wide.csv").drop(columns="subject")


TINY_PATIENTS = """\
patient_id,sex,age,primary_tumor,index_date,last_contact_date,vital_status,death_date
P1,female,61,breast,2021-01-10,2021-03-01,dead,2021-03-01
P2,male,70,lung_nsclc,2021-02-01,2021-06-01,dead,2021-06-01
P3,male,55,prostate,2021-03-01,2022-05-01,alive,
"""

TINY_ASSESSMENTS = """\
patient_id,visit,date,instrument,total
P1,preop,2021-01-09,vas,8
P1,d7,2021-01-17,vas,3
P2,preop,2021-01-31,vas,7
P2,d7,2021-02-08,vas,4
P2,m3,2021-05-03,vas,3
P3,preop,2021-02-28,vas,9
P3,d7,2021-03-08,vas,2
P3,m3,2021-05-31,vas,2
P3,m6,2021-08-30,vas,1
"""


@pytest.fixture
def tiny_cohort_folder(tmp_path: Path) -> Path:
    """Three patients by hand: P1 dies on day 50 (before m3), P2 on day 120 (before m6),
    P3 is alive at day 426; each is assessed at every visit while alive."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "patients.csv").write_text(TINY_PATIENTS, encoding="utf-8")
    (folder / "assessments.csv").write_text(TINY_ASSESSMENTS, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def synthetic_analysis():
    """The analysis of the synthetic 40-patient cohort (seed 5), by sex, Cox on age and kps."""
    from spinemet.analysis.pipeline import analyze_cohort
    from spinemet.cohort import synthetic_cohort

    cohort = synthetic_cohort(n=40, seed=5)
    return cohort, analyze_cohort(cohort, by="sex", covariates=["age", "kps"])


@pytest.fixture(scope="session")
def veteran() -> pd.DataFrame:
    """R survival's veteran (VA lung cancer trial), exported with write.csv(veteran)."""
    return pd.read_csv(DATA / "veteran.csv")


@pytest.fixture(scope="session")
def plateau() -> pd.DataFrame:
    """14 patients by hand: arm A's Kaplan-Meier curve is exactly 0.5 from day 5 to day 8."""
    return pd.read_csv(DATA / "plateau.csv")
