"""Assessments of instruments with coded items (SINS, Frankel, Clavien-Dindo) are read."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.cohort import Cohort
from spinemet.errors import CohortError

_PATIENTS = pd.DataFrame(
    {
        "patient_id": ["P1"],
        "index_date": ["2024-01-01"],
        "vital_status": ["alive"],
        "last_contact_date": ["2024-06-01"],
    }
)


def test_sins_items_in_assessments_are_scored():
    assessments = pd.DataFrame(
        {
            "patient_id": ["P1"],
            "visit": ["preop"],
            "instrument": ["sins"],
            "location": ["junctional"],
            "pain": ["mechanical"],
            "bone_lesion": ["lytic"],
            "radiographic_alignment": ["normal"],
            "vertebral_body_collapse": ["lt_50"],
            "posterolateral_involvement": ["none"],
        }
    )
    cohort = Cohort.from_tables(_PATIENTS, assessments=assessments)
    # Fisher 2010 points: junctional 3, mechanical 3, lytic 2, normal 0, <50% collapse 2, none 0.
    assert cohort.assessments["total"].tolist() == [10.0]
    assert cohort.assessments["category"].tolist() == ["indeterminate"]


def test_a_frankel_and_a_clavien_grade_share_the_grade_column():
    assessments = pd.DataFrame(
        {
            "patient_id": ["P1", "P1"],
            "visit": ["preop", "d7"],
            "instrument": ["frankel", "clavien_dindo"],
            "grade": ["D", "IIIa"],
        }
    )
    cohort = Cohort.from_tables(_PATIENTS, assessments=assessments)
    assert cohort.assessments["grade"].tolist() == ["D", "IIIa"]


def test_a_code_of_another_instrument_is_refused_with_the_instruments_codes():
    assessments = pd.DataFrame(
        {"patient_id": ["P1"], "visit": ["preop"], "instrument": ["frankel"], "grade": ["IIIa"]}
    )
    with pytest.raises(CohortError, match=r"grade \(frankel item\).*'IIIa'.*A, B, C, D, E"):
        Cohort.from_tables(_PATIENTS, assessments=assessments)
