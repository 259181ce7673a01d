"""SPSS and Stata: variable and value labels from the specs; read back to the same cohort."""

from __future__ import annotations

import pyreadstat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinemet.cohort import synthetic_cohort
from spinemet.instruments import get_spec
from spinemet.interop.statfiles import read_statfiles, write_statfiles
from tests.interop.conftest import assert_same_cohort
from tests.interop.test_redcap import _awkward

_READ = {"spss": (pyreadstat.read_sav, ".sav"), "stata": (pyreadstat.read_dta, ".dta")}


@pytest.mark.parametrize("format", ["spss", "stata"])
def test_round_trip_gives_back_the_cohort(tmp_path, cohort, format):
    out = write_statfiles(cohort, tmp_path / "out", format=format)
    assert_same_cohort(cohort, read_statfiles(out, format=format), value_items=False)


@pytest.mark.parametrize("format", ["spss", "stata"])
def test_awkward_cohort_round_trips(tmp_path, format):
    cohort = _awkward()
    out = write_statfiles(cohort, tmp_path / "out", format=format)
    assert_same_cohort(cohort, read_statfiles(out, format=format), value_items=False)


@pytest.mark.parametrize("format", ["spss", "stata"])
def test_labels_come_from_the_instrument_specs(tmp_path, cohort, format):
    read, suffix = _READ[format]
    out = write_statfiles(cohort, tmp_path / "out", format=format)
    frame, meta = read(str(out / f"assessments{suffix}"))
    spec = get_spec("barthel")
    for item in spec.items:
        assert meta.column_names_to_labels[item.name] == item.label
        expected = {float(c.code): c.label for c in item.choices}
        assert meta.variable_value_labels[item.name] == expected
    barthel = cohort.assessments[cohort.assessments["instrument"] == "barthel"]
    assert (
        frame.loc[frame["instrument"] == "barthel", "feeding"].tolist()
        == barthel["feeding"].astype(float).tolist()
    )
    _lesions, meta = read(str(out / f"lesions{suffix}"))
    pain = get_spec("sins").item("pain")
    assert meta.variable_value_labels["sins_pain"] == {
        float(rank): f"{c.code}: {c.label}" for rank, c in enumerate(pain.choices, start=1)
    }
    wide, meta = read(str(out / f"wide{suffix}"))
    assert len(wide) == cohort.n_patients
    assert (
        meta.column_names_to_labels["vas_m3"] == "Visual analogue scale for pain (0-10), visit m3"
    )


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), n=st.integers(1, 8), format=st.sampled_from(["spss", "stata"]))
def test_round_trip_on_generated_cohorts(tmp_path_factory, seed, n, format):
    cohort = synthetic_cohort(n, seed=seed)
    out = write_statfiles(cohort, tmp_path_factory.mktemp("stat") / "out", format=format)
    assert_same_cohort(cohort, read_statfiles(out, format=format), value_items=False)
