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
